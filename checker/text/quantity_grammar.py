"""The quantity grammar: what a quantity looks like, read at one position.

Forms (SPEC §4, "Quantities in text"); spaces but no line break between
tokens, case ignored, words from :mod:`.vocab`:

    quantity    := [hedge] (between | vague | number ["to" | "-"] number | number)
                   [hedge_after]
    between     := "between" number "and" number              between 1,000 and 1,500
    number      := (digits [scale] | number_words) [plus] [percent]
    digits      := 1,400 | 1.4 | 1400                         (not the head of a longer number)
    scale       := "hundred" | "thousand" | "million" | "billion" | "trillion"
    plus        := "-plus" | "+"                              400-plus, 400+
    percent     := "%" | PERCENT_WORDS                        35%, 35 per cent
    hedge       := HEDGES | "~"                               around 1,400, more than 400
    hedge_after := HEDGES_AFTER                               1,000 or more
    vague       := VAGUE_AMOUNTS                              dozens, tens of thousands

``number_words`` is the cardinal grammar of :mod:`.numwords`.  Each element
is one regular expression (``P``), tried in the order written; an
alternative, once matched, is kept (no backtracking).  :func:`read_at` reads
the grammar at a position; :mod:`.quantities` decides where to read and
whether what was read is a quantity.

To add a form: add its element here (a pattern in ``P``, a branch in
:func:`read_at`) and a line to the BNF above; to add a word to a form (a
hedge, a percentage word, a vague amount), add it to :mod:`.vocab`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..exact import Exact, mul, numeral
from .numwords import PRUNABLE, number_pattern, value_of
from .patterns import Patterns, alternation, for_text
from .vocab import (
    HEDGES,
    HEDGES_AFTER,
    NUMBER_START_WORDS,
    PERCENT_WORDS,
    SCALES,
    TEENS,
    TENS,
    UNITS,
    VAGUE_AMOUNTS,
)

__all__ = ["Number", "Reading", "lead", "read_at"]

# Each vague amount its own group (named by its index in VAGUE_AMOUNTS), longest first.
_VAGUE_GROUPS = "|".join(
    f"(?P<v{i}>{alternation([phrase])})"
    for i, (phrase, _, _) in sorted(enumerate(VAGUE_AMOUNTS), key=lambda x: -len(x[1][0])))
_ONE_WORD_VALUES = {**UNITS, **TEENS, **TENS, "zero": 0}  # most number words stand alone
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?(?!\d)"
_AFTER_NUMBER = (rf"(?: *(?P<p>-plus\b|\+(?!\d)))?"
                 rf"(?: *(?P<c>%|(?:{alternation(PERCENT_WORDS)})\b))?")

P = Patterns(
    hedge_at=(rf" *(?P<h>(?:{alternation(HEDGES)})\b|~)", re.I),
    between_at=(r" *\bbetween\b", re.I),
    and_at=(r" *\band\b", re.I),
    vague_at=(rf" *(?:{_VAGUE_GROUPS})\b", re.I),
    sep_at=(r" *(?P<s>\bto\b|-)", re.I),
    hedge_after_at=(rf" *(?P<o>(?:{alternation(HEDGES_AFTER)})\b)", re.I),
    digit_number=(rf" *(?P<n>(?P<d>{_DIGITS})(?: *(?P<x>\b(?:{alternation(SCALES)})\b))?)"
                  rf"{_AFTER_NUMBER}", re.I),
    first_word=r"[^\W\d_]+",
    spaces=r"\s+",
)


@dataclass(slots=True)
class Number:
    """One number of a quantity."""

    start: int
    end: int
    value: Exact  # exact: an int, or a Decimal when not whole (checker.exact)
    scale: int  # multiplier of a trailing scale word (1 if none)
    words: bool  # spelled out
    digits_end: int  # end of the digit run (for glued suffixes)
    plus: bool = False
    percent: bool = False


@dataclass(slots=True)
class Reading:
    """What the grammar read at a position."""

    hedge: str | None
    nums: list[Number]
    sep: str | None  # "to", "-", "and" (between) or None
    vague: tuple[int, int] | None = None
    post_hedge: str | None = None


def rstrip(s: str, start: int, end: int) -> int:
    """``end`` moved back over whitespace (not before ``start``)."""
    while end > start and s[end - 1].isspace():
        end -= 1
    return end


@cache
def _word_number_re(words: frozenset[str] | None) -> re.Pattern[str]:
    return re.compile(rf" *(?P<w>{number_pattern(words)}){_AFTER_NUMBER}", re.I)


@lru_cache(maxsize=4)  # the texts being analysed (each str hashes once)
def _word_number(text: str) -> re.Pattern[str]:
    """``number_words`` (+ plus, percent) for ``text``: without the number
    words ``text`` lacks (see :func:`.numwords.number_pattern`; it matches
    ``text`` exactly as the whole expression does), or the whole expression
    (see :func:`.patterns.for_text`)."""
    return for_text(_word_number_re, PRUNABLE, text)


def _number_at(text: str, loc: int, lead: str = "") -> tuple[int, Number] | None:
    """``number`` at ``loc``: where it ends and the number, or None.  ``lead``
    ``"d"``/``"w"`` says the text is known to start with a digit / a number
    word there (the other branch cannot match)."""
    if lead != "w":
        m = P.digit_number.match(text, loc)
        if m is not None:
            start, raw, scale_word = m.start("n"), m.group("d"), m.group("x")
            value = numeral(raw)
            if value is None:
                return None  # too many digits for a number: a code, a key
            scale = 1
            if scale_word is not None:
                scale = SCALES[scale_word.lower()]
                value = mul(value, scale)
            num = Number(start, rstrip(text, start, m.end("n")), value, scale, False, start + len(raw))
            num.plus = m.group("p") is not None
            num.percent = m.group("c") is not None
            return m.end(), num
        if lead == "d":
            return None
    m = _word_number(text).match(text, loc)
    if m is None:
        return None
    words = m.group("w")
    start = m.start("w")
    end = rstrip(text, start, m.end("w"))
    simple = _ONE_WORD_VALUES.get(words.lower())
    if simple is not None:
        num = Number(start, end, simple, 1, True, end)
    else:
        wn = value_of(words)
        num = Number(start, end, wn.value, wn.scale, True, end)
    num.plus = m.group("p") is not None
    num.percent = m.group("c") is not None
    return m.end(), num


def _hedge_after(text: str, end: int) -> tuple[int, str | None]:
    m = P.hedge_after_at.match(text, end)
    if m is None:
        return end, None
    return m.end(), P.spaces.sub(" ", m.group("o").lower())


def read_at(text: str, pos: int, ranged: bool, lead: str = "") -> tuple[int, Reading] | None:
    """The grammar at ``pos``: where the match ends and what it read, or
    None.  With ``ranged`` a number may be followed by ``to``/``-`` and a
    second number.  With ``lead`` (see :func:`lead`) no hedge, ``between``
    or vague amount can start there."""
    loc = pos
    hedge = None
    if not lead:
        m = P.hedge_at.match(text, loc)
        if m is not None:
            hedge = P.spaces.sub(" ", m.group("h").lower())
            loc = m.end()
        m = P.between_at.match(text, loc)
        if m is not None:
            first = _number_at(text, m.end())
            if first is not None:
                m = P.and_at.match(text, first[0])
                if m is not None:
                    second = _number_at(text, m.end())
                    if second is not None:
                        end, post = _hedge_after(text, second[0])
                        return end, Reading(hedge, [first[1], second[1]], "and", post_hedge=post)
        m = P.vague_at.match(text, loc)
        if m is not None:
            _, low, high = VAGUE_AMOUNTS[int(m.lastgroup[1:])]  # type: ignore[index]
            end, post = _hedge_after(text, m.end())
            return end, Reading(hedge, [], None, vague=(low, high), post_hedge=post)
    first = _number_at(text, loc, lead)
    if first is None:
        return None
    end, num = first
    nums, sep = [num], None
    if ranged:
        m = P.sep_at.match(text, end)
        if m is not None:
            second = _number_at(text, m.end())
            if second is not None:
                end = second[0]
                nums.append(second[1])
                sep = m.group("s").lower()
    end, post = _hedge_after(text, end)
    return end, Reading(hedge, nums, sep, post_hedge=post)


def lead(text: str, pos: int) -> str:
    """``"d"`` when ``text`` starts at ``pos`` with a digit, ``"w"`` with a
    number word (a whole word, so never ``hundreds``), else ``""``.  No
    hedge, ``between`` or vague amount starts with either."""
    if text[pos].isdigit():
        return "d"
    m = P.first_word.match(text, pos)
    return "w" if m is not None and m.group().lower() in NUMBER_START_WORDS else ""
