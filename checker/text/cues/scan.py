"""The pass over an article that applies the cue rules of
:mod:`checker.text.cues.rules`: sentence by sentence, the lexicon phrases
that start at its hits and each row's rule (:func:`article_cues`), then the
scopes of the sentence's negation and hedge cues (:func:`_scoped`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain, repeat
from typing import Any

from . import POSITION, RawCue, Row, _reach, compiled_lexicon
from .lexicon import AUXILIARIES
from .marks import ANY, CLAUSE, COMMA, NEG_BACK, NEG_FWD, PRED_BACK, Article, Sentence
from .rules import BACKWARD, BOTH, CONDITION, FORWARD, RULES

_TAKERS = frozenset({"deny", "reject", "predicate"})  # cues whose object is something said
_PARTICLES = frozenset({"forward", "clause"})  # negations that limit each other's reach (medspaCy's rule)


def match_row(doc: Article, row: Row, k: int, first: int, limit: int) -> int | None:
    """Where ``row``'s phrase starts if its anchor word is token ``k`` (the
    phrase within tokens ``[first, limit)``), or None."""
    words, starts, ends = doc.words, doc.starts, doc.ends
    if row.contracted:  # n't: "didn" "'" "t"
        if k == 0 or not words[k - 1].endswith("n") or doc.folded[ends[k - 1]:starts[k]] != "'":
            return None
        return k
    if len(row.words) == 1:
        return k
    i = k - row.anchor
    if i < first or i + len(row.words) > limit:
        return None
    for n, alternatives in enumerate(row.words):
        j = i + n
        if j != k and words[j] not in alternatives:
            return None
        if n and doc.folded[ends[j - 1]:starts[j]].strip(" -"):
            return None  # punctuation between the words: not the phrase
    return i


def _entry(row: Row) -> tuple[Any, Row, bool, int, tuple[int, bool, bool] | None]:
    """What the scan needs of a row, worked out once: ``(rule, row, direct,
    code, scope facts)``; ``code`` 0 for a pseudo-cue, 1 for an attribution,
    2 for a negation or hedge, 3 for one that takes what was said as object.
    The scope facts of a negation or hedge: the marks its backward scope
    stops at, whether an auxiliary before it joins the cue words, whether it
    is a particle (one of :data:`_PARTICLES`)."""
    if row.kind == "pseudo":
        return None, row, row.direct, 0, None
    if row.kind == "attribution":
        return RULES[row.rule], row, row.direct, 1, None
    back = NEG_BACK if row.rule in ("clause", "modal", "passive") else PRED_BACK
    facts = (back, row.kind == "negation" and row.rule == "clause", row.kind == "negation" and row.rule in _PARTICLES)
    return RULES[row.rule], row, row.direct, 3 if row.rule in _TAKERS else 2, facts


@lru_cache(maxsize=1)
def _plans() -> dict[str, tuple[dict[str, tuple], tuple]]:
    """The compiled lexicon with each row made an :func:`_entry`, so that the
    scan reads a tuple per row tried instead of the row's fields and the
    rule registry (line for line the same choices as the lexicon's look-up)."""
    plans = {}
    for word, (by_next, rows) in compiled_lexicon().items():
        plans[word] = ({w: tuple(map(_entry, r)) for w, r in by_next.items()}, tuple(map(_entry, rows)))
    return plans


_LAST = ((0, 1 << 62),)  # after the last hit: a sentence index past every sentence (ends the last one)


def article_cues(doc: Article, sentences: Sequence[Any], starts: tuple[int, ...], ends: Sequence[int],
                 hits: list[int]) -> tuple[list[RawCue], list[tuple[int, ...]]]:
    """The cues of an article in text order (of each sentence's cues), and
    for each sentence the indexes of the cues whose words or scope touch it,
    given the sentences' start offsets and token ends and the (sorted) tokens
    where lexicon phrases may start: one loop over the article's hits,
    sentence by sentence, that files each sentence's cues as it finishes it
    (no list of sentences' cues for a second loop to file).  Only a quotation
    takes a scope out of its sentence: every scope ends at a mark of the
    sentence or at its ends, or at a quotation's."""
    words, sentence, plans, n = doc.words, Sentence(doc), _plans(), len(ends)
    raw: list[RawCue] = []
    by_sentence: list[tuple[int, ...]] = [()] * n
    cur, s, tb, consumed = -1, sentence, 0, 0
    cues: list[RawCue] = []
    pending: list[tuple[int, int, Row, int, tuple[int, bool, bool]]] = []
    # the sentence of each hit by a bisection in C (map), and one loop over the hits: a sentence is
    # read when its first hit comes, and finished when the next sentence's (or the end) comes
    for k, si in chain(zip(hits, map(bisect_right, repeat(ends), hits)), _LAST):
        if si != cur:
            if pending:
                scoped = _scoped(s, pending)
                cuts = []  # "..., charges Damascus denies": the words after the comma are not the speaker's
                for cue in scoped:
                    if cue[5] == cue[2] and _after_comma(s, cue[4]):  # a backward scope that follows a comma
                        cuts.append(cue[4])
                if cuts:
                    cues = [_cut(c, cuts) for c in cues]
                cues.extend(scoped)
                pending = []
            if cues:
                m = len(raw)
                if len(cues) > 1:
                    cues.sort(key=POSITION)
                    raw += cues
                    by_sentence[cur] += tuple(range(m, len(raw)))
                else:  # (most sentences have one cue: (m,) costs a tenth of tuple(range(m, m + 1)))
                    raw += cues
                    by_sentence[cur] += (m,)
                if s.quoted:  # a quotation's speaker may reach other sentences
                    for x, c in enumerate(cues, m):  # (not k: the hit being read)
                        if c[4] < s.a or c[5] > s.b:
                            _reach(by_sentence, starts, x, c, cur)
                cues = []
            if si >= n:
                break  # the end, or words after the last sentence
            cur = si
            s = sentence.read(sentences[si])
            tb, consumed = s.tb, s.ta  # (hits before the sentence, outside every sentence, are consumed)
        if k < consumed:
            continue
        by_next, entries = plans[words[k]]
        if by_next and k + 1 < tb:
            entries = by_next.get(words[k + 1], entries)
        for rule, row, direct, code, facts in entries:
            if direct:
                i = k
            else:
                i = match_row(doc, row, k, consumed, tb)
                if i is None:
                    continue
            j = i + row.size
            if not code:  # a pseudo-cue
                consumed = j
                break
            result = rule(s, row, i, j)
            if result is None:
                continue
            if code == 1:  # an attribution: its cues
                if s.quoted:
                    for cue in result:  # (loops, not comprehensions, in this function: a comprehension
                        cues.append(_in_quote(doc, cue))  # is a call in Python 3.11, for one or two items)
                else:
                    cues += result
            else:  # a negation or hedge: its direction, scoped when the sentence is done
                pending.append((i, j, row, result, facts))
                if code == 3:
                    s.taker_end = j
            consumed = j
            break
    return raw, by_sentence


def _in_quote(doc: Article, cue: RawCue) -> RawCue:
    """A reporting cue inside a quotation reaches no further than the quotation."""
    k = doc.quote_containing(cue[2])
    if k is None:
        return cue
    lo, hi = max(cue[4], doc.quotes[k][0] + 1), min(cue[5], doc.quotes[k][1])
    return cue if (lo, hi) == cue[4:6] else cue[:4] + (lo, max(lo, hi)) + cue[6:]


def _cut(cue: RawCue, cuts: list[int]) -> RawCue:
    """An attribution's scope ended before a closing denial's clause."""
    end = min([cue[5]] + [m for m in cuts if cue[4] < m < cue[5]])
    return cue if end == cue[5] else cue[:5] + (end,) + cue[6:]


def _after_comma(s: Sentence, pos: int, m: tuple[int, int, int] | None = None) -> bool:
    """Whether a comma comes right before ``pos`` (no word between); ``m``:
    the mark before ``pos`` when the caller has it."""
    if m is None:
        m = s.prev_mark(pos, ANY)
    if m is None or not m[2] & (COMMA | CLAUSE):
        return False
    # (most often only a space lies between: no word, without searching the tokens)
    return not s.doc.folded[m[1]:pos].strip() or not len(s.words_between(m[1], pos))


def _scoped(s: Sentence, pending: list[tuple[int, int, Row, int, tuple[int, bool, bool]]]) -> list[RawCue]:
    """Scopes of the negation and hedge cues of a sentence."""
    doc = s.doc
    spans = []
    for i, j, row, direction, (back, auxiliary, particle) in pending:
        cs = doc.ends[i - 1] - 1 if row.contracted else doc.starts[i]
        if auxiliary and i > s.ta and doc.words[i - 1] in AUXILIARIES and (
                row.contracted or not doc.folded[doc.ends[i - 1]:cs].strip()):
            cs = doc.starts[i - 1]  # the message names "did not", "doesn't", "was never"
        ce = doc.ends[j - 1]
        if direction == BOTH:  # the mark before the cue, read once: it tells both which way the cue looks
            m = s.prev_mark(cs, ANY)  # and, when it is one the backward scope stops at, where that scope starts
            if m is not None and _after_comma(s, cs, m):
                lo = cs  # "in Paris, not Damascus": the cue negates what follows it
            elif m is None or m[2] & back:  # (no max() call: a builtin call costs more than a comparison)
                lo = s.a if m is None else m[1]  # (a mark of the sentence ends after its start)
                if s.attr_ends:
                    floor = s.floor(cs)
                    lo = floor if floor > lo else lo  # noqa: FURB136 - no min/max call: see the cost section of docs/context-cues.md
            else:
                lo = s.backward_start(cs, back, s.floor(cs) if s.attr_ends else s.a)
        else:
            lo = s.backward_start(cs, back, s.floor(cs) if s.attr_ends else s.a) if direction & BACKWARD else ce
        hi = s.forward_end(ce, NEG_FWD | (COMMA if direction == CONDITION else 0)) if direction & FORWARD else cs
        if direction & FORWARD and s.tails:
            hi = min([hi, *[t for t in s.tails if t >= ce]])
        k = doc.quote_containing(cs) if s.quoted else None  # (cs is at most two characters before the sentence)
        if k is not None:  # (comparisons, not max() and min(): a builtin call costs several)
            q_open, q_close = doc.quotes[k][0] + 1, doc.quotes[k][1]
            lo, hi = q_open if q_open > lo else lo, q_close if q_close < hi else hi  # noqa: FURB136 - no min/max call: see the cost section of docs/context-cues.md
        if len(pending) == 1:  # (most sentences: one negation or hedge, no list of spans)
            return [(row.kind, doc.text[cs:ce], cs, ce, lo, hi if hi > lo else lo, None, None, None)]  # noqa: FURB136 - no min/max call: see the cost section of docs/context-cues.md
        spans.append([cs, ce, lo, hi, row, particle])
    if len(spans) > 1:
        particles = [sp for sp in spans if sp[5]]
        for x, first in enumerate(particles):  # a later negation takes over from an earlier one
            for second in particles[x + 1:]:
                if first[2] <= second[0] < first[3]:
                    first[3] = second[0]
                second[2] = max(second[2], min(first[3], second[0]))
    out = []
    for cs, ce, lo, hi, row, _ in spans:
        out.append((row.kind, doc.text[cs:ce], cs, ce, lo, hi if hi > lo else lo, None, None, None))  # noqa: FURB136 - no min/max call: see the cost section of docs/context-cues.md
    return out
