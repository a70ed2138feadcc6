"""A trivial operator written as a new family module would be in
``checker/engine/ops/``: its node, its syntax and its matcher, in one file.
``LEAD(q)``: ``q`` in the article's first paragraph (the lede).

Used by ``test_engine_shape.py`` to show that adding an operator needs this
file and its entry in the registry's list of families, nothing else."""

from __future__ import annotations

from dataclasses import dataclass

from checker.engine.context import Context
from checker.engine.hits import Hit
from checker.engine.matcher import Matcher, Operator
from checker.rules.query.nodes import Node
from checker.rules.query.syntax import Function, query_error


@dataclass(frozen=True, slots=True)
class Lead(Node):
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


def _lead(text: str, pos: int, end: int, args: list[Node], commas: list[int]) -> Node:
    if len(args) != 1:
        raise query_error(text, commas[0], "LEAD takes one query, as in LEAD(warrant)")
    return Lead(pos, end, args[0])


class LeadMatcher(Matcher):
    def __init__(self, operand: Matcher, label: str) -> None:
        self.operand, self.label = operand, label

    def _sig(self) -> tuple:  # made of the operand's, once it is prepared
        return ("lead", self.operand.sig)

    def children(self) -> tuple[Matcher, ...]:
        return (self.operand,)

    def _units(self, ctx: Context, level: str) -> int:
        lede = ctx.unit_lists["paragraph"][0]
        first = ctx.mask(level, [i for i, u in enumerate(ctx.unit_lists[level]) if u.start < lede.end])
        return first & self.operand.units(ctx, level)

    def hits(self, ctx: Context, level: str, index: int) -> list[Hit]:
        return self.operand.hits(ctx, level, index)


OPERATORS = (
    Operator(Lead, lambda node, c: LeadMatcher(c.build(node.operand), c.label(node)), Function("LEAD", build=_lead)),
)
