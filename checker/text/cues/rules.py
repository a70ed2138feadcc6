"""How each cue of the lexicon finds its scope: the rules, one function each,
in the registry :data:`RULES` (named by the ``rule`` column of
:data:`checker.text.cues.lexicon.CUES`).  :mod:`checker.text.cues.scan`
applies them to an article.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import RawCue, Row
from .lexicon import (
    AUDIENCES,
    COMPLEMENTIZERS,
    COPULAS,
    DEGREE_ADVERBS,
    MONTH_NEIGHBOURS,
    NOUN_MARKERS,
    PROPOSITION_NOUNS,
    TAIL_STARTS,
)
from .marks import (
    AND,
    ANY,
    ATTR,
    CLAUSE,
    COMMA,
    HARD,
    PRED_BACK,
    QUOTE,
    Sentence,
)

FORWARD, BACKWARD, BOTH, CONDITION = 1, 2, 3, 5  # CONDITION: forward, to the first comma
Mark = tuple[int, int, int]  # a clause mark: start, end, kind (checker.text.cues.marks)
_SAID_OBJECTS = PROPOSITION_NOUNS | {"that"}
_TELL = frozenset("tell tells told telling".split())
_POSSESSIVES = frozenset("their his her its our my your".split())
_AND_OR = frozenset(("and", "or"))
_NO_VERB_AFTER = NOUN_MARKERS | COPULAS | {"being"}  # "the claims", "it was said", "being said"


# ---- rules for negation and hedge cues: a direction, or None to decline -------------------------


def _forward(s: Sentence, row: Row, i: int, j: int) -> int | None:
    if s.doc.words[i] == "no" and (s.word(i + 1)[:1].isdigit() or s.doc.text[s.doc.ends[i]:s.doc.ends[i] + 1] == "."):
        return None  # "No. 10", "no 4 division"
    return FORWARD


def _clause(s: Sentence, row: Row, i: int, j: int) -> int | None:
    return BOTH


def _condition(s: Sentence, row: Row, i: int, j: int) -> int | None:
    return CONDITION


def _modal(s: Sentence, row: Row, i: int, j: int) -> int | None:
    if s.word(j)[:1].isdigit() or (i > s.ta and (s.doc.text[s.doc.starts[i]] == "M" or s.word(i - 1) in MONTH_NEIGHBOURS)):
        return None  # the month of May
    return BOTH


def _passive(s: Sentence, row: Row, i: int, j: int) -> int | None:
    return BOTH if s.copula_before(i) else None


def _deny(s: Sentence, row: Row, i: int, j: int) -> int | None:
    if s.copula_before(i) or s.word(i - 1) in ("been", "being") or s.word(j) == "by" or s.clause_final(j):
        return BACKWARD
    return FORWARD


def _reject(s: Sentence, row: Row, i: int, j: int) -> int | None:
    words = s.doc.words
    ahead = words[j:j + 5 if j + 5 < s.tb else s.tb]  # noqa: FURB136 - "disputed the opposition's toll"
    if not _SAID_OBJECTS.isdisjoint(ahead):
        return FORWARD
    if PROPOSITION_NOUNS.isdisjoint(words[s.ta:i]):
        return None  # no claim, report... anywhere before it: none in its clause (one C test, not three calls)
    if s.copula_before(i) or s.word(j) == "by" or s.clause_final(j):
        back = s.words_between(s.backward_start(s.doc.starts[i], PRED_BACK, s.a), s.doc.starts[i])
        if not PROPOSITION_NOUNS.isdisjoint(words[back.start:back.stop]):
            return BACKWARD
    return None


def _predicate(s: Sentence, row: Row, i: int, j: int) -> int | None:
    following = s.word(j)
    if following in COMPLEMENTIZERS or following in PROPOSITION_NOUNS:
        return FORWARD
    if s.copula_before(i) and s.clause_final(j):
        return BACKWARD
    return None


# ---- rules for attribution cues: the cues, or None to decline ------------------------------------


def _report(s: Sentence, row: Row, i: int, j: int) -> list[RawCue] | None:
    doc = s.doc
    if i == s.taker_end:
        return None  # "rejected claims that": the object of a denial
    if i > s.ta:
        prev = doc.words[i - 1]
        if prev in _NO_VERB_AFTER or (prev in DEGREE_ADVERBS and s.copula_before(i)):
            return None  # "the claims", "it was said", "was first reported"
    cs, ce = doc.starts[i], doc.ends[j - 1]
    if doc.words[i] in _TELL:  # "told AFP": the audience belongs to the cue
        last, k, stop = None, j, j + 3 if j + 3 < s.tb else s.tb  # noqa: FURB136 - no min/max call: see the cost section of docs/context-cues.md
        while k < stop and doc.words[k] in AUDIENCES and not doc.folded[doc.ends[k - 1]:doc.starts[k]].strip():
            last = k if doc.words[k] not in ("the", "a", "an") else last
            k += 1
        ce = doc.ends[last] if last is not None else ce
    # the speaker: most often the words before the verb, after a mark that is no comma ("X said");
    # that case is settled here, the others by _speaker (a call fewer for three reporting verbs in four)
    (before, nxt), floor = s.around(cs, ce), s.floor(cs) if s.attr_ends else s.a
    if before is not None and before[1] < floor:
        before = None
    speaker = s.phrase(before[1] if before else floor, cs, i)  # "The Syrian opposition say"
    if speaker is None or (before is not None and before[2] == COMMA):
        found = _speaker(s, speaker, before, floor, ce)
        if found is None:
            return None
        speaker, before, after_pos = found
        if after_pos != ce:  # an inverted speaker ("said the prosecutor"): the mark after it
            nxt = s.next_mark(after_pos, ANY)
    else:
        after_pos = ce
    tail = _tail(s, before, after_pos, nxt) if before is not None and before[2] & (QUOTE | COMMA | CLAUSE | AND) else None
    quoted = _quote_after(s, after_pos, nxt) if nxt is not None and s.quoted else None
    sa, sb = speaker
    words, who = doc.text[cs:ce], doc.text[sa:sb]
    if quoted is None and tail is None:  # "X said ...": the words after it, to the clause's end
        end = s.b if nxt is None else nxt[0] if nxt[2] & ATTR else s.forward_end(nxt[1], ATTR)
        if end == s.b and s.quoted:  # a quotation opened in the scope may run on past the sentence
            k = doc.quote_containing(end - 1)
            if k is not None and doc.quotes[k][0] >= after_pos:
                end = max(end, doc.quotes[k][1])
        s.attr_ends += (ce,)  # (the scope starts after a word, never just inside a quotation: none to attribute)
        return [("attribution", words, cs, ce, after_pos, end, who, sa, sb)]
    if quoted is None or tail is None:
        lo, hi = quoted or tail
        out = [("attribution", words, cs, ce, lo, hi, who, sa, sb)]
    elif before is not None and before[2] == QUOTE:  # '"It is historic," said the lawyer, "for every victim."'
        out = [("attribution", words, cs, ce, *tail, who, sa, sb), ("attribution", words, cs, ce, *quoted, who, sa, sb)]
    else:  # a quotation follows: it, not the clause before, is what was said
        out = [("attribution", words, cs, ce, *quoted, who, sa, sb)]
    if s.quoted:
        for cue in out:  # a quotation that is all a speaker's words: its continuation is theirs too
            k = doc.quote_opening_at(cue[4] - 1)
            if k is not None and doc.quotes[k][1] == cue[5]:
                doc.attributed[k] = cue
    s.attr_ends += (ce,)
    return out


def _speaker(s: Sentence, speaker: tuple[int, int] | None, before: Mark | None, floor: int,
             ce: int) -> tuple[tuple[int, int], Mark | None, int] | None:
    """The speaker of a reporting verb (cue words ending at ``ce``) when it
    is not simply the words before it after a mark that is no comma
    (``speaker``: those words, or None; ``before``: the mark before them, None
    at the clause's start): its span, the mark before the speaker, and where
    the reported words may begin."""
    if speaker is not None:  # after a comma
        speaker, before = _speaker_list(s, speaker, before, floor)
        return speaker, before, ce
    nxt = s.next_mark(ce, ANY)
    candidate = s.phrase(ce, nxt[0] if nxt else s.b)
    if candidate and before is not None and before[2] == QUOTE:
        return candidate, before, candidate[1]  # inverted: '"...," said Ahmed, a doctor.'
    opening = s.prev_mark(before[0], COMMA | CLAUSE) if before is not None and before[2] & (COMMA | CLAUSE) else None
    if candidate and before is not None and before[2] & COMMA and opening is None and (nxt is None or nxt[2] & HARD):
        return candidate, before, candidate[1]  # inverted: "..., said a judicial source."
    if opening is not None:  # "X, who ..., said" / "X, head of SCM, said"
        ahead = s.prev_mark(opening[0], ANY)
        speaker = s.phrase(ahead[1] if ahead else s.a, opening[0])
        if speaker is not None:
            return speaker, ahead, ce
    return None


def _speaker_list(s: Sentence, speaker: tuple[int, int], before: Mark, floor: int) -> tuple[tuple[int, int], Mark | None]:
    """"The United States, Britain and France said": a speaker that ends a
    list takes in the list's earlier items (short, separated by commas)."""
    words = s.doc.words
    toks = s.words_between(*speaker)
    if _AND_OR.isdisjoint(words[toks.start:toks.stop]):  # (no set made of the speaker's words)
        return speaker, before
    start, mark = speaker[0], before
    while mark is not None and mark[2] == COMMA:
        ahead = s.prev_mark(mark[0], ANY)
        lo = max(ahead[1] if ahead else s.a, floor)
        item = s.words_between(lo, mark[0])
        if not 0 < len(item) <= 4:
            break
        start, mark = s.doc.starts[item.start], ahead
    return (start, speaker[1]), mark


def _quote_after(s: Sentence, pos: int, nxt: Mark | None) -> tuple[int, int] | None:
    """A quotation the reporting verb introduces: ``said: "...``, ``said "...``
    (``nxt``: the first mark after ``pos``).  (Here and in :func:`_tail`, no
    word lies between two positions when only spaces do: the common case,
    told without searching the tokens.)"""
    if nxt is None:
        return None
    if nxt[2] & (HARD | COMMA) and s.doc.folded[nxt[0]] in ":," and (
            not s.doc.folded[pos:nxt[0]].strip() or len(s.words_between(pos, nxt[0])) <= 4):
        following = s.next_mark(nxt[1], ANY)  # 'said in a statement: "...'
        if following is None or following[2] != QUOTE or (
                s.doc.folded[nxt[1]:following[0]].strip() and len(s.words_between(nxt[1], following[0]))):
            return None
        nxt = following
    elif nxt[2] != QUOTE or (s.doc.folded[pos:nxt[0]].strip() and len(s.words_between(pos, nxt[0]))):
        return None
    k = s.doc.quote_opening_at(nxt[0])
    return None if k is None else (s.doc.quotes[k][0] + 1, s.doc.quotes[k][1])


def _tail(s: Sentence, before: Mark, after_pos: int, nxt: Mark | None) -> tuple[int, int] | None:
    """A reporting clause that closes what precedes it: ``"...," X said``,
    ``..., X said on Tuesday.``, or sits inside it: ``..., X said, ...``
    (``nxt``: the first mark after ``after_pos``)."""
    doc = s.doc  # (the caller has checked that before is one of QUOTE, COMMA, CLAUSE, AND)
    rest = s.words_between(after_pos, s.b)
    first = doc.words[rest.start] if len(rest) else ""
    short = not len(rest) or (len(rest) <= 8 and first in TAIL_STARTS and "that" not in doc.words[rest.start:rest.stop])
    aside = nxt is not None and nxt[2] & (COMMA | CLAUSE) and (
        not doc.folded[after_pos:nxt[0]].strip() or not len(s.words_between(after_pos, nxt[0])))
    if not s.quoted:
        k = None
    else:
        k = doc.quote_closing_at(before[0]) if before[2] == QUOTE else doc.quote_closing_at(before[0] - 1)
    if k is not None and (short or aside):
        s.tails += (before[0],)
        return doc.quotes[k][0] + 1, doc.quotes[k][1]
    if aside:  # "The attack, the opposition said, killed 1,400 people."
        s.tails += (before[0],)
        return s.backward_start(before[0], ATTR, s.a), s.forward_end(nxt[1], ATTR)
    if short and len(s.words_between(s.a, before[0])) >= 4:
        s.tails += (before[0],)
        return s.backward_start(before[0], ATTR, s.a), before[0]
    return None


def _according(s: Sentence, row: Row, i: int, j: int) -> list[RawCue] | None:
    doc = s.doc
    cs, ce = doc.starts[i], doc.ends[j - 1]
    nxt = s.next_mark(ce, ANY)
    speaker = s.phrase(ce, nxt[0] if nxt else s.b)
    if speaker is None:
        return None
    scope = (s.backward_start(cs, ATTR, s.floor(cs)), s.forward_end(speaker[1], ATTR))
    s.attr_ends += (speaker[1],)
    return [("attribution", doc.text[cs:ce], cs, ce, *scope, doc.text[speaker[0]:speaker[1]], *speaker)]


def _count(s: Sentence, row: Row, i: int, j: int) -> list[RawCue] | None:
    """``by the opposition's count``, ``by their estimate``."""
    doc = s.doc
    if s.word(i - 1) in _POSSESSIVES:
        k, last = i - 2, i - 1
    elif s.word(i - 1) == "s" and doc.folded[doc.ends[i - 2]:doc.starts[i - 1]] == "'":
        k, last = i - 3, i - 2
    else:
        return None
    while k >= max(s.ta, i - 9) and doc.words[k] != "by":
        k -= 1
    if k < max(s.ta, i - 9) or s.word(k) != "by" or k + 1 > last:
        return None
    cs, ce, sa, sb = doc.starts[k], doc.ends[j - 1], doc.starts[k + 1], doc.ends[last]
    scope = (s.backward_start(cs, ATTR, s.floor(cs)), s.forward_end(ce, ATTR))
    return [("attribution", doc.text[cs:ce], cs, ce, *scope, doc.text[sa:sb], sa, sb)]


RULES: dict[str, Callable[..., Any]] = {
    "forward": _forward, "clause": _clause, "condition": _condition, "modal": _modal, "passive": _passive, "deny": _deny,
    "reject": _reject, "predicate": _predicate,
    "report": _report, "according": _according, "count": _count,
}
