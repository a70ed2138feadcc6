"""The date grammar without the words a text lacks (count nouns, months,
scale and percent words...: what makes a short ``check`` cheap to start,
issue #16 item 4) reads every text exactly as the whole grammar does."""

from __future__ import annotations

import random
import re
from pathlib import Path

from checker.text import dates
from checker.text.patterns import words_in
from checker.text.vocab import (COUNT_COMPOUNDS, COUNT_NOUNS, DAY_LIST_WORDS, MONTH_ABBREVIATIONS, MONTHS,
                                PERCENT_WORDS, SCALE_SUFFIXES, SCALES)

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("month_led", "day_led", "year_after")
PIECES = [*MONTHS, *(m.title() for m in MONTHS), *MONTH_ABBREVIATIONS, "Aug.", "SEPT.", *PERCENT_WORDS, "%", *SCALES,
          *SCALE_SUFFIXES, *(f"-{w}" for w in COUNT_COMPOUNDS), *COUNT_NOUNS, "PEOPLE", *DAY_LIST_WORDS, "of",
          "1", "4", "21st", "30", "31", "2013", "1999", "2024", "1,400", ",", "-", "&", "+", "the", "Mayor",
          "\u017feptember", "AUGU\u017fT", "the 2013 attacks"]


def phrases(n: int, seed: int = 16) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(PIECES) for _ in range(rng.randint(2, 14))]
        seps = [rng.choice([" ", " ", " ", ", ", "\n", "  "]) for _ in words]
        out.append("".join(w + s for w, s in zip(words, seps)).strip())
    return out


def matches(pattern: re.Pattern[str], text: str) -> list[tuple | None]:
    return [None if (m := pattern.match(text, i)) is None else (m.span(), m.groupdict()) for i in range(len(text))]


def test_the_pruned_grammar_matches_exactly_as_the_whole_one():
    whole = dates._grammar(None)
    texts = phrases(300) + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    pruned_some = 0
    for text in texts:
        present = words_in(text, dates._PRUNABLE)
        pruned_some += present != dates._PRUNABLE
        pruned = dates._grammar(present)
        for name in NAMES:
            assert matches(getattr(pruned, name), text) == matches(getattr(whole, name), text), (name, text)
    assert pruned_some == len(texts)


def test_pruning_is_what_makes_the_grammar_small():
    draft = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))[:3])
    whole, pruned = dates._grammar(None), dates._grammar(words_in(draft, dates._PRUNABLE))
    for name in ("month_led", "day_led"):
        assert len(whole._sources[name][0]) > 2 * len(pruned._sources[name][0]), name


def test_find_dates_reads_alike_with_and_without_pruning(monkeypatch):
    """Through the finder: a text's dates are the same when the whole
    grammar serves it."""
    texts = phrases(150, seed=5)
    monkeypatch.setattr(dates, "_grammar_for", lambda text: dates._grammar(words_in(text, dates._PRUNABLE)))
    own = [dates.find_dates(t) for t in texts]
    monkeypatch.setattr(dates, "_grammar_for", lambda text: dates._grammar(None))
    whole = [dates.find_dates(t) for t in texts]
    assert own == whole
    assert sum(len(found) for found in whole) > 50
