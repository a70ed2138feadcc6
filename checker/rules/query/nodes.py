"""The query language's abstract syntax tree.

The grammar (:mod:`checker.rules.query.grammar`) parses a query string once
into these nodes; the engine (:mod:`checker.engine.registry`) turns each node
into a matcher over an analysed article.  Every node records ``pos`` and ``end``,
0-based offsets into the query string, so errors and ``explain`` can point
inside the query.  Words are stored folded (lower case, no accents, typography
unified), exactly as article tokens are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from checker.exact import Exact


@dataclass(frozen=True, slots=True)
class Node:
    """A node of a query's AST: where it is written in the query (``pos``, ``end``)."""

    pos: int
    end: int

    def children(self) -> tuple["Node", ...]:
        return ()

    def walk(self) -> Iterator["Node"]:
        yield self
        for child in self.children():
            yield from child.walk()


# ---- leaves ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term(Node):
    """A whole word (``warrant``) or a prefix (``prosecut*``, prefix=True)."""

    word: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase(Node):
    """Words in this order, punctuation between them ignored (``"al-Assad"``).

    An unquoted term that tokenises into several words (``al-Assad``) is a
    phrase too.  The last word may be a prefix (``"chemical weap*"``) when
    ``prefix`` is true.
    """

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Entity(Node):
    """``@name``: any alias of the story's entity, each alias a phrase."""

    name: str


@dataclass(frozen=True, slots=True)
class Num(Node):
    """``NUM(...)``.

    ``op`` is one of ``eq`` (``NUM(1400)``, with optional ``tolerance``),
    ``gt``, ``ge``, ``lt``, ``le`` (``value`` is the bound), ``range``
    (``low``..``high`` inclusive) or ``any`` (``NUM(*)``).  ``tolerance`` is
    absolute, or a fraction of ``value`` when ``relative`` (``±10%`` → 0.1).
    Every number is exact: an ``int``, or a ``Decimal`` when not whole
    (:mod:`checker.exact`).
    """

    op: str
    value: Exact | None = None
    low: Exact | None = None
    high: Exact | None = None
    tolerance: Exact | None = None
    relative: bool = False


@dataclass(frozen=True, slots=True)
class Date(Node):
    """``DATE(2013-08-21)`` / ``DATE(2013-08)`` / ``DATE(2013)``."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"


@dataclass(frozen=True, slots=True)
class Quote(Node):
    """``QUOTE("text")`` (verbatim) or ``QUOTE("text", 80%)`` (threshold 0.8).

    ``text`` is the quotation as written in the query, unescaped, typography
    unified, case kept.
    """

    text: str
    threshold: float | None = None


@dataclass(frozen=True, slots=True)
class Regex(Node):
    """``/pattern/`` with optional flags after the closing slash (``i``)."""

    pattern: str
    flags: str = ""


# ---- operators ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Not(Node):
    """``NOT a``."""

    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True, slots=True)
class Near(Node):
    """``a NEAR/n b``: at most ``distance`` words between a match of each."""

    left: Node
    right: Node
    distance: int

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class Within(Node):
    """``a W/S b`` (level ``sentence``) or ``a W/P b`` (level ``paragraph``)."""

    left: Node
    right: Node
    level: str

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class InContext(Node):
    """``SAID(q)``, ``SAID(q, @entity)``, ``SAID(q, "words")``, ``STATED(q)``,
    ``HEDGED(q)``, ``NEGATED(q)`` (SPEC §8): ``q`` counted only through the
    matches whose context is ``form``; ``speaker`` (SAID only) must match the
    words that name who said it."""

    form: str  # said | stated | hedged | negated
    operand: Node
    speaker: Node | None = None

    def children(self) -> tuple[Node, ...]:
        return (self.operand,) if self.speaker is None else (self.operand, self.speaker)


@dataclass(frozen=True, slots=True)
class And(Node):
    """``a AND b`` (and juxtaposition)."""

    operands: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.operands


@dataclass(frozen=True, slots=True)
class Or(Node):
    """``a OR b``."""

    operands: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.operands

