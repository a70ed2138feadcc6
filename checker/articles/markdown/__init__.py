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

Where to change what:

* :mod:`.blocks`: the block level, line by line (front matter aside): fences,
  headings, thematic breaks, blockquotes, list markers, tables, reference
  definitions;
* :mod:`.inline`: the inline level, paragraph by paragraph: escapes, code
  spans, autolinks and tags, links and images, emphasis delimiters; and the
  blanking itself, which both levels use;
* this module: front matter, the order of the passes
  (:func:`blank_markdown`), and the article.
"""

from __future__ import annotations

import re

from checker.articles.metadata import Meta, make_article
from checker.articles.yamlmeta import meta_from_node, parse_metadata_yaml
from checker.errors import CheckError
from checker.files import read_utf8
from checker.limits import MAX_ARTICLE_BYTES, MAX_FRONT_MATTER_BYTES
from checker.models import Article
from checker.rules.yamlpos import Source

from .blocks import _Blanker

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


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
