"""Date mentions in news text: ``find_dates(text) -> [DateMention]``.

:func:`find_dates` finds the dates stated in typography-unified text (the
``text`` of :func:`checker.text.normalize.normalize`), sorted by start, never
overlapping.  Forms and what they give:

=====================================  =========================================
``August 21, 2013``, ``Aug. 21 2013``  day (also ``21 August 2013``,
                                       ``21st of August, 2013``, ``2013-08-21``)
``August 2013``, ``Aug. 2013``         month (also ``August, 2013``,
                                       ``August of 2013``)
``in 2013``, ``the 2013 attacks``      year (a four-digit number 1000-2100
                                       standing alone, not a count: see below)
``August 4, 5 and 21, 2013``           three day mentions, spans ``August 4``,
                                       ``5``, ``21, 2013``
``4, 5 and 21 August 2013``            three day mentions, spans ``4``, ``5``,
                                       ``21 August 2013``
``August 4-5, 2013``                   two day mentions (range end points);
                                       also ``to``, ``through``, ``until``, ``or``
``August 30 and September 2, 2013``    a day mention per day; a group whose
                                       month comes after a later group's month
                                       (``December 30 and January 2, 2014``)
                                       gets no year (it would be a guess)
``on August 21``, ``21 August``        precision ``none``: month and day, no year
``in November``, ``Tuesday``           precision ``none`` (weekdays carry
                                       neither month nor day)
=====================================  =========================================

A mention without a year of its own never borrows one from elsewhere.

The grammar (any whitespace, a single line break included, may come between
two tokens; a date never runs across a blank line; words from :mod:`.vocab`):

    date        := iso_date | year_alone | weekday | month_led | day_led | month_alone
    month_led   := month days {group_sep month days} [[","] year]    August 4, 5 and 21, 2013
                 | month ["," | "of"] year      (not a count)        August 2013
    day_led     := days ["of"] month [[","] year]                    4, 5 and 21 August 2013
    days        := day [{"," day} conj day]                          4 | 4-5 | 4, 5 and 21
    day         := 1-31 ["st"|"nd"|"rd"|"th"]   (not a count: "21 people")
    conj        := [","] DAY_LIST_WORDS | "-" | "&"
    group_sep   := conj | ","
    month       := MONTHS | MONTH_ABBREVIATIONS ["."]
    year        := four digits, 1000-2100
    iso_date    := year "-" month-number "-" day-number              2013-08-21
    weekday     := WEEKDAYS
    month_alone := a full month name, not all lower case, not MONTHS_ONLY_WITH_A_NUMBER

Rules of thumb (documented limits):

* Month names are case-insensitive with a day or a year.  A month *alone*
  needs a full name that is not all lower case (``august`` is an adjective),
  and never ``May`` or ``March`` (``May said``, ``march on``): those two, and
  abbreviations (``Aug.``), are months only next to a day or a year.
* A bare four-digit number is not a year when it is clearly a count: followed
  by ``%``/``percent``, a scale word (``million``), a count noun (``people``,
  ``dead``, ``children``...), ``-strong``/``-year``..., or a counted range
  (``1000 to 1500 people``); preceded by a hedge (``around``, ``more than``,
  ``some``...; not one ending in ``to``: ``up to 2013`` stays a year), a
  currency sign, a count word (``killed``, ``a toll of``) or a code word
  (``Branch``, ``Room``, ``Resolution``, ``No.``).  After a time preposition
  (``in``, ``since``, ``during``...) a count noun does not block it (``in 2013
  people fled`` is a year).
* Decades (``1990s``), ISO year-months (``2013-08``, would clash with seasons
  like ``2011-12``), two-digit years and weekday abbreviations are not
  mentions.  ``August and September 2013`` gives ``August`` (none) and
  ``September 2013`` (month).
* Scraped caption debris glued to a word is tolerated: ``August 2013[/caption]``,
  ``in 2013Rex``, ``ReutersAugust 2013``; a lower-case letter glued on is not
  (``Mayor``, ``1990s``).
* The grammar reads at most about 200 characters from where a date starts.

Implementation: one scan finds where a date may start (a number, a month or
weekday word: :mod:`.date_starts`); at each, left to right, the grammar's
patterns are tried and the months and days they matched become mentions
(:func:`_convert`).  To add a form, add it to the BNF above and to the
patterns in ``P``; to add a word (a month spelling, a count noun), add it to
:mod:`.vocab`.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from ..models import DateMention
from .date_starts import WEEKDAY_PREFIXES, date_starts
from .patterns import Patterns, alternation, for_text
from .vocab import (COUNT_COMPOUNDS, COUNT_NOUNS, COUNT_PHRASES_BEFORE, COUNT_WORDS_BEFORE,
                    CODE_WORDS, CURRENCY_SIGNS, DAY_LIST_WORDS, HEDGES, MONTH_ABBREVIATIONS,
                    MONTHS, MONTHS_ONLY_WITH_A_NUMBER, PERCENT_WORDS, SCALE_SUFFIXES, SCALES,
                    TIME_PREPOSITIONS, WEEKDAYS)

__all__ = ["find_dates"]


# --------------------------------------------------------------------------
# The grammar's tokens (ASCII only: re.IGNORECASE must never fold the long s
# or the Kelvin sign into a month)
# --------------------------------------------------------------------------

# The words the grammar is pruned by: a text gets the patterns without the
# ones it lacks (every branch or look-ahead they are in needs the word
# itself, so the patterns match the text exactly alike; see
# :func:`.patterns.for_text`).  The count nouns, repeated in every day of
# ``month_led``, are most of its size.
_PRUNABLE = frozenset([*MONTHS, *MONTH_ABBREVIATIONS, *PERCENT_WORDS, *SCALES, *SCALE_SUFFIXES,
                       *COUNT_COMPOUNDS, *COUNT_NOUNS, *DAY_LIST_WORDS])
_WORD_END = r"(?![a-z0-9])(?!(?<=[A-Z])[A-Z])"
_WS = r"[ \t\n\r]*"
_YEAR = r"[0-9]{4}(?![0-9])(?![a-z])(?![,.][0-9])"


def _alt(words) -> str:
    """An alternation of ``words`` (in a group), or one that never matches."""
    return alternation(words) if words else "(?!)"


@cache
def _grammar(words: frozenset[str] | None) -> Patterns:
    """The patterns of the grammar that depend on words, with only
    ``words`` of :data:`_PRUNABLE` (``None``: all)."""

    def kept(vocab) -> list[str]:
        return [w for w in vocab if words is None or w in words]

    # A month word; its right edge is case-sensitive: no lower-case letter or
    # digit may follow, nor an upper-case letter after an all-caps word
    # ("MAYOR", "AUGUSTA"), but "MarchRex" (caption debris) is a word edge.
    month = rf"(?i:{_alt(kept(MONTHS))}|(?:{_alt(kept(MONTH_ABBREVIATIONS))})\.?)"
    # A day: 1-31, an optional ordinal ending, not the head of a bigger number
    # ("4,000", "4.5"), not glued to a word, not a count ("21 people").
    scale_after = (rf"[ \t]*(?i:%|(?:{_alt(kept(PERCENT_WORDS))}|{_alt(kept([*SCALES, *SCALE_SUFFIXES]))})\b"
                   rf"|\+|-(?:{_alt(kept(COUNT_COMPOUNDS))})\b)")
    count_after = rf"\s+(?i:{_alt(kept(COUNT_NOUNS))})\b"
    not_counted = rf"(?!{scale_after})(?!{count_after})"
    day = rf"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![A-Za-z0-9])(?![,.][0-9]){not_counted}"
    conj = (rf"(?:,?[ \t\n]*(?:{_alt(kept(DAY_LIST_WORDS))})(?![A-Za-z0-9])[ \t\n]*"
            rf"|[ \t\n]*[-&][ \t\n]*)")
    # "4", "4 and 5", "4, 5 and 21", "4-5": a comma list ends with a conjunction
    # ("August 21, 10 people" is one day).
    days = rf"{day}(?:(?:[ \t\n]*,[ \t\n]*{day})*{conj}{day})?"
    year_after_day = rf"(?:{_WS},?\s*(?P<year>{_YEAR}))?"
    return Patterns(
        month_led=(
            rf"(?P<month>{month}){_WORD_END}(?:"
            rf"{_WS}(?P<days>{days}(?:{_WS}(?:{conj}|,){_WS}{month}{_WORD_END}{_WS}{days})*)"
            rf"{year_after_day}"
            rf"|{_WS}(?:,\s*|of\s+)?(?P<myear>{_YEAR}){not_counted})",
            re.ASCII,
        ),
        day_led=(rf"(?P<days>{days}{_WS}(?:of\s+)?{month}{_WORD_END}){year_after_day}", re.ASCII),
        # after a bare four-digit number: neither a scale nor a counted range;
        # the group "count" is set when a count noun follows
        year_after=(
            rf"(?![a-z])(?![,.][0-9])(?!{scale_after})"
            rf"(?![ \t]*(?:-|to\b|and\b|or\b)[ \t]*[0-9][0-9,.]*(?:{scale_after}|{count_after}))"
            rf"(?P<count>(?={count_after}))?",
            re.ASCII,
        ),
    )


@lru_cache(maxsize=4)  # the texts being analysed (each str hashes once)
def _grammar_for(text: str) -> Patterns:
    return for_text(_grammar, _PRUNABLE, text)


_MONTH = rf"(?i:{alternation(MONTHS)}|(?:{alternation(MONTH_ABBREVIATIONS)})\.?)"
P = Patterns(
    # the months and days of a match, in order
    token=(rf"(?P<month>{_MONTH}){_WORD_END}|(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?", re.ASCII),
    month=(_MONTH + _WORD_END, re.ASCII),
    word_rest=r"[^\W_]*",
    weekday=(rf"(?i:{alternation(WEEKDAYS)}){_WORD_END}", re.ASCII),
    iso=(r"([0-9]{4})-([01][0-9])-([0-3][0-9])(?![A-Za-z0-9])(?!-[0-9])", re.ASCII),
)

# --------------------------------------------------------------------------
# Years that are counts
# --------------------------------------------------------------------------

# The last one or two words of a hedge (those ending in "to" read as time too).
_HEDGE_ENDS = frozenset(" ".join(h.split()[-2:]) if h.split()[-1] in ("as", "of") else h.split()[-1]
                        for h in HEDGES if h.split()[-1] != "to")
_COUNT_BEFORE = (frozenset(e for e in _HEDGE_ENDS if " " not in e) | COUNT_WORDS_BEFORE
                 | CODE_WORDS)
_COUNT_BEFORE_2 = frozenset(e for e in _HEDGE_ENDS if " " in e) | COUNT_PHRASES_BEFORE
_COUNT_BEFORE_2_LAST = frozenset(p.split()[1] for p in _COUNT_BEFORE_2)
_SIGNS = frozenset("~#" + CURRENCY_SIGNS)
_PUNCT = "([{\"'"


def _year_alone_ok(text: str, start: int, end: int) -> bool:
    """Whether a bare four-digit number at ``text[start:end]`` reads as a year."""
    after = _grammar_for(text).year_after.match(text, end)
    if after is None:
        return False
    words = text[start - 30 if start > 30 else 0:start].lower().rsplit(None, 2)  # the last two
    if words:
        word = words[-1]
        if word[-1] in _SIGNS:
            return False
        last = word.lstrip(_PUNCT)
        if last in _COUNT_BEFORE:
            return False
        if word in _COUNT_BEFORE_2_LAST and len(words) > 1 and f"{words[-2]} {word}" in _COUNT_BEFORE_2:
            return False
    else:
        last = ""
    return after["count"] is None or last in TIME_PREPOSITIONS


# --------------------------------------------------------------------------
# From tokens to mentions
# --------------------------------------------------------------------------


# A NamedTuple, not a dataclass: the class is created at every start of the gate, ~0.07 ms
# as a NamedTuple, ~0.45 ms as a frozen dataclass (docs/design.md, "The gate").
class _Tok(NamedTuple):
    """A month or a day inside a date match."""

    kind: str  # M (month) | D (day)
    start: int
    end: int
    value: int


_MONTH_NUMBER = {**MONTHS, **MONTH_ABBREVIATIONS}


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out = []
    for m in P.token.finditer(text, start, end):
        if m.lastgroup == "month":
            out.append(_Tok("M", m.start(), m.end(), _MONTH_NUMBER[m[0].lower().rstrip(".")]))
        else:
            out.append(_Tok("D", m.start(), m.end(), int(m["day"])))
    return out


def _valid(year: int | None, month: int, day: int) -> bool:
    """Whether the month has the day (February 29 without a year)."""
    if day <= 28:
        return True
    import calendar  # (here: most dates never get here, and the gate's start-up counts, issue #16.4)

    if month == 2:
        return day == 29 and (year is None or calendar.isleap(year))
    return day <= calendar.mdays[month]


def _convert(text: str, toks: list[_Tok], year: tuple[int, int, int] | None) -> list[DateMention]:
    """The day mentions of one match: its month and day tokens in order, and
    its year ``(start, end, value)``.  A mention a day; the first day of a
    month group starts at the month (month first) or the last day ends at the
    month (day first); the last day ends at the year."""
    items: list[tuple[_Tok, _Tok]] = []  # (month, day)
    month: _Tok | None = None
    day_first = toks[0].kind == "D"
    pending: list[_Tok] = []
    for tok in toks:
        if tok.kind == "M":
            month = tok
            if day_first:  # "4, 5 and 21 August": the month ends the list
                items.extend((tok, d) for d in pending)
                pending = []
        elif day_first:
            pending.append(tok)
        else:
            items.append((month, tok))  # type: ignore[arg-type]
    if not items or pending:
        return []
    months = [m.value for m, _ in items]
    out: list[DateMention] = []
    last = len(items) - 1
    for i, (mtok, dtok) in enumerate(items):
        y = year[2] if year is not None else None
        # a month after a later one in the list belongs to another year: no guess
        if y is not None and any(later < mtok.value for later in months[i + 1:]):
            y = None
        start, end = dtok.start, dtok.end
        if not day_first and (i == 0 or items[i - 1][0] is not mtok):
            start = mtok.start  # "August 4": the group's first day takes the month
        if i == last:
            if day_first:
                end = mtok.end
            if year is not None:
                end = year[1]
        if _valid(y, mtok.value, dtok.value):
            out.append(DateMention(start, end, text[start:end], y, mtok.value, dtok.value,
                                   "day" if y is not None else "none"))
    return out


def _year_group(m: re.Match[str], name: str) -> tuple[int, int, int] | None:
    if m[name] is None:
        return None
    value = int(m[name])
    return (m.start(name), m.end(name), value) if 1000 <= value <= 2100 else None


def _window_end(text: str, pos: int, size: int = 200) -> int:
    """Where the grammar stops reading from ``pos``: at a blank line, else
    after about ``size`` characters, not cutting a word in two."""
    end = pos + size
    blank = text.find("\n\n", pos, end)
    if blank >= 0:
        return blank
    return P.word_rest.match(text, end, end + 40).end() if end < len(text) else len(text)


def _grammar_at(pattern: re.Pattern[str], text: str, pos: int) -> tuple[list[DateMention], int]:
    """The day mentions of ``month_led``/``day_led`` at ``pos`` and where the
    match ends, or ``([], pos)``."""
    m = pattern.match(text, pos, _window_end(text, pos))
    if m is None:
        return [], pos
    if m["days"] is None:  # "August 2013"
        year = _year_group(m, "myear")
        if year is None:
            return [], pos
        return [DateMention(pos, year[1], text[pos:year[1]], year[2],
                            _MONTH_NUMBER[m["month"].lower().rstrip(".")], None, "month")], year[1]
    year = _year_group(m, "year")
    mentions = _convert(text, _tokens(text, pos, m.end("days")), year)
    return mentions, (year[1] if year is not None else m.end("days"))


def find_dates(text: str) -> list[DateMention]:
    """The date mentions in ``text``, sorted by start, never overlapping."""
    out: list[DateMention] = []
    last_end = 0
    grammar = _grammar_for(text)
    low, candidates = date_starts(text)
    for i in candidates:
        if i < last_end:
            continue
        if low[i + 1] == 48:  # a number
            if i > 1 and low[i - 1] == 48 and text[i - 1] in ",.":
                continue  # the tail of "1,400" or "4.5"
            if low[i + 1:i + 5] != b"0000":  # one or two digits
                mentions, end = _grammar_at(grammar.day_led, text, i)
                if mentions:
                    out.extend(mentions)
                    last_end = end
                continue
            end = i + 4
            if text.startswith("-", end) and (iso := P.iso.match(text, i)) is not None:
                y, mo, d = int(iso[1]), int(iso[2]), int(iso[3])
                if 1000 <= y <= 2100 and 1 <= mo <= 12 and d >= 1 and _valid(y, mo, d):
                    last_end = iso.end()
                    out.append(DateMention(i, last_end, iso[0], y, mo, d, "day"))
                    continue
            y = int(text[i:end])
            if 1000 <= y <= 2100 and _year_alone_ok(text, i, end):
                out.append(DateMention(i, end, text[i:end], y, None, None, "year"))
                last_end = end
            continue
        if low[i + 1:i + 4] in WEEKDAY_PREFIXES:
            if (m := P.weekday.match(text, i)) is not None:
                last_end = m.end()
                out.append(DateMention(i, last_end, m[0], None, None, None, "none"))
            continue
        m = P.month.match(text, i)
        if m is None:
            continue
        mentions, end = _grammar_at(grammar.month_led, text, i)
        if mentions:
            out.extend(mentions)
            last_end = end
            continue
        word = m[0]
        key = word.lower()
        if key in MONTHS and key not in MONTHS_ONLY_WITH_A_NUMBER and not word.islower():
            out.append(DateMention(i, m.end(), word, None, MONTHS[key], None, "none"))
            last_end = m.end()
    return out
