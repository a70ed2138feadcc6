"""The answer to one draft (SPEC §9): §6 results and the gate's problems.

:class:`Checker` holds a rule set compiled once and answers drafts; each
worker process of the service holds one.  Results are built by
``checker.reports.json`` and problems by ``checker.problems``, so the
service says exactly what ``claimcheck run`` and ``claimcheck check`` say;
this module only adds where each problem sits in the submitted text
(``offset``/``length``, in characters) and, on request, the explanation
``claimcheck explain`` gives for each claim.
"""

from __future__ import annotations

from dataclasses import replace

from ..articles import article_from_text
from ..commands.explain import explain_text
from ..engine import applies_to, compile_claim, evaluate_article, explain, known_verdict
from ..engine.ops.regex import RegexMatcher
from ..models import Article, Result, RuleSet, RunResult
from ..problems import Problem, problems_of
from ..reports import json as json_report
from ..reports.gate import problem_dict as gate_problem_dict
from ..text.analysis import analyze
from ..text.normalize import LineIndex
from .drafts import Draft

try:  # in the serve extra; the standard library's json does the same, slower
    import orjson
except ModuleNotFoundError:  # pragma: no cover - depends on the installation
    orjson = None

SCHEMA = "claimcheck/check@1"


def draft_article(draft: Draft) -> Article:
    """The article of a draft.  Its ``path`` is the draft's id: a label, never
    a file.  The request's own metadata wins over the draft's front matter.
    Raises :class:`~checker.errors.CheckError` for front matter it cannot read."""
    defaults = {"id": draft.id, "source": draft.id}
    article = article_from_text(draft.text, draft.format, draft.id, defaults)
    return replace(article, **draft.meta())


def problem_dict(p: Problem, evidence: list[dict] | None = None) -> dict:
    """A gate problem with its place in the submitted text: ``offset`` and
    ``length`` in characters; ``length`` 0 (at offset 0) for a problem about
    the whole draft (a missing required claim, an error).  ``evidence``: the
    dicts of its evidence, when already made (:func:`shared_evidence`)."""
    d = gate_problem_dict(p, evidence)  # as `claimcheck check --format json` writes it
    if p.start is None or p.end is None:
        d["offset"], d["length"] = 0, 0
    else:
        d["offset"], d["length"] = p.start, p.end - p.start
    return d


def shared_evidence(p: Problem, results: dict[str, tuple[Result, dict]]) -> list[dict] | None:
    """The dicts the answer's results already hold for the evidence of a
    problem (its units are units of its claim's result: ``problems_of``
    takes them from there), or ``None`` when one is not found.  Serialising
    a problem's evidence again was ~1% of a worker's CPU a draft (cProfile)."""
    found = results.get(p.claim)
    if found is None:
        return None
    r, rd = found
    out = []
    for ev in p.evidence:
        for e, ed in zip(r.evidence, rd["evidence"]):
            if e is ev:
                out.append(ed)
                break
        else:
            return None
    return out


class Checker:
    """A rule set compiled once, answering drafts."""

    def __init__(self, rules: RuleSet, version: int = 1) -> None:
        self.claims = rules.claims
        self.compiled = [compile_claim(c) for c in self.claims]
        self.by_id = {cc.claim.id: cc for cc in self.compiled}
        self.version = version
        # the /regex/ time budgets of the claims that have a /regex/ (renewed per request;
        # the others are never spent: renewing all 29 of the default rules was ~0.5% of a draft)
        self.budgets = [cc.regex_budget for cc in self.compiled
                        if any(isinstance(leaf, RegexMatcher) for query in (cc.about, cc.expect, cc.contradict,
                                                                           cc.forbid, cc.denial,
                                                                           cc.contradict_counted, cc.hedged)
                               if query is not None for leaf in query.leaves())]
        for budget in self.budgets:
            # a worker searches draft after draft: a /regex/ whose syntax bounds its search runs
            # here, with no round trip to the regex child (~0.4 ms of CPU a 1,000-word draft)
            budget.bounded_here = True

    def _failed(self, article: Article, exc: Exception) -> list[Result]:
        """An ``error`` for every claim when the draft cannot be analysed."""
        reason = f"could not analyse {article.path}: {type(exc).__name__}: {exc}"
        out = []
        for cc in self.compiled:
            if applies_to(cc.claim, article):
                expected = known_verdict(cc.claim, article)
                out.append(Result(cc.claim.id, article.id, "error", (), expected == "error", reason, expected))
        return out

    def answer(self, draft: Draft, with_explanations: bool = False) -> dict:
        """The §9 answer for one draft, as a dict ready for JSON."""
        article = draft_article(draft)
        for budget in self.budgets:  # a request is a run: each claim's /regex/ time budget starts afresh
            budget.renew()
        analysis = None
        try:
            analysis = analyze(article)
        except Exception as exc:  # a draft that breaks the analysis still gets an answer
            results = self._failed(article, exc)
        else:
            results = evaluate_article(self.compiled, analysis)
        doc = json_report.to_dict(RunResult((article,), (), tuple(results)))
        # the analysis indexes the draft's lines already; problems_of would index them again per result
        lines = analysis.lines if analysis is not None else LineIndex(article.origin)
        problems = [p for r in results if r.verdict != "pass"  # a pass raises none, as in the gate
                    for p in problems_of(self.by_id[r.claim].claim, article, r, lines)]
        problems.sort(key=lambda p: (p.line, p.column, p.claim))
        by_claim = {r.claim: (r, rd) for r, rd in zip(results, doc["results"]) if r.verdict != "pass"}
        if with_explanations and analysis is not None:
            for r, rd in zip(results, doc["results"]):
                cc = self.by_id[r.claim]
                rd["explanation"] = explain_text(cc.claim, article, explain(cc, analysis))
        return {
            "schema": SCHEMA,
            "article": {**doc["articles"][0], "format": draft.format},
            "blocking": any(p.blocking for p in problems),
            "counts": doc["counts"][article.id],
            "problems": [problem_dict(p, shared_evidence(p, by_claim)) for p in problems],
            "results": doc["results"],
            "rules": {"version": self.version},
        }


def encode(value: object) -> bytes:
    """Compact JSON in UTF-8 (article text kept as written, not escaped to ASCII).

    orjson when it is installed: measured on answers to 1,000-word drafts it
    encodes one in 0.055 ms against json's 0.42 ms, about 7% of the CPU time a
    request costs the service.  The results' one encoder for what orjson
    refuses (an integer beyond 64 bits, an exact ``Decimal`` value)."""
    if orjson is not None:
        try:
            return orjson.dumps(value)
        except TypeError:
            pass
    return json_report.dumps(value, indent=None).encode("utf-8")
