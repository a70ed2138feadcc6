"""Markdown's inline level, blanked: escapes, code spans, autolinks, tags, links, images, emphasis.

:class:`_InlineBlanker` holds the text being blanked (``out``, same length as
the file; ``skip`` marks what the block level protected) and blanks each
paragraph's inline markup: brackets are paired once per paragraph, code spans
find their closer through an index of backtick runs, and emphasis delimiters
are blanked by the CommonMark flanking rules, without pairing.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*+)?/?>")  # possessive: was quadratic on blanks
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _is_punct(ch: str) -> bool:
    return ch in _PUNCT or (ch != "" and unicodedata.category(ch).startswith(("P", "S")))


def _normalize_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _next_backtick(out: list[str], j: int, limit: int) -> int:
    """Index of the next backtick in ``out[j:limit]`` (``limit`` if none)."""
    try:
        return out.index("`", j, limit)
    except ValueError:
        return limit


class _InlineBlanker:
    """The text being blanked, the blanking itself, and the inline level."""

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

