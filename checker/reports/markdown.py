"""Markdown reports: ``matrix.md`` and ``discrepancies.md``.

Every cell is escaped so that a table stays well formed whatever the article
text holds: ``|``, ``\\``, backticks and ``<``/``&`` are escaped, newlines
become spaces.
"""

from __future__ import annotations

from tabulate import tabulate

from . import matrix as mx
from .color import terminal_safe
from .tally import Tally

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
    s = terminal_safe(mx.one_line(str(text)))
    return "".join(_MD_ESCAPES.get(ch, ch) for ch in s)


def code(text: str) -> str:
    """An id as inline code, safe whatever it holds (backticks, pipes, newlines)."""
    text = terminal_safe(mx.one_line(str(text)))
    if "`" in text:
        return escape(text)
    return "`" + text.replace("|", "\\|") + "`"


def _cell(text: str) -> str:
    # Symbols from our own vocabulary: escape the known-mark star too.
    return escape(text)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    return tabulate(
        rows, headers=headers, tablefmt="github", disable_numparse=True, stralign="left"
    )


def matrix_table(tally: Tally) -> str:
    headers = ["claim"] + [escape(s) for s in tally.sources]
    rows = []
    for i, claim in enumerate(tally.claims):
        rows.append([code(claim.id)] + [_cell(c.text() if c else "") for c in tally.row(i)])
    rows.append(["**total**"] + [_cell(t) for t in tally.totals_text()])
    return _table(headers, rows)


def discrepancy_table(tally: Tally) -> str:
    disc = tally.discrepancies()
    if not disc:
        return "No discrepancies: every source that a claim applies to gives it the same verdict."
    headers = ["claim"] + [escape(s) for s in tally.sources]
    rows = []
    for i in disc:
        claim = tally.claims[i]
        first = f"{code(claim.id)}: {escape(claim.claim)}"
        rows.append([first] + [_cell(c.said() if c else "") for c in tally.row(i)])
    return _table(headers, rows)


def render_matrix(tally: Tally, options: dict | None = None) -> str:
    parts = [
        "# Claims × sources",
        "",
        escape(tally.summary_line()),
        "",
        matrix_table(tally),
        "",
        escape(mx.LEGEND),
        "",
    ]
    if tally.claims:
        parts += ["## Claims", ""]
        for c in tally.claims:
            line = f"- {code(c.id)} ({escape(c.severity)}{', required' if c.required else ''}): {escape(c.claim)}"
            if c.note:
                line += f" — {escape(c.note)}"
            parts.append(line)
        parts.append("")
    if tally.errors:
        parts += ["## Articles that could not be read", ""]
        parts += [f"- {escape(str(e))}" for e in tally.errors]
        parts.append("")
    return "\n".join(parts)


def render_discrepancies(tally: Tally, options: dict | None = None, level: int = 1) -> str:
    parts = [
        "#" * level + " Discrepancies",
        "",
        "Claims on which the sources' verdicts differ, with what each source says "
        "(the matched words; `–` when it does not mention the claim).",
        "",
        discrepancy_table(tally),
        "",
        escape(mx.LEGEND),
        "",
    ]
    return "\n".join(parts)


def render(tally: Tally, options: dict | None = None) -> str:
    """``--format markdown``: the matrix and the discrepancy table."""
    return render_matrix(tally, options).rstrip("\n") + "\n\n" + render_discrepancies(tally, options, level=2)
