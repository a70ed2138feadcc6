"""``--format table``: the matrix for a terminal (colour only when asked)."""

from __future__ import annotations

from tabulate import tabulate

from checker.models import RunResult

from . import matrix as mx
from .color import paint

_STYLE_BY_SYMBOL = {v: k for k, v in mx.SYMBOLS.items()}


def _color_cell(text: str, color: bool) -> str:
    if not color or not text:
        return text
    out = []
    for part in text.split(" "):
        style = None
        for ch in part:
            if ch in _STYLE_BY_SYMBOL:
                style = _STYLE_BY_SYMBOL[ch]
                break
        out.append(paint(part, style, True) if style else part)
    return " ".join(out)


def render(run: RunResult, *, color: bool = False) -> str:
    m = mx.build(run)
    headers = ["claim"] + [mx.shorten(s, 24) for s in m.sources]
    rows = []
    for row in m.rows:
        rows.append([row.claim.id] + [_color_cell(c.text(), color) for c in row.cells])
    rows.append(["total"] + [_color_cell(t, color) for t in m.totals_text()])
    table = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    lines = [table, "", mx.LEGEND, mx.summary(run)]
    discrepant = m.discrepancies()
    if discrepant:
        ids = ", ".join(r.claim.id for r in discrepant[:8])
        more = f" and {len(discrepant) - 8} more" if len(discrepant) > 8 else ""
        lines.append(f"sources differ on {len(discrepant)} claim(s): {ids}{more}")
    for err in run.errors:
        lines.append(paint(f"not read: {err}", "error", color))
    return "\n".join(lines) + "\n"
