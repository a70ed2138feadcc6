"""What ``claimcheck explain`` needs: per unit, which part of each query matched.

Returns plain data (no formatting); the command turns it into prose.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Result
from .context import Context
from .evidence import make_evidence, unit_matches
from .matcher import Matcher
from .verdict import CompiledClaim, evaluate

if TYPE_CHECKING:
    from ..text.analysis import Analysis

KEYS = ("about", "expect", "contradict", "forbid")


def explain(compiled: CompiledClaim, analysis: Analysis) -> dict:
    """The verdict plus, for every unit that any query touches, what matched.

    ``units`` lists each unit (sentence, paragraph or article, by the claim's
    scope) that is in scope or matched some query, in text order, as a dict:
    ``evidence`` (an :class:`~checker.models.Evidence` with role
    ``in-scope`` or ``out-of-scope``), ``matched`` (query key → whether the
    whole query matches the unit) and ``matches`` (query key → the leaf
    matches inside the unit, each with the query part that matched).
    """
    ctx = Context(analysis)
    result: Result = evaluate(compiled, analysis, ctx)
    level = compiled.claim.scope
    matchers: dict[str, Matcher] = {k: getattr(compiled, k) for k in KEYS if getattr(compiled, k) is not None}
    matched = {k: frozenset(ctx.indices(level, m.units(ctx, level))) for k, m in matchers.items()}
    in_scope = matched.get("about", ctx.all_units(level))
    touched = set(in_scope) if "about" in matchers else set()
    for k, units in matched.items():
        touched |= units
    units = []
    for i in sorted(touched):
        role = "in-scope" if i in in_scope else "out-of-scope"
        units.append({
            "evidence": make_evidence(ctx, role, level, i, None),
            "matched": {k: i in matched[k] for k in matchers},
            "matches": {k: unit_matches(ctx, m, level, i) for k, m in matchers.items()},
        })
    return {"result": result, "scope": level, "queries": {k: getattr(compiled.claim, k).source for k in matchers}, "units": units}
