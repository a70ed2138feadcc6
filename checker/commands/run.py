"""``claimcheck run``: every claim on every article, the matrix, the reports.

Articles are read, checked and handed to the report sink one at a time (or a
chunk at a time on several processes, ``--jobs``; or on a Dask cluster,
``--engine dask``): the run holds neither all articles nor all results.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import closing

from .. import collector
from ..errors import CheckError
from ..pipeline import DEFAULT_ARTICLES, DEFAULT_RULES
from ..reports.color import use_color
from . import utf8_stdout

HELP = "evaluate every claim on every article and write the reports"
DESCRIPTION = "Evaluate every claim on every article, print the matrix, write the reports."

# (as checker.reports.FORMATS, which is not imported to build the parser; a test keeps them equal)
FORMATS = ("table", "markdown", "csv", "html", "json", "claimreview")
ENGINES = ("local", "dask")


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of processes, not {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", metavar="P", help=f"rule file or directory (repeatable; default {DEFAULT_RULES}/)")
    p.add_argument("--articles", action="append", metavar="P", help=f"article file or directory (repeatable; default {DEFAULT_ARTICLES}/)")
    p.add_argument("--out", default="reports", metavar="DIR", help="where to write the reports ('-' for none; default reports/)")
    p.add_argument("--format", default="table", choices=FORMATS, help="what to print on standard output (default table)")
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                   help="processes (local engine) or local Dask workers to check articles with "
                        "(default: the number of cores; 1 checks in this process)")
    p.add_argument("--engine", choices=ENGINES, default=None,
                   help="local (default): this machine's processes; dask: a Dask cluster (pip install 'claimcheck[dask]')")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="the Dask scheduler to use, e.g. tcp://10.0.0.5:8786 (implies --engine dask; "
                        "without it --engine dask starts a local cluster)")
    p.add_argument("--view", choices=("matrix", "summary"), help="table/markdown: the full matrix, or the claim summary "
                   "(default: the matrix when it fits the width, else the summary)")
    p.add_argument("--by", choices=("claim", "source"), default="claim",
                   help="table/markdown: one row per claim (default) or per source")
    p.add_argument("--claimreview", action="store_true",
                   help="also write claimreview.jsonld (schema.org ClaimReview) in --out; needs --publisher")
    p.add_argument("--publisher", metavar="NAME", help="the organisation publishing ClaimReview output (its author)")
    p.add_argument("--review-url", metavar="URL", help="the http(s) page where the ClaimReview output is published")


def run(args: argparse.Namespace) -> int:
    from .. import runner
    from ..articles import count_articles, iter_articles
    from ..reports import open_sink, out_names
    from ..reports.progress import Progress
    from ..rules.loader import load_valid_rules
    from .outdir import out_problem

    engine = args.engine or ("dask" if args.scheduler else "local")
    if args.scheduler and engine != "dask":
        raise CheckError("--scheduler is for --engine dask", "--scheduler")
    jobs = args.jobs or os.cpu_count() or 1
    reviews = args.format == "claimreview" or args.claimreview
    if reviews and not (args.publisher or "").strip():
        raise CheckError("ClaimReview output needs the name of the organisation that publishes it: "
                         "--publisher NAME", "--publisher")
    options = {"claimreview": args.claimreview, "publisher": args.publisher, "url": args.review_url}
    failed = False
    out_dir = None if args.out == "-" else args.out
    if out_dir is not None:
        problem = out_problem(out_dir, out_names(options))
        if problem is not None:  # said before any work; the run still prints its rendering
            print(str(problem), file=sys.stderr)
            out_dir, failed = None, True

    rules, errors = load_valid_rules(list(args.rules or [DEFAULT_RULES]))  # no valid rule file: CheckError
    article_paths = list(args.articles or [DEFAULT_ARTICLES])
    progress = Progress(stream=sys.stderr)
    if progress.enabled:
        progress.total = count_articles(article_paths)
    for err in errors:
        progress.message(str(err))
    article_errors: list[CheckError] = []
    stream = runner.results(rules, iter_articles(article_paths, article_errors), engine=engine, jobs=jobs,
                            scheduler=args.scheduler, progress=progress.at if progress.enabled else None)
    shown = 0
    if args.format != "table":  # a file format on standard output: the file's bytes (UTF-8)
        utf8_stdout()
    # a long stream of short-lived, acyclic objects: the collector passes
    # rarely, over what the run keeps (the tally) rather than what it started
    # with (docs/performance.md, round sink11)
    sink = open_sink(rules.claims, out_dir=out_dir, fmt=args.format, stdout=sys.stdout, color=use_color(sys.stdout),
                     view=args.view, by=args.by, options=options)
    with collector.streamed(), sink, closing(stream):
        sink.add_errors(errors)
        for article, results in stream:
            if len(article_errors) > shown:
                shown = _report(article_errors, shown, sink, progress)
            sink.add(article, results)
        shown = _report(article_errors, shown, sink, progress)
        progress.close()
    return 2 if failed or errors or article_errors else 0


def _report(found: list[CheckError], shown: int, sink, progress) -> int:
    """Print and hand to the sink the article errors found since the last call."""
    new = found[shown:]
    for err in new:
        progress.message(str(err))
    if new:
        sink.add_errors(new)
    return len(found)
