"""``claimcheck run``: every claim on every article, the matrix, the reports."""

from __future__ import annotations

import argparse
import sys

from ..pipeline import DEFAULT_ARTICLES, DEFAULT_RULES, evaluate_paths
from ..reports.color import use_color

FORMATS = ("table", "markdown", "csv", "html", "json")


def register(sub) -> None:
    p = sub.add_parser(
        "run",
        help="evaluate every claim on every article and write the reports",
        description="Evaluate every claim on every article, print the matrix, write the reports.",
    )
    p.add_argument("--rules", action="append", metavar="P", help=f"rule file or directory (repeatable; default {DEFAULT_RULES}/)")
    p.add_argument("--articles", action="append", metavar="P", help=f"article file or directory (repeatable; default {DEFAULT_ARTICLES}/)")
    p.add_argument("--out", default="reports", metavar="DIR", help="where to write the reports ('-' for none; default reports/)")
    p.add_argument("--format", default="table", choices=FORMATS, help="what to print on standard output (default table)")
    p.add_argument("--view", choices=("matrix", "summary"), help="table/markdown: the full matrix, or the claim summary "
                   "(default: the matrix when it fits the width, else the summary)")
    p.add_argument("--by", choices=("claim", "source"), default="claim",
                   help="table/markdown: one row per claim (default) or per source")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .. import reports

    progress = None
    if sys.stderr.isatty():
        progress = reports.progress.Progress(stream=sys.stderr)
    result = evaluate_paths(args.rules, args.articles, progress=progress)
    for err in result.errors:
        print(str(err), file=sys.stderr)
    by_article: dict[str, list] = {}
    for r in result.results:
        by_article.setdefault(r.article, []).append(r)
    with reports.open_sink(result.claims, args.out, args.format, stdout=sys.stdout,
                           color=use_color(sys.stdout), view=args.view, by=args.by) as sink:
        sink.add_errors(result.errors)
        for article in result.articles:
            sink.add(article, by_article.get(article.id, ()))
    return 2 if result.errors else 0
