"""``NOT a``, ``a AND b`` (or ``a b``), ``a OR b``: bit operations on unit masks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...rules.query import nodes as n
from ...rules.query.syntax import Infix, Prefix
from ..context import Context
from ..hits import Hit
from ..matcher import Matcher, Operator

if TYPE_CHECKING:
    from ..registry import Compiler


class NotMatcher(Matcher):
    """The units the operand does not match; it shows no hits."""

    monotone = False

    def __init__(self, operand: Matcher, label: str) -> None:
        self.operand = operand
        self.label = label

    def _sig(self) -> tuple:
        return ("not", self.operand.sig)

    def children(self) -> tuple[Matcher, ...]:
        return (self.operand,)

    def _esig(self) -> str:
        return "not"  # no hits

    def _units(self, ctx: Context, level: str) -> int:
        return ctx.full(level) & ~self.operand.units(ctx, level)

    def hits(self, ctx: Context, level: str, index: int) -> list[Hit]:
        return []


class AndMatcher(Matcher):
    """Every operand matches the unit; it shows all their hits."""

    def __init__(self, operands: list[Matcher], label: str) -> None:
        self.operands = operands
        self.label = label

    def _sig(self) -> tuple:
        return (type(self).__name__, tuple(op.sig for op in self.operands))

    def children(self) -> tuple[Matcher, ...]:
        return tuple(self.operands)

    def _units(self, ctx: Context, level: str) -> int:
        result = None
        for op in self.operands:
            got = op.units(ctx, level)
            result = got if result is None else result & got
            if not result:
                break
        return result or 0

    def hits(self, ctx: Context, level: str, index: int) -> list[Hit]:
        return [h for op in self.operands for h in op.hits(ctx, level, index)]


class OrMatcher(AndMatcher):
    """Some operand matches the unit; it shows the hits of those that do."""

    def _units(self, ctx: Context, level: str) -> int:
        result = 0
        for op in self.operands:
            result |= op.units(ctx, level)
        return result

    def hits(self, ctx: Context, level: str, index: int) -> list[Hit]:
        bit = ctx.bit(level, index)
        cache = ctx.cache
        out: list[Hit] = []
        for op in self.operands:
            mask = cache.get(op._unit_keys[level])  # known when the verdict was decided
            if mask is None:
                mask = op.units(ctx, level)
            if mask >> bit & 1:
                out += op.hits(ctx, level, index)
        return out


def build_not(node: n.Not, c: Compiler) -> Matcher:
    return NotMatcher(c.build(node.operand), c.label(node))


def build_and(node: n.And, c: Compiler) -> Matcher:
    return AndMatcher([c.build(o) for o in node.operands], c.label(node))


def build_or(node: n.Or, c: Compiler) -> Matcher:
    return OrMatcher([c.build(o) for o in node.operands], c.label(node))


OPERATORS = (
    Operator(n.Not, build_not, Prefix("NOT", lambda pos, end, operand: n.Not(pos, end, operand),
                                      missing="NOT needs something after it, as in NOT a")),
    Operator(n.And, build_and, Infix("AND", "and", lambda pos, end, ops, _: n.And(pos, end, ops),
                                     n_ary=True, implicit=True)),
    Operator(n.Or, build_or, Infix("OR", "or", lambda pos, end, ops, _: n.Or(pos, end, ops), n_ary=True)),
)
