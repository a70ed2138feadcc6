"""Evidence, built from hits in one place: a unit with the matches inside it.

Every :class:`~checker.models.Match` a result, ``explain`` or a report shows
is made here from a matcher's :class:`~checker.engine.hits.Hit` objects.
"""

from __future__ import annotations

from typing import Any

from ..models import DateMention, Evidence, Match, Quantity
from .context import Context
from .hits import Hit
from .matcher import Matcher


def match_value(v: Quantity | DateMention | None) -> Any:
    """JSON-friendly value of a matched quantity (exact: int or Decimal) or date."""
    if v is None:
        return None
    if isinstance(v, Quantity):  # exact: an int, or a Decimal (checker.exact)
        if v.low != v.high:
            return [v.low, v.high]
        return v.value
    if v.year is None:
        return None
    if v.precision == "year":
        return f"{v.year:04d}"
    if v.precision == "month":
        return f"{v.year:04d}-{v.month:02d}"
    return f"{v.year:04d}-{v.month:02d}-{v.day:02d}"


def to_match(ctx: Context, hit: Hit) -> Match:
    """A hit as evidence shows it: located in the original, with the value
    matched, the query part (its label and key) that matched it, and the
    context its sentence gives it (SPEC §8)."""
    part = hit.part
    context = hit.context
    if context is None:
        context = ctx.context(hit.start, hit.end)
    return Match(*ctx.locate(hit.start, hit.end), match_value(hit.value), part.label, part.key, hit.note, context)


def unit_matches(ctx: Context, matcher: Matcher | None, level: str, index: int) -> tuple[Match, ...]:
    """The matches of a matcher inside one unit, in text order (longest
    first), each span and part once."""
    if matcher is None:
        return ()
    found = matcher.hits(ctx, level, index)
    if len(found) <= 1 or matcher.ordered:
        return tuple([to_match(ctx, h) for h in found])
    seen: set[tuple[int, int, str]] = set()
    out = []
    for h in found:
        ident = (h.start, h.end, h.part.label)
        if ident not in seen:
            seen.add(ident)
            # by start, longest first; the running count keeps the sort stable
            out.append((h.start, -h.end, len(out), h))
    out.sort()
    return tuple([to_match(ctx, t[3]) for t in out])


def make_evidence(ctx: Context, role: str, level: str, index: int, matcher: Matcher | None) -> Evidence:
    """One unit as evidence, with the matches of ``matcher`` inside it."""
    words, start, end, line, column = ctx.locate_unit(level, index)
    return Evidence(role, words, start, end, line, column, unit_matches(ctx, matcher, level, index))


def evidence(
    ctx: Context, key: str, role: str, level: str, mask: int, matcher: Matcher, limit: int | None = None
) -> tuple[tuple[Evidence, ...], Match | None]:
    """The evidence for the units in ``mask`` (the first ``limit`` of them),
    and the first match in it (for the message).

    Cached in the context under ``key`` (role, level and the matcher's
    evidence signature; see :class:`~checker.engine.verdict.CompiledClaim`):
    per mask, so claims that share a query and a verdict share the evidence
    tuple itself, and per unit, so overlapping masks share each unit's
    evidence."""
    cached = ctx.cache.get(key)
    if cached is None:
        cached = ctx.cache[key] = ({}, {})
    by_mask, by_index = cached
    got = by_mask.get(mask)
    if got is None:
        indexes = ctx.indices(level, mask)
        if limit is not None:
            indexes = indexes[:limit]
        found = []
        for i in indexes:
            ev = by_index.get(i)
            if ev is None:
                ev = by_index[i] = make_evidence(ctx, role, level, i, matcher)
            found.append(ev)
        first = None
        for e in found:
            if e.matches:
                first = e.matches[0]
                break
        got = by_mask[mask] = (tuple(found), first)
    return got
