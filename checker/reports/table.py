"""``--format table``: the run for a terminal (colour only when asked).

Two views (``--view``): the full *matrix* (claims × sources), and the claim
*summary* (one row per claim: how many sources give each verdict, and the
sources that differ from the majority with what they say), followed by what
each source says, grouped by value.  Without ``--view`` the matrix is shown
when it fits the terminal's width (``COLUMNS``, or 80 when not a terminal),
the summary otherwise.  ``--by source`` turns both around: one row per source.

Article and rule text goes through :func:`terminal_safe`; no line is wider
than the width.
"""

from __future__ import annotations

import os
import textwrap

from tabulate import tabulate

from . import matrix as mx
from .color import paint, terminal_safe
from .tally import Tally

from wcwidth import wcswidth  # a dependency (tabulate[widechars]), so tabulate and we count alike

_STYLE_BY_SYMBOL = {v: k for k, v in mx.SYMBOLS.items()}
SHOWN = 5  # dissenting sources named per claim; the rest are counted
GROUP_SOURCES = 12  # sources named per value group


def width_of(text: str) -> int:
    w = wcswidth(text)
    return w if w >= 0 else len(text)  # -1: a control character (made visible before printing)


def terminal_width(stream=None) -> int:
    """``COLUMNS``, else the terminal's width, else 80."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        if stream is not None and stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        pass
    return 80


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns (with ``…``)."""
    if width_of(text) <= width:
        return text
    out = ""
    for ch in text:
        if width_of(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


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


def _safe(text: str) -> str:
    return terminal_safe(mx.one_line(text))


# ---------------------------------------------------------------- matrix ---


def matrix_lines(tally: Tally, color: bool = False) -> list[str]:
    headers = ["claim"] + [_safe(mx.shorten(s, 24)) for s in tally.sources]
    rows = []
    for i, claim in enumerate(tally.claims):
        rows.append([_safe(claim.id)] + [_color_cell(c.text() if c else "", color) for c in tally.row(i)])
    rows.append(["total"] + [_color_cell(t, color) for t in tally.totals_text()])
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True).splitlines()


def source_matrix_lines(tally: Tally, color: bool = False) -> list[str]:
    """The matrix turned around: one row per source, claims numbered."""
    headers = ["source", "articles"] + [str(i + 1) for i in range(len(tally.claims))]
    rows = []
    for j, source in enumerate(tally.sources):
        cells = [tally.cell(i, j) for i in range(len(tally.claims))]
        rows.append([_safe(mx.shorten(source, 24)), str(tally.articles_per_source[j])]
                    + [_color_cell(c.text() if c else "", color) for c in cells])
    lines = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True).splitlines()
    return lines + ["", "claims: " + ", ".join(f"{i + 1} {_safe(c.id)}" for i, c in enumerate(tally.claims))]


# --------------------------------------------------------------- summary ---


def _grid(rows: list[list[str]], widths: list[int], last: int, indent: int = 0) -> list[str]:
    """Rows of fixed-width columns whose last column wraps within ``last``."""
    lines = []
    for row in rows:
        head = "  ".join(cell.rjust(w) if k else cell.ljust(w) for k, (cell, w) in enumerate(zip(row[:-1], widths)))
        wrapped = textwrap.wrap(row[-1], max(10, last), break_on_hyphens=False) or [""]
        pad = " " * (width_of(head) + 2)
        lines.append((head + "  " + wrapped[0]).rstrip())
        lines.extend((pad + more).rstrip() for more in wrapped[1:])
    return lines


def _dissent_text(items: list[str], total: int) -> str:
    text = "; ".join(items)
    if total > len(items):
        text += f"; and {total - len(items)} more"
    return text


def summary_lines(tally: Tally, width: int) -> list[str]:
    """One row per claim: sources per verdict, and who differs from the majority."""
    id_w = min(max([5] + [width_of(_safe(c.id)) for c in tally.claims]), max(12, width // 3))
    counts_w = [max(1, max([len(str(tally.source_counts(i).get(v, 0))) for i in range(len(tally.claims))] or [1]))
                for v in mx.VERDICT_ORDER]
    widths = [id_w] + counts_w
    fixed = sum(widths) + 2 * len(widths)
    last = max(16, width - fixed)
    rows = [["claim"] + [mx.SYMBOLS[v] for v in mx.VERDICT_ORDER] + ["sources that differ from the majority"]]
    for i, claim in enumerate(tally.claims):
        counts = tally.source_counts(i)
        dissent = tally.dissenters(i)
        major = tally.majority(i)
        items = [_safe(c.dissent(major, width=max(8, last // 2))) for c in dissent[:SHOWN]]
        items = [clip(x, last) for x in items]
        rows.append([clip(_safe(claim.id), id_w)] + [str(counts.get(v, 0) or "·") for v in mx.VERDICT_ORDER]
                    + [_dissent_text(items, len(dissent)) if dissent else ""])
    return _grid(rows, widths, last)


def source_summary_lines(tally: Tally, width: int) -> list[str]:
    """One row per source: its verdict totals, the claims on which it differs."""
    src_w = min(max([6] + [width_of(_safe(s)) for s in tally.sources]), max(12, width // 3))
    widths = [src_w, 8]
    last = max(16, width - sum(widths) - 4)
    rows = [["source", "articles", "differs from the majority on"]]
    for j, source in enumerate(tally.sources):
        diffs = tally.source_dissents(j)
        items = [clip(_safe(f"{tally.claims[i].id}: " + c.dissent(tally.majority(i), width=30, named=False)), last)
                 for i, c in diffs[:SHOWN]]
        rows.append([clip(_safe(source), src_w), str(tally.articles_per_source[j]),
                     _dissent_text(items, len(diffs)) if diffs else "agrees with the majority on every claim"])
    return _grid(rows, widths, last)


def group_lines(tally: Tally, width: int) -> list[str]:
    """What each source says about each discrepant claim, grouped by value."""
    lines: list[str] = []
    for i in tally.discrepancies():
        claim = tally.claims[i]
        lines.append(clip(_safe(f"{claim.id}: {claim.claim}"), width))
        groups = tally.value_groups(i)
        label_w = min(max(width_of(_safe(_group_label(g))) for g in groups), max(12, width // 3))
        for g in groups:
            label = clip(_safe(_group_label(g)), label_w)
            n = len(g.sources)
            names = [_safe(x) for x in g.source_labels(ids=False)[:GROUP_SOURCES]]
            rest = n - len(names)
            text = f"{n} source{'s' if n != 1 else ''}: " + ", ".join(names)
            if rest > 0:
                text += f", and {rest} more"
            indent = "  " + label + " " * (label_w - width_of(label)) + "  "
            wrapped = textwrap.wrap(text, max(16, width - width_of(indent)), break_on_hyphens=False)
            lines.append((indent + wrapped[0]).rstrip())
            lines.extend(" " * width_of(indent) + w for w in wrapped[1:])
        if tally.groups_over[i]:
            lines.append(f"  and {tally.groups_over[i]} more articles with other values")
    return lines


def _group_label(g) -> str:
    """``✓ "around 1,400"``; a quotation's difference first: ``✗ [manoeuvre → maneuver] "We view…"``."""
    note = f"[{g.note}] " if g.note else ""
    return (mx.symbol(g.verdict) + " " + note + g.label).rstrip()


# ---------------------------------------------------------------- render ---


def render(tally: Tally, options: dict | None = None) -> str:
    options = options or {}
    color = bool(options.get("color"))
    width = options.get("width") or terminal_width(options.get("stream"))
    view = options.get("view")
    by = options.get("by") or "claim"
    if by == "source":
        matrix = source_matrix_lines(tally, color)
    else:
        matrix = matrix_lines(tally, color)
    if view is None:
        plain = matrix if not color else (source_matrix_lines(tally) if by == "source" else matrix_lines(tally))
        view = "matrix" if max((width_of(x) for x in plain), default=0) <= width else "summary"
    if view == "matrix":
        lines = matrix + ["", *textwrap.wrap(mx.LEGEND, width), *textwrap.wrap(tally.summary_line(), width)]
        discrepant = tally.discrepancies()
        if discrepant:
            ids = ", ".join(_safe(tally.claims[i].id) for i in discrepant[:8])
            more = f" and {len(discrepant) - 8} more" if len(discrepant) > 8 else ""
            lines += textwrap.wrap(f"sources differ on {len(discrepant)} claim(s): {ids}{more}", width)
    else:
        lines = [clip(tally.summary_line(), width), ""]
        if by == "source":
            lines += source_summary_lines(tally, width)
        else:
            lines += summary_lines(tally, width)
            groups = group_lines(tally, width)
            if groups:
                lines += ["", "What the sources say, grouped (largest group first):", ""] + groups
        lines += ["", *textwrap.wrap(mx.LEGEND, width)]
    for err in tally.errors:
        lines.append(paint(clip(_safe(f"not read: {err}"), width), "error", color))
    return "\n".join(lines) + "\n"
