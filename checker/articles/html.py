"""HTML articles (``*.html``, ``*.htm``): the visible text, mapped to the file.

``origin`` is the decoded file; ``text`` is what a reader sees: the content of
``script``, ``style``, ``nav``, ``header``, ``footer``, ``aside``,
``noscript``, ``template``, ``head``, ``form`` (and ``svg``, ``iframe``,
``select``, ``button``, elements with a ``hidden`` attribute) is dropped,
entities are decoded, whitespace is collapsed as a browser does (kept inside
``pre``), and block elements (``p``, ``h1``–``h6``, ``li``, ``div``, ``br``,
``blockquote``, ``figcaption``, ``tr``, ``article``, ``section``…) are
separated by newlines, so each block is one line.  Table cells are separated
by a space.

``offsets[i]`` is the index in ``origin`` of the character ``text[i]`` came
from (the ``&`` of an entity; the tag that caused a line break for the
newline), and ``offsets[len(text)]`` is the end of the last character's
source.  Title: ``<title>``, else the first ``<h1>``; date and url from
``<meta property="article:published_time">`` / ``<meta name="date">`` and
``<link rel="canonical">`` / ``<meta property="og:url">`` when present.
Metadata from ``sources.yaml`` wins over the page's own.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from checker.files import read_utf8
from checker.limits import MAX_ARTICLE_BYTES
from checker.articles.metadata import Meta, make_article
from checker.errors import CheckError
from checker.models import Article

DROPPED = frozenset(
    "script style nav header footer aside noscript template head form "
    "svg math iframe object select button datalist dialog".split()
)
BLOCKS = frozenset(
    "address article aside blockquote body br caption center dd details dialog "
    "div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header "
    "hgroup hr html legend li main menu nav ol p pre section summary table "
    "tbody thead tfoot tr ul".split()
)
CELLS = frozenset({"td", "th"})
VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_WS = " \t\n\r\f"
_MARKUP_START = re.compile(r"<[A-Za-z/!?]")
_REF = re.compile(r"&[A-Za-z#][A-Za-z0-9]*")


@dataclass(frozen=True, slots=True)
class HtmlText:
    text: str
    offsets: tuple[int, ...]
    title: str | None = None
    date: str | None = None
    url: str | None = None


class _Extractor(HTMLParser):
    def __init__(self, origin: str) -> None:
        super().__init__(convert_charrefs=False)
        self.origin = origin
        self.line_starts = [0]
        for i, ch in enumerate(origin):
            if ch == "\n":
                self.line_starts.append(i + 1)
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.end = 0  # end in origin of the last character kept
        self.dropped: list[str] = []  # open dropped elements
        self.pre = 0
        self.pending_space: int | None = None
        self.pending_break: int | None = None
        # metadata
        self.title_parts: list[str] | None = None
        self.title: str | None = None
        self.h1_parts: list[str] | None = None
        self.h1: str | None = None
        self.date: str | None = None
        self.url: str | None = None

    def parse_html_declaration(self, i: int) -> int:
        # Python before 3.13 raises AssertionError on "<![" not followed by a
        # name ("<![&"): one such page lost every result of a run.  A
        # browser reads it as a bogus comment up to the next '>'.
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            return self.parse_bogus_comment(i)

    # -- positions ---------------------------------------------------------

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    # -- output ------------------------------------------------------------

    def _at_line_start(self) -> bool:
        return not self.chars or self.chars[-1] == "\n"

    def _put(self, ch: str, start: int, end: int) -> None:
        if self.pending_break is not None:
            if not self._at_line_start():
                self.chars.append("\n")
                self.starts.append(self.pending_break)
            self.pending_break = None
            self.pending_space = None
        if self.pending_space is not None:
            if not self._at_line_start():
                self.chars.append(" ")
                self.starts.append(self.pending_space)
            self.pending_space = None
        self.chars.append(ch)
        self.starts.append(start)
        self.end = end

    def _text(self, data: str, start: int, raw_len: int | None = None) -> None:
        """Visible characters ``data`` from ``origin[start:]``.

        ``raw_len`` set: ``data`` is one decoded entity spanning ``raw_len``
        characters of the file (all its characters map to its ``&``).
        """
        if self.title_parts is not None:
            self.title_parts.append(data)
        if self.h1_parts is not None:
            self.h1_parts.append(data)
        if self.dropped:
            return
        for i, ch in enumerate(data):
            pos = start if raw_len is not None else start + i
            end = start + raw_len if raw_len is not None else pos + 1
            if self.pre:
                if ch == "\n":
                    self.pending_space = None
                    self.pending_break = None
                    self.chars.append("\n")
                    self.starts.append(pos)
                    self.end = end
                elif ch != "\r":
                    self._put(ch, pos, end)
            elif ch in _WS and raw_len is None:
                if self.pending_space is None and self.pending_break is None:
                    self.pending_space = pos
            else:
                self._put(ch, pos, end)

    def _break(self) -> None:
        if self.dropped:
            return
        if self.pending_break is None:
            self.pending_break = self._offset()
        self.pending_space = None

    def _space(self) -> None:
        if not self.dropped and self.pending_space is None and self.pending_break is None:
            self.pending_space = self._offset()

    # -- parser events -----------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._meta(tag, dict(attrs))
        if tag == "title" and self.title is None:
            self.title_parts = []
        if tag == "h1" and self.h1 is None and self.h1_parts is None:
            self.h1_parts = []
        if tag in VOID:
            if tag == "br" or tag == "hr":
                self._break()
            return
        if tag in BLOCKS:
            self._break()
        elif tag in CELLS:
            self._space()
        if tag in DROPPED or any(name == "hidden" for name, _ in attrs):
            self.dropped.append(tag)
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._meta(tag, dict(attrs))
        if tag in BLOCKS or tag in ("br", "hr"):
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title_parts is not None:
            self.title = _collapse("".join(self.title_parts))
            self.title_parts = None
        if tag == "h1" and self.h1_parts is not None:
            self.h1 = _collapse("".join(self.h1_parts))
            self.h1_parts = None
        if tag in self.dropped:
            while self.dropped and self.dropped.pop() != tag:
                pass
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in BLOCKS or tag == "br":
            self._break()
        elif tag in CELLS:
            self._space()

    def handle_data(self, data: str) -> None:
        if self.cdata_elem is not None and not self.dropped:
            # script/style content that is not inside a dropped element
            # cannot happen (both are dropped); be safe anyway.
            return
        self._text(data, self._offset())

    def handle_entityref(self, name: str) -> None:
        self._entity("&" + name)

    def handle_charref(self, name: str) -> None:
        self._entity("&#" + name)

    def _entity(self, raw: str, start: int | None = None) -> None:
        start = self._offset() if start is None else start
        if self.origin.startswith(";", start + len(raw)):
            raw += ";"
        decoded = html.unescape(raw)
        if decoded == raw:  # unknown entity: the characters as written
            self._text(raw, start)
        else:
            self._text(decoded, start, raw_len=len(raw))

    def unknown_decl(self, data: str) -> None:
        # <![CDATA[...]]> outside foreign content: browsers show nothing.
        pass

    def _meta(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower()
            content = attrs.get("content")
            if not content:
                return
            if key in ("article:published_time", "date", "dc.date", "pubdate") and self.date is None:
                self.date = content.strip()
            elif key == "og:url" and self.url is None:
                self.url = content.strip()
        elif tag == "link" and (attrs.get("rel") or "").lower() == "canonical" and attrs.get("href"):
            self.url = (attrs.get("href") or "").strip()


def _collapse(text: str) -> str | None:
    text = " ".join(text.split())
    return text or None


def _trailing_refs(origin: str, end: int) -> int:
    """Start of the entity-like words (``&T``, ``&#1``) that end ``origin[:end]``."""
    start = end
    while True:
        amp = origin.rfind("&", 0, start)
        if amp < 0 or not _REF.fullmatch(origin, amp, start):
            return start
        start = amp


def _unterminated(origin: str) -> int:
    """Where markup starts that never ends (``len(origin)`` if none).

    A tag, declaration or processing instruction with no '>' after it, or a
    comment with no '-->' after it, runs to the end of the file: a browser
    shows nothing from there.  HTMLParser would show it as text, and scan
    the rest of the page again at every '<' in it: 20 KB of '<a ' took 84 s.
    """
    cut = len(origin)
    last_gt = origin.rfind(">")
    m = _MARKUP_START.search(origin, last_gt + 1)
    if m:
        cut = m.start()
    last_close = origin.rfind("-->")
    start = origin.find("<!--", last_close + 3 if last_close >= 0 else 0, cut)
    return start if start >= 0 else cut


def extract(origin: str) -> HtmlText:
    """The visible text of the HTML ``origin`` with its offsets and metadata."""
    parser = _Extractor(origin)
    end = _unterminated(origin)
    # HTMLParser.close() drops the '&' of a page that ends in "AT&T" or
    # "Q&A": such last words are decoded here, as words inside the text are.
    refs = _trailing_refs(origin, end)
    parser.feed(origin[:refs])
    parser.close()
    for m in _REF.finditer(origin, refs, end):
        parser._entity(m.group(), m.start())
    text = "".join(parser.chars)
    offsets = tuple(parser.starts) + (parser.end if parser.chars else 0,)
    return HtmlText(
        text=text,
        offsets=offsets,
        title=parser.title or parser.h1,
        date=parser.date,
        url=parser.url,
    )


def html_article(path: str, origin: str, meta: Meta) -> Article:
    """The article of the decoded HTML ``origin`` (``path`` names it)."""
    page = extract(origin)
    own: Meta = {k: v for k, v in (("title", page.title), ("date", page.date), ("url", page.url)) if v}
    return make_article(path, "html", page.text, origin, page.offsets, own, meta)


def read_html(path: str, meta: Meta, errors: list[CheckError]) -> list[tuple[Article, int | None]]:
    return [(html_article(path, read_utf8(path, "article", MAX_ARTICLE_BYTES), meta), None)]
