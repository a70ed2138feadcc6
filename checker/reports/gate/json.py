"""``claimcheck check --format json``: one ``claimcheck/check@1`` document,
every problem (accepted ones included, marked ``known``) and the full
results (``claimcheck/results@1``)."""

from __future__ import annotations

from ..json import dumps, to_dict
from . import GateReport, problem_dict

SCHEMA = "claimcheck/check@1"
SUMMARY = False


def render(report: GateReport) -> str:
    if report.run is None:
        return ""  # the located error on standard error says it all
    doc = {
        "schema": SCHEMA,
        "exit": report.code,
        "problems": [problem_dict(p) for p in report.problems],
        "results": to_dict(report.run),
    }
    return dumps(doc) + "\n"
