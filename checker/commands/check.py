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
from dataclasses import asdict

from ..problems import gate
from ..reports.color import use_color
from . import print_errors

SCHEMA = "claimcheck/check@1"


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
