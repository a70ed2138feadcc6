"""What ``claimcheck explain`` needs: per unit, which part of each query
matched, in which context, and the cues that gave it.

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
    from ..text.cues import Cue

KEYS = ("about", "expect", "contradict", "forbid")


def explain(compiled: CompiledClaim, analysis: Analysis) -> dict:
    """The verdict plus, for every unit that any query touches, what matched.

    ``units`` lists each unit (sentence, paragraph or article, by the claim's
    scope) that is in scope or matched some query, in text order, as a dict:
    ``evidence`` (an :class:`~checker.models.Evidence` with role
    ``in-scope`` or ``out-of-scope``), ``matched`` (query key → whether the
    whole query matches the unit), ``denied`` (whether ``expect`` matches it
    only through negated matches, SPEC §8), ``matches`` (query key → the
    leaf matches inside the unit, each with the query part that matched and
    its context; for ``expect``, negated matches too) and ``cues`` (each
    cue of the unit and its reach, see :func:`cue_reach`).
    """
    ctx = Context(analysis)
    result: Result = evaluate(compiled, analysis, ctx)
    level = compiled.claim.scope
    matchers: dict[str, Matcher] = {k: getattr(compiled, k) for k in KEYS if getattr(compiled, k) is not None}
    matched = {k: frozenset(ctx.indices(level, m.units(ctx, level))) for k, m in matchers.items()}
    in_scope = matched.get("about", ctx.all_units(level))
    denied: frozenset[int] = frozenset()
    shown = dict(matchers)
    if compiled.denial is not None:
        counted = frozenset(ctx.indices(level, compiled.denial.units(ctx, level)))
        denied = counted - matched["expect"]
        shown["expect"] = compiled.denial  # the negated matches too, marked as such
    touched = set(in_scope) if "about" in matchers else set()
    for units in (*matched.values(), denied):
        touched |= units
    units = []
    for i in sorted(touched):
        role = "in-scope" if i in in_scope else "out-of-scope"
        units.append({
            "evidence": make_evidence(ctx, role, level, i, None),
            "matched": {k: i in matched[k] for k in matchers},
            "denied": i in denied,
            "matches": {k: unit_matches(ctx, m, level, i) for k, m in shown.items()},
            "cues": unit_cues(ctx, level, i),
        })
    return {"result": result, "scope": level, "context": compiled.claim.context,
            "certainty": compiled.claim.certainty,
            "queries": {k: getattr(compiled.claim, k).source for k in matchers}, "units": units}


def unit_cues(ctx: Context, level: str, index: int) -> list[dict]:
    """The cues found in a unit's sentences, each with its reach."""
    cues = ctx.analysis.cues
    seen: list[Cue] = []
    for s in ctx.children(level, index, "sentence") if level != "sentence" else (index,):
        for cue in cues.in_sentence(s):
            if cue not in seen:
                seen.append(cue)
    unit = ctx.unit_lists[level][index]
    return [cue_reach(ctx, cue) for cue in seen if unit.start <= cue.start < unit.end]


def cue_reach(ctx: Context, cue: Cue) -> dict:
    """A cue as ``explain`` shows it: its kind and words with their line and
    column, the words it governs (its reach) and, for an attribution, the
    words naming the speaker."""
    words, _, _, line, column = ctx.locate(cue.start, cue.end)
    reach = ctx.locate(cue.scope_start, cue.scope_end)
    out = {"kind": cue.kind, "text": words, "line": line, "column": column,
           "reach": reach[0], "reach_line": reach[3], "reach_column": reach[4]}
    if cue.speaker_start is not None and cue.speaker_end is not None:
        speaker = ctx.locate(cue.speaker_start, cue.speaker_end)
        out.update(speaker=speaker[0], speaker_line=speaker[3], speaker_column=speaker[4])
    return out
