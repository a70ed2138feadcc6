"""The registry of the query language's operators, and the compiler that
uses it.

:data:`FAMILIES` is the one list of operator families: each names a module of
:mod:`checker.engine.ops` whose ``OPERATORS`` tuple declares, per operator,
its AST node type, the builder of its matcher and its syntax.  From it come
:data:`MATCHERS` (node type → builder, for :func:`compile_query`) and
:data:`SYNTAX` (what the grammar reads, see :mod:`checker.rules.query.syntax`).
Adding an operator is a new module in ``ops/`` and its name here (see
``docs/design.md``, "Adding an operator").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any, NamedTuple

from ..errors import CheckError
from ..rules.query.nodes import Entity, Node
from ..rules.query.syntax import Syntax
from .hits import ANY, Want
from .matcher import Matcher, Operator

FAMILIES = ("words", "mentions", "quote", "regex", "logic", "proximity", "context")

OPERATORS: tuple[Operator, ...] = tuple(
    op for family in FAMILIES for op in import_module(f"{__package__}.ops.{family}").OPERATORS
)
MATCHERS: dict[type[Node], Callable[[Node, Compiler], Matcher]] = {op.node: op.build for op in OPERATORS}
SYNTAX: tuple[Syntax, ...] = tuple(op.syntax for op in OPERATORS if op.syntax is not None)


class Compiler(NamedTuple):
    """Turns one parsed query into matchers: each node by the builder
    registered for its type.  Builders call back :meth:`build` for their
    operands, :meth:`label` for the words a matcher shows as the query part
    that matched, and :meth:`aliases` for an ``@entity``.

    ``reading`` is which contexts count for the claim (SPEC §8: negated
    matches do not, unless ``context: literal``; hedged ones neither under
    ``certainty: stated``); a context form compiles its operand with
    :meth:`in_form`.  Every leaf built gets the resulting :attr:`want`.

    An immutable record of its options, a NamedTuple like the engine's other
    records made at every start (docs/design.md, "The gate"): a warm
    ``claimcheck check`` of ``benchmarks/bench_gate.py``'s draft counts
    2.5 M instructions (0.3 %) more with it than with the hand-written
    class it replaced, 9.5 M (1.3 %) as a frozen dataclass (callgrind)."""

    source: str  # the query as written (labels are slices of it)
    key: str  # the matchers' cache key prefix
    entities: Mapping[str, tuple[str, ...]]  # @name -> its aliases
    matchers: Mapping[type[Node], Callable[[Node, Compiler], Matcher]] = MATCHERS
    reading: Want = ANY
    form: Want | None = None  # the context form(s) around the operand being compiled
    negations: bool = False  # negated matches count too (the reading that finds denials)
    regex_budget: Any = None  # the claim's /regex/ time budget (ops.regex.RegexBudget), shared by its queries

    @property
    def want(self) -> Want:
        """The contexts a leaf built here counts: the reading, under the form."""
        want = self.reading if self.form is None else self.reading.under(self.form)
        if self.negations and want.negated is False:
            # the reading that finds denials: negated matches count, even under STATED
            want = want._replace(negated=None)
        return want

    def in_form(self, form: Want) -> Compiler:
        """A compiler for the operand of a context form (nested forms: both)."""
        return self._replace(form=form if self.form is None else self.form.both(form))

    def label(self, node: Node) -> str:
        """The query part as written (for evidence and ``explain``)."""
        return self.source[node.pos:node.end] if self.source else type(node).__name__

    def aliases(self, node: Entity) -> tuple[str, ...]:
        found = self.entities.get(node.name)
        if found is None:
            raise CheckError(f"undefined entity '@{node.name}'", offset=node.pos)
        return found

    def build(self, node: Node) -> Matcher:
        make = self.matchers.get(type(node))
        if make is None:
            raise TypeError(f"no matcher registered for query node {type(node).__name__}")
        matcher = make(node, self)
        matcher.key = self.key
        want = self.want
        for leaf in matcher.leaves():
            if leaf.want is None:  # not already set by a context form below
                leaf.want = want
        return matcher


def compile_query(node: Node, source: str, key: str, entities: Mapping[str, tuple[str, ...]],
                  reading: Want = ANY, negations: bool = False, regex_budget: Any = None) -> Matcher:
    """Turn a parsed query into a matcher (with its cache keys made, see
    :meth:`~checker.engine.matcher.Matcher.prepare`).  ``source`` labels the
    parts; ``reading``: which contexts count (see :class:`Compiler`);
    ``negations``: negated matches count too, wherever the query asks for
    matches that are not negated (``STATED``) — the reading that finds what
    an article denies.  ``regex_budget``: the claim's ``/regex/`` time budget,
    one for all its queries (a new one when None)."""
    matcher = Compiler(source, key, entities, reading=reading, negations=negations,
                       regex_budget=regex_budget).build(node)
    matcher.prepare()
    return matcher
