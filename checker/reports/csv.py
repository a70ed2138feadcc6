"""``results.csv``: one row per claim × article, for spreadsheets.

Cells that a spreadsheet would take for a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) are neutralised with a
leading apostrophe, so article text can never run as a formula.  Control
characters (escape sequences, bidi overrides) are written as visible escapes
(``\\x1b``, ``\\u202e``), so printing the file never drives a terminal.
"""

from __future__ import annotations

import csv
import io
from typing import IO

from checker.models import Article, Result, RunResult

from . import matrix as mx
from .color import terminal_safe

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    "claim", "story", "severity", "required", "article", "source", "path",
    "verdict", "symbol", "known", "expected", "line", "column", "said",
    "evidence", "message", "claim_text",
]


def neutralise(value: object) -> object:
    """Make a cell safe to open in a spreadsheet (numbers are kept as is)."""
    if not isinstance(value, str):
        return value
    if not value.isprintable():
        value = terminal_safe(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Writer:
    """``results.csv`` (and ``--format csv``), written a row at a time.

    The claim's and the article's cells are made safe once, not per row."""

    name = "results.csv"

    def __init__(self, fh: IO[str], claims, options: dict | None = None) -> None:
        self.fh = fh
        self.claims = {c.id: c for c in claims}
        self._claim_cells: dict[str, tuple] = {}
        self.shared = (options or {}).get("shared")
        self.writer = csv.writer(fh, lineterminator="\r\n")
        self.writer.writerow(COLUMNS)

    def _claim(self, claim_id: str) -> tuple:
        cells = self._claim_cells.get(claim_id)
        if cells is None:
            claim = self.claims.get(claim_id)
            cells = self._claim_cells[claim_id] = (
                neutralise(claim_id),
                neutralise(claim.story) if claim else "",
                neutralise(claim.severity) if claim else "",
                "yes" if claim and claim.required else "no",
                neutralise(mx.one_line(claim.claim)) if claim else "",
            )
        return cells

    def add(self, article: Article, results) -> None:
        art = (neutralise(article.id), neutralise(article.source), neutralise(article.path))
        rows = []
        results = results if isinstance(results, tuple) else tuple(results)
        for r, (_, spans) in zip(results, mx.said_of(results, self.shared)):
            cid, story, severity, required, claim_text = self._claim(r.claim)
            roles = mx.DECISIVE_ROLES.get(r.verdict, ()) or ("in-scope",)
            pos = mx.first_position(r, roles, mx.DECISIVE_KEYS.get(r.verdict, ()) or ("about",))
            said = " | ".join(spans)
            evidence = " / ".join([ev.text for ev in r.evidence if ev.role in roles])  # already one line
            message = r.message
            rows.append((
                cid, story, severity, required, *art, r.verdict, mx.symbol(r.verdict, r.known),
                "yes" if r.known else "no", neutralise(r.expected) if r.expected else "",
                pos[0] if pos else "", pos[1] if pos else "",
                neutralise(said) if said else "", neutralise(evidence) if evidence else "",
                neutralise(mx.one_line(message)) if message else "", claim_text,
            ))
        self.writer.writerows(rows)

    def finish(self, tally, errors) -> None:
        pass


def render(run: RunResult) -> str:
    buf = io.StringIO()
    writer = Writer(buf, run.claims)
    by_article: dict[str, list[Result]] = {}
    for r in run.results:
        by_article.setdefault(r.article, []).append(r)
    for article in run.articles:
        writer.add(article, by_article.get(article.id, ()))
    return buf.getvalue()
