"""``report.html``: one self-contained page, from 3 sources to 1,000.

The page opens on the claim summary (one row per claim: how many sources give
each verdict, who differs from the majority and what they say) and on what
the sources say grouped by value; with 8 sources or fewer it opens on the
full matrix instead.  The full matrix (sticky header row and first column)
and a table of sources are one click away.  A search box (sources), a
verdict and a severity filter narrow every view; every column sorts.

Evidence is shown on demand: the cells' kept results, the deduplicated
sentences with their marks and every other string are embedded ONCE as JSON
in ``<script type="application/json">``, and the page's one script (allowed
by its hash in the Content-Security-Policy) builds the matrix and the
evidence from it with ``textContent`` only.  All text in the markup goes
through :func:`html.escape`; the JSON escapes ``<``.  Nothing is loaded from
the network.
"""

from __future__ import annotations

import html
from collections import Counter

from checker.models import Evidence

from . import matrix as mx
from .html_assets import CSP, CSS, SCRIPT
from .json import encode
from .tally import Tally

MAX_MATRIX_SOURCES = 8  # more sources: the page opens on the summary
SHOWN = 8  # dissenting sources named per claim in the summary
VCODE = {"pass": "p", "fail": "f", "missing": "m", "error": "e"}


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


# ------------------------------------------------------------------ data ---


class _Strings:
    """Every long or repeated string once; the page refers to them by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str | None) -> int:
        if not text:
            return -1
        i = self.index.get(text)
        if i is None:
            i = self.index[text] = len(self.index)
        return i


def page_data(t: Tally) -> dict:
    """What the page's script needs, each piece once."""
    strings = _Strings()
    sentences = t.sentence_list()
    articles: dict[str, int] = {}
    matrix = []
    evidence: dict[str, list] = {}
    for i in range(len(t.claims)):
        row = []
        for j, cell in enumerate(t.row(i)):
            if cell is None:
                row.append(0)
                continue
            verdicts = " ".join(v for v in mx.VERDICT_ORDER if v in cell.verdicts())
            row.append([cell.text(), verdicts, cell.said(), cell.n] if cell.n > 1 else [cell.text(), verdicts])
            kept = []
            for aid, verdict, known, expected, message, units, more in cell.evidence:
                a = articles.setdefault(aid, len(articles))
                us = [[role, line, col, strings(sentences[sid]), [[s, e, k, strings(title)] for s, e, k, title in marks]]
                      for role, line, col, sid, marks in units]
                exp = f"Accepted (known) verdict: {expected}; now {verdict}." if expected and not known else ""
                if known:
                    exp = "This is the accepted (known) verdict for this article."
                kept.append([a, VCODE.get(verdict, "e"), int(known), strings(exp), strings(message), us, more])
            if kept:
                evidence[f"{i}.{j}"] = kept
        matrix.append(row)
    meta = t.article_meta
    return {
        "sources": t.sources,
        "claims": [{"id": c.id, "claim": c.claim, "severity": c.severity} for c in t.claims],
        "matrix": matrix,
        "totals": t.totals_text(),
        "evidence": evidence,
        "articles": [[aid, meta[aid][1], meta[aid][2]] for aid in articles],
        "strings": list(strings.index),
        "dissent": [[t.source_index(c.source) for c in t.dissenters(i)] for i in range(len(t.claims))],
    }


def _json_script(data: dict) -> str:
    # ``<`` escaped: no "</script>" or "<!--" can end the data block early
    return encode(data).replace(b"<", b"\\u003c").decode("utf-8")


# ---------------------------------------------------------------- markup ---


def _summary(t: Tally) -> str:
    heads = "".join(f'<th scope="col" title="{esc(v)}: sources">{esc(mx.SYMBOLS[v])}</th>' for v in mx.VERDICT_ORDER)
    rows = []
    for i, c in enumerate(t.claims):
        counts = t.source_counts(i)
        major = t.majority(i)
        dissent = t.dissenters(i)
        items = [f'<button class="src" data-i="{i}" data-j="{t.source_index(d.source)}">{esc(d.dissent(major))}</button>'
                 for d in dissent[:SHOWN]]
        more = f"; and {len(dissent) - SHOWN} more" if len(dissent) > SHOWN else ""
        verdicts = " ".join(v for v in mx.VERDICT_ORDER if counts.get(v))
        nums = "".join(f'<td class="n">{counts.get(v, 0)}</td>' for v in mx.VERDICT_ORDER)
        rows.append(
            f'<tr data-i="{i}" data-severity="{esc(c.severity)}" data-verdicts="{verdicts}">'
            f'<th scope="row" data-sort="{esc(c.id)}"><code>{esc(c.id)}</code><br>'
            f'<span class="claim-text">{esc(c.claim)}</span></th><td>{esc(c.severity)}</td>{nums}'
            f'<td data-sort="{len(dissent)}">{"; ".join(items)}{more}</td></tr>'
        )
    return (
        '<div class="box"><table class="summary" id="summary-table"><thead><tr><th scope="col">claim</th>'
        f'<th scope="col">severity</th>{heads}<th scope="col">sources that differ from the majority</th>'
        f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def _groups(t: Tally) -> str:
    out = []
    for i in t.discrepancies():
        c = t.claims[i]
        out.append(f'<section class="claim-groups" data-i="{i}"><h3><code>{esc(c.id)}</code></h3>'
                   f'<p class="claim-text">{esc(c.claim)}</p><ul class="groups">')
        for g in t.value_groups(i):
            note = f"[{g.note}] " if g.note else ""
            n = len(g.sources)
            sources = ", ".join(g.source_labels())
            out.append(
                f'<li class="v-{esc(g.verdict)}"><span class="says">{esc(mx.symbol(g.verdict))} {esc(note + g.label)}'
                f'</span> — {n} source{"s" if n != 1 else ""}: {esc(sources)}</li>'
            )
        out.append("</ul>")
        if t.groups_over[i]:
            out.append(f'<p class="muted">and {t.groups_over[i]} more articles with other values</p>')
        out.append("</section>")
    if not out:
        return '<p class="muted">No discrepancies: every source that a claim applies to gives it the same verdict.</p>'
    return "".join(out)


def _sources(t: Tally) -> str:
    heads = "".join(f'<th scope="col">{esc(mx.SYMBOLS[v])}</th>' for v in mx.VERDICT_ORDER)
    rows = []
    for j, s in enumerate(t.sources):
        totals = Counter()
        for (v, _), n in t.totals[j].items():
            totals[v] += n
        verdicts = " ".join(v for v in mx.VERDICT_ORDER if totals.get(v))
        nums = "".join(f'<td class="n">{totals.get(v, 0)}</td>' for v in mx.VERDICT_ORDER)
        diffs = t.source_dissents(j)
        names = ", ".join(t.claims[i].id for i, _ in diffs[:SHOWN]) + (f", and {len(diffs) - SHOWN} more" if len(diffs) > SHOWN else "")
        rows.append(f'<tr data-j="{j}" data-verdicts="{verdicts}"><th scope="row">{esc(s)}</th>'
                    f'<td class="n">{t.articles_per_source[j]}</td>{nums}'
                    f'<td data-sort="{len(diffs)}">{esc(names)}</td></tr>')
    return (
        '<div class="box"><table class="summary" id="sources-table"><thead><tr><th scope="col">source</th>'
        f'<th scope="col">articles</th>{heads}<th scope="col">differs from the majority on</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )


def render(t: Tally, options: dict | None = None, *, title: str = "claimcheck report") -> str:
    stories = ", ".join(esc(s) for s in dict.fromkeys(c.story for c in t.claims))
    start = "matrix" if len(t.sources) <= MAX_MATRIX_SOURCES else "summary"
    errors = ""
    if t.errors:
        items = "".join(f"<li><code>{esc(e)}</code></li>" for e in t.errors)
        errors = f'<h2 id="errors">Articles that could not be read</h2><ul>{items}</ul>'
    options_v = "".join(f'<option value="{v}">{esc(mx.SYMBOLS[v])} {v}</option>' for v in mx.VERDICT_ORDER)
    options_s = "".join(f'<option value="{s}">{s}</option>' for s in ("error", "warning", "info"))
    tab = '<button type="button" id="tab-{0}" aria-selected="{1}">{2}</button>'
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
<p id="run-summary">{esc(t.summary_line())}</p>
{f'<p class="muted">Stories: {stories}</p>' if stories else ''}
</header>
<noscript><p class="muted">The matrix and the evidence need JavaScript; the summary and the groups below do not.</p></noscript>
<nav class="toolbar" data-js hidden>
<span class="tabs">{tab.format("summary", str(start == "summary").lower(), "Summary")}
{tab.format("matrix", str(start == "matrix").lower(), "Matrix")}
{tab.format("sources", "false", "Sources")}</span>
<input id="q" type="search" placeholder="source…" aria-label="show only sources whose name contains">
<select id="verdict" aria-label="verdict"><option value="">any verdict</option>{options_v}</select>
<select id="severity" aria-label="severity"><option value="">any severity</option>{options_s}</select>
</nav>
<section id="panel" hidden aria-live="polite"></section>
<main>
<section id="view-summary"{' hidden' if start != 'summary' else ''}>
<h2 id="summary">Claims</h2>
<p class="muted">For each claim, how many sources give each verdict (a source whose articles differ counts under
each), and the sources that differ from the majority with what they say. Select one to see its evidence.
<span class="count" id="summary-count"></span></p>
{_summary(t)}
<h2 id="discrepancies">What the sources say</h2>
<p class="muted">For each claim on which the sources differ: the sources grouped by what they say, largest group first.</p>
{_groups(t)}
</section>
<section id="view-matrix"{' hidden' if start != 'matrix' else ''}>
<h2 id="matrix">Claims × sources</h2>
<p class="legend">{esc(mx.LEGEND)}. Select a cell to see its evidence. <span class="count" id="matrix-count"></span></p>
<div class="box"><table class="matrix" id="matrix-table"></table></div>
</section>
<section id="view-sources" hidden>
<h2 id="sources">Sources</h2>
<p class="muted">Every source: its articles, its verdicts over all claims, and the claims on which it differs
from the majority. <span class="count" id="sources-count"></span></p>
{_sources(t)}
</section>
{errors}
</main>
<script type="application/json" id="data">{_json_script(page_data(t))}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""
