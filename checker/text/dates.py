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

Implementation: one ``re`` scan finds candidate starts.  The text is
encoded to ASCII bytes (one byte a character, so offsets stay) and
translated: letters lower case, digits ``0``, everything else a space.  A
pattern that starts with a literal space then finds four-digit numbers and
month/weekday prefixes at word starts (sre searches for a literal fast; an
alternation, let alone a case-insensitive one, is tried at every position).
A second translation finds prefixes glued to a lower-case letter (caption
debris).  Each candidate is confirmed on the text with the word regexes; a
day list before a month is read backwards from the month word.  At a month
word followed by a number, or at a day list, a pyparsing grammar (coarse
regex tokens: a whole day list is one token) runs on a short window (200
characters, cut at a blank line).  The month-led forms with one month
(``August 21``, ``August 4, 5 and 21, 2013``, ``August 2013``) are
frequent, so they are first read off one regex built from the grammar's own
tokens (atomic groups and possessive whitespace, as pyparsing does not
backtrack into a token) on the same window; only a further month group
(``August 30 and September 2``) or a day-first list goes to pyparsing
(tests check both routes agree).  One-token forms (weekday, month alone, ISO
date, bare year) are checked with plain regexes.  Packrat is not enabled.
Where a grammar match yields nothing valid (``February 30, 2013``) the month
alone and the year are tried instead.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
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
_DAY_NUM = r"(?:3[01]|[12][0-9]|0?[1-9])"
_DAY_TAIL = rf"{_ORD}(?![A-Za-z0-9])(?![,.][0-9])"
_DAY = _DAY_NUM + _DAY_TAIL
_YEAR = r"[0-9]{4}(?![0-9])(?![a-z])(?![,.][0-9])"

# --------------------------------------------------------------------------
# Prefilter: candidate start positions
# --------------------------------------------------------------------------

_A = re.ASCII  # never let IGNORECASE fold "\u017f" (long s) or "\u212a" (Kelvin) into a month
_MONTH_AT = re.compile(_MONTH_WORD + _WORD_END, _A)
_WEEKDAY_AT = re.compile(_WEEKDAY_WORD + _WORD_END, _A)

# The text is scanned as bytes with the same offsets: ``text.encode("ascii",
# "replace")`` (one byte a character), then translated so that letters are
# lower case, digits are "0" and everything else is a space, with one space
# put in front.  A word start is then a space followed by the word, so the
# scan pattern starts with a literal and its alternatives with literals (sre
# searches for those fast; an alternation of words, or a case-insensitive
# one, is tried at every position).
_LOWER = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 48 if 48 <= c <= 57 else 32
    for c in range(256)
)
# Caption debris ("ReutersAugust": a lower-case letter, then an upper-case
# one, is a word edge too): lower-case letters become "a", the upper-case
# initials of months and weekdays "J", the rest a space.
_SHAPE = bytes(97 if 97 <= c <= 122 else 74 if c in b"JFMASONDTW" else 32 for c in range(256))
_GLUED = re.compile(b"J(?<=aJ)")
# Three-letter month and weekday prefixes, as a trie.
_PREFIXES_TRIE = rb"j(?:an|u[nl])|f(?:eb|ri)|m(?:a[ry]|on)|a(?:pr|ug)|s(?:ep|at|un)|oct|nov|dec|t(?:ue|hu)|wed"
_PREFIX = re.compile(_PREFIXES_TRIE)
_WEEKDAY_PREFIXES = frozenset({b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun"})
# A four-digit number or a month/weekday prefix at a word start: the match
# starts at the space, whose index in the padded bytes is the word's index in
# the text.
_SCAN = re.compile(rb" (?:" + _PREFIXES_TRIE + rb"|0000(?!0))")
_START = re.Match.start
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
# A day list before a month ends with one of these (read backwards past the
# separators " \t\n,"): a digit, an ordinal's last letter, or "of".
_DAYS_BEFORE_SEP = " \t\n,"
_DAYS_BEFORE_LAST = "0123456789tdhf"


def _debris_starts(low: bytes, shape: bytes) -> list[int]:
    """Month/weekday prefixes glued to a lower-case letter ("ReutersAugust").

    Only those a plain scan (non-overlapping prefix matches over the whole
    lower-cased text) reports: "JaNov" gives "jan", not "Nov".  That scan is
    replayed from the start of the letter run.  ``low`` is padded: text index
    ``i`` is ``low[i + 1]``.
    """
    out: list[int] = []
    for glued in _GLUED.finditer(shape):
        i = glued.start()  # the upper-case letter
        if _PREFIX.match(low, i + 1):
            r = i
            while 97 <= low[r] <= 122:  # low[r] is text[r - 1]; low[0] is a space
                r -= 1
            for hit in _PREFIX.finditer(low, r + 1, i + 4):
                if hit.start() >= i + 1:
                    if hit.start() == i + 1:
                        out.append(i)
                    break
    return out


def _scan(text: str) -> tuple[bytes, Iterable[int]]:
    """The padded lower-cased bytes of ``text`` and the candidate starts.

    Candidates, in order: four-digit numbers (``low[i + 1] == 48``), and
    month and weekday prefixes at a word start or glued to a lower-case
    letter (``ReutersAugust``); the caller confirms each on the text.
    """
    encoded = text.encode("ascii", "replace")
    low = b" " + encoded.translate(_LOWER)
    hits: Iterable[int] = map(_START, _SCAN.finditer(low))
    shape = encoded.translate(_SHAPE)
    if _GLUED.search(shape) is not None:
        debris = _debris_starts(low, shape)
        if debris:
            hits = sorted([*hits, *debris])
    return low, hits


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


_HEDGES_CODES = _HEDGES | _CODES
_HEDGES_2_LAST = frozenset(h.split()[1] for h in _HEDGES_2)
# After a bare four-digit number: the rest of the year pattern, then neither
# a scale nor a counted range; the group ``count`` is set when a count noun
# follows (which a time preposition before the number excuses).
_YEAR_AFTER = re.compile(
    rf"(?![a-z])(?![,.][0-9])(?!{_SCALE_AFTER})(?!{_FOLLOW_RANGE_COUNT.pattern})"
    rf"(?P<count>(?={_COUNT_AFTER}))?",
    _A,
)


def _year_alone_ok(text: str, start: int, end: int) -> bool:
    """Whether a bare four-digit number at ``start`` reads as a year.

    ``text[start:end]`` is four digits, not followed by a digit.
    """
    after = _YEAR_AFTER.match(text, end)
    if after is None:
        return False
    words = text[start - 30 if start > 30 else 0:start].lower().rsplit(None, 2)  # the last two
    if words:
        word = words[-1]
        if word[-1] in _SIGNS:
            return False
        last = word.lstrip(_PUNCT)
        if last in _HEDGES_CODES:
            return False
        if word in _HEDGES_2_LAST and len(words) > 1 and f"{words[-2]} {word}" in _HEDGES_2:
            return False
    else:
        last = ""
    return after[1] is None or last in _TIME_PREPS


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
_DAYS_REST = rf"(?:(?:[ \t\n]*,[ \t\n]*{_DAY_NC})*{_CONJ}{_DAY_NC})?"
_DAYS = _DAY_NC + _DAYS_REST
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

# The month-led grammar's common outcomes without pyparsing: matched right
# after the month word, on the same window, with the grammar's tokens as
# atomic groups (pyparsing never backtracks into a token) and its whitespace
# skipping as a possessive run.  ``days`` is the grammar's days token split
# into the first day and the ``rest`` of a list; ``more`` is set when a
# further "and September 2" group may follow (a superset of the grammar's
# test), and ``gap`` is the whitespace pyparsing skips before trying the
# year (the match ends after it when there is no year).
_WS_CHARS = "".join(sorted(_MONTH_LED.whiteChars))
_WS = f"[{re.escape(_WS_CHARS)}]*+" if _WS_CHARS else ""
_AFTER_MONTH = re.compile(
    rf"{_WS}(?:"
    rf"(?>(?P<days>(?P<day>{_DAY_NUM}){_DAY_TAIL}{_NOT_COUNTED}(?P<rest>{_DAYS_REST})))"
    rf"(?P<more>(?={_WS[:-1]}(?:{_CONJ}|,){_WS[:-1]}{_MONTH_WORD}))?"
    rf"(?P<gap>{_WS})(?:,?\s*(?P<year>{_YEAR}))?"
    rf"|(?P<monthyear>(?:,\s*|of\s+)?(?P<myear>{_YEAR}){_NOT_COUNTED})"
    r")?",
    _A,
)
# Month words (as matched, lower-cased) and their months.
_MONTH_OF = {**_MONTHS, **_ABBREVIATIONS, **{k + ".": v for k, v in _ABBREVIATIONS.items()}}

# Single-token forms need no grammar: checked with these.
_ISO_AT = re.compile(r"([0-9]{4})-([01][0-9])-([0-3][0-9])(?![A-Za-z0-9])(?!-[0-9])", _A)
# After a month word, something a grammar could continue with.
_NUMBER_NEXT = re.compile(r"[ \t\n]*(?:,[ \t\n]*|of[ \t\n]+)?[0-9]", _A)

# --------------------------------------------------------------------------
# From tokens to mentions
# --------------------------------------------------------------------------


def _valid(year: int | None, month: int, day: int) -> bool:
    """Whether the month has the day (February 29 without a year)."""
    if day <= 28:
        return True
    if month == 2:
        return day == 29 and (year is None or calendar.isleap(year))
    return day <= calendar.mdays[month]


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
    """Where the window from ``pos`` ends: at a blank line, else after about
    :data:`_WINDOW` characters, not cutting a token in two."""
    n = len(text)
    end = pos + _WINDOW
    if end > n:
        end = n
    blank = text.find("\n\n", pos, end)
    if blank >= 0:
        return blank
    if end < n and text[end].isalnum():  # do not cut a token in two
        limit = end + 40 if end + 40 < n else n
        while end < limit and text[end].isalnum():
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


def _month_led(text: str, pos: int, word_end: int, out: list[DateMention]) -> int:
    """The month-led grammar at the month word ``text[pos:word_end]``.

    Appends the mentions found to ``out`` and returns where the match ends,
    or -1 when it gives nothing valid.  Forms with one month ("August 21",
    "August 4, 5 and 21, 2013", "August 2013", no match) are read off
    :data:`_AFTER_MONTH` the way the grammar's parse actions and
    :func:`_convert` would; a further month group goes to pyparsing.
    """
    m = _AFTER_MONTH.match(text, word_end, _window_end(text, pos))
    assert m is not None  # everything in it is optional
    _, day, rest, more, _, year, _, myear = m.groups()
    if day is not None:
        if more is not None:
            mentions, end = _parse(_MONTH_LED, text, pos)
            if not mentions:
                return -1
            out.extend(mentions)
            return end
        month = _MONTH_OF[text[pos:word_end].lower()]
        # the last mention ends at the year, or at the last day; the match
        # also takes in the whitespace skipped before an absent year
        y: int | None
        if year is not None and 1000 <= (y := int(year)) <= 2100:
            stop = end = m.end("year")
            precision = "day"
        else:
            y, stop, end = None, m.end("days"), m.end("gap")
            precision = "none"
        if not rest:  # one day
            d = int(day)
            if not _valid(y, month, d):
                return -1
            out.append(DateMention(pos, stop, text[pos:stop], y, month, d, precision))
            return end
        # a list: a mention a day, the first from the month, the last to the year
        found = list(_DAY_SCAN.finditer(text, m.start("days"), m.end("days")))
        last = found[-1]
        n = len(out)
        for dm in found:
            d = int(dm[1])
            if _valid(y, month, d):
                s = pos if dm is found[0] else dm.start()
                e = stop if dm is last else dm.end()
                out.append(DateMention(s, e, text[s:e], y, month, d, precision))
        return end if len(out) > n else -1
    if myear is not None and 1000 <= (y := int(myear)) <= 2100:
        end = m.end("monthyear")  # "2013", ", 2013" or "of 2013"
        month = _MONTH_OF[text[pos:word_end].lower()]
        out.append(DateMention(pos, end, text[pos:end], y, month, None, "month"))
        return end
    return -1


def find_dates(text: str) -> list[DateMention]:
    """The date mentions in ``text``, sorted by start, never overlapping."""
    out: list[DateMention] = []
    low, hits = _scan(text)
    last_end = 0
    month_at = _MONTH_AT.match
    number_next = _NUMBER_NEXT.match
    for i in hits:
        if low[i + 1] == 48:  # a four-digit number (not the tail of "1,2013")
            if i < last_end or (i > 1 and low[i - 1] == 48 and text[i - 1] in ",."):
                continue
            end = i + 4
            if text[end:end + 1] == "-":
                iso = _ISO_AT.match(text, i)
                if iso is not None:
                    y, mo, d = int(iso[1]), int(iso[2]), int(iso[3])
                    if 1000 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d and _valid(y, mo, d):
                        last_end = iso.end()
                        out.append(DateMention(i, last_end, iso[0], y, mo, d, "day"))
                        continue
            digits = text[i:end]
            y = int(digits)
            if 1000 <= y <= 2100 and _year_alone_ok(text, i, end):
                out.append(DateMention(i, end, digits, y, None, None, "year"))
                last_end = end
            continue
        if low[i + 1:i + 4] in _WEEKDAY_PREFIXES:
            if i >= last_end and (m := _WEEKDAY_AT.match(text, i)) is not None:
                last_end = m.end()
                out.append(DateMention(i, last_end, m[0], None, None, None, "none"))
            continue
        m = month_at(text, i)
        if m is None:
            continue
        if i and text[i - 1] in _DAYS_BEFORE_SEP:  # "4, 5 and 21 August"?
            lo = i - _LOOKBACK if i > _LOOKBACK else 0
            j = i - 2
            while j >= lo and text[j] in _DAYS_BEFORE_SEP:
                j -= 1
            if j >= lo and text[j] in _DAYS_BEFORE_LAST:
                days = _DAYS_BEFORE_R.match(text[lo:i][::-1])
                if days is not None and (p := i - days.end()) >= last_end:
                    mentions, end = _parse(_DAY_LED, text, p)
                    if mentions:
                        out.extend(mentions)
                        last_end = end
        if i < last_end:
            continue
        word_end = m.end()
        if number_next(text, word_end) and (end := _month_led(text, i, word_end, out)) >= 0:
            last_end = end
            continue
        word = m[0]
        key = word.lower()
        if key in _MONTHS and key not in ("may", "march") and not word.islower():
            out.append(DateMention(i, word_end, word, None, _MONTHS[key], None, "none"))
            last_end = word_end
    return out
