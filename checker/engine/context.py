"""Per-article evaluation context: an analysis plus caches shared by claims.

One :class:`Context` is made per analysed article and shared by every claim
evaluated on it, so that a word looked up, a prefix expanded or a quantity
filtered for one claim is not redone for the next.  It holds no global
state: it lives as long as the article's evaluation.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

LEVELS = {"sentence": 0, "paragraph": 1, "article": 2}


@dataclass(frozen=True, slots=True)
class Hit:
    """A match of a query leaf: offsets in ``Analysis.text`` and token range."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    value: Any = None  # Quantity or DateMention
    note: str | None = None  # e.g. how a QUOTE passage differs


class Context:
    __slots__ = ("analysis", "cache", "_starts", "_all", "_tok_unit", "_vocab", "_located", "_mention_units")

    def __init__(self, analysis: Any) -> None:
        self.analysis = analysis
        self.cache: dict[Any, Any] = {}
        self._starts = {
            level: [u.start for u in analysis.units(level)] for level in LEVELS
        }
        self._all: dict[str, frozenset[int]] = {
            level: frozenset(range(len(analysis.units(level)))) for level in LEVELS
        }
        self._tok_unit: dict[str, list[int]] = {}
        self._vocab: list[str] | None = None
        self._located: dict[tuple[int, int], tuple[str, int, int, int, int]] = {}
        self._mention_units: dict[tuple[str, str], list[int]] = {}

    def mention_units(self, kind: str, level: str) -> list[int]:
        """For each quantity (``kind`` "quantities") or date ("dates") of the
        article, the index of the unit at ``level`` wholly containing it, or -1."""
        key = (kind, level)
        got = self._mention_units.get(key)
        if got is None:
            units = self.analysis.units(level)
            got = []
            for m in getattr(self.analysis, kind):
                i = self.unit_of(level, m.start)
                got.append(i if i is not None and m.end <= units[i].end else -1)
            self._mention_units[key] = got
        return got

    def locate(self, start: int, end: int) -> tuple[str, int, int, int, int]:
        """``Analysis.locate`` with the words' whitespace collapsed, cached:
        the same sentence or span is evidence for many claims."""
        key = (start, end)
        got = self._located.get(key)
        if got is None:
            words, a, b, line, column = self.analysis.locate(start, end)
            got = self._located[key] = (" ".join(words.split()), a, b, line, column)
        return got

    def vocabulary(self) -> list[str]:
        """The article's distinct words, sorted (for prefix look-ups)."""
        if self._vocab is None:
            self._vocab = sorted(self.analysis.postings)
        return self._vocab

    def tok_unit(self, level: str) -> list[int]:
        """For each word index, the index of its unit at ``level`` (-1: none)."""
        got = self._tok_unit.get(level)
        if got is None:
            got = [-1] * len(self.analysis.words)
            for i, u in enumerate(self.analysis.units(level)):
                got[u.tok_start:u.tok_end] = [i] * (u.tok_end - u.tok_start)
            self._tok_unit[level] = got
        return got

    def units(self, level: str):
        return self.analysis.units(level)

    def all_units(self, level: str) -> frozenset[int]:
        return self._all[level]

    def unit_of(self, level: str, offset: int) -> int | None:
        """Index of the unit at ``level`` that contains text offset ``offset``."""
        starts = self._starts[level]
        i = bisect_right(starts, offset) - 1
        if i < 0:
            return None
        unit = self.analysis.units(level)[i]
        return i if offset < unit.end or level == "article" else None

    def parent(self, level: str, index: int, to: str) -> int:
        """Index of the unit at coarser level ``to`` enclosing a unit."""
        if to == "article" or level == to:
            return 0 if to == "article" else index
        # sentence -> paragraph
        return self.analysis.sentences[index].paragraph

    def children(self, level: str, index: int, finer: str) -> range:
        """Indexes of the units at ``finer`` level inside a unit at ``level``."""
        unit = self.analysis.units(level)[index]
        starts = self._starts[finer]
        return range(bisect_left(starts, unit.start), bisect_left(starts, unit.end))

    def hits_in(self, hits: list[Hit], starts: list[int], level: str, index: int) -> list[Hit]:
        """The hits (sorted by start, with ``starts`` their starts) inside a unit."""
        unit = self.analysis.units(level)[index]
        inside = hits[bisect_left(starts, unit.start): bisect_left(starts, unit.end)]
        return [h for h in inside if h.end <= unit.end]
