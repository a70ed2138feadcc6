"""``claimcheck check --format text`` (the default): one line per problem,
``PATH:LINE:COL: SEVERITY: CLAIM-ID: message``, safe for a terminal."""

from __future__ import annotations

from . import GateReport

SUMMARY = True


def render(report: GateReport) -> str:
    return "".join(p.line_text(report.color) + "\n" for p in report.shown)
