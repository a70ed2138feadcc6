"""``--format table``: the matrix for a terminal (colour only when asked)."""

from __future__ import annotations

from tabulate import tabulate

from . import matrix as mx
from .color import paint, terminal_safe
from .tally import Tally

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


def matrix_lines(tally: Tally, color: bool = False) -> list[str]:
    headers = ["claim"] + [terminal_safe(mx.shorten(s, 24)) for s in tally.sources]
    rows = []
    for i, claim in enumerate(tally.claims):
        rows.append([terminal_safe(claim.id)] + [_color_cell(c.text() if c else "", color) for c in tally.row(i)])
    rows.append(["total"] + [_color_cell(t, color) for t in tally.totals_text()])
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True).splitlines()


def render(tally: Tally, options: dict | None = None) -> str:
    options = options or {}
    color = bool(options.get("color"))
    lines = matrix_lines(tally, color) + ["", mx.LEGEND, tally.summary_line()]
    discrepant = tally.discrepancies()
    if discrepant:
        ids = ", ".join(terminal_safe(tally.claims[i].id) for i in discrepant[:8])
        more = f" and {len(discrepant) - 8} more" if len(discrepant) > 8 else ""
        lines.append(f"sources differ on {len(discrepant)} claim(s): {ids}{more}")
    for err in tally.errors:
        lines.append(paint(terminal_safe(f"not read: {err}"), "error", color))
    return "\n".join(lines) + "\n"
