"""Verdicts and evidence for one claim on one analysed article (SPEC §3)."""

from __future__ import annotations

import fnmatch
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import CheckError
from ..models import Article, Claim, Evidence, Match, Result
from .context import Context
from .evidence import evidence as _evidence
from .matcher import Matcher
from .registry import compile_query

if TYPE_CHECKING:
    from ..text.analysis import Analysis

MAX_IN_SCOPE_EVIDENCE = 20

# the evidence role of each query's units
ROLES = {"about": "in-scope", "expect": "supports", "contradict": "refutes", "forbid": "forbidden"}


@dataclass(frozen=True, slots=True)
class CompiledClaim:
    """A claim with its queries compiled, and what evaluating it needs
    worked out once: its scope, the context keys its evidence is cached
    under, and whether a claim with nothing in scope can skip its other
    queries (none of them can raise)."""

    claim: Claim
    about: Matcher | None
    expect: Matcher | None
    contradict: Matcher | None
    forbid: Matcher | None
    level: str = field(init=False, repr=False, compare=False)
    skippable: bool = field(init=False, repr=False, compare=False)
    evidence_keys: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        level = self.claim.scope
        others = (self.expect, self.contradict, self.forbid)
        keys = {
            key: sys.intern(f"evidence\x00{ROLES[key]}\x00{level}\x00{m.esig}")
            for key, m in (("about", self.about), ("expect", self.expect),
                           ("contradict", self.contradict), ("forbid", self.forbid))
            if m is not None
        }
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "skippable", not any(m is not None and m.may_raise for m in others))
        object.__setattr__(self, "evidence_keys", keys)


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


# -------------------------------------------------------------- verdict ---


def _quote(m: Match) -> str:
    return f'"{m.text}"'


def evaluate(compiled: CompiledClaim, analysis: Analysis, ctx: Context | None = None) -> Result:
    """The verdict of one claim on one article, with its evidence.  ``ctx``:
    the article's :class:`Context`, shared by every claim evaluated on it."""
    claim = compiled.claim
    article = analysis.article
    expected = known_verdict(claim, article) if claim.known else None
    try:
        verdict, evidence, message = _decide(compiled, ctx or Context(analysis))
    except CheckError as err:
        verdict, evidence, message = "error", (), err.message
    return Result(claim.id, article.id, verdict, evidence, expected is not None and verdict == expected,
                  message, expected)


def evaluate_verdict(compiled: CompiledClaim, analysis: Analysis, ctx: Context | None = None) -> str:
    """The verdict :func:`evaluate` gives, without building its evidence and
    message (for faces that show evidence only for some verdicts: the
    units' masks it computes stay in ``ctx`` for :func:`evaluate`)."""
    try:
        return _outcome(compiled, ctx or Context(analysis))[0]
    except CheckError:
        return "error"


def _outcome(cc: CompiledClaim, ctx: Context) -> tuple[str, int, int, int]:
    """SPEC §3 on unit masks: AND is ``&``, "not supporting" is ``& ~``.

    The verdict, and the masks its evidence shows: the in-scope units, the
    supporting units, and the refuting units (for ``forbid``: the in-scope
    units that match it)."""
    level = cc.level
    about = cc.about
    if about is not None:
        in_scope = about.units(ctx, level)
        if not in_scope and cc.skippable:
            # nothing in scope: the other queries cannot change the verdict
            return ("pass" if cc.forbid is not None else "missing"), 0, 0, 0
    else:
        in_scope = ctx.full(level)

    if cc.forbid is not None:
        found = in_scope & cc.forbid.units(ctx, level)
        return ("fail" if found else "pass"), in_scope, 0, found

    expected = cc.expect.units(ctx, level)
    supporting = (in_scope & expected) if about is not None else expected
    refuting = 0
    if cc.contradict is not None:
        refuting = in_scope & cc.contradict.units(ctx, level) & ~supporting
    return ("fail" if refuting else "pass" if supporting else "missing"), in_scope, supporting, refuting


def _decide(cc: CompiledClaim, ctx: Context) -> tuple[str, tuple[Evidence, ...], str]:
    """The verdict :func:`_outcome` decides, with its evidence and message."""
    verdict, in_scope, supporting, refuting = _outcome(cc, ctx)
    level = cc.level
    keys = cc.evidence_keys
    if cc.forbid is not None:
        if verdict == "pass":
            return "pass", (), "no forbidden words found"
        ev, first = _evidence(ctx, keys["forbid"], "forbidden", level, refuting, cc.forbid)
        return "fail", ev, f"forbidden words found: {_quote(first)}" if first else "forbidden words found"
    if verdict == "fail":
        ev, first = _evidence(ctx, keys["contradict"], "refutes", level, refuting, cc.contradict)
        if supporting:
            ev = ev + _evidence(ctx, keys["expect"], "supports", level, supporting, cc.expect)[0]
        return "fail", ev, f"refuted by {_quote(first)}" if first else "refuted"
    if verdict == "pass":
        ev, first = _evidence(ctx, keys["expect"], "supports", level, supporting, cc.expect)
        return "pass", ev, f"stated: {_quote(first)}" if first else "stated"
    if cc.about is not None and in_scope:
        ev, _ = _evidence(ctx, keys["about"], "in-scope", level, in_scope, cc.about, MAX_IN_SCOPE_EVIDENCE)
        n = in_scope.bit_count()
        return "missing", ev, f"not stated; {n} {level}{'s' if n != 1 else ''} on the topic (see evidence)"
    return "missing", (), "not mentioned"
