"""``claimcheck check ARTICLE...``: the pre-publication gate.

One line per problem, ``PATH:LINE:COL: SEVERITY: CLAIM-ID: message``:

* a ``fail`` points at the refuting (or forbidden) words, one line per
  refuting unit;
* a ``missing`` claim that is ``required`` points at the start of the
  article;
* an ``error`` verdict (the claim could not be evaluated) is reported too.

Exit 1 when an ``error``-severity claim is ``fail`` (or ``missing`` and
``required``) and that verdict is not the article's accepted ``known``
verdict; 2 on bad input (rules, articles, usage); else 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass

from ..models import Claim, Result, RunResult
from ..reports import matrix as mx
from ..reports.color import paint, use_color
from . import print_errors

SCHEMA = "claimcheck/check@1"


@dataclass
class Problem:
    path: str
    line: int
    column: int
    severity: str
    claim: str
    article: str
    verdict: str
    message: str
    known: bool = False
    blocking: bool = False
    text: str | None = None  # the refuting words, when there are any

    def line_text(self, color: bool = False) -> str:
        sev = paint(self.severity, "error-severity" if self.severity == "error" else self.severity, color)
        loc = f"{self.path}:{self.line}:{self.column}"
        return f"{paint(loc, 'bold', color)}: {sev}: {self.claim}: {self.message}"


def register(sub) -> None:
    p = sub.add_parser(
        "check",
        help="pre-publication gate: report the claims an article gets wrong",
        description=(
            "Check articles before publication. Prints one line per problem as "
            "PATH:LINE:COL: SEVERITY: CLAIM-ID: message. Exit 1 when an error-severity "
            "claim fails (or a required one is missing) and that is not the article's "
            "known verdict; 2 on bad input; else 0."
        ),
    )
    p.add_argument("articles", nargs="+", metavar="ARTICLE", help="article files or directories")
    p.add_argument("--rules", action="append", metavar="P",
                   help="rule file or directory (repeatable; default rules/)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (one line per problem, default) or json")
    p.add_argument("--show-known", action="store_true",
                   help="also list problems that are accepted (known) verdicts")
    p.set_defaults(func=run)


def _quote(text: str, width: int = 80) -> str:
    return '"' + mx.shorten(text, width) + '"'


def _claim_text(claim: Claim) -> str:
    return mx.shorten(claim.claim, 100)


def problems_of(claim: Claim, article, r: Result) -> list[Problem]:
    """The problems one result raises (none for pass and plain missing)."""
    base = dict(path=article.path, severity=claim.severity, claim=claim.id,
                article=article.id, verdict=r.verdict, known=bool(r.known))
    out: list[Problem] = []
    if r.verdict == "fail":
        units = [ev for ev in r.evidence if ev.role in ("refutes", "forbidden")]
        for ev in units:
            ms = [m for m in ev.matches if m.key in ("contradict", "forbid")] or \
                 [m for m in ev.matches if m.key != "about"] or list(ev.matches)
            if ms:
                first = min(ms, key=lambda m: (m.line, m.column))
                said = ", ".join(dict.fromkeys(_quote(m.text, 60) for m in ms))
                line, col, text = first.line, first.column, first.text
            else:
                said = _quote(ev.text, 60)
                line, col, text = ev.line, ev.column, ev.text
            if claim.forbid is not None or ev.role == "forbidden":
                msg = f"says {said}, which is forbidden: {_claim_text(claim)}"
            else:
                msg = f"says {said}, which contradicts: {_claim_text(claim)}"
            out.append(Problem(line=line, column=col, message=msg, text=text, **base))
        if not units:
            out.append(Problem(line=1, column=1, message=r.message or f"contradicts: {_claim_text(claim)}", **base))
    elif r.verdict == "missing" and claim.required:
        near = [ev for ev in r.evidence if ev.role == "in-scope"]
        msg = f"required claim not stated: {_claim_text(claim)}"
        if near:
            msg += f" (the article discusses it at line {near[0].line} without stating it)"
        out.append(Problem(line=1, column=1, message=msg, **base))
    elif r.verdict == "error":
        out.append(Problem(line=1, column=1,
                           message=f"could not be evaluated: {mx.one_line(r.message or 'unknown error')}", **base))
    for p in out:
        p.blocking = (claim.severity == "error" and not p.known
                      and (r.verdict == "fail" or (r.verdict == "missing" and claim.required)))
        if p.known:
            p.message += f" (known: accepted verdict {r.expected or r.verdict})"
    return out


def gate(run: RunResult) -> tuple[list[Problem], int]:
    """All problems of a run, sorted by place, and the gate's exit code (0/1)."""
    claims = {c.id: c for c in run.claims}
    articles = {a.id: a for a in run.articles}
    problems: list[Problem] = []
    order = {a.id: i for i, a in enumerate(run.articles)}
    for r in run.results:
        claim, article = claims.get(r.claim), articles.get(r.article)
        if claim is None or article is None:
            continue
        problems.extend(problems_of(claim, article, r))
    problems.sort(key=lambda p: (order.get(p.article, 0), p.path, p.line, p.column, p.claim))
    code = 1 if any(p.blocking for p in problems) else 0
    return problems, code


def run(args: argparse.Namespace) -> int:
    from ..pipeline import evaluate_paths

    result = evaluate_paths(args.rules, args.articles)
    bad_input = print_errors(result.errors) > 0
    problems, code = gate(result)
    if bad_input:
        code = 2
    shown = [p for p in problems if args.show_known or not p.known]
    if args.format == "json":
        from ..reports import json as json_report

        doc = {
            "schema": SCHEMA,
            "exit": code,
            "problems": [asdict(p) for p in problems],
            "results": json_report.to_dict(result),
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return code
    color = use_color(sys.stdout)
    for p in shown:
        print(p.line_text(color))
    blocking = sum(1 for p in problems if p.blocking)
    known = sum(1 for p in problems if p.known)
    n_articles = len(result.articles)
    summary = f"claimcheck: {n_articles} article(s), {len(result.claims)} claim(s): "
    if problems:
        summary += f"{len(problems) - known} problem(s), {blocking} blocking"
        if known:
            summary += f", {known} known (accepted)"
    else:
        summary += "no problems"
    print(summary, file=sys.stderr)
    return code
