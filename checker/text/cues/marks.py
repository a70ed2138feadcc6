"""What the cue rules read besides the words: an article's clause marks and
quotations (:class:`Article`), and one sentence's view of them with the word
helpers the rules share (:class:`Sentence`).

Clause marks are found once per article.  Each mark has a kind; a scope stops
at the first mark of the kinds its cue respects:

========  ===================================================  ==================
kind      what                                                 respected by
========  ===================================================  ==================
HARD      ``;`` ``:`` a dash, but, although, though, whereas,   every cue
          however, while
AND       ``, and`` / ``, or`` / ``, so`` (not ``, and that``)  every cue
CLAUSE    a comma before which/who/as/since/because/if/he/...  negation, hedge
COMMA     any other comma                                      backward denials, if
SOFT      that, which, who, whether                            a clause cue's start
QUOTE     a straight double quote                              speakers
========  ===================================================  ==================

Attribution (reported speech) reaches further than negation: the words after
"X said" are X's up to a HARD or AND mark, whatever commas come between.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .lexicon import (
    BREAK_WORDS,
    CLAUSE_OPENERS,
    COORDINATORS,
    COPULAS,
    DEGREE_ADVERBS,
    SPEAKER_LEAD,
    SPEAKER_TAIL,
    SUBORDINATORS,
)

HARD, AND, CLAUSE, COMMA, SOFT, QUOTE = 1, 2, 4, 8, 16, 32
ANY = HARD | AND | CLAUSE | COMMA | SOFT | QUOTE
NEG_FWD = HARD | AND | CLAUSE
NEG_BACK = HARD | AND | CLAUSE | SOFT
PRED_BACK = HARD | AND | CLAUSE | COMMA
ATTR = HARD | AND


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Commas (not in 1,400), with the word after one that joins a clause
    (", and": group ``j``) or opens one (", which": group ``c``); dashes.
    Quotes, ``;`` and ``:`` are found by :func:`_positions`."""
    coordinators = "|".join(sorted(COORDINATORS))
    openers = "|".join(sorted(CLAUSE_OPENERS))
    firsts = "".join(sorted({w[0] for w in COORDINATORS | CLAUSE_OPENERS}))
    return (
        # (the alternatives tried only after a first letter one of them starts with, and the digit
        # test only when none matched: 15 % cheaper than every alternative tried at every comma)
        # (the spaces taken possessively, ``\s*+``: a letter must follow them, so giving one back
        # never helps, and not trying saves 0.8–1.4 M instructions a pass over the 1 MB bench corpus)
        re.compile(rf",(?:\s*+(?=[{firsts}])(?:(?P<j>{coordinators})\b(?!\s+that\b)|(?P<c>{openers})\b)|(?!\d))"),
        re.compile(r"--+|- "),  # (a find loop costs more: most hits are hyphens in words, each a Python step)
    )


_COMMA_KINDS = {None: COMMA, "j": AND, "c": CLAUSE}


def _positions(text: str, char: str) -> list[int]:
    """Where ``char`` occurs in ``text``.  ``str.find`` skips to it at memchr
    speed; a regular expression's search for a literal reads the text a
    character at a time (quotes and colons found so: 5.2M fewer instructions
    in cue detection over the 1 MB bench corpus, 1.5 %)."""
    out = []
    p = text.find(char)
    while p >= 0:
        out.append(p)
        p = text.find(char, p + 1)
    return out


_MARK_WORDS = BREAK_WORDS | SUBORDINATORS


class Article:
    """The article-wide facts cue rules share: the text, its words, its clause
    marks, and its quotations (straight double quotes paired within each
    paragraph; an unclosed one runs to the end of its paragraph)."""

    __slots__ = (
        "text", "folded", "words", "starts", "ends", "quotes", "_qstarts", "_opening", "_closing", "attributed",
        "marks", "quote_marks", "unclosed",
    )

    def __init__(self, text: str, folded: str, index: Any, paragraphs: Sequence[Any]) -> None:
        self.text, self.folded = text, folded
        self.words, self.starts, self.ends = index.words, index.starts, index.ends
        self.quotes: list[tuple[int, int, int, bool]] = []  # (open, close, paragraph, closed)
        self._qstarts: list[int] = []  # their opening marks
        self._opening: dict[int, int] = {}  # opening mark -> quote index (a look-up, not a bisection:
        # reporting cues in quoted sentences ask for one 2,500 times in 1 MB of news)
        self._closing: dict[int, int] = {}  # closing mark -> quote index
        self.attributed: dict[int, tuple] = {}  # quote index -> the attribution whose scope it is
        self.unclosed = False  # whether a quotation runs to its paragraph's end (may continue in the next)
        self._find_marks(index.postings)
        if self.quote_marks:
            self._pair_quotes(paragraphs)

    def _find_marks(self, postings: Any) -> None:
        """Every clause mark of the article, in order: punctuation by
        ``str.find`` or by regular expressions that start with a literal (so
        they skip through the text at C speed), boundary words from the word
        index.  Each mark is
        packed in one int, ``start << 16 | length << 6 | kind``, so that one C
        sort orders them all and they stay packed: marks never overlap, so
        ``bisect(marks, pos << 16)`` finds the first mark at or after ``pos``
        (no lists of starts, ends and kinds to unpack for every article)."""
        folded, words, starts = self.folded, self.words, self.starts
        comma, dash = _patterns()
        kinds = _COMMA_KINDS
        packed = [m.start() << 16 | 1 << 6 | kinds[m.lastgroup] for m in comma.finditer(folded)]
        self.quote_marks = _positions(folded, '"')
        packed += [p << 16 | 1 << 6 | QUOTE for p in self.quote_marks]
        packed += [p << 16 | 1 << 6 | HARD for p in _positions(folded, ";")]
        packed += [p << 16 | 1 << 6 | HARD for p in _positions(folded, ":") if not folded[p + 1:p + 2].isdecimal()]
        if "-" in folded:
            for m in dash.finditer(folded):
                p = m.start()
                if folded[p + 1] == "-" or folded[p - 1:p] == " ":  # a dash, not a hyphen ("rebel-held")
                    packed.append(p << 16 | (m.end() - p) << 6 | HARD)
        n = len(words)
        for w in postings.keys() & _MARK_WORDS:  # (eleven words looked up in the article's)
            kind = len(w) << 6 | (SOFT if w in SUBORDINATORS else HARD)
            if w == "but":  # not only ... but also
                packed += [starts[k] << 16 | kind for k in postings[w] if k + 1 >= n or words[k + 1] != "also"]
            else:
                packed += [starts[k] << 16 | kind for k in postings[w]]
        packed.sort()
        self.marks = packed

    def _pair_quotes(self, paragraphs: Sequence[Any]) -> None:
        marks, quotes = self.quote_marks, self.quotes
        pstarts = [u.start for u in paragraphs]  # (not map(attrgetter): see find_cues)
        k = 0
        while k < len(marks):
            p = bisect_right(pstarts, marks[k]) - 1
            end = paragraphs[p].end if p >= 0 else len(self.text)
            self._qstarts.append(marks[k])
            self._opening[marks[k]] = len(quotes)
            if k + 1 < len(marks) and marks[k + 1] < end:
                self._closing[marks[k + 1]] = len(quotes)
                quotes.append((marks[k], marks[k + 1], p, True))
                k += 2
            else:
                quotes.append((marks[k], end, p, False))
                self.unclosed = True
                k += 1

    def quote_containing(self, pos: int) -> int | None:
        if not self._qstarts:
            return None
        k = bisect_right(self._qstarts, pos) - 1
        return k if k >= 0 and self.quotes[k][0] < pos < self.quotes[k][1] else None

    def quote_opening_at(self, pos: int) -> int | None:
        return self._opening.get(pos)

    def quote_closing_at(self, pos: int) -> int | None:
        return self._closing.get(pos)

    def continued_quotes(self) -> list[tuple]:
        """A quotation left open at a paragraph's end and taken up by the next
        paragraph's opening quote is the same speaker's (news convention)."""
        out: list[tuple] = []
        if not self.unclosed:
            return out  # (every quotation closed in its paragraph: the common case)
        for k in range(1, len(self.quotes)):
            open_, close, para, _ = self.quotes[k]
            prev = self.quotes[k - 1]
            cue = self.attributed.get(k - 1)
            if cue is None or k in self.attributed or prev[3] or prev[2] != para - 1:
                continue
            if self.text[prev[1]:open_].strip():  # something between: not a continuation
                continue
            self.attributed[k] = cue[:4] + (open_ + 1, close) + cue[6:]
            out.append(self.attributed[k])
        return out


class Sentence:
    """One sentence with cue candidates: its span of the article's marks and
    the word helpers the rules need.  One object serves an article's
    sentences in turn (:meth:`read`): making one per sentence cost a tenth of
    cue detection."""

    __slots__ = ("doc", "a", "b", "ta", "tb", "marks", "mlo", "mhi", "quoted", "attr_ends", "tails", "taker_end")

    def __init__(self, doc: Article) -> None:
        self.doc, self.marks = doc, doc.marks

    def read(self, unit: Any) -> Sentence:
        """Start on sentence ``unit`` (its start and end, in text and tokens)."""
        doc = self.doc
        a, b = unit.start, unit.end
        self.a, self.b, self.ta, self.tb = a, b, unit.tok_start, unit.tok_end
        marks = self.marks
        self.mlo = lo = bisect_left(marks, a << 16)
        self.mhi = bisect_left(marks, b << 16, lo)
        # whether a quotation opens, closes or runs within a character of the sentence (quotations
        # are in order and apart: the last one opening by its end decides); if not, rules skip them
        k = bisect_right(doc._qstarts, b) - 1
        self.quoted = k >= 0 and doc.quotes[k][1] >= a - 1
        self.attr_ends: tuple[int, ...] = ()  # ends of reporting cues (a clause cue does not reach back past one)
        self.tails: tuple[int, ...] = ()  # where a closing "..., X said" begins (forward scopes stop there)
        self.taker_end = -1  # the token after a cue that takes what was said as object ("rejected")
        return self

    def next_mark(self, pos: int, kinds: int) -> tuple[int, int, int] | None:
        """The first mark of one of ``kinds`` that starts at or after ``pos``."""
        marks, hi = self.marks, self.mhi
        first = bisect_left(marks, pos << 16, self.mlo, hi)
        if kinds == ANY:  # (most calls: no search)
            if first == hi:
                return None
            v = marks[first]
            return v >> 16, (v >> 16) + (v >> 6 & 1023), v & 63
        for v in marks[first:hi]:  # (a slice of a few marks: cheaper to make than a range of indexes)
            if v & kinds:  # (kinds < 64: only the kind bits)
                return v >> 16, (v >> 16) + (v >> 6 & 1023), v & 63
        return None

    def prev_mark(self, pos: int, kinds: int) -> tuple[int, int, int] | None:
        """The last mark of one of ``kinds`` that ends at or before ``pos``."""
        marks, lo = self.marks, self.mlo
        last = bisect_left(marks, pos << 16, lo, self.mhi) - 1  # the last mark that starts before pos ...
        if last >= lo and (marks[last] >> 16) + (marks[last] >> 6 & 1023) > pos:
            last -= 1  # ... runs past it: the one before (marks do not overlap)
        if kinds == ANY:
            if last < lo:
                return None
            v = marks[last]
            return v >> 16, (v >> 16) + (v >> 6 & 1023), v & 63
        for v in reversed(marks[lo:last + 1]):
            if v & kinds:
                return v >> 16, (v >> 16) + (v >> 6 & 1023), v & 63
        return None

    def around(self, a: int, b: int) -> tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]:
        """:meth:`prev_mark` of ``a`` and :meth:`next_mark` of ``b`` (``a <= b``)
        for any kind, by one search when no mark starts in ``[a, b)`` (a
        reporting verb's words: the marks on both sides of them)."""
        marks, lo, hi = self.marks, self.mlo, self.mhi
        first = bisect_left(marks, a << 16, lo, hi)
        if first == hi:
            nxt = None
        elif marks[first] >> 16 >= b:
            v = marks[first]
            nxt = v >> 16, (v >> 16) + (v >> 6 & 1023), v & 63
        else:  # a mark within the words ("found that")
            nxt = self.next_mark(b, ANY)
        last = first - 1  # the last mark that starts before a ...
        if last >= lo and (marks[last] >> 16) + (marks[last] >> 6 & 1023) > a:
            last -= 1  # ... runs past it: the one before (marks do not overlap)
        if last < lo:
            return None, nxt
        v = marks[last]
        return (v >> 16, (v >> 16) + (v >> 6 & 1023), v & 63), nxt

    def forward_end(self, pos: int, kinds: int) -> int:
        """Where the first mark of ``kinds`` at or after ``pos`` starts, or the
        sentence's end.  (:meth:`next_mark`'s search written out: no call and
        no mark tuple for a start alone, -2.3 M instructions a pass over the
        bench corpus; ``tests/test_cues_marks.py`` checks the two agree.)"""
        marks, hi = self.marks, self.mhi
        for v in marks[bisect_left(marks, pos << 16, self.mlo, hi):hi]:
            if v & kinds:
                return v >> 16
        return self.b

    def backward_start(self, pos: int, kinds: int, floor: int) -> int:
        m = self.prev_mark(pos, kinds)
        start = m[1] if m is not None else self.a
        return start if start > floor else floor  # noqa: FURB136 - no min/max call: see the cost section of docs/context-cues.md

    def word(self, k: int) -> str:
        return self.doc.words[k] if self.ta <= k < self.tb else ""

    def words_between(self, a: int, b: int) -> range:
        """The tokens within ``text[a:b]`` (a span of the sentence)."""
        starts, ends = self.doc.starts, self.doc.ends
        # (searches bounded by the sentence's tokens, none at its ends: fewer scattered ints to compare)
        i = self.ta if a <= self.a else bisect_left(starts, a, self.ta, self.tb)
        j = self.tb if b >= self.b else bisect_left(starts, b, i, self.tb)
        while j > i and ends[j - 1] > b:
            j -= 1
        return range(i, j)

    def copula_before(self, i: int) -> bool:
        """A copula ends at token ``i - 1``, but for up to two degree adverbs ("is not entirely")."""
        words, ta = self.doc.words, self.ta
        k = i - 1
        while k >= ta and words[k] in DEGREE_ADVERBS and k > i - 3:
            k -= 1
        return k >= ta and words[k] in COPULAS

    def clause_final(self, j: int) -> bool:
        """No word between token ``j - 1`` and the next mark (or the end)."""
        if j >= self.tb:
            return True
        return self.doc.starts[j] >= self.forward_end(self.doc.ends[j - 1], HARD | AND | CLAUSE | COMMA)

    def floor(self, pos: int) -> int:
        """Where a cue at ``pos`` may reach back to: the end of the last
        reporting cue before it, else the sentence start."""
        floor = self.a
        for e in self.attr_ends:
            if floor < e <= pos:
                floor = e
        return floor

    def phrase(self, a: int, b: int, j: int | None = None) -> tuple[int, int] | None:
        """The words of a speaker in ``[a, b)`` (``j``: the first token at or
        after ``b``, when known), trimmed of linking words."""
        doc = self.doc
        words = doc.words
        if j is None:
            toks = self.words_between(a, b)
            i, j = toks.start, toks.stop
        else:
            i = self.ta if a <= self.a else bisect_left(doc.starts, a, self.ta, j)
        while i < j and words[i] in SPEAKER_LEAD:
            i += 1
        while j > i and words[j - 1] in SPEAKER_TAIL:
            j -= 1
        if i >= j:
            return None
        end = doc.ends[j - 1]
        if doc.text[end:end + 1] == ")":
            end += 1
        return doc.starts[i if j - i <= 12 else j - 12], end
