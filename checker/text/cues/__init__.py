"""Context cues: negation, hedging and attribution, found once per article.

The method is NegEx/ConText's (a trigger lexicon; each trigger has a
direction and a scope that ends at a clause boundary; pseudo-triggers hold a
cue word but are no cue) with FactBank's three questions for each statement
in news text: is it denied (polarity), how certain is it (hedged), and whose
words are they (the source).  The lexicon is data, in
:mod:`checker.text.cues.lexicon`; how each cue finds its scope is a rule in
:mod:`checker.text.cues.rules`, reading the clause marks of
:mod:`checker.text.cues.marks`.  ``docs/context-cues.md`` explains both.

:func:`find_cues` runs inside :func:`checker.text.analysis.analyze`; its
result, :class:`Cues`, is ``Analysis.cues``.  The engine then asks
:meth:`Cues.context` for the context of each match: a lookup by position.

Decisions (documented in ``docs/context-cues.md``):

* a match is governed by a cue when its **first character** lies in the cue's
  scope (a match that runs past a clause boundary takes the context of the
  clause it starts in);
* a cue that overlaps the matched words governs nothing of them
  (``QUOTE("by no means political")`` is not negated by its own "no");
* negation cues that govern the same match cancel in pairs (odd count:
  negated); any hedge cue makes it hedged; the source is the speaker of the
  innermost (narrowest) attribution that governs it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

from ...pickling import by_fields


@by_fields
@dataclass(frozen=True, slots=True)
class Cue:
    """A cue and the words it governs; all offsets are in ``Analysis.text``."""

    kind: str  # "negation" | "hedge" | "attribution"
    text: str  # the cue words as written in Analysis.text
    start: int
    end: int
    scope_start: int
    scope_end: int
    speaker: str | None = None  # attribution: the words naming the speaker
    speaker_start: int | None = None
    speaker_end: int | None = None


@by_fields
@dataclass(frozen=True, slots=True)
class MatchContext:
    """What the sentence says about a match: denied, hedged, whose words."""

    negated: bool = False
    hedged: bool = False
    source: str | None = None  # the speaker's words, when attributed
    source_span: tuple[int, int] | None = None  # offsets in Analysis.text
    cues: tuple[Cue, ...] = ()  # the cues that govern the match, in text order


PLAIN = MatchContext()


def context_of(cues: Sequence[Cue]) -> MatchContext:
    """The context that a set of governing cues gives a match."""
    if not cues:
        return PLAIN
    negations = 0
    hedged = False
    source: Cue | None = None
    for cue in cues:
        if cue.kind == "negation":
            negations += 1
        elif cue.kind == "hedge":
            hedged = True
        elif source is None or cue.scope_end - cue.scope_start <= source.scope_end - source.scope_start:
            source = cue
    if source is None:
        return MatchContext(negations % 2 == 1, hedged, None, None, tuple(cues))
    span = (source.speaker_start, source.speaker_end) if source.speaker_start is not None else None
    return MatchContext(negations % 2 == 1, hedged, source.speaker, span, tuple(cues))  # type: ignore[arg-type]


# A cue as detection makes it: the fields of :class:`Cue`, in order.  Cues
# keep these plain tuples and make :class:`Cue` objects when asked (a frozen
# dataclass costs several times a tuple to make, and most cues are never
# asked for: most matches lie outside every scope).
RawCue = tuple
# The order of cues: by where the cue words start, then where the scope starts
# (a C key, not a Python function called for every cue sorted).
POSITION = itemgetter(2, 4)


def governs(cue: RawCue, start: int, end: int) -> bool:
    """Whether a cue governs a match spanning ``text[start:end]``: the match's
    first character is in the cue's scope, and the match neither overlaps
    the cue's words nor starts in its speaker's words."""
    _, _, cue_start, cue_end, scope_start, scope_end, _, speaker_start, speaker_end = cue
    if not scope_start <= start < scope_end or (cue_start < end and start < cue_end):
        return False
    return speaker_start is None or not speaker_start <= start < speaker_end


@dataclass(frozen=True, slots=True)
class Cues:
    """Every cue of one article, immutable once built (``Analysis.cues``).

    ``raw`` holds the cues in text order (as :data:`RawCue` tuples);
    ``by_sentence[i]`` the indexes in ``raw`` of the cues whose words or
    scope touch sentence ``i`` (one entry per sentence, ``()`` for most);
    ``sentence_starts`` the sentences' start offsets, so a position finds
    its sentence by bisection."""

    raw: tuple[RawCue, ...] = ()
    sentence_starts: tuple[int, ...] = ()
    by_sentence: tuple[tuple[int, ...], ...] = ()

    @property
    def all(self) -> tuple[Cue, ...]:
        return tuple(Cue(*r) for r in self.raw)

    def __iter__(self) -> Iterator[Cue]:
        return (Cue(*r) for r in self.raw)

    def __len__(self) -> int:
        return len(self.raw)

    def context(self, start: int, end: int) -> MatchContext:
        """The context of a match spanning ``Analysis.text[start:end]``."""
        i = bisect_right(self.sentence_starts, start) - 1
        found = self.by_sentence[i] if 0 <= i < len(self.by_sentence) else ()
        if not found:
            return PLAIN
        raw = self.raw
        return context_of([Cue(*raw[k]) for k in found if governs(raw[k], start, end)])

    def in_sentence(self, index: int) -> tuple[Cue, ...]:
        """The cues of sentence ``index`` and those that reach into it."""
        found = self.by_sentence[index] if 0 <= index < len(self.by_sentence) else ()
        return tuple(Cue(*self.raw[k]) for k in found)


NO_CUES = Cues()


# ---- the lexicon, compiled once on first use ------------------------------------------------


class Row:
    """One phrase of the lexicon, ready for matching; never changed once made.

    A class with slots, not a named tuple: the scan reads several fields of
    a row for every candidate word, and a slot is read several times faster
    than a named tuple's field (which Python 3.11 cannot specialise)."""

    __slots__ = ("anchor", "contracted", "direct", "kind", "phrase", "rule", "size", "words")

    def __init__(self, words: tuple[frozenset[str], ...], kind: str, rule: str, phrase: str, anchor: int = 0,
                 contracted: bool = False, size: int = 1, direct: bool = True) -> None:
        self.words = words  # alternatives for each word
        self.kind, self.rule, self.phrase = kind, rule, phrase  # phrase: as written in the table
        self.anchor = anchor  # the word the phrase is looked up by (not a common one: "by no means" by "no")
        self.contracted = contracted  # n't: the word "t" after an apostrophe, after a word ending in n
        self.size = size  # len(words)
        self.direct = direct  # a one-word phrase: it starts at its anchor, nothing more to match

    def __repr__(self) -> str:
        return f"Row({self.phrase!r}, {self.kind}, {self.rule})"


# The rows looked up by one anchor word: ``(by_next, rows)``.  ``rows`` are
# tried when the next word is any other; ``by_next`` maps each word that can
# follow the anchor in a phrase beginning with it ("not only", "no doubt") to
# the rows tried then (still longest first, then in table order).
Lookup = tuple[dict[str, tuple[Row, ...]], tuple[Row, ...]]


@lru_cache(maxsize=1)
def compiled_lexicon() -> dict[str, Lookup]:
    """Anchor word -> the rows looked up by it, longest first, then in table
    order, chosen by the word after it (so that a phrase whose second word is
    not there costs nothing: most "not"s are no "not only")."""
    from .lexicon import COMMON_WORDS, CUES

    index: dict[str, list[tuple[int, int, Row]]] = {}
    for order, (phrase, kind, rule, _example) in enumerate(CUES):
        if phrase == "n't":
            row = Row((frozenset({"t"}),), kind, rule, phrase, contracted=True, direct=False)
        else:
            words = tuple(frozenset(w.split("/")) for w in phrase.split())
            anchor = next((k for k, w in enumerate(words) if not w <= COMMON_WORDS), 0)
            row = Row(words, kind, rule, phrase, anchor, False, len(words), len(words) == 1)
        for word in row.words[row.anchor]:
            index.setdefault(word, []).append((-len(row.words), order, row))
    lookups: dict[str, Lookup] = {}
    for word, found in index.items():
        rows = [r for _, _, r in sorted(found, key=lambda x: x[:2])]
        opening = [r for r in rows if r.anchor == 0 and r.size > 1 and not r.contracted]  # need the next word
        by_next = {w: tuple(r for r in rows if r not in opening or w in r.words[1]) for r in opening for w in r.words[1]}
        lookups[word] = (by_next, tuple(r for r in rows if r not in opening))
    return lookups


@lru_cache(maxsize=1)
def _lexicon_words() -> frozenset[str]:
    return frozenset(compiled_lexicon())


@lru_cache(maxsize=1)
def _detector() -> tuple[Any, Any]:
    """The detection modules, imported on first use (importing the analysis
    stays cheap) and once: an import statement in :func:`find_cues` costs a
    few microseconds per article."""
    from .marks import Article
    from .scan import article_cues

    return Article, article_cues


# ---- finding the cues of an article ---------------------------------------------------------



def find_cues(text: str, folded: str, index: Any, sentences: Sequence[Any], paragraphs: Sequence[Any]) -> Cues:
    """All cues of an analysed text.

    ``index`` is the article's :class:`~checker.text.tokens.WordIndex`;
    ``sentences`` and ``paragraphs`` its units (``start``/``end`` in ``text``,
    ``tok_start``/``tok_end`` in the index)."""
    Article, article_cues = _detector()
    postings = index.postings
    hits: list[int] = []
    for word in _lexicon_words().intersection(postings):  # (frozenset.intersection(dict) runs in C
        hits += postings[word]  # over the article's words; dict.keys() & frozenset takes twice as long)
    # (a comprehension, not map(attrgetter(...)): its attribute load is specialised for the slotted
    # Unit, a third cheaper than attrgetter's generic look-up: -1.2 M instructions a pass each)
    starts = tuple([u.start for u in sentences])
    if not hits or not sentences:
        return Cues((), starts, ((),) * len(sentences))
    hits.sort()

    doc = Article(text, folded, index, paragraphs)
    raw, by_sentence = article_cues(doc, sentences, starts, [u.tok_end for u in sentences], hits)
    continued = doc.continued_quotes()
    if not continued:
        return Cues(tuple(raw), starts, tuple(by_sentence))
    found = raw + continued  # quotations continued in the next paragraph: index them all again
    found.sort(key=POSITION)
    return _index(found, starts)


def _reach(by_sentence: list[tuple[int, ...]], starts: tuple[int, ...], k: int, cue: RawCue, own: int) -> None:
    """Register cue ``k`` with the other sentences its scope touches.  Indexes
    stay ascending: cues are numbered in text order as sentences are read."""
    for i in _touched(starts, cue[4], cue[5]):
        if i != own:
            by_sentence[i] += (k,)


def _touched(starts: tuple[int, ...], lo: int, hi: int) -> range:
    """The sentences (by their start offsets) that ``text[lo:hi]`` touches."""
    first = bisect_right(starts, lo) - 1
    last = bisect_left(starts, hi) - 1
    if first < 0:  # noqa: PLR1730 - no min/max call: see the cost section of docs/context-cues.md
        first = 0
    return range(first, (last if last > first else first) + 1)  # noqa: FURB136 - no min/max call: see the cost section of docs/context-cues.md


def _index(found: list[RawCue], starts: tuple[int, ...]) -> Cues:
    """Group the cues (in text order) by the sentences their words or scope touch."""
    lists: dict[int, list[int]] = {}
    for n, cue in enumerate(found):
        for i in _touched(starts, min(cue[2], cue[4]), max(cue[3], cue[5])):
            if i in lists:
                lists[i].append(n)
            else:
                lists[i] = [n]
    return Cues(tuple(found), starts, tuple([tuple(lists.get(i, ())) for i in range(len(starts))]))
