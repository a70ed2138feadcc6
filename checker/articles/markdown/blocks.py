"""Markdown's block level, blanked line by line: fences, headings, breaks, quotes, lists, tables, definitions.

:class:`_Blanker` adds the block level to :class:`~.inline._InlineBlanker`:
:meth:`~_Blanker.blocks` walks the lines once, blanks block markup, protects
fenced code and returns the reference labels the inline level resolves links
against.
"""

from __future__ import annotations

import re

from .inline import _InlineBlanker, _is_space, _normalize_label

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


class _Blanker(_InlineBlanker):
    """The whole blanker: the block level here, the inline level inherited."""

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
