"""``results.csv``: one row per claim × article, for spreadsheets.

Cells that a spreadsheet would take for a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) are neutralised with a
leading apostrophe, so article text can never run as a formula.
"""

from __future__ import annotations

import csv
import io

from checker.models import RunResult

from . import matrix as mx

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    "claim", "story", "severity", "required", "article", "source", "path",
    "verdict", "symbol", "known", "expected", "line", "column", "said",
    "evidence", "message", "claim_text",
]


def neutralise(value: object) -> object:
    """Make a cell safe to open in a spreadsheet (numbers are kept as is)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows(run: RunResult) -> list[list[object]]:
    articles = {a.id: a for a in run.articles}
    claims = {c.id: c for c in run.claims}
    out = []
    for r in run.results:
        claim = claims.get(r.claim)
        article = articles.get(r.article)
        roles = mx.DECISIVE_ROLES.get(r.verdict, ()) or ("in-scope",)
        pos = mx.first_position(r, roles, mx.DECISIVE_KEYS.get(r.verdict, ()) or ("about",))
        evidence = " / ".join(
            mx.one_line(ev.text) for ev in r.evidence if ev.role in roles
        )
        out.append([
            r.claim,
            claim.story if claim else "",
            claim.severity if claim else "",
            "yes" if claim and claim.required else "no",
            r.article,
            article.source if article else "",
            article.path if article else "",
            r.verdict,
            mx.symbol(r.verdict, r.known),
            "yes" if r.known else "no",
            r.expected or "",
            pos[0] if pos else "",
            pos[1] if pos else "",
            " | ".join(mx.said_spans(r)),
            evidence,
            mx.one_line(r.message or ""),
            mx.one_line(claim.claim) if claim else "",
        ])
    return out


def render(run: RunResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(run):
        writer.writerow([neutralise(v) for v in row])
    return buf.getvalue()
