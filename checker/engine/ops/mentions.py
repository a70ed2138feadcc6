"""``NUM(...)`` and ``DATE(...)``: the quantities and dates found when the
article was analysed (SPEC §4), tested once per article, never re-read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...exact import Exact, add, mul, sub
from ...models import DateMention, Quantity
from ...rules.query import nodes as n
from ...rules.query.args import scan_date, scan_num
from ...rules.query.syntax import Function
from ..context import Context
from ..hits import Hit
from ..matcher import Leaf, Matcher, Operator, cache_key

if TYPE_CHECKING:
    from ..registry import Compiler


def num_test(node: n.Num) -> tuple[str, tuple[Exact, ...]]:
    """What a quantity's ``low``/``high`` are compared with for NUM(...):
    ``overlap`` (``low <= top and high >= bottom``), or one bound for
    ``gt``/``ge`` (``high``), ``lt``/``le`` (``low``), or ``any``.  Computed
    once per query; a mention meaning anything in [low, high] matches.
    Numbers are exact (:mod:`checker.exact`): the edges of a tolerance hold
    to the last digit."""
    op = node.op
    if op == "eq":
        v = node.value
        tol = 0
        if node.tolerance is not None:
            tol = mul(abs(v), node.tolerance) if node.relative else node.tolerance
        return "overlap", (add(v, tol), sub(v, tol))
    if op == "range":
        return "overlap", (node.high, node.low)
    if op in ("gt", "ge", "lt", "le"):
        return op, (node.value,)
    if op == "any":
        return op, ()
    raise ValueError(op)


def num_accepts(op: str, bounds: tuple[Exact, ...], quantities: list[tuple[Exact, Exact]]) -> list[int]:
    """Indexes of the ``(low, high)`` pairs that pass a :func:`num_test`."""
    if op == "overlap":
        top, bottom = bounds
        return [i for i, (lo, hi) in enumerate(quantities) if lo <= top and hi >= bottom]
    if op == "any":
        return list(range(len(quantities)))
    (v,) = bounds
    if op == "gt":
        return [i for i, (_, hi) in enumerate(quantities) if hi > v]
    if op == "ge":
        return [i for i, (_, hi) in enumerate(quantities) if hi >= v]
    if op == "lt":
        return [i for i, (lo, _) in enumerate(quantities) if lo < v]
    return [i for i, (lo, _) in enumerate(quantities) if lo <= v]  # le


class MentionMatcher(Leaf):
    """A leaf over the quantities or dates found when the article was analysed."""

    kind = ""  # the Analysis attribute: "quantities" or "dates"

    def prepare(self) -> None:
        super().prepare()
        self._matching_key = cache_key("matching", "", self.literal_sig)

    def accepts(self, mention: Any) -> bool:
        raise NotImplementedError

    def matching(self, ctx: Context) -> list[int]:
        """Indexes of the article's mentions this leaf accepts (cached)."""
        got = ctx.cache.get(self._matching_key)
        if got is None:
            accepts = self.accepts
            got = ctx.cache[self._matching_key] = [
                i for i, m in enumerate(getattr(ctx.analysis, self.kind)) if accepts(m)
            ]
        return got

    def _units(self, ctx: Context, level: str) -> int:
        matching = self.matching(ctx)
        if not matching:
            return 0
        bits = ctx.mention_bits(self.kind, level)
        mask = 0
        for i in matching:
            mask |= bits[i]
        return mask

    def find(self, ctx: Context, level: str) -> list[Hit]:
        mentions = getattr(ctx.analysis, self.kind)
        return [ctx.hit(m.start, m.end, self, m) for m in map(mentions.__getitem__, self.matching(ctx))]

    def _hits(self, ctx: Context, level: str, index: int) -> list[Hit]:
        """The accepted mentions wholly inside one unit, by position,
        without making a hit of every mention of the article."""
        unit = ctx.unit_lists[level][index]
        start, end = unit.start, unit.end
        mentions = getattr(ctx.analysis, self.kind)
        inside = [m for m in map(mentions.__getitem__, self.matching(ctx)) if start <= m.start < end and m.end <= end]
        if len(inside) > 1:
            inside.sort(key=_by_span)
        hit = ctx.hit
        return [hit(m.start, m.end, self, m) for m in inside]


def _by_span(m: Quantity | DateMention) -> tuple[int, int]:
    return m.start, m.end


class NumMatcher(MentionMatcher):
    kind = "quantities"

    def __init__(self, node: n.Num, label: str, key: str) -> None:
        super().__init__(label, key)
        self.node = node
        self.sig = ("num", node.op, node.value, node.low, node.high, node.tolerance, node.relative)
        self.test = num_test(node)

    def accepts(self, q: Quantity) -> bool:
        # a plain number has low == high == value; a range, a vague plural
        # ("thousands") or a percentage range matches when it overlaps
        return bool(num_accepts(*self.test, [(q.low, q.high)]))

    def matching(self, ctx: Context) -> list[int]:
        """:meth:`accepts` for every quantity at once, on the article's
        ``(low, high)`` pairs: one comprehension, no call per quantity."""
        got = ctx.cache.get(self._matching_key)
        if got is None:
            got = ctx.cache[self._matching_key] = num_accepts(*self.test, ctx.quantity_bounds())
        return got


class DateMatcher(MentionMatcher):
    kind = "dates"

    def __init__(self, node: n.Date, label: str, key: str) -> None:
        super().__init__(label, key)
        self.node = node
        self.sig = ("date", node.year, node.month, node.day)

    def accepts(self, d: DateMention) -> bool:
        """At least as precise as the query, and equal on the query's fields."""
        q = self.node
        if d.precision == "none" or d.year != q.year:
            return False
        if q.month is not None and (d.precision == "year" or d.month != q.month):
            return False
        return q.day is None or (d.precision == "day" and d.day == q.day)


def build_num(node: n.Num, c: Compiler) -> Matcher:
    return NumMatcher(node, c.label(node), c.key)


def build_date(node: n.Date, c: Compiler) -> Matcher:
    return DateMatcher(node, c.label(node), c.key)


OPERATORS = (
    Operator(n.Num, build_num, Function("NUM", scan=scan_num)),
    Operator(n.Date, build_date, Function("DATE", scan=scan_date)),
)
