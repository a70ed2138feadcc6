"""Date mentions in news text.

:func:`find_dates` finds the dates stated in typography-unified text (the
``text`` of :func:`checker.text.normalize.normalize`) and returns them as
:class:`~checker.models.DateMention`, sorted by start, never overlapping.

Forms and what they give:

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

Rules of thumb (documented limits):

* Month names are case-insensitive with a day or a year.  A month *alone*
  needs a full name that is not all lower case (``august`` is an adjective),
  and never ``May`` or ``March`` (``May said``, ``march on``): those two, and
  abbreviations (``Aug.``), are months only next to a day or a year.
* A bare four-digit number is not a year when it is clearly a count: followed
  by ``%``/``percent``, a scale word (``million``), a count noun (``people``,
  ``dead``, ``children``...), ``-strong``/``-year``..., or a counted range
  (``1000 to 1500 people``); preceded by a hedge
  (``around``, ``more than``, ``some``...), a currency sign, or a code word
  (``Branch``, ``Room``, ``Resolution``, ``No.``).  After a time preposition
  (``in``, ``since``, ``during``...) a count noun does not block it
  (``in 2013 people fled`` is a year).  ``up to 2013`` stays a year.
* Decades (``1990s``), ISO year-months (``2013-08``, would clash with seasons
  like ``2011-12``), two-digit years and weekday abbreviations are not
  mentions.  ``August and September 2013`` gives ``August`` (none) and
  ``September 2013`` (month).
* A date does not run across a blank line; a single line break is allowed.
* Scraped caption debris glued to a word is tolerated: ``August 2013[/caption]``,
  ``in 2013Rex``; a lower-case letter glued on is not (``Mayor``, ``1990s``).

Implementation: a fast ``re`` prefilter finds candidate starts (month words
via a lower-cased bytes copy, weekdays, four-digit numbers, and day lists
found by reading backwards from a month word).  At a month word followed by a
number, or a day list, a pyparsing grammar (coarse regex tokens: a whole day
list is one token) runs on a short window (200 characters, cut at a blank
line).  One-token forms (weekday, month alone, ISO date, bare year) are
checked with plain regexes.  Packrat is not enabled.  Where a grammar match
yields nothing valid (``February 30, 2013``) the month alone and the year are
tried instead.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

import pyparsing as pp

from checker.models import DateMention

__all__ = ["find_dates"]

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12,
}
_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

# Month words: full names, or abbreviations with an optional period.  Case
# folded inside; the right edge is case-sensitive: no lower-case letter or
# digit may follow, nor an upper-case letter after an all-caps word
# ("MAYOR", "AUGUSTA"), but "MarchRex" (caption debris) is a word edge.
_MONTH_WORD = (
    r"(?i:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|sept\.?|(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\.?)"
)
_WEEKDAY_WORD = r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_WORD_END = r"(?![a-z0-9])(?!(?<=[A-Z])[A-Z])"
_ORD = r"(?:st|nd|rd|th)?"
# A day number: 1-31, optional ordinal, and not the head of a bigger number
# ("4,000", "4.5") nor glued to a word.
_DAY = rf"(?:3[01]|[12][0-9]|0?[1-9]){_ORD}(?![A-Za-z0-9])(?![,.][0-9])"
_YEAR = r"[0-9]{4}(?![0-9])(?![a-z])(?![,.][0-9])"

# --------------------------------------------------------------------------
# Prefilter: candidate start positions
# --------------------------------------------------------------------------

_A = re.ASCII  # never let IGNORECASE fold "\u017f" (long s) or "\u212a" (Kelvin) into a month
# Word prefixes, searched in an ASCII lower-cased bytes copy of the text (same
# offsets; sre finds an alternation of plain literals fast, a case-insensitive
# one slowly); each hit is confirmed on the text itself.
_PREFIX = re.compile(rb"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun")
_MONTH_AT = re.compile(_MONTH_WORD + _WORD_END, _A)
_WEEKDAY_AT = re.compile(_WEEKDAY_WORD + _WORD_END, _A)
_FOUR_DIGITS = re.compile(r"(?<![A-Za-z0-9])(?<![0-9][,.])[0-9]{4}(?![0-9])", _A)
# "4, 5 and 21 " before a month, read backwards from the month (so that text
# dense with numbers costs nothing): the reversed day list, then the edge
# before its first day (no letter or digit, not "1,4").
_ORD_R = r"(?:ts|dn|dr|ht)?"
_DAYS_BEFORE_R = re.compile(
    r"(?:[ \t\n]+fo)?[ \t\n,]+"
    rf"{_ORD_R}[0-9]{{1,2}}"
    rf"(?:(?:\s+(?:dna|ro|ot|hguorht|litnu))?(?:[ \t]*[,&-][ \t]*|\s+){_ORD_R}[0-9]{{1,2}}){{0,12}}"
    r"(?![A-Za-z0-9])(?![,.][0-9])",
    _A,
)
_LOOKBACK = 150

# Candidate kinds
_NUMBER, _MONTH, _WEEKDAY, _DAYS = range(4)


def _candidates(text: str) -> list[tuple[int, int, int]]:
    """Sorted (position, kind, end of the word) where a date may start."""
    out = [(m.start(), _NUMBER, m.end()) for m in _FOUR_DIGITS.finditer(text)]
    low = text.encode("ascii", "replace").lower()
    month_at = _MONTH_AT.match
    weekday_at = _WEEKDAY_AT.match
    days_before = _DAYS_BEFORE_R.match
    for hit in _PREFIX.finditer(low):
        i = hit.start()
        if i:
            prev = text[i - 1]
            if prev.isascii() and prev.isalnum() and not (
                prev.islower() and text[i].isupper()  # caption debris: "ReutersAugust"
            ):
                continue
        m = month_at(text, i)
        if m is not None:
            out.append((i, _MONTH, m.end()))
            back = text[max(0, i - _LOOKBACK):i][::-1]
            d = days_before(back)
            if d is not None:
                out.append((i - d.end(), _DAYS, i))
            continue
        m = weekday_at(text, i)
        if m is not None:
            out.append((i, _WEEKDAY, m.end()))
    out.sort()
    return out


_WINDOW = 200  # characters of text the grammar sees from a candidate

# --------------------------------------------------------------------------
# Context tests (counts that look like years or days)
# --------------------------------------------------------------------------

_COUNT_NOUNS = (
    "people|persons|dead|deaths|children|civilians|victims|injured|wounded|"
    "soldiers|troops|fighters|rebels|militants|refugees|migrants|residents|"
    "men|women|families|homes|houses|buildings|casualties|cases|members|lives|"
    "protesters|workers|employees|jobs|votes|voters|others|more|"
    "km|kilometres|kilometers|miles|metres|meters|feet|ft|kg|tonnes|tons|"
    "hectares|acres|square|dollars|euros|pounds|rockets|missiles|shells|times|"
    "of them|of whom|of which|of those|or so"
)
_SCALE = (
    r"%|percent\b|per\s+cent\b|pc\b|(?:hundred|thousand|million|billion|trillion|bn|mn)\b|"
    r"\+|-(?:plus|odd|strong|year|member|man|page|mile|seat|bed)\b"
)
_SCALE_AFTER = rf"[ \t]*(?i:{_SCALE})"
_COUNT_AFTER = rf"\s+(?i:{_COUNT_NOUNS})\b"
_FOLLOW_SCALE = re.compile(_SCALE_AFTER, _A)
_FOLLOW_COUNT = re.compile(_COUNT_AFTER, _A)
_NOT_COUNTED = rf"(?!{_SCALE_AFTER})(?!{_COUNT_AFTER})"
# "1000 to 1500 people": the first number of a counted range
_FOLLOW_RANGE_COUNT = re.compile(
    rf"[ \t]*(?:-|to\b|and\b|or\b)[ \t]*[0-9][0-9,.]*(?:{_SCALE_AFTER}|{_COUNT_AFTER})", _A
)

# The word (or two) just before a bare four-digit number.
_HEDGES = frozenset(
    "around about nearly almost some over under than least most approximately approx. "
    "roughly estimated kill killed killing injuring injured wounding wounded displacing "
    "displaced".split()
)
_HEDGES_2 = frozenset({
    "total of", "toll of", "tally of", "many as", "few as", "upwards of", "excess of",
})
_CODES = frozenset(
    "branch room flight route highway unit no. nos. number resolution article section "
    "page chapter code model bus platform gate suite apartment box ext ext. tel tel. phone "
    "pin ref ref. reference batch lot serial".split()
)
_TIME_PREPS = frozenset("in since during until till from before after".split())
_SIGNS = frozenset("~$#\u20ac\u00a3\u00a5")
_PUNCT = "([{\"'"


def _year_alone_ok(text: str, start: int, end: int) -> bool:
    """Whether a bare four-digit number at ``start`` reads as a year."""
    before = text[max(0, start - 30):start]
    stripped = before.rstrip()
    if stripped[-1:] in _SIGNS:
        return False
    words = stripped.lower().split()[-2:]
    last = words[-1].lstrip(_PUNCT) if words else ""
    if last in _HEDGES or last in _CODES or " ".join(words) in _HEDGES_2:
        return False
    if _FOLLOW_SCALE.match(text, end) or _FOLLOW_RANGE_COUNT.match(text, end):
        return False
    if _FOLLOW_COUNT.match(text, end) and last not in _TIME_PREPS:
        return False
    return True


# --------------------------------------------------------------------------
# Grammar
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # M (month) | D (day) | Y (year)
    start: int  # offsets in the window
    end: int
    value: int = 0
    word: str = ""


_DAY_NC = _DAY + _NOT_COUNTED  # "August 21 people" has no day
_CONJ = r"(?:,?[ \t\n]*(?:and|or|to|through|until)(?![A-Za-z0-9])[ \t\n]*|[ \t\n]*[-&][ \t\n]*)"
# "4", "4 and 5", "4, 5 and 21", "4-5": a comma list must end with a
# conjunction ("August 21, 10 people" is one day).
_DAYS = rf"{_DAY_NC}(?:(?:[ \t\n]*,[ \t\n]*{_DAY_NC})*{_CONJ}{_DAY_NC})?"
_DAY_SCAN = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?", _A)
_MONTH_SCAN = re.compile(_MONTH_WORD, _A)


def _month_tok(loc: int, word: str) -> _Tok:
    key = word.lower().rstrip(".")
    return _Tok("M", loc, loc + len(word), _MONTHS.get(key) or _ABBREVIATIONS[key], word)


def _month_action(s: str, loc: int, toks: pp.ParseResults) -> _Tok:
    matched = toks[0]  # "August" or "of August"
    m = _MONTH_SCAN.search(matched)
    assert m is not None
    return _month_tok(loc + m.start(), m.group())


def _days_action(s: str, loc: int, toks: pp.ParseResults) -> list[_Tok]:
    return [
        _Tok("D", loc + m.start(), loc + m.end(), int(m.group(1)))
        for m in _DAY_SCAN.finditer(toks[0])
    ]


def _year_action(s: str, loc: int, toks: pp.ParseResults) -> _Tok:
    end = loc + len(toks[0])  # ", 2013": the year is the last four characters
    return _Tok("Y", end - 4, end, int(toks[0][-4:]))


def _year_in_range(toks: pp.ParseResults) -> bool:
    return 1000 <= toks[0].value <= 2100


def _build() -> tuple[pp.ParserElement, pp.ParserElement]:
    """The grammars for dates led by a month word and by a day number.

    Tokens are coarse regexes (a whole day list is one token) because each
    pyparsing element costs microseconds; the structure lives in the grammar.
    """
    month = pp.Regex(_MONTH_WORD + _WORD_END, _A).set_parse_action(_month_action).set_name("month")
    of_month = (
        pp.Regex(rf"(?:of\s+)?{_MONTH_WORD}{_WORD_END}", _A)
        .set_parse_action(_month_action)
        .set_name("month")
    )
    days = pp.Regex(_DAYS, _A).set_parse_action(_days_action).set_name("days")
    year_tail = (  # ", 2013" after a day
        pp.Regex(rf",?\s*{_YEAR}", _A)
        .set_parse_action(_year_action)
        .add_condition(_year_in_range)
        .set_name("year")
    )
    month_year_tail = (  # ", 2013" / "of 2013" / "2013" after a month, not "1400 people"
        pp.Regex(rf"(?:,\s*|of\s+)?{_YEAR}{_NOT_COUNTED}", _A)
        .set_parse_action(_year_action)
        .add_condition(_year_in_range)
        .set_name("year")
    )
    group_sep = pp.Suppress(pp.Regex(rf"{_CONJ}|,", _A))

    month_first = month + days + pp.ZeroOrMore(group_sep + month + days) + pp.Opt(year_tail)
    month_year = month + month_year_tail
    day_first = days + of_month + pp.Opt(year_tail)

    month_led = pp.Located(month_first | month_year).parse_with_tabs()
    day_led = pp.Located(day_first).parse_with_tabs()
    return month_led, day_led


_MONTH_LED, _DAY_LED = _build()

# Single-token forms need no grammar: checked with these.
_ISO_AT = re.compile(r"([0-9]{4})-([01][0-9])-([0-3][0-9])(?![A-Za-z0-9])(?!-[0-9])", _A)
_YEAR_AT = re.compile(_YEAR, _A)
# After a month word, something a grammar could continue with.
_NUMBER_NEXT = re.compile(r"[ \t\n]*(?:,[ \t\n]*|of[ \t\n]+)?[0-9]", _A)

# --------------------------------------------------------------------------
# From tokens to mentions
# --------------------------------------------------------------------------


def _valid(year: int | None, month: int, day: int) -> bool:
    if year is None:
        return day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])
    return day <= calendar.monthrange(year, month)[1]


def _mention(text: str, base: int, start: int, end: int, year: int | None,
             month: int | None, day: int | None, precision: str) -> DateMention:
    s, e = base + start, base + end
    return DateMention(s, e, text[s:e], year, month, day, precision)


def _convert(text: str, base: int, toks: list[_Tok]) -> list[DateMention]:
    """Mentions from the tokens of one grammar match (offsets from ``base``)."""
    first = toks[0]
    if len(toks) == 1:  # a month alone (checked by the grammar)
        return [_mention(text, base, first.start, first.end, None, first.value, None, "none")]  # type: ignore[arg-type]
    if len(toks) == 2 and toks[1].kind == "Y" and first.kind == "M":
        y = toks[1]
        return [_mention(text, base, first.start, y.end, y.value, first.value, None, "month")]  # type: ignore[arg-type]

    year_tok = toks[-1] if toks[-1].kind == "Y" else None
    body = toks[:-1] if year_tok else toks
    # (month token or None, day token) in text order; months assigned below.
    items: list[tuple[_Tok | None, _Tok]] = []
    pending_month: _Tok | None = None
    day_first = body[0].kind == "D"
    for tok in body:
        if tok.kind == "M":
            pending_month = tok
            if day_first:  # "4, 5 and 21 August": the month ends the list
                items = [(tok, d) for _, d in items]
        elif tok.kind == "D":
            items.append((pending_month, tok))
    if not items or any(m is None for m, _ in items):
        return []
    months = [m.value for m, _ in items]  # type: ignore[union-attr]
    out: list[DateMention] = []
    last = len(items) - 1
    for i, (mtok, dtok) in enumerate(items):
        month = mtok.value  # type: ignore[union-attr]
        y = year_tok.value if year_tok else None
        # a month after a later one in the list belongs to another year: no guess
        if y is not None and any(later < month for later in months[i + 1:]):
            y = None
        start, end = dtok.start, dtok.end
        if not day_first and (i == 0 or items[i - 1][0] is not mtok):
            start = mtok.start  # "August 4": the group's first day takes the month
        if i == last:
            if day_first:
                end = mtok.end  # type: ignore[union-attr]
            if year_tok is not None:
                end = year_tok.end
        if not _valid(y, month, dtok.value):  # type: ignore[arg-type]
            continue
        out.append(_mention(text, base, start, end, y, month, dtok.value,  # type: ignore[arg-type]
                            "day" if y is not None else "none"))
    return out


def _window_end(text: str, pos: int) -> int:
    n = len(text)
    end = min(n, pos + _WINDOW)
    blank = text.find("\n\n", pos, end)
    if blank >= 0:
        return blank
    limit = min(n, end + 40)
    while end < limit and text[end].isalnum():  # do not cut a token in two
        end += 1
    return end


def _parse(grammar: pp.ParserElement, text: str, pos: int) -> tuple[list[DateMention], int]:
    """Run ``grammar`` at ``pos``: the mentions found and where the match ends."""
    try:
        result = grammar.parse_string(text[pos:_window_end(text, pos)])
    except pp.ParseException:
        return [], pos
    toks: list[_Tok] = list(result["value"])
    return _convert(text, pos, toks), pos + result["locn_end"]


def _single(text: str, pos: int, kind: int, word_end: int) -> DateMention | None:
    """A one-token date: ISO date, year, weekday or month alone."""
    if kind == _WEEKDAY:
        return DateMention(pos, word_end, text[pos:word_end], None, None, None, "none")
    if kind == _MONTH:
        word = text[pos:word_end]
        key = word.lower()
        if key in _MONTHS and key not in ("may", "march") and not word.islower():
            return DateMention(pos, word_end, word, None, _MONTHS[key], None, "none")
        return None
    m = _ISO_AT.match(text, pos)
    if m is not None:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if 1000 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d and _valid(y, mo, d):
            return DateMention(pos, m.end(), m[0], y, mo, d, "day")
    m = _YEAR_AT.match(text, pos)
    if m is not None and 1000 <= (y := int(m[0])) <= 2100 and _year_alone_ok(text, pos, m.end()):
        return DateMention(pos, m.end(), m[0], y, None, None, "year")
    return None


def find_dates(text: str) -> list[DateMention]:
    """The date mentions in ``text``, sorted by start, never overlapping."""
    out: list[DateMention] = []
    last_end = 0
    number_next = _NUMBER_NEXT.match
    for pos, kind, word_end in _candidates(text):
        if pos < last_end:
            continue
        if kind == _DAYS or (kind == _MONTH and number_next(text, word_end)):
            mentions, end = _parse(_DAY_LED if kind == _DAYS else _MONTH_LED, text, pos)
            if mentions:
                out.extend(mentions)
                last_end = end
                continue
            if kind == _DAYS:
                continue
        single = _single(text, pos, kind, word_end)
        if single is not None:
            out.append(single)
            last_end = single.end
    return out
