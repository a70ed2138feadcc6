"""What every matcher is, and how an operator family declares itself.

A matcher answers two questions for a unit level (sentence, paragraph,
article) of one article:

* :meth:`Matcher.units` — the units it matches, as a bit mask (bit ``i``:
  unit ``i``; see :mod:`checker.engine.context`), computed where possible
  from the article's word postings, quantities and dates, so a claim costs a
  few integer operations per article, not a pass over its text;
* :meth:`Matcher.hits` — the :class:`~checker.engine.hits.Hit` objects it
  shows inside one unit: for evidence, ``NEAR`` distances and ``explain``.

What a matcher computes on an article is cached in the article's
:class:`~checker.engine.context.Context` under keys made from its ``sig``
(what it matches, independent of the claim it is written in), so equal
sub-queries of different claims are evaluated once per article.  The keys are
strings made once at compile time (:meth:`Matcher.prepare`): a string's hash
is computed once, a tuple's every time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from .context import LEVELS, Context
from .hits import ANY, Hit, Want

if TYPE_CHECKING:
    from ..rules.query.nodes import Node
    from ..rules.query.syntax import Syntax
    from .registry import Compiler


def cache_key(what: str, level: str, sig: tuple) -> str:
    """A context cache key.  Interned: equal sub-queries of different claims
    then hold the same string, found in the cache by identity."""
    return sys.intern(f"{what}\x00{level}\x00{sig!r}")


class LevelKeys(dict):
    """:func:`cache_key` of ``what`` and ``sig`` for each level, made at its
    first lookup (``keys[level]``), then an entry like any other: a claim is
    evaluated at its one scope's level, so most keys would never be used,
    and those of a hundred claims are made at every start of the gate
    (making all of them at compile time: ~2 ms of a warm ``claimcheck
    check``, issue #16).  ``level_free``: the same key, ``cache_key(what,
    "", sig)``, at every level.  ``sig`` is immutable: a key made later is
    the key made now."""

    __slots__ = ("level_free", "sig", "what")

    def __init__(self, what: str, sig: tuple, level_free: bool = False) -> None:
        super().__init__()
        self.what, self.sig, self.level_free = what, sig, level_free

    def __missing__(self, level: str) -> str:
        if level not in LEVELS:
            raise KeyError(level)
        key = self[level] = cache_key(self.what, "" if self.level_free else level, self.sig)
        return key

    def __reduce__(self):
        return (LevelKeys, (self.what, self.sig, self.level_free))


# A NamedTuple, not a dataclass: the class is created at every start of the gate, ~0.07 ms
# as a NamedTuple, ~0.45 ms as a frozen dataclass (docs/design.md, "The gate").
class Operator(NamedTuple):
    """One operator of the query language: its AST node type, how a node of
    it becomes a matcher (``build(node, compiler)``), and how it is written
    (``syntax``; ``None`` for the shapes the scanner knows by itself: words,
    phrases, ``@entities``, ``/regex/``)."""

    node: type[Node]
    build: Callable[[Node, Compiler], Matcher]
    syntax: Syntax | None = None


class Matcher:
    """``sig`` describes what a matcher matches, independent of the claim it
    is written in: equal sub-queries of different claims share their unit
    masks in the article's context.  ``esig`` adds what the evidence shows
    (the labels and keys of the parts that produce hits), so equal evidence
    is shared too.  ``may_raise``: evaluating it can fail with a
    :class:`~checker.errors.CheckError` (a ``/regex/`` that times out), so it
    is never skipped when the original order of evaluation would have run it.
    ``ordered``: its :meth:`hits` in a unit are distinct and in text order
    (longest first), so evidence need not sort them."""

    label: str = ""
    key: str = ""
    sig: tuple = ()
    may_raise: bool = False
    ordered: bool = False
    monotone: bool = True  # fewer hits never match more units (False for NOT and what holds one)

    def children(self) -> tuple[Matcher, ...]:
        return ()

    def _sig(self) -> tuple:
        """``sig`` once the children are prepared (an operator's is made of
        its operands': a leaf's says which contexts count)."""
        return self.sig

    def prepare(self) -> None:
        """Fix the signatures and cache keys once the tree is built (children first)."""
        children = self.children()
        for child in children:
            child.prepare()
        self.sig = self._sig()
        self.may_raise = self.may_raise or any(c.may_raise for c in children)
        self.monotone = type(self).monotone and all(c.monotone for c in children)
        # the leaves that drop negated matches (SPEC §8): where none of them
        # has a match, this query reads the same with negated matches counted
        # (a leaf's own, or its children's in order, as :meth:`leaves` walks them)
        self.affirming = self._affirming(children)
        self.__dict__.pop("esig", None)  # (prepared again: made again when asked)
        self._unit_keys = LevelKeys("units", self.sig)

    def _affirming(self, children: tuple[Matcher, ...]) -> tuple[Leaf, ...]:
        return tuple(leaf for c in children for leaf in c.affirming)

    @cached_property
    def esig(self) -> str:
        """Made at first use, then kept: only the queries whose evidence a
        verdict shows need it (making every one at compile time was ~1 ms
        of a warm ``claimcheck check`` of 100 claims, issue #16)."""
        return self._esig()

    def _esig(self) -> str:
        return repr((type(self).__name__, self.sig, tuple(c.esig for c in self.children())))

    def units(self, ctx: Context, level: str) -> int:
        """The mask of the units at ``level`` this matcher matches (cached)."""
        key = self._unit_keys[level]
        got = ctx.cache.get(key)
        if got is None:
            got = ctx.cache[key] = self._mask(ctx, level)
        return got

    def _mask(self, ctx: Context, level: str) -> int:
        """What :meth:`units` caches."""
        return self._units(ctx, level)

    def _units(self, ctx: Context, level: str) -> int:
        raise NotImplementedError

    def hits(self, ctx: Context, level: str, index: int) -> list[Hit]:
        """The hits this matcher shows inside unit ``index`` at ``level``."""
        raise NotImplementedError

    def leaves(self) -> Iterable[Leaf]:
        for child in self.children():
            yield from child.leaves()


class Leaf(Matcher):
    """A matcher that finds hits itself, each with the context its sentence
    gives it; ``want`` says which contexts count (SPEC §8).

    A leaf implements :meth:`find` (its hits in the whole article, or unit by
    unit at ``level`` when ``per_unit``); its unit masks and the hits inside
    one unit are then worked out from them.  Leaves with a faster way
    (postings, the analysis's quantities and dates) override :meth:`_units`
    and :meth:`_hits`, which read the words literally; :meth:`units` and
    :meth:`hits` keep only the hits whose context the leaf's ``want``
    accepts.  ``sig`` says what the leaf matches, independent of where it is
    written, so that equal leaves of different claims share their results in
    the article's context (``@deaths`` used by two claims is looked up once).
    """

    per_unit = False
    want: Want | None = None  # set by the compiler: the claim's reading, or a context form's

    def __init__(self, label: str, key: str) -> None:
        self.label = label
        self.key = key

    def prepare(self) -> None:
        if self.want is None:
            self.want = ANY
        # what it matches, whatever the context (kept if prepared twice)
        self.literal_sig = literal = getattr(self, "literal_sig", self.sig)
        if self.want is not ANY:
            self.sig = (literal, self.want.sig)
        super().prepare()
        self._kinds, self._plain = self.want.kinds, self.want.accepts_plain
        self._literal_keys = LevelKeys("units", literal)
        self._hit_keys = LevelKeys("hits", literal, level_free=not self.per_unit)

    def _esig(self) -> str:
        # a leaf's matches carry its label and key
        return repr((type(self).__name__, self.sig, self.label, self.key))

    # ---- what subclasses provide ------------------------------------------

    def find(self, ctx: Context, level: str) -> list[Hit]:
        raise NotImplementedError

    def _units(self, ctx: Context, level: str) -> int:
        """The units holding a hit wholly inside them, whatever its context."""
        units = ctx.unit_lists[level]
        unit_of = ctx.unit_of
        mask = 0
        for h in self.article_hits(ctx, level)[0]:
            i = unit_of(level, h.start)
            if i is not None and h.end <= units[i].end:  # wholly inside the unit
                mask |= 1 << i
        return mask

    def _hits(self, ctx: Context, level: str, index: int) -> list[Hit]:
        """The hits wholly inside unit ``index``, whatever their context."""
        hits, starts = self.article_hits(ctx, level)
        inside = ctx.hits_in(hits, starts, level, index)
        if inside and inside[0].part is not self:
            # found by an equal leaf of another claim (the cache is shared by
            # ``sig``): the part that matched is this one, with its label and key
            inside = [Hit(h.start, h.end, h.tok_start, h.tok_end, self, h.value, h.note, h.context) for h in inside]
        return inside

    # ---- what the engine asks ---------------------------------------------

    def article_hits(self, ctx: Context, level: str) -> tuple[list[Hit], list[int]]:
        """:meth:`find`'s hits sorted by position, and their starts (cached)."""
        key = self._hit_keys[level]
        got = ctx.cache.get(key)
        if got is None:
            found = sorted(self.find(ctx, level), key=_by_span)
            got = ctx.cache[key] = (found, [h.start for h in found])
        return got

    def _mask(self, ctx: Context, level: str) -> int:
        return self._units(ctx, level) if self.want is ANY else self._wanted_units(ctx, level)

    def literal_units(self, ctx: Context, level: str) -> int:
        """The units :meth:`_units` finds, whatever the context (cached)."""
        key = self._literal_keys[level]
        got = ctx.cache.get(key)
        if got is None:
            got = ctx.cache[key] = self._units(ctx, level)
        return got

    def _wanted_units(self, ctx: Context, level: str) -> int:
        """The units holding a hit whose context counts.  Outside the units a
        relevant cue reaches every hit has the plain context, so only the
        others are looked at hit by hit."""
        want = self.want
        literal = self.literal_units(ctx, level)
        if not literal or want.never:
            return 0
        reached = ctx.cue_units(level, self._kinds)
        found = literal & ~reached if self._plain else 0
        for i in ctx.indices(level, literal & reached):
            if self.hits(ctx, level, i):
                found |= 1 << i
        return found

    def hits(self, ctx: Context, level: str, index: int) -> list[Hit]:
        found = self._hits(ctx, level, index)
        want = self.want
        if want is ANY or not found:
            return found
        if not ctx.has(level, ctx.cue_units(level, self._kinds), index):  # no relevant cue reaches the unit
            return found if self._plain else []
        context_of, accepts = ctx.context_of, want.accepts
        return [h for h in found if accepts(ctx, context_of(h))]

    def _affirming(self, children: tuple[Matcher, ...]) -> tuple[Leaf, ...]:
        return (self,) if self.want.negated is False else ()

    def leaves(self) -> Iterable[Leaf]:
        yield self


def _by_span(h: Hit) -> tuple[int, int]:
    return h.start, h.end
