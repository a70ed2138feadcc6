"""Verdicts and evidence for one claim on one analysed article (SPEC §3, §8).

Context (SPEC §8) enters through how the queries are compiled: ``expect``
and ``contradict`` count only the matches their claim's reading accepts
(negated ones never, unless ``context: literal``; hedged ones not under
``certainty: stated``), ``about`` and ``forbid`` every match.  A claim that
reads context also compiles ``expect`` and ``contradict`` a second time with
negated matches counted: the units ``expect`` matches only that way deny
the claim.  The two readings differ only in the units a negation cue
reaches, so where the counted one matches no such unit (and the query has
no ``NOT``, which could turn a dropped match into a match) it is the answer
for both, and the affirmed reading is not worked out at all.
"""

from __future__ import annotations

import fnmatch
import sys
from typing import TYPE_CHECKING, NamedTuple, Self

from ..errors import CheckError
from ..models import Article, Claim, Evidence, Match, Result
from .context import Context
from .evidence import evidence as _evidence
from .hits import ANY, Want
from .matcher import Matcher
from .registry import compile_query

if TYPE_CHECKING:
    from ..text.analysis import Analysis
    from .ops.regex import RegexBudget

MAX_IN_SCOPE_EVIDENCE = 20

# the evidence role of each query's units
ROLES = {"about": "in-scope", "expect": "supports", "contradict": "refutes", "forbid": "forbidden",
         "denial": "refutes", "hedged": "in-scope"}

NOT_NEGATED = Want(negated=False)
NOT_HEDGED = Want(hedged=False)
NEGATION = frozenset({"negation"})


class EvidenceKeys(dict):
    """Query (``expect``…) → the context key its evidence is cached under
    (its role, the claim's level and the matcher's ``esig``), made at first
    lookup: a verdict shows the evidence of one or two of a claim's
    queries (issue #16).  A query the claim does not have: ``KeyError``."""

    __slots__ = ("level", "queries")

    def __init__(self, level: str, queries: dict[str, Matcher]) -> None:
        super().__init__()
        self.level, self.queries = level, queries

    def __missing__(self, key: str) -> str:
        made = self[key] = sys.intern(f"evidence\x00{ROLES[key]}\x00{self.level}\x00{self.queries[key].esig}")
        return made

    def __reduce__(self):
        return (EvidenceKeys, (self.level, self.queries))


class _CompiledFields(NamedTuple):
    claim: Claim
    about: Matcher | None
    expect: Matcher | None
    contradict: Matcher | None
    forbid: Matcher | None
    denial: Matcher | None
    contradict_counted: Matcher | None
    hedged: Matcher | None
    regex_budget: RegexBudget | None  # the claim's /regex/ time
    level: str
    skippable: bool
    evidence_keys: EvidenceKeys


# A NamedTuple, not a dataclass: the class is created at every start of the gate, ~0.1 ms as
# a NamedTuple, ~1.3 ms as the frozen dataclass it was (docs/design.md, "The gate").
class CompiledClaim(_CompiledFields):
    """A claim with its queries compiled, and what evaluating it needs
    worked out once: its scope (``level``), the context keys its evidence
    is cached under (``evidence_keys``), and whether a claim with nothing in
    scope can skip its other queries (``skippable``: none of them can raise).

    ``denial`` and ``contradict_counted``: ``expect`` and ``contradict``
    with negated matches counted too (``None`` under ``context: literal``);
    a unit ``denial`` matches where ``expect`` does not is the article
    denying the claim.  ``hedged``: under ``certainty: stated``, ``expect``
    with hedged matches counted, for the message of a claim stated only with
    a hedge (it decides no verdict).  Made from the first nine fields; the
    last three are worked out from them."""

    __slots__ = ()

    def __new__(cls, claim: Claim, about: Matcher | None, expect: Matcher | None, contradict: Matcher | None,
                forbid: Matcher | None, denial: Matcher | None = None, contradict_counted: Matcher | None = None,
                hedged: Matcher | None = None, regex_budget: RegexBudget | None = None) -> Self:
        level = claim.scope
        others = (expect, contradict, forbid, denial)
        queries = {key: m for key, m in (("about", about), ("expect", expect), ("contradict", contradict),
                                         ("forbid", forbid), ("denial", denial), ("hedged", hedged))
                   if m is not None}
        keys = EvidenceKeys(level, queries)
        skippable = not any(m is not None and m.may_raise for m in others)
        return super().__new__(cls, claim, about, expect, contradict, forbid, denial, contradict_counted, hedged,
                               regex_budget, level, skippable, keys)

    def __getnewargs__(self) -> tuple:
        return tuple(self)[:9]  # (pickled for worker processes: made again from what it was made from)


def readings(claim: Claim) -> tuple[Want, Want] | None:
    """Which matches count for ``expect`` and ``contradict`` (SPEC §8): the
    counted reading (everything, or nothing hedged under ``certainty:
    stated``) and, within it, the affirmed one (nothing negated either).
    ``None`` under ``context: literal``: every match counts (SPEC §3)."""
    if claim.context == "literal":
        return None
    counted = NOT_HEDGED if claim.certainty == "stated" else ANY
    return counted, counted.both(NOT_NEGATED)


def compile_claim(claim: Claim) -> CompiledClaim:
    """Compile a claim's queries once (the AST was parsed by the loader)."""
    entities = dict(claim.entities)
    from .ops.regex import RegexBudget

    budget = RegexBudget()  # the claim's /regex/ time for this run, whichever query spends it

    def build(key: str, reading: Want = ANY, negations: bool = False) -> Matcher | None:
        q = getattr(claim, key)
        if q is None:
            return None
        try:
            return compile_query(q.node, q.source, key, entities, reading, negations, budget)
        except CheckError as err:
            raise err.located(q.file, q.line, q.column, prefix=f"in '{key}': ") from None

    about, forbid = build("about"), build("forbid")  # context does not matter to them
    reading = readings(claim)
    if reading is None:
        return CompiledClaim(claim, about, build("expect"), build("contradict"), forbid, regex_budget=budget)
    counted, affirmed = reading
    hedged = build("expect", NOT_NEGATED) if claim.certainty == "stated" else None
    return CompiledClaim(claim, about, build("expect", affirmed), build("contradict", affirmed), forbid,
                         build("expect", counted, True), build("contradict", counted, True), hedged,
                         regex_budget=budget)


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
        return _outcome(compiled, ctx or Context(analysis)).verdict
    except CheckError:
        return "error"


class Outcome(NamedTuple):
    """A verdict and the unit masks its evidence shows."""

    verdict: str
    in_scope: int
    supporting: int
    refuting: int  # contradicted, or for ``forbid`` the in-scope units that match it
    denied: int = 0  # refuting too: ``expect`` matched there only through negated matches


def _outcome(cc: CompiledClaim, ctx: Context) -> Outcome:
    """SPEC §3 and §8 on unit masks: AND is ``&``, "not supporting" is ``& ~``."""
    level = cc.level
    about = cc.about
    if about is not None:
        in_scope = about.units(ctx, level)
        if not in_scope and cc.skippable:
            # nothing in scope: the other queries cannot change the verdict
            return Outcome("pass" if cc.forbid is not None else "missing", 0, 0, 0)
    else:
        in_scope = ctx.full(level)

    if cc.forbid is not None:
        found = in_scope & cc.forbid.units(ctx, level)
        return Outcome("fail" if found else "pass", in_scope, 0, found)

    if cc.denial is None:  # context: literal
        expected = counted = cc.expect.units(ctx, level)
        contradicted = cc.contradict.units(ctx, level) if cc.contradict is not None else 0
    else:
        # The affirmed reading differs from the counted one only in the units
        # a negation cue reaches: where none is in scope, or (for a query
        # without NOT) none that the counted reading matches, they agree.
        reach = in_scope & ctx.cue_units(level, NEGATION)
        counted = cc.denial.units(ctx, level)
        expected = counted
        if reach and _differ(ctx, level, cc.expect, counted, reach):
            expected = cc.expect.units(ctx, level)
        contradicted = 0
        if cc.contradict is not None:
            contradicted = cc.contradict_counted.units(ctx, level)
            if reach and _differ(ctx, level, cc.contradict, contradicted, reach):
                contradicted = cc.contradict.units(ctx, level)
    supporting = (in_scope & expected) if about is not None else expected
    refuting = in_scope & contradicted & ~supporting
    denied = in_scope & counted & ~expected & ~refuting
    verdict = "fail" if refuting or denied else "pass" if supporting else "missing"
    return Outcome(verdict, in_scope, supporting, refuting, denied)


def _differ(ctx: Context, level: str, affirmed: Matcher, counted: int, reach: int) -> bool:
    """Whether the affirmed reading of a query may match other units than its
    counted reading (``counted``) among the in-scope units a negation cue
    reaches (``reach``).  Not when the query has no ``NOT`` and the counted
    reading matches none of them, nor when none of its leaves that drop
    negated matches has a match in them (as far as the context already
    knows their units)."""
    if affirmed.monotone and not counted & reach:
        return False
    cache = ctx.cache
    for leaf in affirmed.affirming:
        units = cache.get(leaf._literal_keys[level])
        if units is None or units & reach:
            return True
    return False


def _decide(cc: CompiledClaim, ctx: Context) -> tuple[str, tuple[Evidence, ...], str]:
    """The verdict :func:`_outcome` decides, with its evidence and message."""
    verdict, in_scope, supporting, refuting, denied = _outcome(cc, ctx)
    level = cc.level
    keys = cc.evidence_keys
    if cc.forbid is not None:
        if verdict == "pass":
            return "pass", (), "no forbidden words found"
        ev, first = _evidence(ctx, keys["forbid"], "forbidden", level, refuting, cc.forbid)
        return "fail", ev, f"forbidden words found: {_quote(first)}" if first else "forbidden words found"
    if verdict == "fail":
        ev, message = (), ""
        if refuting:
            ev, first = _evidence(ctx, keys["contradict"], "refutes", level, refuting, cc.contradict)
            message = f"refuted by {_quote(first)}" if first else "refuted"
        if denied:
            ev_denied, _ = _evidence(ctx, keys["denial"], "refutes", level, denied, cc.denial)
            first_unit = (refuting | denied) & -(refuting | denied)
            if denied & first_unit:  # the first refuting unit, in text order, denies the claim
                message = _cue_message("denied:", "negation", "negated", ctx, cc.denial, level,
                                       ctx.indices(level, first_unit)[0])
            ev = tuple(sorted(ev + ev_denied, key=_by_start)) if ev else ev_denied
        if supporting:
            ev = ev + _evidence(ctx, keys["expect"], "supports", level, supporting, cc.expect)[0]
        return "fail", ev, message
    if verdict == "pass":
        ev, first = _evidence(ctx, keys["expect"], "supports", level, supporting, cc.expect)
        return "pass", ev, f"stated: {_quote(first)}" if first else "stated"
    if cc.hedged is not None:
        hedged = in_scope & cc.hedged.units(ctx, level)
        if hedged:  # certainty: stated, and the article states it only with a hedge
            ev, _ = _evidence(ctx, keys["hedged"], "in-scope", level, hedged, cc.hedged, MAX_IN_SCOPE_EVIDENCE)
            return "missing", ev, _cue_message("not stated as fact: hedged by", "hedge", "hedged", ctx, cc.hedged,
                                               level, ctx.indices(level, hedged)[0])
    if cc.about is not None and in_scope:
        ev, _ = _evidence(ctx, keys["about"], "in-scope", level, in_scope, cc.about, MAX_IN_SCOPE_EVIDENCE)
        n = in_scope.bit_count()
        return "missing", ev, f"not stated; {n} {level}{'s' if n != 1 else ''} on the topic (see evidence)"
    return "missing", (), "not mentioned"


def _by_start(e: Evidence) -> int:
    return e.start


def _cue_message(lead: str, kind: str, flag: str, ctx: Context, matcher: Matcher, level: str, index: int) -> str:
    """``denied: 'did not' ("around 1,400")``: the cues of ``kind`` that give
    the matches of ``matcher`` in the unit their context ``flag``
    (``negated``, ``hedged``), and the first match they govern."""
    cues: list[str] = []
    words = None
    for h in matcher.hits(ctx, level, index):
        mc = ctx.context_of(h)
        if not getattr(mc, flag):
            continue
        if words is None:
            words = ctx.locate(h.start, h.end)[0]
        for cue in mc.cues:
            if cue.kind == kind and cue.text not in cues:
                cues.append(cue.text)
    named = ", ".join(f"'{c}'" for c in cues)
    message = f"{lead} {named}" if named else lead.rstrip(":")
    return f'{message} ("{words}")' if words else message
