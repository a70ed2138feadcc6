"""Verdicts and evidence for one claim on one analysed article (SPEC §3)."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any

from ..errors import CheckError
from ..models import Article, Claim, Evidence, Match, Result
from .compiler import Leaf, Matcher, compile_query
from .context import Context, Hit

MAX_IN_SCOPE_EVIDENCE = 20


@dataclass(frozen=True, slots=True)
class CompiledClaim:
    claim: Claim
    about: Matcher | None
    expect: Matcher | None
    contradict: Matcher | None
    forbid: Matcher | None


def compile_claim(claim: Claim) -> CompiledClaim:
    """Compile a claim's queries once (the AST was parsed by the loader)."""
    entities = dict(claim.entities)

    def build(key: str) -> Matcher | None:
        q = getattr(claim, key)
        if q is None:
            return None
        try:
            return compile_query(q.node, q.source, key, entities)
        except CheckError as err:
            raise err.located(q.file, q.line, q.column, prefix=f"in '{key}': ") from None

    return CompiledClaim(claim, build("about"), build("expect"), build("contradict"), build("forbid"))


# ------------------------------------------------------------- applying ---


def _matches_pattern(pattern: str, article: Article) -> bool:
    return fnmatch.fnmatchcase(article.id, pattern) or fnmatch.fnmatchcase(article.source, pattern)


def applies_to(claim: Claim, article: Article) -> bool:
    """Whether a claim's ``sources`` globs admit this article (all when empty)."""
    return not claim.sources or any(_matches_pattern(p, article) for p in claim.sources)


def known_verdict(claim: Claim, article: Article) -> str | None:
    """The accepted verdict declared in ``known`` for this article, if any.

    An exact article id wins over an exact source name, which wins over a
    glob; among globs, the first written wins.
    """
    known = claim.known
    for pattern, verdict in known:
        if pattern == article.id:
            return verdict
    for pattern, verdict in known:
        if pattern == article.source:
            return verdict
    for pattern, verdict in known:
        if _matches_pattern(pattern, article):
            return verdict
    return None


# ------------------------------------------------------------- evidence ---


def _value(v: Any) -> Any:
    """JSON-friendly value of a matched quantity or date."""
    if v is None:
        return None
    if hasattr(v, "low"):  # Quantity
        def num(x: float) -> float | int:
            return int(x) if float(x).is_integer() else x
        if v.low != v.high:
            return [num(v.low), num(v.high)]
        return num(v.value)
    if hasattr(v, "precision"):  # DateMention
        if v.year is None:
            return None
        if v.precision == "year":
            return f"{v.year:04d}"
        if v.precision == "month":
            return f"{v.year:04d}-{v.month:02d}"
        return f"{v.year:04d}-{v.month:02d}-{v.day:02d}"
    return v


def make_match(ctx: Context, hit: Hit, leaf: Leaf) -> Match:
    key = (hit.start, hit.end, leaf.label, leaf.key, hit.note)
    got = ctx.cache.get(key)
    if got is None:
        words, start, end, line, column = ctx.locate(hit.start, hit.end)
        got = ctx.cache[key] = Match(
            text=words,
            start=start,
            end=end,
            line=line,
            column=column,
            value=_value(hit.value),
            part=leaf.label,
            key=leaf.key,
            note=hit.note,
        )
    return got


def unit_matches(ctx: Context, matcher: Matcher | None, level: str, index: int) -> tuple[Match, ...]:
    if matcher is None:
        return ()
    spans = matcher.spans(ctx, level, index)
    if len(spans) == 1:
        hit, leaf = spans[0]
        return (make_match(ctx, hit, leaf),)
    seen: set[tuple[int, int, str]] = set()
    out = []
    for hit, leaf in spans:
        ident = (hit.start, hit.end, leaf.label)
        if ident not in seen:
            seen.add(ident)
            out.append((hit.start, -hit.end, make_match(ctx, hit, leaf)))
    out.sort(key=lambda t: (t[0], t[1]))
    return tuple(m for _, _, m in out)


def make_evidence(ctx: Context, role: str, level: str, index: int, matcher: Matcher | None) -> Evidence:
    unit = ctx.analysis.units(level)[index]
    words, start, end, line, column = ctx.locate(unit.start, unit.end)
    return Evidence(
        role=role,
        text=words,
        start=start,
        end=end,
        line=line,
        column=column,
        matches=unit_matches(ctx, matcher, level, index),
    )


# -------------------------------------------------------------- verdict ---


def _quote(m: Match) -> str:
    return f'"{m.text}"'


def evaluate(compiled: CompiledClaim, analysis: Any, ctx: Context | None = None) -> Result:
    """The verdict of one claim on one article, with its evidence."""
    claim = compiled.claim
    article = analysis.article
    expected = known_verdict(claim, article)
    ctx = ctx or Context(analysis)
    try:
        verdict, evidence, message = _decide(compiled, ctx)
    except CheckError as err:
        verdict, evidence, message = "error", (), err.message
    return Result(
        claim=claim.id,
        article=article.id,
        verdict=verdict,
        evidence=evidence,
        known=expected is not None and verdict == expected,
        message=message,
        expected=expected,
    )


def _decide(cc: CompiledClaim, ctx: Context) -> tuple[str, tuple[Evidence, ...], str]:
    level = cc.claim.scope
    in_scope = cc.about.units(ctx, level) if cc.about else ctx.all_units(level)

    if cc.forbid is not None:
        forbidden = sorted(in_scope & cc.forbid.units(ctx, level))
        if forbidden:
            ev = tuple(make_evidence(ctx, "forbidden", level, i, cc.forbid) for i in forbidden)
            first = next((m for e in ev for m in e.matches), None)
            what = f": {_quote(first)}" if first else ""
            return "fail", ev, f"forbidden words found{what}"
        return "pass", (), "no forbidden words found"

    supporting = (in_scope & cc.expect.units(ctx, level)) if cc.about else cc.expect.units(ctx, level)
    refuting: frozenset[int] = frozenset()
    if cc.contradict is not None:
        refuting = (in_scope & cc.contradict.units(ctx, level)) - supporting
    if refuting:
        ev = [make_evidence(ctx, "refutes", level, i, cc.contradict) for i in sorted(refuting)]
        ev += [make_evidence(ctx, "supports", level, i, cc.expect) for i in sorted(supporting)]
        first = next((m for e in ev if e.role == "refutes" for m in e.matches), None)
        return "fail", tuple(ev), f"refuted by {_quote(first)}" if first else "refuted"
    if supporting:
        ev = tuple(make_evidence(ctx, "supports", level, i, cc.expect) for i in sorted(supporting))
        first = next((m for e in ev for m in e.matches), None)
        return "pass", ev, f"stated: {_quote(first)}" if first else "stated"
    if cc.about is not None and in_scope:
        shown = sorted(in_scope)[:MAX_IN_SCOPE_EVIDENCE]
        ev = tuple(make_evidence(ctx, "in-scope", level, i, cc.about) for i in shown)
        n = len(in_scope)
        return "missing", ev, f"not stated; {n} {level}{'s' if n != 1 else ''} on the topic (see evidence)"
    return "missing", (), "not mentioned"
