"""Per-article evaluation context: an analysis plus caches shared by claims.

One :class:`Context` is made per analysed article and shared by every claim
evaluated on it, so that a word looked up, a prefix expanded, a quantity
filtered, a sub-query's units or a piece of evidence built for one claim is
not redone for the next.  It holds no global state: it lives as long as the
article's evaluation.

Sets of units are bit masks (Python ints): bit ``i`` stands for unit ``i`` at
a level, so ``AND``, ``OR`` and ``NOT`` are single integer operations.  A word
outside every unit of a level (the text analysis never produces one, but the
engine does not rely on that) has unit index ``-1``; it is kept in the extra
bit ``len(units)`` (:meth:`Context.bit`), so that masks mean exactly what
sets of indexes with ``-1`` in them would.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Any, Iterable

from ..text.cues import PLAIN, MatchContext
from .hits import Hit

if TYPE_CHECKING:
    from ..exact import Exact
    from ..text.analysis import Analysis

LEVELS = {"sentence": 0, "paragraph": 1, "article": 2}


class Context:
    """One analysed article and everything claims share about it.

    ``cache`` is keyed by strings built from a matcher's structural ``sig``
    (see :mod:`checker.engine.matcher`), so equal sub-queries of different
    claims share their hits, unit masks, matches and evidence.  The other
    attributes are per-level tables computed on first use.
    """

    __slots__ = (
        "analysis", "cache", "unit_lists", "_starts", "_count", "_full", "_tok_unit", "_vocab", "_located",
        "_mention_bits", "_quantity_bounds", "_unit_located", "_text_spans", "_paragraph_bits", "_contexts",
        "_cue_units", "_kind_sentences",
    )

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.cache: dict[Any, Any] = {}
        self.unit_lists = {level: analysis.units(level) for level in LEVELS}  # level -> its units
        self._count = {level: len(units) for level, units in self.unit_lists.items()}
        self._full = {level: (1 << n) - 1 for level, n in self._count.items()}
        self._starts: dict[str, list[int]] = {}
        self._tok_unit: dict[str, list[int]] = {}
        self._vocab: list[str] | None = None
        self._located: dict[tuple[int, int], tuple[str, int, int, int, int]] = {}
        self._mention_bits: dict[tuple[str, str], list[int]] = {}
        self._quantity_bounds: list[tuple[Exact, Exact]] | None = None
        self._unit_located: dict[str, dict[int, tuple[str, int, int, int, int]]] = {}
        self._text_spans: dict[str, list[tuple[int, int]]] = {}
        self._paragraph_bits: list[int] | None = None
        self._contexts: dict[tuple[int, int], MatchContext] = {}
        self._cue_units: dict[tuple[str, frozenset[str]], int] = {}
        self._kind_sentences: dict[str, int] | None = None

    # ---- unit masks ---------------------------------------------------------

    def full(self, level: str) -> int:
        """The mask of every unit at ``level``."""
        return self._full[level]

    def bit(self, level: str, index: int) -> int:
        """The bit position of unit ``index`` (``-1``: the bit after the last unit)."""
        return index if index >= 0 else self._count[level]

    def has(self, level: str, mask: int, index: int) -> bool:
        """Whether unit ``index`` is in ``mask``."""
        return (mask >> (index if index >= 0 else self._count[level])) & 1 == 1

    def mask(self, level: str, indexes: Iterable[int]) -> int:
        """The mask of a collection of unit indexes (``-1`` allowed)."""
        n = self._count[level]
        m = 0
        for i in set(indexes):
            m |= 1 << (i if i >= 0 else n)
        return m

    def indices(self, level: str, mask: int) -> list[int]:
        """The unit indexes in ``mask``, as ``sorted`` orders them (``-1`` first)."""
        out = []
        full = self._full[level]
        if mask > full:
            out.append(-1)
            mask &= full
        while mask:
            low = mask & -mask
            out.append(low.bit_length() - 1)
            mask ^= low
        return out

    def up(self, finer: str, mask: int, level: str) -> int:
        """The units at ``level`` enclosing the units of ``mask`` at ``finer``."""
        if not mask:
            return 0
        if level == "article":
            return 1
        # sentences -> their paragraphs
        paragraph_bits = self.paragraph_bits()
        enclosing = 0
        for i in self.indices(finer, mask):
            enclosing |= paragraph_bits[i]
        return enclosing

    def all_units(self, level: str) -> frozenset[int]:
        """Every unit index at ``level``, as a set."""
        return frozenset(range(self._count[level]))

    # ---- per-level tables ---------------------------------------------------

    def starts(self, level: str) -> list[int]:
        """The start offsets of the units at ``level``."""
        got = self._starts.get(level)
        if got is None:
            got = self._starts[level] = [u.start for u in self.unit_lists[level]]
        return got

    def tok_unit(self, level: str) -> list[int]:
        """For each word index, the index of its unit at ``level`` (-1: none)."""
        got = self._tok_unit.get(level)
        if got is None:
            got = [-1] * len(self.analysis.words)
            for i, u in enumerate(self.unit_lists[level]):
                got[u.tok_start:u.tok_end] = [i] * (u.tok_end - u.tok_start)
            self._tok_unit[level] = got
        return got

    def mention_bits(self, kind: str, level: str) -> list[int]:
        """For each quantity (``kind`` "quantities") or date ("dates") of the
        article, the bit of the unit at ``level`` wholly containing it, or 0."""
        key = (kind, level)
        got = self._mention_bits.get(key)
        if got is None:
            units = self.unit_lists[level]
            got = []
            for m in getattr(self.analysis, kind):
                i = self.unit_of(level, m.start)
                got.append(1 << i if i is not None and m.end <= units[i].end else 0)
            self._mention_bits[key] = got
        return got

    def quantity_bounds(self) -> list[tuple[Exact, Exact]]:
        """For each quantity of the article, ``(low, high)`` (for NUM)."""
        if self._quantity_bounds is None:
            self._quantity_bounds = [(q.low, q.high) for q in self.analysis.quantities]
        return self._quantity_bounds

    def paragraph_bits(self) -> list[int]:
        """For each sentence, the bit of its paragraph."""
        if self._paragraph_bits is None:
            self._paragraph_bits = [1 << s.paragraph for s in self.analysis.sentences]
        return self._paragraph_bits

    def text_spans(self, level: str) -> list[tuple[int, int]]:
        """For each unit at ``level``, its span in ``Article.text`` (for /regex/)."""
        got = self._text_spans.get(level)
        if got is None:
            span = self.analysis.text_span
            got = self._text_spans[level] = [span(u.start, u.end) for u in self.unit_lists[level]]
        return got

    def vocabulary(self) -> list[str]:
        """The article's distinct words, sorted (for prefix look-ups)."""
        if self._vocab is None:
            self._vocab = sorted(self.analysis.postings)
        return self._vocab

    # ---- positions ----------------------------------------------------------

    def locate(self, start: int, end: int) -> tuple[str, int, int, int, int]:
        """``Analysis.locate`` with the words' whitespace collapsed, cached:
        the same sentence or span is evidence for many claims."""
        key = (start, end)
        got = self._located.get(key)
        if got is None:
            words, a, b, line, column = self.analysis.locate(start, end)
            got = self._located[key] = (" ".join(words.split()), a, b, line, column)
        return got

    def locate_unit(self, level: str, index: int) -> tuple[str, int, int, int, int]:
        """:meth:`locate` of a whole unit, cached by its level and index."""
        by_index = self._unit_located.get(level)
        if by_index is None:
            by_index = self._unit_located[level] = {}
        got = by_index.get(index)
        if got is None:
            unit = self.unit_lists[level][index]
            got = by_index[index] = self.locate(unit.start, unit.end)
        return got

    def unit_of(self, level: str, offset: int) -> int | None:
        """Index of the unit at ``level`` that contains text offset ``offset``."""
        starts = self.starts(level)
        i = bisect_right(starts, offset) - 1
        if i < 0:
            return None
        unit = self.unit_lists[level][i]
        return i if offset < unit.end or level == "article" else None

    def children(self, level: str, index: int, finer: str) -> range:
        """Indexes of the units at ``finer`` level inside a unit at ``level``."""
        unit = self.unit_lists[level][index]
        starts = self.starts(finer)
        return range(bisect_left(starts, unit.start), bisect_left(starts, unit.end))

    # ---- hits ---------------------------------------------------------------

    def hit(self, start: int, end: int, part: Any, value: Any = None, note: str | None = None,
            tok_start: int = -1, tok_end: int = -1) -> Hit:
        """A :class:`Hit` of ``part`` on ``Analysis.text[start:end]``: every
        matcher makes its hits here (the word range is looked up when not
        given)."""
        if tok_start < 0:
            tok_start, tok_end = self.analysis.token_range(start, end)
        return Hit(start, end, tok_start, tok_end, part, value, note)

    # ---- context (SPEC §8) ---------------------------------------------------

    def context(self, start: int, end: int) -> MatchContext:
        """The context the article's cues give a match on ``Analysis.text[start:end]``
        (cached: the same span is evidence for many claims)."""
        cues = self.analysis.cues
        # the cheap test first: most matches lie in a sentence no cue reaches
        i = bisect_right(cues.sentence_starts, start) - 1
        if i < 0 or i >= len(cues.by_sentence) or not cues.by_sentence[i]:
            return PLAIN
        key = (start, end)
        got = self._contexts.get(key)
        if got is None:
            got = self._contexts[key] = cues.context(start, end)
        return got

    def context_of(self, hit: Hit) -> MatchContext:
        """A hit's context: the one it carries, or the one its span has."""
        return hit.context if hit.context is not None else self.context(hit.start, hit.end)

    def cue_units(self, level: str, kinds: frozenset[str]) -> int:
        """The mask of the units at ``level`` that a cue of one of ``kinds``
        reaches: outside them every match has the plain context."""
        key = (level, kinds)
        got = self._cue_units.get(key)
        if got is None:
            by_kind = self._kind_sentences
            if by_kind is None:
                by_kind = self._kind_sentences = self._sentences_by_kind()
            sentences = 0
            for kind in kinds:
                sentences |= by_kind.get(kind, 0)
            got = self._cue_units[key] = sentences if level == "sentence" else self.up("sentence", sentences, level)
        return got

    def _sentences_by_kind(self) -> dict[str, int]:
        """For each kind of cue, the mask of the sentences a cue of that kind
        reaches: one pass over the cues a draft, not one per set of kinds
        asked (a draft of the default rules asks for five or six)."""
        cues = self.analysis.cues
        raw = cues.raw
        by_kind: dict[str, int] = {}
        for i, found in enumerate(cues.by_sentence):
            bit = 1 << i
            for k in found:
                kind = raw[k][0]
                by_kind[kind] = by_kind.get(kind, 0) | bit
        return by_kind

    def hits_in(self, hits: list[Hit], starts: list[int], level: str, index: int) -> list[Hit]:
        """The hits (sorted by start, with ``starts`` their starts) inside a unit."""
        unit = self.unit_lists[level][index]
        inside = hits[bisect_left(starts, unit.start): bisect_left(starts, unit.end)]
        return [h for h in inside if h.end <= unit.end]
