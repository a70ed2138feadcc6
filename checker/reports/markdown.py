"""Markdown reports: ``matrix.md`` and ``discrepancies.md``.

Every cell is escaped so that a table stays well formed whatever the article
text holds: ``|``, ``\\``, backticks and ``<``/``&`` are escaped, newlines
become spaces.
"""

from __future__ import annotations

import re

from . import gfm
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
_MD_TABLE = str.maketrans(_MD_ESCAPES)
# Whether a text holds any of them: a regular expression's C scan, much
# cheaper than ``str.translate``, whose table maps characters to strings and
# so looks each character up in a dict (99.6 % of the cells of a
# 1,000-article run hold none: the two Markdown files' escaping 26 -> 5 ms).
_MD_SPECIAL = re.compile("[" + re.escape("".join(_MD_ESCAPES)) + "]")


def escape(text: object) -> str:
    """One-line Markdown-safe text for a table cell."""
    text = terminal_safe(mx.one_line(str(text)))
    return text.translate(_MD_TABLE) if _MD_SPECIAL.search(text) else text


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
    return gfm.table(headers, rows)  # tabulate's "github" table, built without measuring ASCII per character


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


MAX_MATRIX_SOURCES = 8  # more sources: the summary and the groups instead of the full matrix
SHOWN = 8  # dissenting sources named per claim in the summary


def _view(tally: Tally, options: dict | None) -> str:
    view = (options or {}).get("view")
    if view in ("matrix", "summary"):
        return view
    return "summary" if len(tally.sources) > MAX_MATRIX_SOURCES else "matrix"


def summary_table(tally: Tally) -> str:
    """One row per claim: sources per verdict, and the sources that differ."""
    headers = ["claim"] + [mx.SYMBOLS[v] for v in mx.VERDICT_ORDER] + ["sources that differ from the majority"]
    rows = []
    for i, claim in enumerate(tally.claims):
        counts = tally.source_counts(i)
        dissent = tally.dissenters(i)
        major = tally.majority(i)
        items = [escape(c.dissent(major)) for c in dissent[:SHOWN]]
        if len(dissent) > SHOWN:
            items.append(f"and {len(dissent) - SHOWN} more")
        rows.append([code(claim.id)] + [str(counts.get(v, 0)) for v in mx.VERDICT_ORDER] + ["; ".join(items)])
    return _table(headers, rows)


def source_table(tally: Tally) -> str:
    """``--by source``: one row per source, claims as numbered columns."""
    headers = ["source", "articles"] + [str(i + 1) for i in range(len(tally.claims))]
    rows = []
    for j, source in enumerate(tally.sources):
        cells = [tally.cell(i, j) for i in range(len(tally.claims))]
        rows.append([escape(source), str(tally.articles_per_source[j])] + [_cell(c.text() if c else "") for c in cells])
    key = "Claims: " + ", ".join(f"{i + 1} {code(c.id)}" for i, c in enumerate(tally.claims))
    return _table(headers, rows) + "\n\n" + key


def group_tables(tally: Tally, level: int = 2) -> str:
    """For each discrepant claim, what its sources say grouped by value,
    largest group first; a group lists its sources (article ids for several)."""
    parts = []
    for i in tally.discrepancies():
        claim = tally.claims[i]
        parts += ["#" * level + f" {code(claim.id)}", "", escape(claim.claim), ""]
        rows = []
        for g in tally.value_groups(i):
            says = escape((f"[{g.note}] " if g.note else "") + g.label) or "—"
            sources = ", ".join(escape(x) for x in g.source_labels())
            rows.append([escape(mx.symbol(g.verdict)), says, str(len(g.sources)), str(g.n), sources])
        parts += [_table(["", "says", "sources", "articles", "which"], rows), ""]
        if tally.groups_over[i]:
            parts += [f"And {tally.groups_over[i]} more articles with other values.", ""]
    return "\n".join(parts)


def render_matrix(tally: Tally, options: dict | None = None) -> str:
    view = _view(tally, options)
    if (options or {}).get("by") == "source" and view == "matrix":
        body = source_table(tally)
    elif view == "matrix":
        body = matrix_table(tally)
    else:
        body = (summary_table(tally) + "\n\n"
                f"Counts are of sources (a source whose articles differ counts under each verdict). "
                f"The full matrix of the {len(tally.sources)} sources is in `report.html`; "
                "every result is in `results.csv` and `results.jsonl`.")
    parts = [
        "# Claims × sources",
        "",
        escape(tally.summary_line()),
        "",
        body,
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
    if _view(tally, options) == "summary":
        groups = group_tables(tally, level + 1)
        parts = [
            "#" * level + " Discrepancies",
            "",
            "Claims on which the sources' verdicts differ, with what the sources say, grouped by value "
            "(largest group first; `–`: does not mention the claim).",
            "",
            groups or "No discrepancies: every source that a claim applies to gives it the same verdict.",
            "",
            escape(mx.LEGEND),
            "",
        ]
        return "\n".join(parts)
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
