"""The number-words expression without the number words a text lacks (the
levels of its absent scale words, its absent units, teens and tens: what
makes a short ``check`` cheap to start, issue #16 item 4) reads every text
exactly as the whole expression does."""

from __future__ import annotations

import random
import re
import sys

from checker.text import numwords, patterns, quantity_grammar
from checker.text.patterns import words_in
from checker.text.quantities import find_quantities
from checker.text.vocab import DIGIT_WORDS, SCALES, TEENS, TENS, UNITS

BIG = [w for w, v in SCALES.items() if v >= 1000]
# (with spellings that only re.IGNORECASE reads as number words: a long s,
# a dotted capital I, a dotless i)
WORDS = [*UNITS, *TEENS, *TENS, *DIGIT_WORDS, "hundred", "hundreds", "a", "and", "half", "dozen", "point",
         "zero", "people", "Thousand", "MILLION", *BIG, *(w + "s" for w in BIG), "1,400", "-",
         "\u017fix", "\u017feventeen", "F\u0130VE", "e\u0131ght", "b\u0131llion"]


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
    assert numwords.number_pattern() == numwords.number_pattern(numwords.PRUNABLE)
    pruned_some = 0
    for text in phrases(400):  # (each compiles its own expression)
        present = words_in(text, numwords.PRUNABLE)
        pruned_some += present != numwords.PRUNABLE
        pruned = re.compile(numwords.number_pattern(present), re.IGNORECASE)
        assert matches(pruned, text) == matches(whole, text), text
    assert pruned_some > 300


def test_words_in_knows_every_character_ignorecase_reads_as_a_letter():
    """``words_in`` lowers the text: every character that ``re.IGNORECASE``
    matches to an ASCII letter must become that letter, or a word spelled
    with it would be pruned while the whole expression matches it."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        if letter.fullmatch(c):
            for x in "abcdefghijklmnopqrstuvwxyz":
                if re.fullmatch(x, c, re.IGNORECASE):
                    assert words_in(c, [x]) == {x}, (hex(code), x)
    assert words_in("Twenty-\u017fIX F\u0130VE", ["twenty", "six", "five", "seven"]) == {"twenty", "six", "five"}


def test_pruning_is_what_makes_the_expression_small():
    full = len(numwords.number_pattern())
    assert len(numwords.number_pattern(frozenset())) * 30 < full
    assert len(numwords.number_pattern(frozenset({"thousand", "million"}))) * 10 < full
    # the words of a short news draft (the gate's benchmark)
    assert len(numwords.number_pattern(frozenset({"one", "two", "three", "thousand", "million"}))) * 8 < full


def test_a_process_compiles_its_own_expression_for_a_few_texts_then_the_whole_one():
    quantity_grammar._word_number.cache_clear()
    quantity_grammar._word_number_re.cache_clear()
    try:
        texts = [f"{w} people" for w in ("one", "two", "three", "four", "five", "six")]
        got = [quantity_grammar._word_number(t) for t in texts]
        whole = quantity_grammar._word_number_re(None)
        own = patterns.OWN_EXPRESSIONS
        assert whole.match("seventeen").group("w") == "seventeen"
        assert all(p is not whole and p.match("seventeen") is None for p in got[:own])
        assert all(p is whole for p in got[own:])
        assert quantity_grammar._word_number_re.cache_info().currsize == own + 1
        for t, p in zip(texts, got):
            assert p.match(t).group("w") == t.split()[0]
    finally:
        quantity_grammar._word_number.cache_clear()
        quantity_grammar._word_number_re.cache_clear()


def test_quantities_read_alike_whatever_scale_words_the_text_holds():
    """Through the finder: each text read alone gives what it gives inside a
    text that also holds every scale word (where nothing is pruned)."""
    tail = "\n\nZ. The thousand million billion trillion"  # no number word can reach across "Z."
    for text in phrases(300, seed=3):
        alone = [(q.start, q.end, q.value, q.kind) for q in find_quantities(text)]
        padded = [(q.start, q.end, q.value, q.kind) for q in find_quantities(text + tail) if q.end <= len(text)]
        assert alone == padded, text
