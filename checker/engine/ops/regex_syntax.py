"""The one reader of an editor's ``/regex/`` syntax: a pattern as a small
tree, which the engine's questions about a pattern read (issue #17: one
implementation of each grammar).

* :mod:`.regex_paths`: may RE2 run it with the ``regex`` module's meaning?
* :mod:`.regex_literals`: which strings must every match contain?
* :mod:`.regex_bounded`: is its backtracking bounded by its syntax?

The reader is conservative and uses no private parser of the standard
library.  It follows what those questions need (literal characters,
escapes, sets, groups, inline flags, repeats, alternation, ``. ^ $``) and
raises :class:`Unknown` on anything else: comments, conditionals, a nested
set or a POSIX class (``[a[:alpha:]]``), a brace that is not a repeat.  A
question that gets :class:`Unknown` takes its safe answer (the backtracking
engine; search every unit).  It does not validate: the rule loader has
already compiled the pattern with ``regex``.

Nodes are NamedTuples, not dataclasses: a gate compiles its claims at every
start (docs/design.md, "The gate").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

_REPEAT = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")
_INLINE_FLAGS = re.compile(r"\?([a-zA-Z-]+)([:)])")
_GROUP_KINDS = (("?:", "noncapture"), ("?>", "atomic"), ("?=", "ahead"), ("?!", "not-ahead"),
                ("?<=", "behind"), ("?<!", "not-behind"))
LOOKAROUND = frozenset({"ahead", "not-ahead", "behind", "not-behind"})


class Unknown(Exception):
    """The pattern uses syntax this reader does not follow."""


class Lit(NamedTuple):
    """One literal character, written as it is or escaped (``\\.``)."""

    char: str


class Meta(NamedTuple):
    """``.``, ``^`` or ``$``."""

    char: str


class Esc(NamedTuple):
    """A letter escape: ``\\d``, ``\\b``, ``\\A``, ``\\n``; with its argument
    ``\\x41``/``\\x{41}`` (``"41"``) and ``\\pL``/``\\p{Lu}`` (``"L"``, ``"Lu"``)."""

    letter: str
    arg: str = ""


class Ref(NamedTuple):
    """A numbered backreference, ``\\1``."""

    number: str


class Set(NamedTuple):
    """``[…]`` as written, with the letter escapes inside it."""

    source: str
    escapes: tuple[Esc, ...]


class Group(NamedTuple):
    """``(…)``: ``kind`` is ``capture``, ``named``, ``noncapture``,
    ``atomic``, a lookaround (:data:`LOOKAROUND`) or ``flags`` (``(?i:…)``,
    the letters in ``flags``)."""

    kind: str
    flags: str
    branches: tuple[tuple[Node, ...], ...]


class Flags(NamedTuple):
    """``(?i)``: inline flags for the rest of the pattern."""

    flags: str


class Repeat(NamedTuple):
    """``item`` repeated ``low`` to ``high`` (``None``: no limit) times;
    ``written`` as in the pattern (``*``, ``{2,}``, ``{,5}``), ``mode``
    ``""`` greedy, ``"?"`` lazy, ``"+"`` possessive."""

    item: Node
    low: int
    high: int | None
    written: str
    mode: str


Node = Lit | Meta | Esc | Ref | Set | Group | Flags | Repeat
Branches = tuple[tuple[Node, ...], ...]


@lru_cache(maxsize=1024)
def parse(pattern: str) -> Branches:
    """``pattern`` as its alternatives, each a sequence of nodes; raises
    :class:`Unknown` on syntax this reader does not follow.  Remembered:
    each question asks for the same few patterns."""
    reader = _Reader(pattern)
    branches = reader.branches()
    if reader.i != len(pattern):
        raise Unknown  # an unbalanced ')'
    return branches


def walk(branches: Branches) -> Iterator[Node]:
    """Every node of the tree, inner ones (a group's, a repeat's item) after their parent."""
    for sequence in branches:
        for node in sequence:
            yield node
            while type(node) is Repeat:
                node = node.item
                yield node
            if type(node) is Group:
                yield from walk(node.branches)


class _Reader:
    """Recursive descent over the pattern: ``branches → sequence → item repeat?``."""

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def branches(self) -> Branches:
        found = [self.sequence()]
        while self.p.startswith("|", self.i):
            self.i += 1
            found.append(self.sequence())
        return tuple(found)

    def sequence(self) -> tuple[Node, ...]:
        p, items = self.p, []
        while self.i < len(p) and p[self.i] not in "|)":
            items.append(self.repeat(self.item()))
        return tuple(items)

    def item(self) -> Node:
        ch = self.p[self.i]
        self.i += 1
        if ch == "\\":
            return self.escape()
        if ch == "[":
            return self.set(self.i - 1)
        if ch == "(":
            return self.group()
        if ch in ".^$":
            return Meta(ch)
        if ch in "*+?{":
            raise Unknown  # a repeat of nothing, or a brace that is not a repeat
        return Lit(ch)

    def escape(self) -> Lit | Esc | Ref:
        p = self.p
        if self.i >= len(p):
            raise Unknown
        ch = p[self.i]
        self.i += 1
        if not ch.isalnum():
            return Lit(ch)
        if ch.isdigit():
            start = self.i - 1
            while self.i < len(p) and p[self.i].isdigit():
                self.i += 1
            return Ref(p[start:self.i])
        if ch in "pPx":
            if p.startswith("{", self.i):
                close = p.find("}", self.i)
                if close < 0:
                    raise Unknown
                arg, self.i = p[self.i + 1:close], close + 1
            else:
                width = 2 if ch == "x" else 1
                arg, self.i = p[self.i:self.i + width], self.i + width
            return Esc(ch, arg)
        return Esc(ch)

    def set(self, start: int) -> Set:
        p, escapes = self.p, []
        if p.startswith("^", self.i):
            self.i += 1
        if p.startswith("]", self.i):
            self.i += 1  # a leading ']' is a member
        while self.i < len(p) and p[self.i] != "]":
            ch = p[self.i]
            self.i += 1
            if ch == "[":
                raise Unknown  # a POSIX class or a nested set
            if ch == "\\":
                if self.i < len(p) and p[self.i].isdigit():
                    escapes.append(Esc(p[self.i]))  # in a set, an octal escape
                    self.i += 1
                    continue
                member = self.escape()
                if type(member) is Esc:
                    escapes.append(member)
        if self.i >= len(p):
            raise Unknown
        self.i += 1
        return Set(p[start:self.i], tuple(escapes))

    def group(self) -> Group | Flags:
        p, kind, flags = self.p, "capture", ""
        if p.startswith("?", self.i):
            for opener, name in _GROUP_KINDS:
                if p.startswith(opener, self.i):
                    kind = name
                    self.i += len(opener)
                    break
            else:
                if p.startswith(("?P<", "?<"), self.i):
                    close = p.find(">", self.i)
                    if close < 0:
                        raise Unknown
                    kind, self.i = "named", close + 1
                else:
                    m = _INLINE_FLAGS.match(p, self.i)
                    if m is None:
                        raise Unknown  # a comment, a conditional, a branch reset…
                    self.i = m.end()
                    if m.group(2) == ")":
                        return Flags(m.group(1))
                    kind, flags = "flags", m.group(1)
        branches = self.branches()
        if not p.startswith(")", self.i):
            raise Unknown
        self.i += 1
        return Group(kind, flags, branches)

    def repeat(self, item: Node) -> Node:
        p = self.p
        if self.i >= len(p):
            return item
        ch = p[self.i]
        if ch in "*+?":
            self.i += 1
            low, high, written = (0 if ch != "+" else 1), (1 if ch == "?" else None), ch
        elif ch == "{":
            m = _REPEAT.match(p, self.i)
            if m is None or not (m.group(1) or m.group(2)):
                raise Unknown  # regex reads such a brace its own way
            self.i = m.end()
            low = int(m.group(1) or 0)
            high = low if not m.group(2) else (int(m.group(3)) if m.group(3) else None)
            written = m.group(0)
        else:
            return item
        if type(item) is Flags:
            raise Unknown
        mode = ""
        if self.i < len(p) and p[self.i] in "?+":
            mode = p[self.i]
            self.i += 1
        return Repeat(item, low, high, written, mode)
