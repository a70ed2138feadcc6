"""Quantities in news text: ``find_quantities(text) -> [Quantity]``.

Regex first, grammar second: candidate positions (a digit, a number word, a
hedge followed by either, a vague plural) are found first, by a fast ``re``
prefilter or, with the article's word index, by looking the words up; the
grammar runs only there, never over the whole text.  The grammar is written
twice: as pyparsing elements (:func:`reference_grammar`, the readable
reference) and as a recursive-descent reading of it with one ``re`` pattern
per element (:func:`_parse_at`), which is what runs: a few ``re`` matches per
candidate instead of a tree of pyparsing calls.  Tests check that the two
agree.  Each match is then checked against what is *not* a quantity: years,
days of the month, ordinals, numbers in names and codes, times.

Forms (see SPEC §4, "Quantities in text"): ``1,400``, ``1.4``, ``1.4
million``, ``5bn``, number words (:mod:`checker.text.numwords`), hedges before
(``around``, ``more than``, ``~`` …) or after (``400-plus``, ``400+``, ``or
more``), ranges (``1,000 to 1,500``, ``1,000-1,500``, ``between 1,000 and
1,500``; kind ``range``, value = low), vague plurals (``dozens``, ``tens of
thousands`` …; kind ``vague``, value = low) and percentages (kind
``percent``; a percentage range such as ``10 to 15 percent`` is kind
``percent`` with low/high set).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pyparsing as pp

from ..models import Quantity
from .numwords import (NUMBER_FAST_P, START_WORDS, TEENS, TENS, UNITS, WordNumber, evaluate,
                       number_expr, tokens_of)
from .tokens import WordIndex

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

HEDGES: tuple[str, ...] = (
    "no more than", "no fewer than", "no less than", "not more than", "not less than",
    "more than", "fewer than", "less than", "at least", "at most", "up to",
    "as many as", "as few as", "as much as", "close to", "upwards of", "in excess of",
    "an estimated", "estimated", "just over", "just under", "well over", "well under",
    "nearly", "almost", "around", "about", "approximately", "roughly", "some",
    "over", "under",
)
_HEDGE_RE = "|".join(h.replace(" ", r"\s+") for h in sorted(HEDGES, key=len, reverse=True))

# (pattern, low, high) for vague plurals, longest first.
VAGUE: tuple[tuple[str, int, int], ...] = (
    (r"tens\s+of\s+thousands", 20_000, 99_999),
    (r"hundreds\s+of\s+thousands", 200_000, 999_999),
    (r"tens\s+of\s+millions", 20_000_000, 99_999_999),
    (r"hundreds\s+of\s+millions", 200_000_000, 999_999_999),
    (r"tens\s+of\s+billions", 20_000_000_000, 99_999_999_999),
    (r"hundreds\s+of\s+billions", 200_000_000_000, 999_999_999_999),
    (r"(?:several|a\s+few)\s+dozen", 24, 99),
    (r"(?:several|a\s+few)\s+hundred", 200, 999),
    (r"(?:several|a\s+few)\s+thousand", 2_000, 9_999),
    (r"(?:several|a\s+few)\s+million", 2_000_000, 9_999_999),
    (r"(?:several|a\s+few)\s+billion", 2_000_000_000, 9_999_999_999),
    (r"dozens", 24, 99),
    (r"hundreds", 200, 999),
    (r"thousands", 2_000, 9_999),
    (r"millions", 2_000_000, 9_999_999),
    (r"billions", 2_000_000_000, 9_999_999_999),
)
_VAGUE_RES = [(re.compile(p + r"\Z", re.I), lo, hi) for p, lo, hi in VAGUE]

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_ORD_SUFFIX = r"(?:st|nd|rd|th)?"
_DAY = rf"\d{{1,2}}{_ORD_SUFFIX}(?![\d,]\d)"
_DAY_LIST = rf"{_DAY}(?:\s*(?:,|-|&|and|to)\s*{_DAY}\b){{0,31}}+"  # bounded, possessive: "1-1-1-…" was quadratic
# "August 21", "Aug. 4, 5 and 21", "21 August", "4-5 August", "21st of August"
_DATE_RE = re.compile(
    rf"(?<![\w])(?:(?:{MONTHS})\.?\s+{_DAY_LIST}\b|{_DAY_LIST}\s+(?:of\s+)?(?:{MONTHS})\b)"
)

# Suffixes glued to digits that keep them a quantity ("5bn", "10km").
_SCALE_SUFFIX = {"bn": 10**9, "tn": 10**12, "mn": 10**6}
_CURRENCY_SCALE_SUFFIX = {"m": 10**6, "k": 10**3}  # only after $, £, €
_UNIT_SUFFIX = frozenset(
    "km kg m cm mm g mg kw mw gw kwh mwh gwh ft lb lbs mph kph kmh ha ml l sq mi".split()
)
_ORDINAL_AFTER = re.compile(
    r"([\s-]*)(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh"
    r"|twelfth|[a-z]+teenth|[a-z]+tieth|hundredth|thousandth|millionth|billionth"
    r"|halves|thirds|quarters|fourths|fifths|sixths|sevenths|eighths|ninths|tenths)\b",
    re.I,
)
_TIME_AFTER = re.compile(
    r"(?::\d|\.\d\d\s*[ap]\.?m\b|\s*(?:[ap]\.m\.|[ap]m\b|o'clock\b|gmt\b|utc\b|hrs\b|GMT\b))", re.I
)
_ONE_BEFORE = re.compile(
    r"(?:^|[^\w])(?:the|this|that|which|any|every|no|each|someone|anyone)\s+\Z", re.I
)
_ONE_AFTER = re.compile(
    r"\s+(?:may|might|can|could|should|must|would|will|another|else)\b|'s\b", re.I
)
_FROM_BEFORE = re.compile(r"(?:^|[^\w])from\s+\Z", re.I)
_SENTENCE_END_CHARS = set('.!?"\'(:;[-\n')
_EXEMPT_PREV = frozenset(
    "a an the and or to of by from between i at in on for as".split()
    + [w for h in HEDGES for w in h.split()]
    + list(START_WORDS)
)
_POINT_BEFORE = re.compile(r"(?:^|[^\w])point\s+\Z", re.I)
_MONTH_WORDS = frozenset(m.lower() for m in MONTHS.split("|"))

# --------------------------------------------------------------------------
# The prefilter
# --------------------------------------------------------------------------

def _trie_regex(words: Sequence[str]) -> str:
    """An alternation of ``words`` factored by prefix (much faster in ``re``)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_NUMWORD_RE = _trie_regex(
    [*START_WORDS, "dozens", "hundreds", "thousands", "millions", "billions"]
)
# Where a number can start (a hedge before it is found by looking back).
_CANDIDATE = re.compile(
    rf"(?<![\w.,:])(?:\d|~|(?:{_NUMWORD_RE})\b"
    r"|a\s+(?:hundred|thousand|million|billion|trillion|dozen|few)\b"
    r"|half\s+a\b|tens\s+of\b|several\s+(?:dozen|hundred|thousand|million|billion)\b)",
    re.I,
)
# With the article's word index, candidate positions are looked up instead of
# scanned for: number words, month names and numbers in the index, ``~`` by
# ``str.find``.  Index words are folded, so this is exact only when folding
# cannot move a word boundary or case-fold into an ASCII letter: no non-ASCII
# non-word character, and none of the four characters ``re.I`` matches to
# ASCII letters.  Otherwise the text is scanned.
_CANDIDATE_WORDS = (*START_WORDS, "dozens", "hundreds", "thousands", "millions", "billions",
                    "a", "half", "tens", "several")
_DATE_WORDS = tuple(sorted({m.lower() for m in MONTHS.split("|")}))
_INDEX_UNSAFE = re.compile(r"[^\x00-\x7f\w]|[\u0130\u0131\u017f\u212a]")


class _Starts:
    """Where matches may start in one text, from the article's
    :class:`~checker.text.tokens.WordIndex`: the starts of numbers (and of
    every ``~``), and word starts by word."""

    __slots__ = ("index", "digits")

    def __init__(self, text: str, index: WordIndex) -> None:
        self.index = index
        starts = index.starts
        # a digit not glued to a word before it starts a token (the text is
        # one the index is trusted for), so the digit starts are the starts of
        # the tokens whose word begins with a digit; and every "~"
        digits = [starts[i] for word, hits in index.postings.items() if word[0].isdigit()
                  for i in hits]
        tilde = text.find("~")
        while tilde >= 0:
            digits.append(tilde)
            tilde = text.find("~", tilde + 1)
        self.digits = digits

    def of(self, words: Sequence[str]) -> list[int]:
        """Sorted starts of the digits and of the tokens ``words``."""
        out = list(self.digits)
        get, token_starts = self.index.postings.get, self.index.starts
        for word in words:
            hits = get(word)
            if hits:
                out.extend([token_starts[i] for i in hits])
        out.sort()
        return out


def _starts_for(text: str, index: WordIndex | None) -> _Starts | None:
    if index is None or (not text.isascii() and _INDEX_UNSAFE.search(text)):
        return None
    return _Starts(text, index)


def _finditer(pattern: re.Pattern, text: str, starts: list[int] | None):
    """``pattern.finditer(text)`` when every match can only start at one of
    the sorted ``starts`` (or when ``starts`` is None): non-overlapping, left
    to right, the same matches."""
    if starts is None:
        yield from pattern.finditer(text)
        return
    match = pattern.match
    end = 0
    for pos in starts:
        if pos >= end:
            m = match(text, pos)
            if m is not None:
                end = m.end()
                yield m


_HEDGE_BEFORE = re.compile(rf"(?<![\w])(?:{_HEDGE_RE}|between) *\Z|~\Z", re.I)
_HEDGE_LAST_WORDS = frozenset([h.split()[-1] for h in HEDGES] + ["between"])


def _may_end_hedge(text: str, index: WordIndex, pos: int) -> bool:
    """False when ``_HEDGE_BEFORE`` cannot match before ``pos``: the word
    before it is not the last word of a hedge, or is not followed by spaces
    only, and ``pos`` does not follow a ``~`` (for texts the word index is
    trusted for: see ``_INDEX_UNSAFE``)."""
    if pos and text[pos - 1] == "~":
        return True
    i = index.word_before(pos)
    if i < 0 or index.words[i] not in _HEDGE_LAST_WORDS:
        return False
    end = index.ends[i]
    return end == pos or text.count(" ", end, pos) == pos - end


_YEAR_AT = re.compile(
    r"(?:1\d{3}|20\d\d|2100)(?![\d,.]\d|\d|\s*(?:%|per\s?cent\b|pct\b|hundred\b|thousand\b"
    r"|million\b|billion\b|trillion\b|[a-z]))",
    re.I,
)

# --------------------------------------------------------------------------
# The grammar
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _Num:
    start: int
    end: int
    value: float
    scale: int  # multiplier of a trailing scale word (1 if none)
    words: bool  # spelled out
    plain: bool  # digits only: no separator, decimal point or scale
    digits_end: int  # end of the digit run (for glued suffixes)
    plus: bool = False
    percent: bool = False


@dataclass(slots=True)
class _Parsed:
    hedge: str | None
    nums: list[_Num]
    sep: str | None  # "to", "-", "and" (between) or None
    vague: tuple[int, int] | None = None
    post_hedge: str | None = None


def _set_space_only(expr: pp.ParserElement, seen: set[int]) -> None:
    """Let the grammar skip spaces but never line breaks."""
    if id(expr) in seen:
        return
    seen.add(id(expr))
    expr.set_whitespace_chars(" ", copy_defaults=True)
    for sub in getattr(expr, "exprs", ()) or ():
        _set_space_only(sub, seen)
    sub = getattr(expr, "expr", None)
    if isinstance(sub, pp.ParserElement):
        _set_space_only(sub, seen)


def _rstrip(s: str, start: int, end: int) -> int:
    while end > start and s[end - 1].isspace():
        end -= 1
    return end


# Every piece of the grammar is a regular expression; these strings are shared
# by the composed pattern that runs at candidates and the reference grammar.
_DIGITS_P = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|\d+(?:\.\d+)?(?!\d)"
_SCALE_P = r"\b(?:hundred|thousand|million|billion|trillion)\b"
_SCALE_VALUES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9,
                 "trillion": 10**12}
_PLUS_P = r"-plus\b|\+(?![\d])"
_PCT_P = r"%|per\s?cent\b|pct\b"
_HEDGE_P = rf"(?:{_HEDGE_RE})\b|~"
_VAGUE_P = "|".join(p for p, _, _ in VAGUE) + r"\b"
_OR_MORE_P = r"or\s+(?:more|so)\b"
_WORDS_P = NUMBER_FAST_P  # NUMBER_RE's matches, faster
# pyparsing's keywords: not preceded or followed by a character whose upper
# case is an ASCII letter, digit, "_" or "$" (U+0131 and U+017F upper-case
# to "I" and "S").
_KW_EDGE = "A-Za-z0-9_$\u0131\u017f"


def _kw(word: str) -> str:
    return rf"(?<![{_KW_EDGE}]){word}(?![{_KW_EDGE}])"


def _opt(p: str) -> str:
    """PEG ``Opt``: taken when it matches, never given back."""
    return f"(?>(?:{p})?)"


# The grammar's elements as patterns, each skipping spaces first as the
# pyparsing elements do.  A number with what may follow it in one element is
# one pattern; atomic groups ``(?>...)`` keep pyparsing's semantics there
# (an optional part, once matched, is never given back).
_HEDGE_AT = re.compile(rf" *(?P<h>{_HEDGE_P})", re.I)
_BETWEEN_AT = re.compile(rf" *{_kw('between')}", re.I)
_AND_AT = re.compile(rf" *{_kw('and')}", re.I)
_VAGUE_AT = re.compile(rf" *(?P<v>{_VAGUE_P})", re.I)
_SEP_AT = re.compile(rf" *(?P<s>{_kw('to')}|-)", re.I)
_OR_MORE_AT = re.compile(rf" *(?P<o>{_OR_MORE_P})", re.I)
_AFTER_NUM = _opt(rf" *(?P<p>{_PLUS_P})") + _opt(rf" *(?P<c>{_PCT_P})")
_DIGIT_UNIT = re.compile(
    rf" *(?P<n>(?P<d>(?>{_DIGITS_P})){_opt(rf' *(?P<x>{_SCALE_P})')}){_AFTER_NUM}", re.I)
_WORD_UNIT = re.compile(rf" *(?P<w>(?>{_WORDS_P})){_AFTER_NUM}", re.I)

_SPACES = re.compile(r"\s+")
_ONE_WORD_VALUES = {**UNITS, **TEENS, **TENS, "zero": 0}


def _unit_at(text: str, loc: int, lead: str = "") -> tuple[int, _Num] | None:
    """``(digits [scale] | number words) [plus] [percent]`` at ``loc``: the
    end and the number, or None.  ``lead`` ``"d"``/``"w"`` says the text is
    known to start with a digit / a number word there (the other branch
    cannot match)."""
    if lead != "w":
        m = _DIGIT_UNIT.match(text, loc)
        if m is not None:
            start, raw, scale_word = m.start("n"), m.group("d"), m.group("x")
            value = float(raw.replace(",", ""))
            scale = 1
            if scale_word is not None:
                scale = _SCALE_VALUES[scale_word.lower()]
                value *= scale
            num = _Num(start, _rstrip(text, start, m.end("n")), value, scale, False,
                       scale == 1 and raw.isdigit(), start + len(raw))
            num.plus = m.group("p") is not None
            num.percent = m.group("c") is not None
            return m.end(), num
        if lead == "d":
            return None
    m = _WORD_UNIT.match(text, loc)
    if m is None:
        return None
    words = m.group("w")
    start = m.start("w")
    end = _rstrip(text, start, m.end("w"))
    simple = _ONE_WORD_VALUES.get(words.lower())  # "two": most number words are one word
    if simple is not None:
        num = _Num(start, end, float(simple), 1, True, False, end)
    else:
        wn = evaluate(tokens_of(words))
        num = _Num(start, end, float(wn.value), wn.scale, True, False, end)
    num.plus = m.group("p") is not None
    num.percent = m.group("c") is not None
    return m.end(), num


def _or_more(text: str, end: int) -> tuple[int, str | None]:
    m = _OR_MORE_AT.match(text, end)
    if m is None:
        return end, None
    return m.end(), _SPACES.sub(" ", m.group("o").lower())


def _parse_at(text: str, pos: int, ranged: bool, lead: str = "") -> tuple[int, _Parsed] | None:
    """The grammar at ``pos``: ``[hedge] (between | vague | core) [or more]``,
    where core is a number, or with ``ranged`` a number ``[to|- number]``.
    Returns the end and what the reference grammar's parse actions build, or
    None.  A recursive-descent reading of :func:`reference_grammar` with one
    ``re`` pattern per element: no backtracking into a matched element, an
    alternation takes its first matching branch.  With ``lead`` (see
    :func:`_lead`) no hedge, ``between`` or vague plural can start there."""
    loc = pos
    hedge = None
    if not lead:
        m = _HEDGE_AT.match(text, loc)
        if m is not None:
            hedge = _SPACES.sub(" ", m.group("h").lower())
            loc = m.end()
        m = _BETWEEN_AT.match(text, loc)
        if m is not None:
            first = _unit_at(text, m.end())
            if first is not None:
                m = _AND_AT.match(text, first[0])
                if m is not None:
                    second = _unit_at(text, m.end())
                    if second is not None:
                        end, post = _or_more(text, second[0])
                        return end, _Parsed(hedge, [first[1], second[1]], "and", post_hedge=post)
        m = _VAGUE_AT.match(text, loc)
        if m is not None:
            vague = m.group("v")
            lo, hi = next((lo, hi) for r, lo, hi in _VAGUE_RES if r.match(vague))
            end, post = _or_more(text, m.end())
            return end, _Parsed(hedge, [], None, vague=(lo, hi), post_hedge=post)
    first = _unit_at(text, loc, lead)
    if first is None:
        return None
    end, num = first
    nums, sep = [num], None
    if ranged:
        m = _SEP_AT.match(text, end)
        if m is not None:
            second = _unit_at(text, m.end())
            if second is not None:
                end = second[0]
                nums.append(second[1])
                sep = m.group("s").lower()
    end, post = _or_more(text, end)
    return end, _Parsed(hedge, nums, sep, post_hedge=post)


_FIRST_WORD = re.compile(r"[^\W\d_]+")
_LEAD_WORDS = frozenset(START_WORDS)


def _lead(text: str, pos: int) -> str:
    """``"d"`` when ``text`` starts at ``pos`` with a digit, ``"w"`` with one
    of the words that start a number (as a whole word, so never ``hundreds``),
    else ``""``.  Neither a hedge, ``between`` nor a vague plural starts with
    a digit or with one of those words."""
    if text[pos].isdigit():
        return "d"
    m = _FIRST_WORD.match(text, pos)
    return "w" if m is not None and m.group().lower() in _LEAD_WORDS else ""


# --------------------------------------------------------------------------
# The reference grammar (pyparsing), for tests and for reading
# --------------------------------------------------------------------------


def _digits_action(s: str, loc: int, t: pp.ParseResults) -> _Num:
    start, toks, end = t[0], t[1], _rstrip(s, t[0], t[2])
    raw = toks[0]
    digits_end = start + len(raw)
    value = float(raw.replace(",", ""))
    scale = 1
    if len(toks) > 1:
        scale = toks[1]
        value *= scale
    plain = scale == 1 and raw.isdigit()
    return _Num(start, end, value, scale, False, plain, digits_end)


def _words_action(s: str, loc: int, t: pp.ParseResults) -> _Num:
    start, toks, end = t[0], t[1], _rstrip(s, t[0], t[2])
    wn: WordNumber = toks[0]
    return _Num(start, end, float(wn.value), wn.scale, True, False, end)


def _unit_action(t: pp.ParseResults) -> _Num:
    num: _Num = t[0]
    for extra in t[1:]:
        if extra == "plus":
            num.plus = True
        elif extra == "%":
            num.percent = True
    return num


@lru_cache(maxsize=None)
def reference_grammar() -> tuple[pp.ParserElement, pp.ParserElement]:
    """The quantity grammar as pyparsing elements: ``(ranged, single)``.

    It reads as the grammar it is; :func:`_parse_at` reads the same grammar
    with one regular expression per element, and is what :func:`find_quantities` runs.
    ``parse_reference(expr, text, pos)`` parses with it.
    """
    kw = pp.CaselessKeyword
    scale_word = pp.Regex(_SCALE_P, re.I)
    scale_word.set_parse_action(lambda t: _SCALE_VALUES[t[0].lower()])
    digits = pp.Regex(_DIGITS_P)
    digit_num = pp.Located(digits + pp.Opt(scale_word)).set_parse_action(_digits_action)

    word_num = pp.Located(number_expr().copy()).set_parse_action(_words_action)

    plus = pp.Regex(_PLUS_P, re.I).set_parse_action(pp.replace_with("plus"))
    pct = pp.Regex(_PCT_P, re.I).set_parse_action(pp.replace_with("%"))

    unit_and = ((digit_num | word_num) + pp.Opt(plus) + pp.Opt(pct)).add_parse_action(
        _unit_action)
    sep = (kw("to") | pp.Literal("-")).set_parse_action(lambda t: t[0].lower())
    hedge = pp.Regex(_HEDGE_P, re.I).set_parse_action(
        lambda t: re.sub(r"\s+", " ", t[0].lower()))
    vague = pp.Regex(_VAGUE_P, re.I).set_parse_action(
        lambda t: next(("V", lo, hi) for r, lo, hi in _VAGUE_RES if r.match(t[0])))
    between = kw("between").suppress() + unit_and + kw("and").suppress() + unit_and
    between.add_parse_action(lambda t: ["between", *t])
    or_more = pp.Regex(_OR_MORE_P, re.I).set_parse_action(
        lambda t: ("POST", re.sub(r"\s+", " ", t[0].lower())))
    single = unit_and
    ranged = unit_and + pp.Opt(sep + unit_and)

    def make(core: pp.ParserElement) -> pp.ParserElement:
        expr = pp.Opt(hedge) + (between | vague | core) + pp.Opt(or_more)
        expr.set_parse_action(_quantity_action)
        _set_space_only(expr, set())
        expr.parse_with_tabs()
        expr.streamline()
        return expr

    return make(ranged), make(single)


def _quantity_action(t: pp.ParseResults) -> _Parsed:
    items = list(t)
    hedge = None
    post = None
    if items and isinstance(items[0], str) and items[0] != "between":
        hedge = items.pop(0)
    if items and isinstance(items[-1], tuple) and items[-1][0] == "POST":
        post = items.pop()[1]
    if items and items[0] == "between":
        return _Parsed(hedge, [items[1], items[2]], "and", post_hedge=post)
    if items and isinstance(items[0], tuple) and items[0][0] == "V":
        return _Parsed(hedge, [], None, vague=(items[0][1], items[0][2]), post_hedge=post)
    nums = [x for x in items if isinstance(x, _Num)]
    sep = next((x for x in items if isinstance(x, str)), None)
    return _Parsed(hedge, nums, sep, post_hedge=post)


def parse_reference(expr: pp.ParserElement, text: str, pos: int) -> tuple[int, _Parsed] | None:
    """Parse at ``pos`` with a :func:`reference_grammar` element (end stripped)."""
    try:
        end, toks = expr._parse(text, pos)  # parse at a position, no copy of the text
    except (pp.ParseBaseException, IndexError):
        return None
    return _rstrip(text, pos, end), toks[0]


# --------------------------------------------------------------------------
# What is not a quantity
# --------------------------------------------------------------------------


def _in_spans(starts: list[int], ends: list[int], pos: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]


def _merge(spans: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for s, e in sorted((int(s), int(e)) for s, e in spans if e > s):
        if starts and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END_CHARS


def _is_year(n: _Num) -> bool:
    return n.plain and not n.percent and n.digits_end - n.start == 4 and 1000 <= n.value <= 2100


def _prev_token(text: str, pos: int) -> tuple[int, str] | None:
    """The non-space run before the spaces that end at ``pos`` (looking back
    at most 40 characters): ``_PREV_TOKEN.search(text, pos - 40, pos)``
    without trying every start in the window."""
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
    if low in _EXEMPT_PREV or low in _MONTH_WORDS or low.endswith("'s"):
        return False
    return not _sentence_start(text, word_start)


def _glued_ok(text: str, n: _Num) -> tuple[bool, int, int]:
    """Check letters glued to a digit run: (ok, multiplier, new end)."""
    e = n.digits_end
    if n.words or e >= len(text) or not text[e].isalpha() or n.scale != 1:
        return True, 1, n.end
    m = re.match(r"[A-Za-z]+", text[e:e + 12])
    suffix = m.group().lower() if m else ""
    if m and len(m.group()) < 12:
        if suffix in _SCALE_SUFFIX:
            return True, _SCALE_SUFFIX[suffix], e + len(suffix)
        if suffix in _CURRENCY_SCALE_SUFFIX and n.start > 0 and text[n.start - 1] in "$£€":
            return True, _CURRENCY_SCALE_SUFFIX[suffix], e + len(suffix)
        if suffix in _UNIT_SUFFIX:
            return True, 1, n.end
    return False, 1, n.end


def _num_ok(text: str, n: _Num, dates: tuple[list[int], list[int]]) -> bool:
    s = n.start
    if _in_spans(dates[0], dates[1], s):
        return False
    if not n.words:
        # F-16, COVID-19
        if s >= 2 and text[s - 1] == "-" and text[s - 2].isalpha():
            return False
        if s >= 1 and text[s - 1] in "#:":
            return False
    if _TIME_AFTER.match(text, n.digits_end if not n.words else n.end):
        return False
    if n.words:
        m = _ORDINAL_AFTER.match(text, n.end)
        if m and not (m.group(2).lower() == "second" and "-" not in m.group(1) and n.value < 20):
            return False
    return True


# --------------------------------------------------------------------------
# The finder
# --------------------------------------------------------------------------


def _check(text: str, start: int, end: int, p: _Parsed,
           dates: tuple[list[int], list[int]], skip: tuple[list[int], list[int]],
           dates_known: bool = False) -> Quantity | None:
    hedge = p.hedge
    if p.vague is not None:
        lo, hi = p.vague
        return Quantity(start, end, text[start:end], float(lo), float(lo), float(hi),
                        hedge or p.post_hedge, "vague")
    nums = p.nums
    if not nums:
        return None
    first = nums[0]
    if hedge is None and _after_capitalised_word(text, start):
        return None
    if first.words and _POINT_BEFORE.search(text, max(0, first.start - 8), first.start):
        return None  # "point three": a spoken decimal with no integer part
    if first.words:
        word = text[first.start:first.end].split()[0].split("-")[0]
        if (word[:1].isupper() and word[1:].islower() and not _sentence_start(text, first.start)
                and hedge is None):
            return None  # "the Big Four", "Ocean's Eleven"
    for n in nums:
        if _in_spans(skip[0], skip[1], n.start):
            return None
        if not _num_ok(text, n, dates):
            return None
    if not dates_known and any(_is_year(n) for n in nums) and (len(nums) == 1 or _is_year(first)):
        return None
    values = []
    for n in nums:
        ok, mult, new_end = _glued_ok(text, n)
        if not ok:
            return None
        if mult != 1:
            n.value *= mult
            n.scale = mult
            if n is nums[-1]:
                end = max(end, new_end)
        values.append(n.value)
    if len(nums) == 1 and first.words and first.value == 1 and hedge is None:
        if text[first.start:first.end].lower() == "one" and (
            _ONE_BEFORE.search(text, max(0, first.start - 12), first.start)
            or _ONE_AFTER.match(text, first.end)
        ):
            return None  # "the one", "one may"
    percent = any(n.percent for n in nums)
    plus = any(n.plus for n in nums)
    if hedge is None:
        hedge = "plus" if plus else p.post_hedge
    if len(nums) == 1:
        v = values[0]
        return Quantity(start, end, text[start:end], v, v, v, hedge,
                        "percent" if percent else "number")
    lo, hi = values
    second = nums[1]
    if first.scale == 1 and second.scale > 1 and lo * second.scale <= hi:
        lo *= second.scale  # "two to three million"
    if not lo <= hi:
        return None
    return Quantity(start, end, text[start:end], lo, lo, hi, hedge,
                    "percent" if percent else "range")


def find_quantities(text: str, skip: Sequence[tuple[int, int]] = (), *,
                    dates_known: bool = False,
                    index: WordIndex | None = None) -> list[Quantity]:
    """Every quantity in ``text``, sorted by start, spans not overlapping.

    ``skip`` are spans (dates) inside which no quantity may start.  With
    ``dates_known``, ``skip`` holds every date the date finder found, so a
    bare four-digit number it did not take as a year (``1400 people``) is a
    quantity; without it, such a number is assumed to be a year.

    ``index`` is the :class:`~checker.text.tokens.WordIndex` of the folded
    ``text`` (as :func:`checker.text.analysis.analyze` builds it); with it,
    candidates are looked up instead of scanned for (same result, less time).
    """
    out: list[Quantity] = []
    if not text:
        return out
    skip_spans = _merge(skip)
    starts = _starts_for(text, index)
    date_starts = None if starts is None else starts.of(_DATE_WORDS)
    dates = _merge([m.span() for m in _finditer(_DATE_RE, text, date_starts)])
    candidate_starts = None if starts is None else starts.of(_CANDIDATE_WORDS)
    last_end = 0
    for m in _finditer(_CANDIDATE, text, candidate_starts):
        pos = m.start()
        if pos < last_end or _in_spans(skip_spans[0], skip_spans[1], pos):
            continue
        if text[pos].isdigit():
            # cheap rejections before any parsing: days, years
            if _in_spans(dates[0], dates[1], pos):
                continue
            y = None if dates_known else _YEAR_AT.match(text, pos)
            if y and not text.startswith("-", y.end()) and not text.startswith(" to ", y.end()):
                continue
        start = pos
        lo = max(last_end, pos - 24)
        h = (_HEDGE_BEFORE.search(text, lo, pos)
             if starts is None or _may_end_hedge(text, starts.index, pos) else None)
        if h is not None and not _in_spans(skip_spans[0], skip_spans[1], h.start()):
            start = h.start()
        q = _quantity_at(text, start, dates, skip_spans, dates_known)
        if q is None and start != pos:
            q = _quantity_at(text, pos, dates, skip_spans, dates_known)
        if q is not None:
            out.append(q)
            last_end = q.end
    return out


def _quantity_at(text: str, pos: int, dates, skip, dates_known: bool = False) -> Quantity | None:
    lead = _lead(text, pos)
    for ranged in (True, False):
        got = _parse_at(text, pos, ranged, lead)
        if got is None:
            return None
        end, parsed = got
        while end > pos and text[end - 1].isspace():
            end -= 1
        if (ranged and parsed.sep in ("to", "-") and len(parsed.nums) == 2
                and _FROM_BEFORE.search(text, max(0, pos - 8), pos)):
            continue  # "from 100 to 200" is a change, not a range
        q = _check(text, pos, end, parsed, dates, skip, dates_known)
        if q is not None or not ranged or len(parsed.nums) < 2 or parsed.sep == "and":
            return q
    return None
