"""Markdown reports: ``matrix.md`` and ``discrepancies.md``.

Every cell is escaped so that a table stays well formed whatever the article
text holds: ``|``, ``\\``, backticks and ``<``/``&`` are escaped, newlines
become spaces.
"""

from __future__ import annotations

from tabulate import tabulate

from checker.models import RunResult

from . import matrix as mx

_MD_ESCAPES = {
    "\\": "\\\\",
    "|": "\\|",
    "`": "\\`",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
}


def escape(text: object) -> str:
    """One-line Markdown-safe text for a table cell."""
    s = mx.one_line(str(text))
    return "".join(_MD_ESCAPES.get(ch, ch) for ch in s)


def _cell(text: str) -> str:
    # Symbols from our own vocabulary: escape the known-mark star too.
    return escape(text)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    return tabulate(
        rows, headers=headers, tablefmt="github", disable_numparse=True, stralign="left"
    )


def matrix_table(run: RunResult, m: mx.Matrix | None = None) -> str:
    m = m or mx.build(run)
    headers = ["claim"] + [escape(s) for s in m.sources]
    rows = []
    for row in m.rows:
        rows.append([f"`{row.claim.id}`"] + [_cell(c.text()) for c in row.cells])
    rows.append(["**total**"] + [_cell(t) for t in m.totals_text()])
    return _table(headers, rows)


def discrepancy_table(run: RunResult, m: mx.Matrix | None = None) -> str:
    m = m or mx.build(run)
    rows_ = m.discrepancies()
    if not rows_:
        return "No discrepancies: every source that a claim applies to gives it the same verdict."
    headers = ["claim"] + [escape(s) for s in m.sources]
    rows = []
    for row in rows_:
        first = f"`{row.claim.id}`: {escape(row.claim.claim)}"
        rows.append([first] + [_cell(c.said()) for c in row.cells])
    return _table(headers, rows)


def render_matrix(run: RunResult) -> str:
    m = mx.build(run)
    parts = [
        "# Claims × sources",
        "",
        escape(mx.summary(run)),
        "",
        matrix_table(run, m),
        "",
        escape(mx.LEGEND),
        "",
    ]
    claims = [c for c in run.claims]
    if claims:
        parts += ["## Claims", ""]
        for c in claims:
            line = f"- `{c.id}` ({escape(c.severity)}{', required' if c.required else ''}): {escape(c.claim)}"
            if c.note:
                line += f" — {escape(c.note)}"
            parts.append(line)
        parts.append("")
    if run.errors:
        parts += ["## Articles that could not be read", ""]
        parts += [f"- {escape(str(e))}" for e in run.errors]
        parts.append("")
    return "\n".join(parts)


def render_discrepancies(run: RunResult, level: int = 1) -> str:
    m = mx.build(run)
    parts = [
        "#" * level + " Discrepancies",
        "",
        "Claims on which the sources' verdicts differ, with what each source says "
        "(the matched words; `–` when it does not mention the claim).",
        "",
        discrepancy_table(run, m),
        "",
        escape(mx.LEGEND),
        "",
    ]
    return "\n".join(parts)


def render(run: RunResult) -> str:
    """``--format markdown``: the matrix and the discrepancy table."""
    return render_matrix(run).rstrip("\n") + "\n\n" + render_discrepancies(run, level=2)
