"""``report.html``: one self-contained page (inline CSS, no scripts, no network).

The page holds the matrix, the discrepancy table and, for every cell, the
evidence sentences with the matched words in ``<mark>``.  All text that comes
from articles or rule files goes through :func:`html.escape`; a
Content-Security-Policy meta tag forbids scripts and every network fetch as a
second line of defence.
"""

from __future__ import annotations

import html
from collections import Counter

from checker.models import Evidence

from . import matrix as mx
from .tally import Tally

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

CSS = """
:root { --fg:#1d1d1f; --bg:#fff; --muted:#666; --line:#d9d9de; --head:#f4f4f7;
  --pass:#1a7f37; --pass-bg:#e6f4ea; --fail:#b42318; --fail-bg:#fdecea;
  --missing:#6b6b70; --missing-bg:#f2f2f4; --error:#8a3ffc; --error-bg:#f1eaff;
  --mark:#fff3b0; --mark-expect:#c8f0cf; --mark-refute:#ffd3cf; }
@media (prefers-color-scheme: dark) {
  :root { --fg:#e8e8ea; --bg:#161618; --muted:#a0a0a8; --line:#3a3a40; --head:#222226;
    --pass:#6fdc8c; --pass-bg:#12301c; --fail:#ff8a80; --fail-bg:#3a1614;
    --missing:#a0a0a8; --missing-bg:#26262b; --error:#c9a7ff; --error-bg:#2a1f40;
    --mark:#5c5200; --mark-expect:#1f5a2c; --mark-refute:#6b231d; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; color: var(--fg); background: var(--bg);
  font: 16px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.6rem; margin: .2rem 0 .5rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .3rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
p, li, h1, h2, h3, h4, blockquote, summary { overflow-wrap: anywhere; }
.muted, .legend { color: var(--muted); font-size: .9rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: .5rem 0; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .55rem; text-align: left; vertical-align: top; }
thead th { background: var(--head); position: sticky; top: 0; white-space: nowrap; }
tbody th { font-weight: 600; white-space: nowrap; }
table.matrix td { text-align: center; white-space: nowrap; }
table.matrix tr.total th, table.matrix tr.total td { background: var(--head); font-weight: 600; }
td a { color: inherit; text-decoration: none; display: block; }
td a:hover, td a:focus { text-decoration: underline; }
.v-pass { color: var(--pass); background: var(--pass-bg); }
.v-fail { color: var(--fail); background: var(--fail-bg); }
.v-missing { color: var(--missing); background: var(--missing-bg); }
.v-error { color: var(--error); background: var(--error-bg); }
.v-mixed { background: var(--head); }
table.disc td { min-width: 10rem; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-weight: 600; font-size: .85rem; }
.claim-text { font-style: italic; }
details { border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0; padding: .3rem .7rem; }
details > summary { cursor: pointer; font-weight: 600; }
ol.evidence { padding-left: 1.2rem; margin: .3rem 0; }
ol.evidence li { margin: .35rem 0; }
blockquote { margin: .2rem 0; padding: .2rem .6rem; border-left: 3px solid var(--line); }
mark { background: var(--mark); color: inherit; padding: 0 .1em; border-radius: 2px; }
mark.k-expect { background: var(--mark-expect); }
mark.k-contradict, mark.k-forbid { background: var(--mark-refute); }
.loc { color: var(--muted); font-size: .85rem; }
@media (max-width: 40rem) {
  body { padding: .6rem; font-size: 15px; }
  th, td { padding: .3rem .4rem; }
  h1 { font-size: 1.3rem; }
}
@media print { .scroll { overflow: visible; border: 0; } thead th { position: static; } }
"""

ROLE_LABELS = {
    "supports": "states the claim",
    "refutes": "refutes the claim",
    "forbidden": "says the forbidden thing",
    "in-scope": "on the topic",
}


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def marked(text: str, marks) -> str:
    """``text`` escaped, with each ``(start, end, key, title)`` span in ``<mark>``."""
    out = []
    pos = 0
    for start, end, key, title in marks:
        out.append(esc(mx.squash(text[pos:start])))
        cls = f' class="k-{esc(key)}"' if key else ""
        tit = f' title="{esc(title)}"' if title else ""
        out.append(f"<mark{cls}{tit}>{esc(mx.squash(text[start:end]))}</mark>")
        pos = end
    out.append(esc(mx.squash(text[pos:])))
    return "".join(out).strip()


def highlight(ev: Evidence, article=None, matches=None) -> str:
    """The unit's text, escaped, with each matched span in ``<mark>``."""
    text = mx.unit_text(ev, getattr(article, "origin", None))
    marks = [(s, e, ms[0].key, "; ".join(dict.fromkeys(filter(None, (mx.match_title(m) for m in ms)))))
             for s, e, ms in mx.mark_spans(text, ev.start, ev.matches if matches is None else matches)]
    return marked(text, marks)


def _matrix(t: Tally) -> str:
    head = "".join(f'<th scope="col">{esc(s)}</th>' for s in t.sources)
    rows = []
    for i, claim in enumerate(t.claims):
        cells = []
        for j, cell in enumerate(t.row(i)):
            if cell is None:
                cells.append('<td class="na" title="does not apply"></td>')
                continue
            cells.append(
                f'<td class="{cell.verdict_class()}"><a href="#cell-{i}-{j}" '
                f'title="{esc(cell.said())}">{esc(cell.text())}</a></td>'
            )
        rows.append(
            f'<tr><th scope="row"><a href="#claim-{i}"><code>{esc(claim.id)}</code></a></th>'
            + "".join(cells) + "</tr>"
        )
    totals = "".join(f"<td>{esc(x)}</td>" for x in t.totals_text())
    rows.append(f'<tr class="total"><th scope="row">total</th>{totals}</tr>')
    return (
        '<div class="scroll"><table class="matrix" id="matrix-table">'
        f'<thead><tr><th scope="col">claim</th>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )


def _discrepancies(t: Tally) -> str:
    disc = t.discrepancies()
    if not disc:
        return ('<p id="discrepancy-table" class="muted">No discrepancies: every source '
                "that a claim applies to gives it the same verdict.</p>")
    head = "".join(f'<th scope="col">{esc(s)}</th>' for s in t.sources)
    rows = []
    for i in disc:
        claim = t.claims[i]
        cells = []
        for j, cell in enumerate(t.row(i)):
            if cell is None:
                cells.append("<td></td>")
                continue
            cells.append(f'<td class="{cell.verdict_class()}"><a href="#cell-{i}-{j}">{esc(cell.said())}</a></td>')
        rows.append(
            f'<tr><th scope="row"><a href="#claim-{i}"><code>{esc(claim.id)}</code></a>'
            f'<br><span class="claim-text">{esc(claim.claim)}</span></th>{"".join(cells)}</tr>'
        )
    return (
        '<div class="scroll"><table class="disc" id="discrepancy-table">'
        f'<thead><tr><th scope="col">claim</th>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )


def _result_block(t: Tally, kept: tuple) -> str:
    article_id, verdict, known, expected, message, units, more = kept
    _, path, title_ = t.article_meta[article_id]
    badge = f'<span class="badge v-{esc(verdict)}">{esc(mx.symbol(verdict, known))} {esc(verdict)}</span>'
    title = f" — {esc(title_)}" if title_ else ""
    parts = [
        f"<details{' open' if verdict in ('fail', 'error') and not known else ''}>"
        f"<summary>{badge} <code>{esc(article_id)}</code>{title}</summary>",
        f'<p class="loc">{esc(path)}</p>',
    ]
    if known:
        parts.append('<p class="muted">This is the accepted (known) verdict for this article.</p>')
    elif expected:
        parts.append(f'<p class="muted">Accepted (known) verdict: {esc(expected)}; now {esc(verdict)}.</p>')
    if message:
        parts.append(f"<p>{esc(message)}</p>")
    if units:
        texts = t.sentence_list()
        items = []
        for role, line, column, sid, marks in units:
            label = ROLE_LABELS.get(role, role)
            items.append(
                f'<li><span class="loc">line {esc(line)}, column {esc(column)} · {esc(label)}</span>'
                f"<blockquote>{marked(texts[sid], marks)}</blockquote></li>"
            )
        parts.append(f'<ol class="evidence">{"".join(items)}</ol>')
        if more:
            parts.append(f'<p class="muted">and {more} more passage(s): see results.jsonl.</p>')
    elif verdict == "missing":
        parts.append('<p class="muted">The article does not mention this claim.</p>')
    parts.append("</details>")
    return "".join(parts)


def _evidence(t: Tally) -> str:
    out = []
    for i, c in enumerate(t.claims):
        meta = f"{esc(c.severity)}{', required' if c.required else ''} · {esc(c.file)}:{esc(c.line)}"
        out.append(
            f'<section class="claim" id="claim-{i}"><h3><code>{esc(c.id)}</code></h3>'
            f'<p class="claim-text">{esc(c.claim)}</p><p class="muted">{meta}</p>'
        )
        if c.note:
            out.append(f'<p class="muted">Note: {esc(c.note)}</p>')
        any_cell = False
        for j, cell in enumerate(t.row(i)):
            if cell is None:
                continue
            any_cell = True
            out.append(
                f'<div class="cell" id="cell-{i}-{j}"><h4>{esc(cell.source)} '
                f'<span class="badge {cell.verdict_class()}">{esc(cell.text())}</span></h4>'
            )
            for kept in cell.evidence:
                out.append(_result_block(t, kept))
            out.append("</div>")
        if not any_cell:
            out.append('<p class="muted">This claim applies to none of the articles.</p>')
        out.append("</section>")
    return "".join(out)


def render(t: Tally, options: dict | None = None, *, title: str = "claimcheck report") -> str:
    stories = Counter(c.story for c in t.claims)
    story_line = ", ".join(esc(s) for s in stories) if stories else ""
    errors = ""
    if t.errors:
        items = "".join(f"<li><code>{esc(e)}</code></li>" for e in t.errors)
        errors = f'<h2 id="errors">Articles that could not be read</h2><ul>{items}</ul>'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<title>{esc(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>{esc(title)}</h1>
<p>{esc(t.summary_line())}</p>
{f'<p class="muted">Stories: {story_line}</p>' if story_line else ''}
</header>
<main>
<h2 id="matrix">Claims × sources</h2>
{_matrix(t)}
<p class="legend">{esc(mx.LEGEND)}. Select a cell to see its evidence.</p>
<h2 id="discrepancies">Discrepancies</h2>
<p class="muted">Claims on which the sources' verdicts differ, with what each source says.</p>
{_discrepancies(t)}
{errors}
<h2 id="evidence">Evidence</h2>
<p class="muted">For every claim and source: the sentences that state, refute or discuss the claim, matched words highlighted.</p>
{_evidence(t)}
</main>
</body>
</html>
"""
