"""The stylesheet and the one script of ``report.html`` (see :mod:`checker.reports.html`).

The script builds nothing from markup: every piece of article or rule text
reaches the page through ``textContent``, so it stays text.  The page's
Content-Security-Policy allows exactly this script (by its SHA-256 hash) and
no other, and no network access at all.
"""

from __future__ import annotations

import base64
import hashlib

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
table.matrix tfoot th, table.matrix tfoot td { position: sticky; bottom: 0; }
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
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .8rem 0; padding: .5rem;
  background: var(--head); border-radius: 6px; position: sticky; top: 0; z-index: 3; }
.toolbar input, .toolbar select, .toolbar button { font: inherit; padding: .25rem .45rem; border: 1px solid var(--line);
  border-radius: 4px; background: var(--bg); color: var(--fg); }
.toolbar input { flex: 1 1 10rem; min-width: 8rem; }
.tabs button[aria-selected="true"] { background: var(--fg); color: var(--bg); }
.count { color: var(--muted); font-size: .9rem; }
[hidden] { display: none !important; }
.box { overflow: auto; max-height: 80vh; border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; }
.box table thead th { position: sticky; top: 0; z-index: 2; }
.box table tbody th, .box table thead th:first-child { position: sticky; left: 0; background: var(--bg); z-index: 1; }
.box table thead th:first-child { z-index: 3; background: var(--head); }
th.sort { cursor: pointer; user-select: none; }
th.sort::after { content: " ↕"; color: var(--muted); font-weight: 400; }
th.sort[aria-sort="ascending"]::after { content: " ↑"; }
th.sort[aria-sort="descending"]::after { content: " ↓"; }
table.summary tbody th { white-space: normal; min-width: 11rem; max-width: 22rem; font-weight: 400; }
table.summary tbody th code { font-weight: 600; }
table.summary .claim-text { font-size: .9rem; }
table.summary td:last-child { min-width: 16rem; }
table.summary td.n { text-align: right; font-variant-numeric: tabular-nums; }
button.cellbtn, button.src { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer;
  text-decoration: underline dotted; }
table.matrix button.cellbtn { text-decoration: none; width: 100%; }
ul.groups { list-style: none; padding: 0; margin: .3rem 0 1rem; }
ul.groups > li { margin: .35rem 0; padding: .3rem .5rem; border-left: 4px solid var(--line); }
ul.groups > li.v-pass { border-color: var(--pass); } ul.groups > li.v-fail { border-color: var(--fail); }
ul.groups > li.v-missing { border-color: var(--missing); } ul.groups > li.v-error { border-color: var(--error); }
.says { font-weight: 600; }
#panel { border: 2px solid var(--fg); border-radius: 8px; padding: .6rem .9rem; margin: 1rem 0; background: var(--bg); }
#panel h3 { margin-top: .2rem; }

"""

SCRIPT = r"""
(function () {
  "use strict";
  var D = null;
  function data() {
    if (!D) { D = JSON.parse(document.getElementById("data").textContent); }
    return D;
  }
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  var SYM = {p: "✓", f: "✗", m: "–", e: "!"};
  var NAME = {p: "pass", f: "fail", m: "missing", e: "error"};
  var ROLE = {supports: "states the claim", refutes: "refutes the claim", forbidden: "says the forbidden thing",
              "in-scope": "on the topic"};

  /* ------------------------------------------------------------ tabs */
  var views = ["summary", "matrix", "sources"];
  function show(view) {
    views.forEach(function (v) {
      $("view-" + v).hidden = v !== view;
      $("tab-" + v).setAttribute("aria-selected", v === view ? "true" : "false");
    });
    if (view === "matrix") { buildMatrix(); }
    apply();
  }
  views.forEach(function (v) { $("tab-" + v).addEventListener("click", function () { show(v); }); });

  /* ---------------------------------------------------------- matrix */
  var built = false;
  function buildMatrix() {
    if (built) { return; }
    built = true;
    var d = data(), table = $("matrix-table"), head = el("tr"), body = el("tbody");
    head.appendChild(el("th", "sort", "claim"));
    d.sources.forEach(function (s) { head.appendChild(el("th", "sort", s)); });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var rowsFrag = document.createDocumentFragment();
    d.claims.forEach(function (c, i) {
      var tr = el("tr"), th = el("th"), code = el("code", null, c.id);
      th.appendChild(code); th.title = c.claim; tr.appendChild(th);
      tr.dataset.severity = c.severity;
      var row = d.matrix[i], verdicts = {};
      for (var j = 0; j < d.sources.length; j++) {
        var cell = row[j], td = el("td");
        if (cell) {
          td.className = cell[1].indexOf(" ") >= 0 ? "v-mixed" : "v-" + cell[1];
          cell[1].split(" ").forEach(function (v) { verdicts[v] = 1; });
          var b = el("button", "cellbtn", cell[0]);
          b.dataset.i = i; b.dataset.j = j; td.appendChild(b);
          td.dataset.v = cell[1];
        }
        tr.appendChild(td);
      }
      tr.dataset.verdicts = Object.keys(verdicts).join(" ");
      rowsFrag.appendChild(tr);
    });
    body.appendChild(rowsFrag);
    table.appendChild(body);
    var foot = el("tfoot"), tot = el("tr", "total");
    tot.appendChild(el("th", null, "total"));
    d.totals.forEach(function (x) { tot.appendChild(el("td", null, x)); });
    foot.appendChild(tot); table.appendChild(foot);
    sortable(table);
  }

  /* -------------------------------------------------------- evidence */
  function marked(text, marks) {
    var q = el("blockquote"), pos = 0, d = data();
    marks.forEach(function (m) {
      if (m[0] > pos) { q.appendChild(document.createTextNode(text.slice(pos, m[0]))); }
      var mk = el("mark", m[2] ? "k-" + m[2] : null, text.slice(m[0], m[1]));
      if (m[3] >= 0) { mk.title = d.strings[m[3]]; }
      q.appendChild(mk);
      pos = m[1];
    });
    q.appendChild(document.createTextNode(text.slice(pos)));
    return q;
  }
  function openCell(i, j) {
    var d = data(), c = d.claims[i], panel = $("panel");
    panel.textContent = "";
    var close = el("button", null, "close");
    close.addEventListener("click", function () { panel.hidden = true; });
    panel.appendChild(close);
    panel.appendChild(el("h3", null, c.id + " · " + d.sources[j]));
    panel.appendChild(el("p", "claim-text", c.claim));
    var cell = d.matrix[i][j];
    if (!cell) { panel.appendChild(el("p", "muted", "This claim does not apply to this source.")); }
    else {
      if (cell[2]) { panel.appendChild(el("p", null, cell[2])); }
      var kept = d.evidence[i + "." + j] || [];
      kept.forEach(function (r) {
        var a = d.articles[r[0]], box = el("div", "result");
        var h = el("h4");
        h.appendChild(el("span", "badge v-" + NAME[r[1]], SYM[r[1]] + (r[2] ? "*" : "") + " " + NAME[r[1]]));
        h.appendChild(document.createTextNode(" "));
        h.appendChild(el("code", null, a[0]));
        if (a[2]) { h.appendChild(document.createTextNode(" — " + a[2])); }
        box.appendChild(h);
        box.appendChild(el("p", "loc", a[1]));
        if (r[3] >= 0) { box.appendChild(el("p", "muted", d.strings[r[3]])); }
        if (r[4] >= 0) { box.appendChild(el("p", null, d.strings[r[4]])); }
        var ol = el("ol", "evidence");
        r[5].forEach(function (u) {
          var li = el("li");
          li.appendChild(el("span", "loc", "line " + u[1] + ", column " + u[2] + " · " + (ROLE[u[0]] || u[0])));
          li.appendChild(marked(d.strings[u[3]], u[4]));
          ol.appendChild(li);
        });
        if (r[5].length) { box.appendChild(ol); }
        else if (r[1] === "m") { box.appendChild(el("p", "muted", "The article does not mention this claim.")); }
        if (r[6]) { box.appendChild(el("p", "muted", "and " + r[6] + " more passage(s): see results.jsonl")); }
        panel.appendChild(box);
      });
      var n = cell[3] || 0;
      if (n > kept.length) {
        panel.appendChild(el("p", "muted", (n - kept.length) + " more article(s) of this source: see results.csv"));
      }
    }
    panel.hidden = false;
    panel.scrollIntoView({block: "nearest"});
  }
  document.addEventListener("click", function (ev) {
    var t = ev.target.closest ? ev.target.closest("button[data-i]") : null;
    if (t) { openCell(+t.dataset.i, +t.dataset.j); }
  });

  /* --------------------------------------------------------- filters */
  function apply() {
    var q = $("q").value.trim().toLowerCase(), v = $("verdict").value, sev = $("severity").value;
    var d = q ? data() : null, shown = 0;
    var hits = null;
    if (q) {
      hits = {};
      d.sources.forEach(function (s, j) { if (s.toLowerCase().indexOf(q) >= 0) { hits[j] = 1; } });
    }
    document.querySelectorAll("#summary-table tbody tr").forEach(function (tr) {
      var ok = (!sev || tr.dataset.severity === sev) && (!v || (" " + tr.dataset.verdicts + " ").indexOf(" " + v + " ") >= 0);
      if (ok && hits) {
        ok = (d.dissent[+tr.dataset.i] || []).some(function (j) { return hits[j]; });
      }
      tr.hidden = !ok; shown += ok;
    });
    $("summary-count").textContent = shown + " of " + document.querySelectorAll("#summary-table tbody tr").length + " claims";
    if (built) {
      var rows = 0;
      document.querySelectorAll("#matrix-table tbody tr").forEach(function (tr) {
        var ok = !sev || tr.dataset.severity === sev;
        var any = false, cells = tr.cells;
        for (var k = 1; k < cells.length; k++) {  /* cell k is source k - 1 */
          var td = cells[k], on = !hits || !!hits[k - 1];
          if (td.hidden === on) { td.hidden = !on; }
          if (on && !any && td.dataset.v && (!v || (" " + td.dataset.v + " ").indexOf(" " + v + " ") >= 0)) { any = true; }
        }
        ok = ok && any;
        tr.hidden = !ok; rows += ok;
      });
      ["#matrix-table thead tr", "#matrix-table tfoot tr"].forEach(function (sel) {
        var cells = document.querySelector(sel).cells;
        for (var k = 1; k < cells.length; k++) {
          var off = !!hits && !hits[k - 1];
          if (cells[k].hidden !== off) { cells[k].hidden = off; }
        }
      });
      $("matrix-count").textContent = rows + " claims";
    }
    var srows = 0;
    document.querySelectorAll("#sources-table tbody tr").forEach(function (tr) {
      var ok = (!hits || hits[tr.dataset.j]) && (!v || (" " + tr.dataset.verdicts + " ").indexOf(" " + v + " ") >= 0);
      tr.hidden = !ok; srows += ok;
    });
    $("sources-count").textContent = srows + " sources";
  }
  ["q", "verdict", "severity"].forEach(function (id) { $(id).addEventListener("input", apply); });

  /* ---------------------------------------------------------- sorting */
  function key(cell) {
    var t = cell ? (cell.dataset.sort || cell.textContent) : "";
    var n = parseFloat(t);
    return isNaN(n) ? t.toLowerCase() : n;
  }
  function sortable(table) {
    table.querySelectorAll("thead th").forEach(function (th, col) {
      th.classList.add("sort");
      th.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          if (typeof x !== typeof y) { x = String(x); y = String(y); }
          return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  sortable($("summary-table"));
  sortable($("sources-table"));
  document.querySelectorAll("[data-js]").forEach(function (e) { e.hidden = false; });
  show(views.filter(function (v) { return $("tab-" + v).getAttribute("aria-selected") === "true"; })[0] || "summary");
})();
"""

SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
       f"script-src '{SCRIPT_HASH}'; base-uri 'none'; form-action 'none'; connect-src 'none'")
