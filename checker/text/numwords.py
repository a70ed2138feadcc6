"""English cardinal number words: ``parse_number_words("one thousand four hundred")`` → 1400.

The grammar accepts only well-formed cardinals (``sixty fifteen``, ``hundred
hundreds``, ``thousand thousand`` are not one number), so that reading text
at a position takes the longest well-formed number there.  Words may be
separated by any whitespace; ``-`` also joins a tens word to a unit.  Case is
ignored.  The words themselves are in :mod:`.vocab`.

    number    := special | level[trillion]
    special   := "half" "a" (scale | "dozen")                 half a million
               | "a" "dozen"
               | sub100 ("and" "a" "half" [scale] | "dozen")   two and a half million
               | "zero" [point]
    level[s]  := (group scale[s]["s"] | ["a"] scale[s]) ["and"] level[below s]
                 (not followed by a scale word)                 one thousand four hundred
               | level[below s]                                (level[below thousand] is group)
    group     := sub1000 [point]
    sub1000   := sub100 ["hundred"["s"] [["and"] sub100]]      nineteen hundred seventy-three
               | ["a"] "hundred" [["and"] sub100]              a hundred and twenty
               (the sub100 after "and" is not followed by "hundred")
    sub100    := tens [["-"] unit] | teen | unit
    point     := "point" digit {digit}                         twelve point nine nine
    scale     := "hundred" | "thousand"["s"] | "million"["s"] | "billion"["s"] | "trillion"["s"]

Not accepted: ordinals, digit-by-digit readings (``zero eight``), bare
plurals (``hundreds`` is a vague amount, see :mod:`.quantities`).

The language is regular (scales nest at most four deep), so the grammar is
composed rule by rule into one regular expression, compiled at first use:
:func:`number_pattern` (its source, for composing) and :func:`number_re`.
:func:`value_of` turns what it matched into a :class:`WordNumber`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from ..exact import Exact, exact
from .patterns import alternation
from .vocab import DIGIT_WORDS, SCALES, TEENS, TENS, UNITS

__all__ = ["PRUNABLE", "WordNumber", "number_pattern", "number_re", "parse_number_words", "value_of"]

# Scales that close a group (``hundred`` only multiplies one).
_GROUP_SCALES = {word: value for word, value in SCALES.items() if value >= 1000}


# A NamedTuple, not a dataclass: the class is created at every start of the gate, ~0.07 ms
# as a NamedTuple, ~0.45 ms as a frozen dataclass (docs/design.md, "The gate").
class WordNumber(NamedTuple):
    """The value of a parsed number and, when it ends with a scale word, that
    scale (``three million`` → 10**6), so that ``two to three million`` can
    share it."""

    value: Exact  # an int, or a Decimal when not whole ("one and a half")
    scale: int = 1


def _group(words) -> str:
    """An alternation of ``words``; one that can never match when there are none."""
    return f"(?:{alternation(words)})" if words else "(?!)"


# The words by which the expression is pruned to a text (see number_pattern).
PRUNABLE: frozenset[str] = frozenset([*UNITS, *TEENS, *TENS, *_GROUP_SCALES])


@cache
def number_pattern(words: frozenset[str] | None = None) -> str:
    """The grammar of the module's docstring as one regular expression.

    Each scale above a hundred nests the levels below it twice, so the
    expression doubles with each (34 KB with all four, most of a short
    ``check``'s fixed cost to compile), and each level repeats every unit,
    teen and tens word.  ``words`` names the words of :data:`PRUNABLE` that
    a text holds (default: all); the others get no branch: a text where,
    say, ``billion`` or ``seventeen`` does not occur (case ignored) is
    matched exactly alike by the expression without them, since every
    branch they are in needs the word itself."""

    def kept(vocab) -> list[str]:
        return [w for w in vocab if words is None or w in words or w not in PRUNABLE]

    b = r"\b"
    sp = r"\s+"
    and_ = r"(?:\s+and)?"
    units, teens, tens_words = kept(UNITS), kept(TEENS), kept(TENS)
    unit, teen, tens = _group(units) + b, _group(teens) + b, _group(tens_words) + b
    # The part joined by "and" never stops just before a scale word: "between
    # two hundred and three hundred" is two numbers, not "two hundred and
    # three" + "hundred".
    not_hundred = r"(?!\s+hundreds?\b)"
    not_scale = rf"(?!\s+{_group(kept(SCALES))}s?\b)"
    # (a branch whose words the text lacks is left out: it could never match)
    sub100 = "(?:" + "|".join(
        [rf"{tens}(?:(?:\s*-\s*|{sp}){unit})?" if units else tens] * bool(tens_words)
        + [teen] * bool(teens) + [unit] * bool(units)
    ) + ")" if units or teens or tens_words else "(?!)"
    sub1000 = (
        rf"(?:{sub100}(?:{sp}hundreds?{b}(?:{and_}{sp}{sub100}{not_hundred})?)?"
        rf"|(?:a{sp})?hundred{b}(?:{and_}{sp}{sub100}{not_hundred})?)"
    )
    point = rf"(?:{sp}point(?:{sp}{_group(kept(DIGIT_WORDS))}{b})+)"
    group = rf"(?:{sub1000}{point}?)"
    level = group
    for name in sorted(kept(_GROUP_SCALES), key=_GROUP_SCALES.get):  # thousand first
        level = (
            rf"(?:(?:{group}{sp}{name}s?|(?:a{sp})?{name}){b}(?:{and_}{sp}{level}{not_scale})?"
            rf"|{level})"
        )
    scale = rf"(?:{_group(kept(_GROUP_SCALES))}s?|hundred){b}"
    special = (
        rf"half{sp}a{sp}(?:{scale}|dozen{b})"
        rf"|a{sp}dozen{b}"
        rf"|{sub100}(?:{sp}and{sp}a{sp}half{b}(?:{sp}{scale})?|{sp}dozen{b})"
        rf"|zero{b}{point}?"
    )
    return rf"(?:{special}|{level})"


@cache
def number_re() -> re.Pattern[str]:
    """:func:`number_pattern`, compiled (case ignored)."""
    return re.compile(number_pattern(), re.IGNORECASE)


# What each word of a match contributes (see value_of).
_WORD_VALUES: dict[str, int | str] = {
    **UNITS, **TEENS, **TENS, "zero": 0, "dozen": "*12", "half": "half",
    **{name: f"*{value}" for name, value in SCALES.items()},
    **{name + "s": f"*{value}" for name, value in SCALES.items()},
}
_WORD = re.compile(r"[a-z]+")


def value_of(matched: str) -> WordNumber:
    """The value of a string :func:`number_re` matched.

    Words are read left to right: a number word adds to the current group,
    ``hundred`` and ``dozen`` multiply it, a larger scale closes it into the
    total, ``point`` starts spoken decimals, ``half`` adds a half.
    """
    from fractions import Fraction  # (imported at first use: start-up time matters to the gate)

    words = _WORD.findall(matched.lower())
    total = Fraction(0)
    group = Fraction(0)
    seen = False  # the group has a number in it (else a scale counts as one)
    last_scale = 1
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "point":
            digits = []
            while i < len(words) and words[i] in DIGIT_WORDS:
                digits.append(str(DIGIT_WORDS[words[i]]))
                i += 1
            group += Fraction("0." + "".join(digits))
            seen, last_scale = True, 1
            continue
        value = _WORD_VALUES.get(word)
        if value is None:  # "a", "and"
            continue
        if isinstance(value, str) and value.startswith("*"):
            multiplier = int(value[1:])
            base = group if seen else Fraction(1)
            if multiplier < 1000:  # hundred, dozen: multiply the group
                group, seen = base * multiplier, True
            else:
                total += base * multiplier
                group, seen = Fraction(0), False
            last_scale = multiplier
            continue
        group += Fraction(1, 2) if value == "half" else value
        seen, last_scale = True, 1
    result = total + group
    return WordNumber(exact(result), last_scale)


def parse_number_words(s: str) -> Exact | None:
    """The value of ``s`` when the whole of it is one cardinal number, else None.

    ``"one thousand four hundred"`` → 1400, ``"half a million"`` → 500000,
    ``"forty two"`` → 42; ``"fourth"``, ``"ten five"``, ``"hundreds"`` → None.
    """
    if not isinstance(s, str) or not s.strip():
        return None
    m = number_re().fullmatch(s.strip())
    if m is None:
        return None
    return value_of(m.group()).value
