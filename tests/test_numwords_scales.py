"""The number-words expression without the levels of scale words a text
lacks (what makes a short ``check`` cheap to start, issue #16 item 4) reads
every text exactly as the whole expression does."""

from __future__ import annotations

import random
import re

from checker.text import numwords
from checker.text.quantities import find_quantities
from checker.text.vocab import DIGIT_WORDS, SCALES, TEENS, TENS, UNITS

BIG = [w for w, v in SCALES.items() if v >= 1000]
WORDS = [*UNITS, *TEENS, *TENS, *DIGIT_WORDS, "hundred", "hundreds", "a", "and", "half", "dozen", "point",
         "zero", "people", "Thousand", "MILLION", *BIG, *(w + "s" for w in BIG), "1,400", "-"]


def phrases(n: int, seed: int = 16) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 12))]
        seps = [rng.choice([" ", " ", " ", "-", "  ", "\n"]) for _ in words]
        out.append("".join(w + s for w, s in zip(words, seps)).strip())
    return out


def matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int] | None]:
    return [None if (m := pattern.match(text, i)) is None else m.span() for i in range(len(text))]


def test_the_pruned_expression_matches_exactly_as_the_whole_one():
    whole = re.compile(numwords.number_pattern(), re.IGNORECASE)
    assert numwords.number_pattern() == numwords.number_pattern(frozenset(BIG))
    for text in phrases(1500):
        present = frozenset(w for w in BIG if re.search(w, text, re.IGNORECASE))
        pruned = re.compile(numwords.number_pattern(present), re.IGNORECASE)
        assert matches(pruned, text) == matches(whole, text), text


def test_pruning_is_what_makes_the_expression_small():
    full = len(numwords.number_pattern())
    assert len(numwords.number_pattern(frozenset())) * 10 < full
    assert len(numwords.number_pattern(frozenset({"thousand", "million"}))) * 3 < full


def test_quantities_read_alike_whatever_scale_words_the_text_holds():
    """Through the finder: each text read alone gives what it gives inside a
    text that also holds every scale word (where nothing is pruned)."""
    tail = "\n\nZ. The thousand million billion trillion"  # no number word can reach across "Z."
    for text in phrases(300, seed=3):
        alone = [(q.start, q.end, q.value, q.kind) for q in find_quantities(text)]
        padded = [(q.start, q.end, q.value, q.kind) for q in find_quantities(text + tail) if q.end <= len(text)]
        assert alone == padded, text
