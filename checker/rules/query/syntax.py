"""How operators are written, declared as data.

The grammar (:mod:`.grammar`) knows only the lexical shapes every query
shares — words, ``"phrases"``, ``@entities``, ``/regex/``, parentheses — and
reads every operator from a table of declarations:

* :class:`Function` — ``NAME(...)``: either a leaf that reads its own
  argument text (``NUM(1400 ±10%)``, ``DATE(2013-08)``, ``QUOTE("…", 80%)``),
  or an operator over queries (``SAID(q, @opposition)``);
* :class:`Infix` — ``a OP b`` at one of the binary precedence :data:`LEVELS`
  (``OR``; ``AND`` and juxtaposition; ``NEAR/5`` ``W/S`` ``W/P``);
* :class:`Prefix` — ``NOT a``, tighter than every infix operator.

Each operator family of the engine declares its syntax beside its AST node
and its matcher (``checker/engine/ops/*.py``); the engine's registry
(:mod:`checker.engine.registry`) is the one list of families, and
:func:`table` reads the declarations from it, once, on first use.  See
``docs/design.md``, "Adding an operator".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple, Self

from checker.errors import CheckError

from .nodes import Node

# Straight and curly double quotes: any of them opens, any of them closes.
QUOTE_CHARS = '"\u201c\u201d\u201e\u201f'

# Binary precedence levels, loosest first; ``NOT`` (prefix) binds tighter than all.
LEVELS = ("or", "and", "proximity")


# ---------------------------------------------------------------------------
# errors and shared lexical pieces


def query_error(text: str, offset: int, message: str, hint: str | None = None) -> CheckError:
    """A CheckError at ``offset`` of the query, with its line and a caret."""
    offset = max(0, min(offset, len(text)))
    start = text.rfind("\n", 0, offset) + 1
    stop = text.find("\n", offset)
    if stop == -1:
        stop = len(text)
    return CheckError(message, hint=hint, offset=offset, source_line=text[start:stop], caret=offset - start)


def end_offset(text: str, end: int) -> int:
    """Where "expected X" goes when the query ran out: after the last non-space."""
    return len(text[:end].rstrip())


def scan_string(text: str, open_at: int, what: str) -> tuple[str, int]:
    """The content of a double-quoted string opening at ``open_at``.

    Returns (unescaped content, offset after the closing quote).  ``\\"`` and
    ``\\\\`` are escapes; any other backslash is kept as written.
    """
    out: list[str] = []
    i = open_at + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and (text[i + 1] in QUOTE_CHARS or text[i + 1] == "\\"):
            out.append(text[i + 1])
            i += 2
            continue
        if ch in QUOTE_CHARS:
            return "".join(out), i + 1
        out.append(ch)
        i += 1
    raise query_error(text, open_at, f"unterminated {what}: missing closing '\"'")


# ---------------------------------------------------------------------------
# declarations


# Function, Infix and Prefix are NamedTuples, not dataclasses: their classes are created at every
# start of the gate, ~0.07 ms each as NamedTuples, ~0.45 ms as frozen dataclasses
# (docs/design.md, "The gate"); Infix checks its level as it is made.
class Function(NamedTuple):
    """``NAME(...)``, written with the ``(`` right after the name.

    A leaf function gives ``scan(text, start, paren)``: it reads its
    argument from ``text`` (``start`` is the offset of the name, ``paren`` of
    the ``(``) and returns the node and the offset after its ``)``.  An
    operator over queries gives ``build(text, pos, end, args, commas)``: the
    grammar has parsed the comma-separated queries ``args`` (``commas``: the
    offset of each comma) and ``build`` checks them and makes the node,
    raising :func:`query_error` for a wrong argument.
    """

    name: str
    scan: Callable[[str, int, int], tuple[Node, int]] | None = None
    build: Callable[[str, int, int, list[Node], list[int]], Node] | None = None


class _InfixFields(NamedTuple):
    spelling: str
    level: str
    build: Callable[[int, int, tuple[Node, ...], object], Node]
    read: Callable[[str, int, int, str], object] | None = None
    n_ary: bool = False
    implicit: bool = False


class Infix(_InfixFields):
    """``a OP b`` at precedence ``level`` (one of :data:`LEVELS`).

    ``spelling`` is a regular expression that the whole upper-case word must
    match (``NEAR(?:/.*)?``); ``read(text, pos, end, word)`` turns the word
    into the operator's parameter (a distance, a unit level), raising
    :func:`query_error` when it is malformed.  ``n_ary`` operators collect
    their operands into one node, ``build(pos, end, operands, param)``;
    the others are left-associative, ``build(pos, end, (left, right), param)``.
    ``implicit``: two queries side by side mean this operator (``a b`` is
    ``a AND b``).
    """

    __slots__ = ()

    def __new__(cls, spelling: str, level: str, build: Callable[[int, int, tuple[Node, ...], object], Node],
                read: Callable[[str, int, int, str], object] | None = None, n_ary: bool = False,
                implicit: bool = False) -> Self:
        if level not in LEVELS:
            raise ValueError(f"unknown precedence level {level!r}; one of {LEVELS}")
        return super().__new__(cls, spelling, level, build, read, n_ary, implicit)

    @property
    def pattern(self) -> re.Pattern:
        """``spelling`` compiled, on first use (then from ``re``'s cache):
        only the query parser reads it, and the engine declares every
        operator at each start of the gate."""
        return re.compile(self.spelling + r"\Z")


class Prefix(NamedTuple):
    """``OP a``, binding tighter than every infix operator (``NOT``)."""

    word: str
    build: Callable[[int, int, Node], Node]
    missing: str = ""  # the error when nothing follows, e.g. "NOT needs something after it"


Syntax = Function | Infix | Prefix


class Table(NamedTuple):  # (a NamedTuple: see Function)
    """The operators of the language, indexed for the scanner and parser."""

    functions: dict[str, Function]
    infix: tuple[Infix, ...]
    prefix: dict[str, Prefix]

    @classmethod
    def of(cls, declarations: tuple[Syntax, ...]) -> Table:
        functions = {d.name: d for d in declarations if isinstance(d, Function)}
        prefix = {d.word: d for d in declarations if isinstance(d, Prefix)}
        infix = tuple(d for d in declarations if isinstance(d, Infix))
        return cls(functions, infix, prefix)

    def infix_for(self, word: str) -> Infix | None:
        """The infix operator spelled ``word``, if any."""
        for op in self.infix:
            if op.pattern.match(word):
                return op
        return None

    def implicit(self, level: str) -> Infix | None:
        """The operator that juxtaposition means at ``level``, if any."""
        for op in self.infix:
            if op.level == level and op.implicit:
                return op
        return None


@functools.cache
def table() -> Table:
    """The language's operator table, read once from the engine's registry of
    operator families (imported here, on first use, so that loading the
    query package costs nothing until a query is parsed)."""
    from checker.engine.registry import SYNTAX

    return Table.of(SYNTAX)
