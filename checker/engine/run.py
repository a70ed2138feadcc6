"""Evaluate every claim on every article it applies to."""

from __future__ import annotations

from typing import Callable, Sequence

from .. import collector
from ..errors import CheckError
from ..models import Article, Example, Result, RuleSet, RunResult
from ..text.analysis import analyze
from .context import Context
from .verdict import CompiledClaim, applies_to, compile_claim, evaluate, known_verdict


def evaluate_article(compiled: Sequence[CompiledClaim], analysis) -> list[Result]:
    """Every applicable compiled claim on one analysed article, sharing one context."""
    ctx = Context(analysis)
    article = analysis.article
    return [evaluate(cc, analysis, ctx) for cc in compiled if applies_to(cc.claim, article)]


def check_article(compiled: Sequence[CompiledClaim], article: Article) -> tuple[Result, ...]:
    """Every applicable compiled claim on one article, analysed once.

    An article that cannot be analysed gets an ``error`` verdict for each of
    its claims (the reason kept); this is the unit of work of every engine
    (``checker.runner``), so a broken article never loses the others.
    """
    try:
        analysis = analyze(article)
    except Exception as exc:  # a broken article never loses the others' results
        reason = f"could not analyse {article.path}: {type(exc).__name__}: {exc}"
        out = []
        for cc in compiled:
            if applies_to(cc.claim, article):
                expected = known_verdict(cc.claim, article)
                out.append(Result(cc.claim.id, article.id, "error", (), expected == "error", reason, expected))
        return tuple(out)
    return tuple(evaluate_article(compiled, analysis))


def run(
    rules: RuleSet,
    articles: Sequence[Article],
    *,
    errors: Sequence[CheckError] = (),
    progress: Callable[[int, int, Article], None] | None = None,
) -> RunResult:
    """Analyse each article once and evaluate every applicable claim on it
    (:func:`check_article`), all results in one :class:`RunResult`.

    For the pytest plugin, the service and tests; ``claimcheck run`` streams
    through ``checker.runner`` instead.
    """
    claims = rules.claims
    compiled = [compile_claim(c) for c in claims]
    results: list[Result] = []
    with collector.paused():
        for n, article in enumerate(articles):
            if progress is not None:
                progress(n, len(articles), article)
            results.extend(check_article(compiled, article))
    if progress is not None:
        progress(len(articles), len(articles), None)
    return RunResult(tuple(articles), tuple(claims), tuple(results), tuple(errors))



def example_article(claim, example: Example, index: int) -> Article:
    return Article(
        id=f"{claim.id}-example-{index}",
        source="example",
        path=f"{claim.file}:{example.line}",
        text=example.text,
        origin=example.text,
    )


def run_examples(claim, compiled: CompiledClaim | None = None) -> list[tuple[Example, Result]]:
    """Evaluate a claim on each of its ``examples`` (``sources``/``known`` ignored)."""
    compiled = compiled or compile_claim(claim)
    out = []
    for i, ex in enumerate(claim.examples):
        analysis = analyze(example_article(claim, ex, i))
        result = evaluate(compiled, analysis)
        out.append((ex, Result(result.claim, result.article, result.verdict, result.evidence, False, result.message)))
    return out
