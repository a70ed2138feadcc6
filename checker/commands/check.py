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

``--format`` picks a module of :mod:`checker.reports.gate` (text, json,
sarif, github).  Rules come through the compiled-rule cache
(:mod:`checker.rules.cache`) unless ``--no-cache``.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import CheckError
from ..reports.gate import FORMATS
from . import print_errors, utf8_stdout

HELP = "pre-publication gate: report the claims an article gets wrong"
DESCRIPTION = ("Check articles before publication. Prints one line per problem as "
               "PATH:LINE:COL: SEVERITY: CLAIM-ID: message. Exit 1 when an error-severity "
               "claim fails (or a required one is missing) and that is not the article's "
               "known verdict; 2 on bad input; else 0.")


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("articles", nargs="+", metavar="ARTICLE", help="article files or directories")
    p.add_argument("--rules", action="append", metavar="P",
                   help="rule file or directory (repeatable; default rules/)")
    p.add_argument("--format", choices=tuple(FORMATS), default="text",
                   help="text (one line per problem, default), json, sarif (SARIF 2.1.0, for code "
                        "scanning) or github (GitHub Actions annotations)")
    p.add_argument("--show-known", action="store_true",
                   help="also list problems that are accepted (known) verdicts")
    p.add_argument("--no-cache", action="store_true",
                   help="load the rule files without the compiled-rule cache (neither read nor written)")


def evaluate(args: argparse.Namespace):
    """The run of the gate: rules through the compiled-rule cache (a warm
    cache spares the YAML parser and the query grammar), then every article.
    The cyclic collector is paused from the first import on, as the engine
    pauses it for the analysis: importing the engine, decoding and compiling
    a hundred claims build thousands of objects the run keeps, and no
    garbage cycles (the collector's passes over them: ~2.5 ms of a warm
    gate, issue #16)."""
    from .. import collector

    with collector.paused():
        from ..articles import read_articles
        from ..engine import run as run_rules
        from ..engine.ops.regex import start_child_early
        from ..pipeline import DEFAULT_ARTICLES, DEFAULT_RULES
        from ..rules.cache import load_rules_cached
        from ..rules.loader import load_rules

        load = load_rules if args.no_cache else load_rules_cached
        rules = load(args.rules or [DEFAULT_RULES])
        start_child_early(rules.claims)  # its start overlaps reading and analysis
        articles, errors = read_articles(args.articles or [DEFAULT_ARTICLES])
        return run_rules(rules, articles, errors=errors)


def run(args: argparse.Namespace) -> int:
    from ..problems import gate
    from ..reports import gate as formats
    from ..reports.color import use_color

    fmt = formats.get(args.format)
    if args.format != "text":  # JSON, SARIF, annotations: UTF-8, as the tools that read them expect
        utf8_stdout()
    color = use_color(sys.stdout)
    try:
        result = evaluate(args)
    except CheckError as err:  # the rules could not be loaded
        print_errors([err])
        report = formats.GateReport(None, (), 2, args.show_known, color, failure=err)
    else:
        bad_input = print_errors(result.errors) > 0
        problems, code = gate(result)
        report = formats.GateReport(result, tuple(problems), 2 if bad_input else code, args.show_known, color)
    sys.stdout.write(fmt.render(report))
    line = formats.summary(report) if fmt.SUMMARY else None
    if line:
        print(line, file=sys.stderr)
    return report.code
