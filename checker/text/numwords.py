"""English cardinal number words, as a pyparsing grammar.

``parse_number_words("one thousand four hundred")`` → 1400.  The grammar only
accepts well-formed cardinals (``sixty fifteen``, ``hundred hundreds``,
``thousand thousand`` are not one number), so that scanning text with it at a
position takes the longest well-formed number there.

Accepted: ``zero``; units, teens and tens (``forty-two``, ``forty two``, the
common misspelling ``fourty``); ``hundred`` after a number below 100
(``nineteen hundred seventy-three``, ``forty five hundred``), or bare / after
``a`` (``hundred fifteen``, ``a hundred``); the scales ``thousand``,
``million``, ``billion``, ``trillion`` in strictly decreasing order, with an
optional ``and`` before what follows a scale or ``hundred``; plural scales
after a multiplier (``thirty-five thousands``); ``half a million``, ``two and
a half million``, ``a dozen``, ``two dozen``; spoken decimals (``twelve point
nine nine``, ``one point two million``).  Not accepted: ordinals, digit by
digit readings (``zero eight``), bare plurals (``hundreds`` is vague, see
``quantities``).

:func:`number_expr` is the grammar element used by :mod:`checker.text.quantities`;
its single token is a :class:`WordNumber`.  The grammar is regular, so it is
composed rule by rule as one regular expression (one match per candidate is
~50x cheaper than a tree of pyparsing elements) and wrapped in ``pp.Regex``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
import re
from functools import lru_cache

import pyparsing as pp

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
DIGIT_WORDS = {"zero": 0, "o": 0, "oh": 0, **UNITS}

#: Every word that can start a cardinal (for regex prefilters).
START_WORDS: tuple[str, ...] = (
    "zero", *UNITS, *TEENS, *TENS, "hundred", *SCALES,
)


@dataclass(frozen=True, slots=True)
class WordNumber:
    """The value of a parsed number and, when it ends with a scale word, that
    scale (``three million`` → 10**6), so that ``two to three million`` can
    share it."""

    value: int | float
    scale: int = 1


def _as_number(x: Fraction) -> int | float:
    return int(x) if x.denominator == 1 else float(x)


def evaluate(tokens: list) -> WordNumber:
    """Evaluate the flat token list the grammar produces.

    Tokens are ints (word values), ``"*N"`` multipliers (``hundred``,
    ``dozen``, scales), ``".ddd"`` spoken decimals and ``"half"``.
    """
    total = Fraction(0)
    current = Fraction(0)
    seen = False
    last_scale = 1
    for tok in tokens:
        if isinstance(tok, str):
            if tok.startswith("*"):
                mult = int(tok[1:])
                base = current if seen else Fraction(1)
                if mult < 1000:  # hundred, dozen: multiply the group
                    current, seen = base * mult, True
                else:
                    total += base * mult
                    current, seen = Fraction(0), False
                last_scale = mult
                continue
            if tok.startswith("."):
                current += Fraction("0" + tok)
            elif tok == "half":
                current += Fraction(1, 2)
            seen = True
        else:
            current += tok
            seen = True
        last_scale = 1
    return WordNumber(_as_number(total + current), last_scale)


def _alt(words) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


def _pattern() -> str:
    """The cardinal grammar, written as a regular expression.

    The language is regular (scales nest at most four deep), so the whole
    grammar compiles to one ``re`` pattern: one match per candidate instead of
    dozens of pyparsing element calls.  Each piece mirrors a grammar rule.
    """
    b = r"\b"
    sp = r"\s+"
    unit = _alt(UNITS) + b
    teen = _alt(TEENS) + b
    tens = _alt(TENS) + b
    # A part joined by "and" never stops just before a scale word: "between
    # two hundred and three hundred" is two numbers, not "two hundred and
    # three" + "hundred".
    not_scale = rf"(?!\s+(?:hundred|{_alt(SCALES)})s?\b)"
    not_hundred = r"(?!\s+hundreds?\b)"
    and_ = r"(?:\s+and)?"
    # sub100 := tens ["-"] unit | teen | unit | tens
    sub100 = rf"(?:{tens}(?:(?:\s*-\s*|{sp}){unit})?|{teen}|{unit})"
    # sub1000 := sub100 [hundred(s) [and sub100]] | [a] hundred [and sub100]
    sub1000 = (
        rf"(?:{sub100}(?:{sp}hundreds?{b}(?:{and_}{sp}{sub100}{not_hundred})?)?"
        rf"|(?:a{sp})?hundred{b}(?:{and_}{sp}{sub100}{not_hundred})?)"
    )
    digit = _alt(DIGIT_WORDS) + b
    point = rf"(?:{sp}point(?:{sp}{digit})+)"
    sub1000d = rf"(?:{sub1000}{point}?)"
    # level_k := (sub1000d scale_k(s) | [a] scale_k) [and level_k-1] | level_k-1
    level = sub1000d
    for name in sorted(SCALES, key=SCALES.get):
        level = (
            rf"(?:(?:{sub1000d}{sp}{name}s?|(?:a{sp})?{name}){b}(?:{and_}{sp}{level}{not_scale})?"
            rf"|{level})"
        )
    scale = rf"(?:{_alt(SCALES)}s?|hundred){b}"
    special = (
        rf"half{sp}a{sp}(?:{scale}|dozen{b})"  # half a million, half a dozen
        rf"|a{sp}dozen{b}"
        rf"|{sub100}(?:{sp}and{sp}a{sp}half{b}(?:{sp}{scale})?|{sp}dozen{b})"  # two and a half million
        rf"|zero{b}{point}?"
    )
    return rf"(?:{special}|{level})"


NUMBER_RE = re.compile(_pattern(), re.IGNORECASE)


def _fast_pattern() -> str:
    """:data:`NUMBER_RE`'s language, matched faster: most number words in news
    stand alone (``two generals``), and the full pattern tries each scale
    level before it settles for one word.  A unit, teen or tens word that
    nothing a cardinal could continue with follows (a hyphen, a unit, a
    scale, ``hundred``, ``point``, ``and``, ``dozen``) is the whole match; anything
    else goes to the full pattern.  Tests check the two always agree."""
    simple = _alt([*UNITS, *TEENS, *TENS]) + r"\b"
    follows = (r"\s*-|\s+(?:hundreds?|thousands?|millions?|billions?|trillions?|point|and|dozen|"
               + "|".join(UNITS) + r")\b")
    return rf"(?>{simple}(?!{follows})|{_pattern()})"


#: The same matches as :data:`NUMBER_RE` (as a pattern string, to compose).
NUMBER_FAST_P = _fast_pattern()

_WORD_VALUES: dict[str, str | int] = {
    **UNITS, **TEENS, **TENS, "zero": 0, "hundred": "*100", "hundreds": "*100",
    "dozen": "*12", "half": "half",
    **{n: f"*{v}" for n, v in SCALES.items()}, **{n + "s": f"*{v}" for n, v in SCALES.items()},
}
_WORD = re.compile(r"[a-z]+")


def tokens_of(matched: str) -> list:
    """The flat tokens of a string the grammar matched (for :func:`evaluate`)."""
    out: list = []
    words = _WORD.findall(matched.lower())
    i = 0
    while i < len(words):
        w = words[i]
        if w == "point":
            digits = []
            i += 1
            while i < len(words) and words[i] in DIGIT_WORDS:
                digits.append(str(DIGIT_WORDS[words[i]]))
                i += 1
            out.append("." + "".join(digits))
            continue
        tok = _WORD_VALUES.get(w)
        if tok is not None:
            out.append(tok)
        i += 1
    return out


@lru_cache(maxsize=None)
def number_expr() -> pp.ParserElement:
    """Grammar element for one cardinal; its single token is a :class:`WordNumber`."""
    expr = pp.Regex(NUMBER_RE.pattern, re.IGNORECASE)
    expr.set_parse_action(lambda t: evaluate(tokens_of(t[0])))
    expr.set_name("number words")
    return expr


def parse_number_words(s: str) -> int | float | None:
    """The value of ``s`` when the whole of it is one cardinal number, else None.

    ``"one thousand four hundred"`` → 1400, ``"half a million"`` → 500000,
    ``"forty two"`` → 42; ``"fourth"``, ``"ten five"``, ``"hundreds"`` → None.
    """
    if not isinstance(s, str) or not s.strip():
        return None
    m = NUMBER_RE.fullmatch(s.strip())
    if m is None:
        return None
    return evaluate(tokens_of(m.group())).value
