"""matrix.md and discrepancies.md tables: checker.reports.gfm builds
tabulate's "github" table directly; the bytes must be tabulate's."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate
from wcwidth import wcswidth, wcwidth

from checker.reports import gfm

# cells as the renderers make them, and worse: wide (CJK, emoji), combining and
# zero-width characters, spaces at either end, "True" (tabulate's bool type),
# empty cells, pipes escaped or not, line breaks, escape codes, control characters
ALPHABET = list("ab |\\`*-:1,.'\"") + ["✓", "✗", "–", "é", "e\u0301", "中", "文", "🙂", "\u200b", "\u202e", "\t",
                                       "\n", "\r", "\x1b", "\x01", "\x00", "\x7f", "True", "False", "  "]
cell = st.lists(st.sampled_from(ALPHABET), max_size=6).map("".join) | st.text(max_size=8)


def _tabulate(headers, rows):
    return tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True, stralign="left")


@st.composite
def tables(draw):
    n = draw(st.integers(1, 4))
    headers = draw(st.lists(cell, min_size=n, max_size=n))
    rows = draw(st.lists(st.lists(cell, min_size=n, max_size=n), max_size=5))
    return headers, rows


@given(tables())
@settings(max_examples=600, deadline=None)
def test_table_is_tabulates_github_table(table):
    headers, rows = table
    assert gfm.table(headers, rows) == _tabulate(headers, rows)


@pytest.mark.parametrize(("headers", "rows"), [
    (["claim", "wire-a", "中文报"], [["`c1`", "✓", "2✓ 1✗*"], ["**total**", "1✓", ""]]),
    (["", "says", "sources", "articles", "which"], [["✗", '"1,000 people" ', "1", "1", "wire-b"]]),
    (["claim", "a"], []),  # a source table of a run without articles
    (["h"], [["True"], ["x"]]),
    (["h", "🙂"], [[" x ", "e\u0301\u0301"]]),
])
def test_table_examples(headers, rows):
    assert gfm.table(headers, rows) == _tabulate(headers, rows)


def test_ascii_cells_are_not_measured_by_wcswidth(monkeypatch):
    """The point of the module: printable ASCII is measured by len."""
    calls = []
    monkeypatch.setattr(gfm, "wcswidth", lambda s: calls.append(s) or len(s))
    gfm.table(["claim", "wire-a"], [["`c1`", '"1,000 people"'], ["x", "✓"], ["中", "y"]])
    assert calls == ["中"]  # the one cell of neither ASCII nor narrow characters


def _narrow() -> str:
    """Of Latin-1, Latin Extended-A, general punctuation, arrows, ✓ and ✗: the
    letters, digits, punctuation, symbols and spaces (no modifier letters or
    symbols) one column wide alone and between two letters."""
    out = []
    for lo, hi in ((0xA0, 0x17F), (0x2010, 0x2027), (0x2030, 0x205E), (0x2190, 0x21FF), (0x2713, 0x2713),
                   (0x2717, 0x2717)):
        for cp in range(lo, hi + 1):
            c = chr(cp)
            cat = unicodedata.category(c)
            if ((cat[0] in "LNPS" and cat not in ("Lm", "Sk")) or cat == "Zs") and wcwidth(c) == 1 \
                    and wcswidth("a" + c + "b") == 3:
                out.append(c)
    return "".join(out)


NARROW = _narrow()


def test_narrow_characters_are_wcwidths():
    assert re.fullmatch("[" + gfm.NARROW + "]*", NARROW)
    assert not re.search("[" + gfm.NARROW + "]", "".join(
        chr(c) for c in range(0xA0, 0x2800) if chr(c) not in NARROW))


@given(st.text(alphabet=st.sampled_from([chr(c) for c in range(0x20, 0x7f)] + list(NARROW)), max_size=40))
@settings(max_examples=500, deadline=None)
def test_narrow_text_is_as_wide_as_wcswidth_says(text):
    assert gfm._NOT_NARROW.search(text) is None
    assert gfm.table(["h"], [[text]]) == _tabulate(["h"], [[text]])
    assert wcswidth(text) == len(text)


def test_long_narrow_cells_are_not_measured_by_wcswidth(monkeypatch):
    calls = []
    monkeypatch.setattr(gfm, "wcswidth", lambda s: calls.append(s) or len(s))
    labels = "wire-b (6 articles: a1, a2, a3, a4, a5, …), “the-courier” — ✓ 2✗ ×3 → é"
    gfm.table(["which", "中"], [[labels, "中文"]])
    assert calls == ["中", "中文"]
