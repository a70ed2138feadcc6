"""``claimcheck lint [PATH]...``: validate rule files and run their examples.

Invalid files are reported as ``FILE:LINE:COL: message`` on standard error
(exit 2).  Every claim's ``examples`` are evaluated; a wrong one is reported
on standard output as ``FILE:LINE:COL: CLAIM-ID: example expected X, got Y:
"text"`` with what matched (exit 1).  Exit 0 when everything is clean.
"""

from __future__ import annotations

import argparse
import sys

from ..models import Claim, Result
from ..reports import matrix as mx
from ..reports.color import paint, terminal_safe, use_color
from . import print_errors

HELP = "validate rule files and run every claim's examples"
DESCRIPTION = ("Validate rule files and run every claim's examples. "
               "Exit 0 clean, 1 an example fails, 2 an invalid file.")

DEFAULT_PATHS = ["rules"]


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="rule files or directories (default rules/)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing when everything is clean")


def _got(result: Result) -> str:
    """What the example text got, in words: the verdict and what matched."""
    text = result.verdict
    spans = mx.said_spans(result)
    if spans:
        text += " (" + ", ".join(f'"{mx.shorten(s, 40)}"' for s in spans[:3]) + ")"
    elif result.verdict == "missing":
        near = [ev for ev in result.evidence if ev.role == "in-scope"]
        text += " (on the topic, but states neither claim nor contradiction)" if near else " (nothing matched)"
    elif result.verdict == "error" and result.message:
        text += f" ({mx.one_line(result.message)})"
    return text


def check_examples(claims: tuple[Claim, ...]) -> tuple[list[str], int]:
    """Lines for each wrong example, and how many examples ran."""
    from ..engine import run_examples

    lines: list[str] = []
    total = 0
    for claim in claims:
        if not claim.examples:
            continue
        for ex, result in run_examples(claim):
            total += 1
            if result.verdict == ex.verdict:
                continue
            lines.append(terminal_safe(  # the file name, the example and the message are rule text
                f"{claim.file}:{ex.line}:{ex.column}: {claim.id}: example expected {ex.verdict}, "
                f"got {_got(result)}: \"{mx.shorten(ex.text, 100)}\""
            ))
    return lines, total


def run(args: argparse.Namespace) -> int:
    from ..rules.loader import lint_rules

    paths = list(args.paths or DEFAULT_PATHS)
    rules, errors = lint_rules(paths)
    invalid = print_errors(errors)
    claims = rules.claims if rules is not None else ()
    wrong, total = check_examples(claims)
    color = use_color(sys.stdout)
    for line in wrong:
        print(paint(line, "fail", color) if color else line)
    if invalid:
        code = 2
    elif wrong:
        code = 1
    else:
        code = 0
    if not args.quiet or code:
        files = len({c.file for c in claims})
        summary = (f"claimcheck lint: {files} file(s), {len(claims)} claim(s), {total} example(s): "
                   f"{len(wrong)} wrong example(s), {invalid} error(s)")
        print(summary, file=sys.stderr if code else sys.stdout)
    return code
