"""``QUOTE("text")`` (verbatim) and ``QUOTE("text", 80%)`` (an altered
quotation, by edit similarity; SPEC §4)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...rules.query import nodes as n
from ...rules.query.args import scan_quote
from ...rules.query.syntax import Function
from ...text.normalize import fold, unify
from ...text.tokens import words as split_words
from ..context import Context
from ..hits import Hit
from ..matcher import Leaf, Matcher, Operator

if TYPE_CHECKING:
    from ..registry import Compiler


class QuoteMatcher(Leaf):
    """``QUOTE("...")``: verbatim after typography is unified (case kept)."""

    def __init__(self, text: str, label: str, key: str) -> None:
        super().__init__(label, key)
        parts = unify(text).split()
        self.pattern = re.compile(r"\s+".join(re.escape(p) for p in parts)) if parts else None
        self.sig = ("quote", tuple(parts))

    def find(self, ctx: Context, level: str) -> list[Hit]:
        if self.pattern is None:
            return []
        hit = ctx.hit
        return [hit(m.start(), m.end(), self) for m in self.pattern.finditer(ctx.analysis.text)]


def word_diff(expected: str, found: str) -> str | None:
    """How ``found`` differs from ``expected``, word by word: ``a → b``."""
    exp, got = expected.split(), found.split()
    a, b = [w.lower() for w in exp], [w.lower() for w in got]
    if a == b:  # found as written (case aside): no word differs, and difflib is not imported (#16)
        return None
    import difflib  # (only when a quotation is found altered)

    changes = []
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        old = " ".join(exp[i1:i2]) or "∅"
        new = " ".join(got[j1:j2]) or "∅"
        changes.append(f"{old} → {new}")
    return "; ".join(changes) if changes else None


_WORD_EDGE = re.compile(r"\w")


class FuzzyQuoteMatcher(Leaf):
    """``QUOTE("...", N%)``: the best passage of each unit, if similar enough."""

    per_unit = True

    def __init__(self, text: str, threshold: float, label: str, key: str) -> None:
        super().__init__(label, key)
        self.expected = " ".join(unify(text).split())
        self.folded = fold(self.expected)
        self.cutoff = threshold * 100.0
        # the hits' notes quote ``expected``, so it is part of what the leaf matches
        self.sig = ("fuzzy-quote", self.folded, threshold, self.expected)
        # Only units sharing a third of the quotation's words are compared:
        # an altered quotation keeps most of its words, and comparing every
        # unit of a long article would dominate the run.
        self.cue_words = tuple(sorted({w for w in split_words(text) if len(w) >= 3}))
        self.cues_needed = max(1, len(self.cue_words) // 3)

    def _candidates(self, ctx: Context, level: str) -> list[int]:
        tok_unit = ctx.tok_unit(level)
        postings = ctx.analysis.postings
        counts: dict[int, int] = {}
        for w in self.cue_words:
            for u in {tok_unit[i] for i in postings.get(w, ())}:
                counts[u] = counts.get(u, 0) + 1
        return sorted(u for u, c in counts.items() if c >= self.cues_needed and u >= 0)

    def find(self, ctx: Context, level: str) -> list[Hit]:
        candidates = self._candidates(ctx, level)
        if not candidates:
            return []
        from rapidfuzz import (
            fuzz,  # imported at first use: start-up time matters to the gate
        )

        a = ctx.analysis
        folded_text = a.folded
        out = []
        q = self.folded
        units = ctx.unit_lists[level]
        for ui in candidates:
            unit = units[ui]
            s = folded_text[unit.start:unit.end]
            if len(s) < len(q):
                score = fuzz.ratio(q, " ".join(s.split()), score_cutoff=self.cutoff)
                if not score:
                    continue
                start, end = unit.start, unit.end
            else:
                al = fuzz.partial_ratio_alignment(q, s, score_cutoff=self.cutoff)
                if al is None or not al.score:
                    continue
                score = al.score
                start, end = unit.start + al.dest_start, unit.start + al.dest_end
                # widen to whole words
                while start > unit.start and _WORD_EDGE.match(folded_text[start - 1]):
                    start -= 1
                while end < unit.end and _WORD_EDGE.match(folded_text[end]):
                    end += 1
                # a passage starts and ends with words, not quotation marks
                while start < end and folded_text[start] in "\"' ":
                    start += 1
                while end > start and folded_text[end - 1] in "\"' ,":
                    end -= 1
            found = " ".join(a.text[start:end].split())
            diff = word_diff(self.expected, found.strip("\"'"))
            note = f"{score:.0f}% similar" + (f": {diff}" if diff else "")
            out.append(ctx.hit(start, end, self, None, note))
        return out


def build_quote(node: n.Quote, c: Compiler) -> Matcher:
    if node.threshold is None:
        return QuoteMatcher(node.text, c.label(node), c.key)
    return FuzzyQuoteMatcher(node.text, node.threshold, c.label(node), c.key)


OPERATORS = (Operator(n.Quote, build_quote, Function("QUOTE", scan=scan_quote)),)
