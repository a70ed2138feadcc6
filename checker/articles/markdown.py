"""Markdown articles (``*.md``): front matter, then Markdown.

The article's ``text`` has exactly the length of the file (its ``origin``):
front matter and markup characters are replaced by spaces, newlines are kept,
so every offset in ``text`` is an offset in the file and ``offsets`` is
``None``.  ``**Maher al-Assad**`` reads as ``  Maher al-Assad  ``.

Blanked: YAML front matter; ATX heading hashes and setext underlines;
thematic breaks; blockquote ``>``; list bullets and numbers (and task boxes);
fenced-code fences (their content is kept as is); emphasis ``*`` ``_``
``**`` ``__`` ``~~`` delimiters (by the CommonMark flanking rules, without
pairing); inline-code backticks; link brackets and ``(url "title")`` or
``[ref]``; whole images ``![alt](src)`` (like the ``<img>`` of an HTML page,
not part of the visible text); reference and footnote markers; reference
definition lines; inline HTML tags and HTML comments; table pipes and
separator rows; backslashes of escapes.  Not decoded: HTML entities (the
text must keep the file's length).
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from checker.files import read_utf8
from checker.limits import MAX_ARTICLE_BYTES, MAX_FRONT_MATTER_BYTES
from checker.articles.metadata import Meta, make_article
from checker.articles.yamlmeta import meta_from_node, parse_metadata_yaml
from checker.errors import CheckError
from checker.models import Article
from checker.rules.yamlpos import Source

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_THEMATIC = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_REFDEF = re.compile(r"^ {0,3}\[([^\]\^][^\]]*)\]:[ \t]*\S")
_FOOTDEF = re.compile(r"^ {0,3}\[\^[^\]]+\]:")
# Whitespace runs are possessive (``*+``): two runs side by side (``[ \t]*\|?[ \t]*``)
# made a line of 20,000 spaces take 6 s.
_TABLE_SEP = re.compile(r"^[ \t]*+\|?[ \t]*+:?-+:?[ \t]*+(?:\|[ \t]*+:?-+:?[ \t]*+)+\|?[ \t]*+$|^[ \t]*+\|[ \t]*+:?-+:?[ \t]*+\|[ \t]*+$")
_ORDERED = re.compile(r"\d{1,9}[.)]")
_HEADING = re.compile(r"#{1,6}(?=[ \t]|$)")
_TASK = re.compile(r"\[[ xX]\](?=[ \t])")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*+)?/?>")  # possessive: was quadratic on blanks
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _is_punct(ch: str) -> bool:
    return ch in _PUNCT or (ch != "" and unicodedata.category(ch).startswith(("P", "S")))


def _normalize_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def front_matter(text: str) -> tuple[int, int, int] | None:
    """``(yaml_start, yaml_end, end)`` of front matter at the top, or None.

    Front matter opens with a ``---`` line as the file's first line and closes
    with a ``---`` or ``...`` line; ``end`` is the end of the closing line
    (before its newline).
    """
    first = re.match(r"---[ \t]*\r?\n", text)
    if not first:
        return None
    start = first.end()
    pos = start
    while pos <= len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        line = text[pos:line_end].rstrip("\r")
        if line.rstrip() in ("---", "..."):
            return start, pos, line_end
        if nl < 0:
            return None
        pos = nl + 1
    return None


def _next_backtick(out: list[str], j: int, limit: int) -> int:
    """Index of the next backtick in ``out[j:limit]`` (``limit`` if none)."""
    try:
        return out.index("`", j, limit)
    except ValueError:
        return limit


def _closing_hashes(text: str, start: int, end: int) -> int | None:
    """Start of a heading's closing sequence (`` ##`` and trailing blanks) in
    ``text[start:end]``, or None.  Read from the end of the line: a regex
    search (``[ \t]+#+[ \t]*$``) was quadratic on a line of blanks."""
    j = end
    while j > start and text[j - 1] in " \t":
        j -= 1
    k = j
    while k > start and text[k - 1] == "#":
        k -= 1
    if k == j or k == start or text[k - 1] not in " \t":
        return None
    while k > start and text[k - 1] in " \t":
        k -= 1
    return k


class _Blanker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = list(text)
        self.skip = [False] * len(text)
        self.pairs: dict[int, int] = {}
        # backtick run length -> sorted starts of such runs, so a code span
        # finds its closer without scanning every run after it (runs of
        # many different lengths made code spans quadratic).  Built once;
        # a run that blanking removes is skipped when found, one that it
        # cuts in two makes the index be built again.
        self._runs: dict[int, list[int]] | None = None

    def _is_tick(self, i: int) -> bool:
        return 0 <= i < len(self.out) and self.out[i] == "`" and not self.skip[i]

    def blank(self, start: int, end: int) -> None:
        out = self.out
        if self._runs is not None and start < end and (
            (self._is_tick(start - 1) and self._is_tick(start)) or (self._is_tick(end - 1) and self._is_tick(end))
        ):
            self._runs = None  # a run cut in two: its pieces are new runs
        for i in range(start, end):
            if out[i] not in "\n\r":
                out[i] = " "

    def protect(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.skip[i] = True

    # -- block level -------------------------------------------------------

    def blocks(self, body_start: int) -> set[str]:
        text = self.text
        refs: set[str] = set()
        lines: list[tuple[int, int]] = []
        pos = body_start
        while pos <= len(text):
            nl = text.find("\n", pos)
            end = len(text) if nl < 0 else nl
            if end > pos and text[end - 1] == "\r":
                end -= 1
            lines.append((pos, end))
            if nl < 0:
                break
            pos = nl + 1

        fence: str | None = None
        in_table = False
        for index, (start, end) in enumerate(lines):
            line = text[start:end]
            if all(self.skip[start:end]) and end > start:
                continue  # inside an HTML comment
            if fence is not None:
                stripped = line.strip()
                if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                    self.blank(start, end)
                    fence = None
                self.protect(start, end)
                continue
            m = _FENCE.match(line)
            if m:
                fence = m.group(1)
                self.blank(start, end)
                self.protect(start, end)
                continue
            if not line.strip():
                in_table = False
                continue
            if _THEMATIC.match(line) or _SETEXT.match(line):
                self.blank(start, end)
                continue
            if _TABLE_SEP.match(line) and "|" in line:
                self.blank(start, end)
                if index > 0 and not in_table:
                    prev_start, prev_end = lines[index - 1]
                    self._pipes(prev_start, prev_end)
                in_table = True
                continue
            m = _REFDEF.match(line)
            if m:
                refs.add(_normalize_label(m.group(1)))
                self.blank(start, end)
                continue
            m = _FOOTDEF.match(line)
            if m:
                self.blank(start, start + m.end())
                continue
            content = self._containers(start, end)
            m = _HEADING.match(text, content, end)
            if m:
                self.blank(m.start(), m.end())
                closing = _closing_hashes(text, m.end(), end)
                if closing is not None:
                    self.blank(closing, end)
            if in_table or text[content:end].lstrip().startswith("|"):
                self._pipes(start, end)
        return refs

    def _pipes(self, start: int, end: int) -> None:
        for i in range(start, end):
            if self.text[i] == "|" and (i == 0 or self.text[i - 1] != "\\"):
                self.out[i] = " "

    def _containers(self, start: int, end: int) -> int:
        """Blank blockquote markers, bullets, numbers; the content's start."""
        text = self.text
        i = start
        while True:
            while i < end and text[i] in " \t":
                i += 1
            if i >= end:
                return i
            ch = text[i]
            nxt = text[i + 1] if i + 1 < end else ""
            if ch == ">":
                self.out[i] = " "
                i += 1
                continue
            if ch in "-*+" and _is_space(nxt):
                self.out[i] = " "
                i += 1
                m = _TASK.match(text, i + 1 if nxt else i, end)
                if m:
                    self.blank(m.start(), m.end())
                    i = m.end()
                continue
            m = _ORDERED.match(text, i, end)
            if m and (m.end() == end or text[m.end()] in " \t"):
                self.blank(m.start(), m.end())
                i = m.end()
                continue
            return i

    # -- inline level ------------------------------------------------------

    def _char(self, i: int) -> str:
        return self.out[i] if 0 <= i < len(self.out) else ""

    def _para_end(self, i: int) -> int:
        """Index of the blank line (or end) ending the paragraph containing i."""
        out = self.out
        n = len(out)
        while i < n:
            if out[i] == "\n":
                j = i + 1
                while j < n and out[j] in " \t\r":
                    j += 1
                if j >= n or out[j] == "\n":
                    return i
            i += 1
        return n

    def _match_close(self, i: int, limit: int, open_ch: str, close_ch: str) -> int:
        """Index of the bracket closing the one at ``i`` (-1 when none)."""
        return self.pairs.get(i, -1)

    def _pair_up(self, start: int, limit: int) -> dict[int, int]:
        """Matching ``[]`` and ``()`` of one paragraph, in one pass.

        Escaped brackets and brackets inside code spans do not count; a
        protected region (comment, code block) ends every open bracket.
        """
        pairs: dict[int, int] = {}
        stacks: dict[str, list[int]] = {"[": [], "(": []}
        closers = {"]": "[", ")": "("}
        out = self.out
        j = start
        while j < limit:
            if self.skip[j]:
                stacks["["].clear()
                stacks["("].clear()
                j += 1
                continue
            ch = out[j]
            if ch == "\\":
                j += 2
                continue
            if ch == "`":
                end = self._code_span_end(j, limit)
                j = end if end > 0 else self._run(j, "`")
                continue
            if ch in stacks:
                stacks[ch].append(j)
            elif ch in closers and stacks[closers[ch]]:
                pairs[stacks[closers[ch]].pop()] = j
            j += 1
        return pairs

    def _run(self, i: int, ch: str) -> int:
        j = i
        while j < len(self.out) and self.out[j] == ch and not self.skip[j]:
            j += 1
        return j

    def _code_span_end(self, i: int, limit: int) -> int:
        """End of the code span opening at ``i`` (-1 when it never closes)."""
        run_end = self._run(i, "`")
        n = run_end - i
        if self._runs is None:
            self._runs = self._index_runs()
        starts = self._runs.get(n, ())
        for at in range(bisect.bisect_left(starts, run_end), len(starts)):
            j = starts[at]
            if j >= limit:
                break
            if not self._is_tick(j - 1) and self._run(j, "`") - j == n:
                return j + n
        return -1

    def _index_runs(self) -> dict[int, list[int]]:
        runs: dict[int, list[int]] = {}
        out = self.out
        j = 0
        n = len(out)
        while True:
            j = _next_backtick(out, j, n)
            if j >= n:
                return runs
            k = self._run(j, "`")
            if k > j:
                runs.setdefault(k - j, []).append(j)
                j = k
            else:
                j += 1

    def inline(self, refs: set[str]) -> None:
        out = self.out
        text = self.text
        n = len(out)
        i = 0
        para_end = -1
        while i < n:
            if self.skip[i]:
                i += 1
                continue
            if i >= para_end:
                para_end = self._para_end(i)
                self.pairs = self._pair_up(i, para_end)
            ch = out[i]
            if ch == "\\":
                nxt = self._char(i + 1)
                if nxt in _PUNCT or nxt in ("\n", "\r"):
                    out[i] = " "
                    i += 2 if nxt in _PUNCT else 1
                    continue
                i += 1
            elif ch == "`":
                end = self._code_span_end(i, para_end)
                run_end = self._run(i, "`")
                if end < 0:
                    i = run_end
                    continue
                self.blank(i, run_end)
                self.blank(end - (run_end - i), end)
                i = end
            elif ch == "<":
                m = _AUTOLINK.match(text, i) or None
                if m and m.end() <= para_end:
                    out[i] = " "
                    out[m.end() - 1] = " "
                    i = m.end()
                    continue
                m = _TAG.match(text, i)
                if m and m.end() <= para_end:
                    self.blank(i, m.end())
                    i = m.end()
                    continue
                i += 1
            elif ch == "!" and self._char(i + 1) == "[":
                end = self._link_end(i + 1, para_end, refs)
                if end > 0:
                    self.blank(i, end)
                    i = end
                else:
                    i += 1
            elif ch == "[":
                i = self._link(i, para_end, refs)
            elif ch in "*_~":
                i = self._delimiter(i, ch)
            else:
                i += 1

    def _link_end(self, i: int, limit: int, refs: set[str]) -> int:
        """End of ``[text](url)`` / ``[text][ref]`` / ``[ref]`` at i, or -1."""
        close = self._match_close(i, limit, "[", "]")
        if close < 0:
            return -1
        after = self._char(close + 1)
        if after == "(":
            end = self._match_close(close + 1, limit, "(", ")")
            return end + 1 if end >= 0 else -1
        if after == "[":
            end = self._match_close(close + 1, limit, "[", "]")
            return end + 1 if end >= 0 else -1
        if _normalize_label("".join(self.out[i + 1 : close])) in refs:
            return close + 1
        return -1

    def _link(self, i: int, limit: int, refs: set[str]) -> int:
        out = self.out
        if self._char(i + 1) == "^":  # footnote reference [^1]
            close = self._match_close(i, limit, "[", "]")
            if close > 0:
                self.blank(i, close + 1)
                return close + 1
            return i + 1
        close = self._match_close(i, limit, "[", "]")
        if close < 0:
            return i + 1
        after = self._char(close + 1)
        if after and after in "([":
            end = self._match_close(close + 1, limit, after, ")" if after == "(" else "]")
            if end < 0:
                return i + 1
            out[i] = " "
            self.blank(close, end + 1)
            return i + 1  # the link text is processed as inline text
        if _normalize_label("".join(out[i + 1 : close])) in refs:
            out[i] = " "
            out[close] = " "
        return i + 1

    def _delimiter(self, i: int, ch: str) -> int:
        end = self._run(i, ch)
        if ch == "~" and end - i < 2:
            return end  # a single ~ is "about", not markup
        before = self._char(i - 1) if i > 0 else ""
        after = self._char(end)
        left = not _is_space(after) and (
            not _is_punct(after) or _is_space(before) or _is_punct(before)
        )
        right = not _is_space(before) and (
            not _is_punct(before) or _is_space(after) or _is_punct(after)
        )
        if ch == "_":
            can_open = left and (not right or _is_punct(before))
            can_close = right and (not left or _is_punct(after))
            markup = can_open or can_close
        else:
            markup = left or right
        if markup:
            self.blank(i, end)
        return end


def blank_markdown(text: str) -> tuple[str, tuple[int, int] | None]:
    """The words of Markdown ``text``, same length, markup blanked.

    Returns ``(words, front)`` where ``front`` is the span of the front
    matter's YAML in ``text`` (or None).
    """
    blanker = _Blanker(text)
    fm = front_matter(text)
    body_start = 0
    span = None
    if fm is not None:
        yaml_start, yaml_end, end = fm
        blanker.blank(0, end)
        blanker.protect(0, end)
        body_start = end + 1
        span = (yaml_start, yaml_end)
    for m in _COMMENT.finditer(text, body_start):
        blanker.blank(m.start(), m.end())
        blanker.protect(m.start(), m.end())
    refs = blanker.blocks(body_start)
    blanker.inline(refs)
    return "".join(blanker.out), span


def parse_front_matter(text: str, span: tuple[int, int], path: str) -> Meta:
    """The metadata in the front matter ``text[span[0]:span[1]]``."""
    yaml_start, yaml_end = span
    src = Source(path, text[yaml_start:yaml_end], first_line=text.count("\n", 0, yaml_start) + 1)
    node = parse_metadata_yaml(src, "front matter", MAX_FRONT_MATTER_BYTES)
    if node is None:
        return {}
    return meta_from_node(node, src, strict=False, what="front matter")


def md_article(path: str, origin: str, meta: Meta) -> Article:
    """The article of the decoded Markdown ``origin`` (``path`` names it)."""
    words, span = blank_markdown(origin)
    front: Meta = parse_front_matter(origin, span, path) if span is not None else {}
    return make_article(path, "md", words, origin, None, meta, front)


def read_md(path: str, meta: Meta, errors: list[CheckError]) -> list[tuple[Article, int | None]]:
    return [(md_article(path, read_utf8(path, "article", MAX_ARTICLE_BYTES), meta), None)]
