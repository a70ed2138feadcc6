"""GitHub Markdown tables for ``matrix.md`` and ``discrepancies.md``.

:func:`table` writes the bytes of ``tabulate(rows, headers,
tablefmt="github", disable_numparse=True, stralign="left")``, built directly:
tabulate measures every cell with ``wcwidth.wcswidth``, a Python loop per
character, which made the discrepancy tables of a 1,000-article run cost a
quarter of a second (issue #11).  Here a cell of printable ASCII and
narrow characters (``…``, ``–``, ``✓``, ``é``) is measured by ``len`` (what
``wcswidth`` gives it) and only other cells go through ``wcswidth``.  A table tabulate would treat specially (a cell with a
line break, an escape sequence, tabulate's separating-line mark, or a
character ``wcswidth`` cannot measure) is handed to tabulate itself; the
renderers escape such characters first, so that is a safety net, not a
path the reports take.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_SPECIAL = ("\n", "\r", "\x1b", "\x01")  # multi-line cells, ANSI codes, tabulate's SEPARATING_LINE


# Characters outside ASCII that are one column wide whatever surrounds them
# (letters, digits, punctuation and symbols of Latin-1 and Latin Extended-A,
# general punctuation, arrows, ✓ ✗), as wcwidth measures them (a test derives
# the set from wcwidth and unicodedata and keeps this equal to it).  None
# combines, joins or selects a variant, so a text of printable ASCII and these
# is as wide as it is long: ``wcswidth`` is not needed for ``"wire-b (6 articles: …)"``.
NARROW = ("\u00a0-\u00a7\u00a9-\u00ac\u00ae\u00b0-\u00b3\u00b5-\u00b7\u00b9-\u017f"
          "\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2713\u2717")
_NOT_NARROW = re.compile("[^\x20-\x7e" + NARROW + "]")  # searched in C


class _Special(Exception):
    """A cell tabulate treats specially."""


def _width(text: str, raw: str) -> int:
    """Screen columns of ``text`` (``raw``: the cell before stripping)."""
    if text.isascii() and text.isprintable() and (raw is text or (raw.isascii() and raw.isprintable())):
        return len(text)  # what wcswidth gives printable ASCII
    if any(s in raw for s in _SPECIAL):
        raise _Special
    if _NOT_NARROW.search(text) is None:
        return len(text)
    w = wcswidth(text)
    if w < 0:
        raise _Special
    return w


def wcswidth(text: str) -> int:
    """wcwidth's measure (tabulate[widechars]: tabulate counts with it too),
    imported when a cell needs it: most tables never do, and the import
    (with ``importlib.metadata``) costs more than the tables."""
    from wcwidth import wcswidth as measure

    return measure(text)


def _tabulate(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    from tabulate import tabulate

    return tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True, stralign="left")


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A pipe table of string cells, left-aligned, every row as long as ``headers``."""
    headers = [str(h) for h in headers]
    raw = [[str(c) for c in row] for row in rows]
    n = len(headers)
    if not n or any(len(row) != n for row in raw):
        return _tabulate(headers, rows)
    cells = [[c.strip() for c in row] for row in raw]  # tabulate strips data cells, not headers
    try:
        head_widths = [_width(h, h) for h in headers]
        cell_widths = [[_width(c, r) for c, r in zip(row, raw_row)] for row, raw_row in zip(cells, raw)]
    except _Special:
        return _tabulate(headers, rows)
    widths = [max([head_widths[k] + 2] + [w[k] for w in cell_widths]) for k in range(n)]

    def line(texts: list[str], text_widths: list[int]) -> str:
        # pad to the column's width in screen columns (a wide character counts 2)
        return "| " + " | ".join(t + " " * (widths[k] - text_widths[k]) for k, t in enumerate(texts)) + " |"

    lines = [line(headers, head_widths), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += [line(row, w) for row, w in zip(cells, cell_widths)]
    return "\n".join(lines)
