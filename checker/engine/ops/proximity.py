"""``a W/S b``, ``a W/P b`` (both in one sentence / paragraph) and
``a NEAR/k b`` (at most k words between a match of each, either order)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...rules.query import nodes as n
from ...rules.query.syntax import Infix, query_error
from ..context import LEVELS, Context
from ..hits import Hit, gap
from ..matcher import LevelKeys, Matcher, Operator
from .logic import NotMatcher

if TYPE_CHECKING:
    from ..registry import Compiler


class WithinMatcher(Matcher):
    """``a W/S b`` / ``a W/P b``: both inside one sentence / paragraph."""

    def __init__(self, left: Matcher, right: Matcher, level: str, label: str) -> None:
        self.left, self.right, self.level, self.label = left, right, level, label

    def _sig(self) -> tuple:
        return ("within", self.level, self.left.sig, self.right.sig)

    def children(self) -> tuple[Matcher, ...]:
        return (self.left, self.right)

    def _inner(self, level: str) -> str | None:
        """The finer level both sides must share, when it is finer than ``level``."""
        return self.level if LEVELS[self.level] < LEVELS[level] else None

    def _both(self, ctx: Context, level: str) -> int:
        left = self.left.units(ctx, level)
        if not left and not self.right.may_raise:
            return 0  # the right side cannot change an empty result
        return left & self.right.units(ctx, level)

    def _units(self, ctx: Context, level: str) -> int:
        inner = self._inner(level)
        if inner is None:
            return self._both(ctx, level)
        return ctx.up(inner, self._both(ctx, inner), level)

    def hits(self, ctx: Context, level: str, index: int) -> list[Hit]:
        inner = self._inner(level)
        if inner is None:
            return self.left.hits(ctx, level, index) + self.right.hits(ctx, level, index)
        both = self._both(ctx, inner)
        out: list[Hit] = []
        for j in ctx.children(level, index, inner):
            if (both >> j) & 1:
                out += self.left.hits(ctx, inner, j) + self.right.hits(ctx, inner, j)
        return out


class NearMatcher(Matcher):
    """``a NEAR/k b``: a match of each with at most k words between them,
    inside one unit.  ``a NEAR/k NOT b`` (either order): a match of
    ``a`` with no match of ``b`` within k words.

    Its hits are its own, one per matching pair, from the first word to the
    last, so evidence reads ``Bassam Al-Assad`` rather than two loose words."""

    def __init__(self, left: Matcher, right: Matcher, distance: int, label: str) -> None:
        self.left, self.right, self.distance, self.label = left, right, distance, label
        # ``a NEAR/k NOT b``: (the positive side, ``b``)
        self.negated: tuple[Matcher, Matcher] | None = None
        if isinstance(right, NotMatcher):
            self.negated = left, right.operand
        elif isinstance(left, NotMatcher):
            self.negated = right, left.operand

    def children(self) -> tuple[Matcher, ...]:
        return (self.left, self.right)

    def _sig(self) -> tuple:
        return ("near", self.distance, self.left.sig, self.right.sig)

    def _esig(self) -> str:
        # its hits are its own, with its label and key
        return repr((type(self).__name__, self.sig, self.label, self.key))

    def prepare(self) -> None:
        super().prepare()
        self._pair_keys = LevelKeys("pairs", self.sig)

    def _candidates(self, ctx: Context, level: str) -> int:
        """The units where pairs may be: both sides (or the positive side) match."""
        if self.negated is not None:
            return self.negated[0].units(ctx, level)
        left = self.left.units(ctx, level)
        if not left and not self.right.may_raise:
            return 0  # the right side cannot change an empty result
        return left & self.right.units(ctx, level)

    def _units(self, ctx: Context, level: str) -> int:
        candidates = self._candidates(ctx, level)
        if not candidates:
            return 0
        mask = 0
        for i in ctx.indices(level, candidates):
            if self._pairs(ctx, level, i):
                mask |= 1 << ctx.bit(level, i)
        return mask

    def _pairs(self, ctx: Context, level: str, index: int) -> list[tuple[Hit, Hit]]:
        """The matching pairs of hits inside one unit (cached per unit:
        found for the unit mask, used again for evidence)."""
        key = self._pair_keys[level]
        by_index = ctx.cache.get(key)
        if by_index is None:
            by_index = ctx.cache[key] = {}
        got = by_index.get(index)
        if got is None:
            got = by_index[index] = self._find_pairs(ctx, level, index)
        return got

    def _find_pairs(self, ctx: Context, level: str, index: int) -> list[tuple[Hit, Hit]]:
        k = self.distance
        if self.negated is not None:
            positive, other = self.negated
            others = other.hits(ctx, level, index) if ctx.has(level, other.units(ctx, level), index) else []
            return [(p, p) for p in positive.hits(ctx, level, index) if all(gap(p, o) > k for o in others)]
        lefts = self.left.hits(ctx, level, index)
        rights = self.right.hits(ctx, level, index)
        return [(a, b) for a in lefts for b in rights if gap(a, b) <= k]

    def hits(self, ctx: Context, level: str, index: int) -> list[Hit]:
        seen, out = set(), []
        for a, b in self._pairs(ctx, level, index):
            start, end = min(a.start, b.start), max(a.end, b.end)
            if (start, end) not in seen:
                seen.add((start, end))
                value = a.value if a.value is not None else b.value
                out.append(ctx.hit(start, end, self, value, a.note or b.note,
                                   min(a.tok_start, b.tok_start), max(a.tok_end, b.tok_end)))
        return out


def build_within(node: n.Within, c: Compiler) -> Matcher:
    return WithinMatcher(c.build(node.left), c.build(node.right), node.level, c.label(node))


def build_near(node: n.Near, c: Compiler) -> Matcher:
    return NearMatcher(c.build(node.left), c.build(node.right), node.distance, c.label(node))


_DISTANCE = re.compile(r"NEAR/(\d+)\Z")


def _near_distance(text: str, pos: int, end: int, word: str) -> int:
    m = _DISTANCE.match(word)
    if not m:
        raise query_error(text, pos + 4 if word == "NEAR" else pos + 5, "NEAR needs a distance, as in NEAR/5")
    return int(m.group(1))


def _within_level(text: str, pos: int, end: int, word: str) -> str:
    if word not in ("W/S", "W/P"):
        raise query_error(text, pos + 2, "W/ needs S (same sentence) or P (same paragraph), as in W/S",
                          hint="for a distance in words use NEAR/5")
    return "sentence" if word == "W/S" else "paragraph"


OPERATORS = (
    Operator(n.Near, build_near, Infix(r"NEAR(?:/.*)?", "proximity",
                                       lambda pos, end, ops, d: n.Near(pos, end, ops[0], ops[1], d),
                                       read=_near_distance)),
    Operator(n.Within, build_within, Infix(r"W/.*", "proximity",
                                           lambda pos, end, ops, lv: n.Within(pos, end, ops[0], ops[1], lv),
                                           read=_within_level)),
)
