"""Quantities in news text: ``find_quantities(text) -> [Quantity]``.

What a quantity looks like is the grammar of :mod:`.quantity_grammar`; this
module decides where to read it and whether what it read is a quantity.

A range (``1,000 to 1,500``, ``1,000-1,500``, ``between``) has kind
``range`` and its low end as value; when a range is rejected its first number
is read alone.  ``from 100 to 200`` is a change, not a range.  A vague amount
has kind ``vague`` and its low end as value; a percentage kind ``percent``.

The grammar runs only where a quantity can start: at a digit, a ``~``, a
number word or the first words of a vague amount (with a hedge before it
found by looking back).  With the article's word index those places are
looked up, not scanned for.  What it read is then checked against what is
*not* a quantity: a number inside one of the date finder's dates (years and
days of the month), an ordinal (``fourth``, ``two-thirds``), a number in a
name or code (``Branch 450``, ``F-16``, ``the Big Four``), a time (``10
a.m.``), the pronoun ``one``.  To add such a rule, add it to :func:`_check`
or :func:`_num_ok`, with its words in :mod:`.vocab`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..exact import mul
from ..models import Quantity
from .patterns import Patterns, alternation
from .quantity_grammar import Number, Reading, lead, read_at, rstrip
from .sentences import END_MARKS
from .spans import Spans
from .tokens import WordIndex
from .vocab import (CURRENCY_SCALE_SUFFIXES, CURRENCY_SIGNS, HEDGES, MONTH_ABBREVIATIONS, MONTHS,
                    NOT_CODE_WORDS, NUMBER_START_WORDS, ONE_PRONOUN_AFTER, ONE_PRONOUN_BEFORE,
                    ORDINAL_ENDINGS, ORDINALS, SCALE_SUFFIXES, SCALES, TIME_OF_DAY, UNIT_SUFFIXES,
                    VAGUE_AMOUNTS)

__all__ = ["find_quantities"]

# Where a quantity can start: a number word, the first two words of the
# number phrases that start with another word ("a hundred", "half a") and of
# vague amounts ("tens of", "a few"), or a one-word vague amount ("dozens").
_START_PHRASES = frozenset([*NUMBER_START_WORDS, *(f"a {s}" for s in SCALES), "a dozen", "half a",
                            *(" ".join(p.split()[:2]) for p, _, _ in VAGUE_AMOUNTS)])
_START_WORDS = frozenset(p.split()[0] for p in _START_PHRASES)
# Where a hedge ends (for looking back from a number to its hedge).
_HEDGE_LAST_WORDS = frozenset([h.split()[-1] for h in HEDGES] + ["between"])
# A capitalised word before a number makes it a code (``Branch 450``) unless it is one of these.
_NOT_CODES = NOT_CODE_WORDS | {w for h in HEDGES for w in h.split()} | set(NUMBER_START_WORDS)
# After one of these (and spaces) a capital letter says nothing: a sentence,
# quotation, bracket or clause may start there.
_OPENERS = frozenset(END_MARKS + "\"'(:;[-\n")
_TIME = "|".join(re.escape(t) + ("" if t.endswith(".") else r"\b") for t in TIME_OF_DAY)

P = Patterns(
    # where a quantity can start, without the word index
    candidate=(rf"(?<![\w.,:])(?:\d|~|(?:{alternation(_START_PHRASES)})\b)", re.I),
    hedge_before=(rf"(?<!\w)(?:(?:{alternation(HEDGES)})|between) *\Z|~\Z", re.I),
    glued_letters=r"[A-Za-z]+",
    ordinal_after=(rf"([\s-]*)(?:{alternation(ORDINALS)}|[a-z]+(?:{alternation(ORDINAL_ENDINGS)}))\b",
                   re.I),
    time_after=(rf"(?::\d|\.\d\d\s*[ap]\.?m\b|\s*(?:{_TIME}))", re.I),
    one_before=(rf"(?:^|\W)(?:{alternation(ONE_PRONOUN_BEFORE)})\s+\Z", re.I),
    one_after=(rf"\s+(?:{alternation(ONE_PRONOUN_AFTER)})\b|'s\b", re.I),
    from_before=(r"(?:^|\W)from\s+\Z", re.I),
    point_before=(r"(?:^|\W)point\s+\Z", re.I),
    # texts the word index is not trusted for: see _Starts
    index_unsafe=r"[^\x00-\x7f\w]|[\u0130\u0131\u017f\u212a]",
)


# --------------------------------------------------------------------------
# What is not a quantity
# --------------------------------------------------------------------------


def _capital_expected(text: str, pos: int) -> bool:
    """Whether a capital letter at ``pos`` is expected anyway: at the start
    of the text or a line, or after an opener (see ``_OPENERS``) and spaces."""
    i = pos - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    return i < 0 or text[i] in _OPENERS


def _prev_token(text: str, pos: int) -> tuple[int, str] | None:
    """The non-space run before the spaces that end at ``pos`` (looking back
    at most 40 characters)."""
    lo = max(0, pos - 40)
    k = pos
    while k > lo and text[k - 1] == " ":
        k -= 1
    if k == pos:
        return None
    j = k
    while j > lo and not text[j - 1].isspace():
        j -= 1
    if j == k:
        return None
    return j, text[j:k]


def _after_capitalised_word(text: str, pos: int) -> bool:
    """True for ``Branch 450``: directly after a capitalised word that does
    not start a sentence (and is not a hedge, a month or a possessive)."""
    prev = _prev_token(text, pos)
    if prev is None:
        return False
    word_start, word = prev
    if not word[0].isupper() or not word[-1].isalnum():
        return False
    low = word.lower()
    if low in _NOT_CODES or low in MONTHS or low in MONTH_ABBREVIATIONS or low.endswith("'s"):
        return False
    return not _capital_expected(text, word_start)


def _glued_ok(text: str, n: Number) -> tuple[bool, int, int]:
    """Letters glued to a digit run: (ok, multiplier, new end)."""
    e = n.digits_end
    if n.words or e >= len(text) or not text[e].isalpha() or n.scale != 1:
        return True, 1, n.end
    m = P.glued_letters.match(text, e, e + 12)
    suffix = m.group().lower() if m else ""
    if m and len(suffix) < 12:
        if suffix in SCALE_SUFFIXES:
            return True, SCALE_SUFFIXES[suffix], e + len(suffix)
        if suffix in CURRENCY_SCALE_SUFFIXES and n.start > 0 and text[n.start - 1] in CURRENCY_SIGNS:
            return True, CURRENCY_SCALE_SUFFIXES[suffix], e + len(suffix)
        if suffix in UNIT_SUFFIXES:
            return True, 1, n.end
    return False, 1, n.end


def _num_ok(text: str, n: Number, dates: Spans) -> bool:
    s = n.start
    if s in dates:
        return False  # a year, a day of the month
    if not n.words:
        if s >= 2 and text[s - 1] == "-" and text[s - 2].isalpha():
            return False  # F-16, COVID-19
        if s >= 1 and text[s - 1] in "#:":
            return False
    if P.time_after.match(text, n.end if n.words else n.digits_end):
        return False
    if n.words:
        m = P.ordinal_after.match(text, n.end)
        if m and not (text[m.end(1):m.end()].lower() == "second" and "-" not in m.group(1) and n.value < 20):
            return False  # "twenty-first", "two-thirds"; but "two seconds"
    return True


def _check(text: str, start: int, end: int, p: Reading, dates: Spans) -> Quantity | None:
    """The quantity a match stands for, or None when it is not one."""
    hedge = p.hedge
    if p.vague is not None:
        lo, hi = p.vague
        return Quantity(start, end, text[start:end], lo, lo, hi,
                        hedge or p.post_hedge, "vague")
    nums = p.nums
    if not nums:
        return None
    first = nums[0]
    if hedge is None and _after_capitalised_word(text, start):
        return None
    if first.words and P.point_before.search(text, max(0, first.start - 8), first.start):
        return None  # "point three": a spoken decimal with no integer part
    if first.words and hedge is None:
        word = text[first.start:first.end].split()[0].split("-")[0]
        if word[:1].isupper() and word[1:].islower() and not _capital_expected(text, first.start):
            return None  # "the Big Four", "Ocean's Eleven"
    for n in nums:
        if not _num_ok(text, n, dates):
            return None
    values = []
    for n in nums:
        ok, mult, new_end = _glued_ok(text, n)
        if not ok:
            return None
        if mult != 1:
            n.value = mul(n.value, mult)
            n.scale = mult
            if n is nums[-1]:
                end = max(end, new_end)
        values.append(n.value)
    if len(nums) == 1 and first.words and first.value == 1 and hedge is None:
        if text[first.start:first.end].lower() == "one" and (
            P.one_before.search(text, max(0, first.start - 12), first.start)
            or P.one_after.match(text, first.end)
        ):
            return None  # "the one", "one may"
    percent = any(n.percent for n in nums)
    if hedge is None:
        hedge = "plus" if any(n.plus for n in nums) else p.post_hedge
    if len(nums) == 1:
        v = values[0]
        return Quantity(start, end, text[start:end], v, v, v, hedge, "percent" if percent else "number")
    lo, hi = values
    second = nums[1]
    if first.scale == 1 and second.scale > 1 and lo * second.scale <= hi:
        lo = mul(lo, second.scale)  # "two to three million"
    if not lo <= hi:
        return None
    return Quantity(start, end, text[start:end], lo, lo, hi, hedge, "percent" if percent else "range")


# --------------------------------------------------------------------------
# Where to look
# --------------------------------------------------------------------------


class _Starts:
    """Where a quantity may start, looked up in the article's word index
    instead of scanned for: the starts of numbers, of every ``~`` and of the
    words in ``_START_WORDS``.

    Index words are folded, so this finds what ``P.candidate`` finds only
    when folding cannot move a word boundary or case-fold into an ASCII
    letter: no non-ASCII non-word character, and none of the four characters
    ``re`` case-folds to ASCII letters (``P.index_unsafe``).  Otherwise the
    text is scanned (tests check both ways give the same quantities)."""

    __slots__ = ("index", "positions")

    def __init__(self, text: str, index: WordIndex) -> None:
        self.index = index
        starts = index.starts
        # a digit not glued to a word before it starts a token
        positions = [starts[i] for word, hits in index.postings.items()
                     if word[0].isdigit() or word in _START_WORDS for i in hits]
        tilde = text.find("~")
        while tilde >= 0:
            positions.append(tilde)
            tilde = text.find("~", tilde + 1)
        positions.sort()
        self.positions = positions

    def may_end_hedge(self, text: str, pos: int) -> bool:
        """False when no hedge can end right before ``pos``: the word before
        it is not the last word of a hedge, or is not followed by spaces
        only, and ``pos`` does not follow a ``~``."""
        if pos and text[pos - 1] == "~":
            return True
        index = self.index
        i = index.word_before(pos)
        if i < 0 or index.words[i] not in _HEDGE_LAST_WORDS:
            return False
        end = index.ends[i]
        return end == pos or text.count(" ", end, pos) == pos - end


def _candidates(text: str, starts: _Starts | None) -> Iterator[int]:
    """Where ``P.candidate`` matches, left to right, not overlapping: tried
    at the looked-up positions, or scanned for."""
    if starts is None:
        yield from (m.start() for m in P.candidate.finditer(text))
        return
    match = P.candidate.match
    end = 0
    for pos in starts.positions:
        if pos >= end:
            m = match(text, pos)
            if m is not None:
                end = m.end()
                yield pos


def find_quantities(text: str, dates: Iterable[tuple[int, int]] | None = None, *,
                    index: WordIndex | None = None) -> list[Quantity]:
    """Every quantity in ``text``, sorted by start, spans not overlapping.

    ``dates`` are the spans of the date mentions in ``text`` (no quantity
    starts inside one); by default :func:`checker.text.dates.find_dates`
    finds them.  ``index`` is the :class:`~checker.text.tokens.WordIndex` of
    the folded ``text`` (as :func:`checker.text.analysis.analyze` builds it):
    with it, candidates are looked up instead of scanned for.
    """
    out: list[Quantity] = []
    if not text:
        return out
    if dates is None:
        from .dates import find_dates

        dates = [(d.start, d.end) for d in find_dates(text)]
    date_spans = Spans(dates)
    starts = None
    if index is not None and (text.isascii() or not P.index_unsafe.search(text)):
        starts = _Starts(text, index)
    last_end = 0
    for pos in _candidates(text, starts):
        if pos < last_end or pos in date_spans:
            continue
        start = pos
        h = None
        if starts is None or starts.may_end_hedge(text, pos):
            h = P.hedge_before.search(text, max(last_end, pos - 24), pos)
        if h is not None and h.start() not in date_spans:
            start = h.start()
        q = _quantity_at(text, start, date_spans)
        if q is None and start != pos:
            q = _quantity_at(text, pos, date_spans)
        if q is not None:
            out.append(q)
            last_end = q.end
    return out


def _quantity_at(text: str, pos: int, dates: Spans) -> Quantity | None:
    starts_with = lead(text, pos)
    for ranged in (True, False):
        got = read_at(text, pos, ranged, starts_with)
        if got is None:
            return None
        end, parsed = got
        end = rstrip(text, pos, end)
        if (ranged and parsed.sep in ("to", "-") and len(parsed.nums) == 2
                and P.from_before.search(text, max(0, pos - 8), pos)):
            continue  # "from 100 to 200" is a change, not a range
        q = _check(text, pos, end, parsed, dates)
        if q is not None or not ranged or len(parsed.nums) < 2 or parsed.sep == "and":
            return q
    return None
