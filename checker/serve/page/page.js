// claimcheck's editor's page: check the draft a moment after typing stops, mark each problem in
// the text, list every claim's verdict with its evidence and explanation.
// Every text that comes from the draft or the service is put in the page as text (textContent,
// text nodes), never as markup: a draft that holds <script> or onerror= stays words.
"use strict";

(() => {
  const PAUSE_MS = 600;        // the pause in typing after which the draft is checked
  const RULES_POLL_MS = 10000; // how often the rules' state is asked while the page is visible
  const VERDICT_ORDER = { fail: 0, error: 1, missing: 2, pass: 3 };
  const VERDICT_LABEL = { pass: "✓ pass", fail: "✗ fail", missing: "– missing", error: "! error" };
  const SEVERITY_RANK = { info: 1, warning: 2, error: 3 };

  const $ = (id) => document.getElementById(id);
  const draft = $("draft");
  const backdrop = $("backdrop");
  const state = { rules: null, text: "", marks: [], seq: 0, controller: null, timer: null };

  // An element with attributes and children; strings become text nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "onclick") node.addEventListener("click", value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  // The service counts characters (code points); the browser counts UTF-16 units.
  function unitsOf(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
    const at = [];
    let u = 0;
    for (const ch of text) { at.push(u); u += ch.length; }
    at.push(u);
    return (i) => at[Math.max(0, Math.min(i, at.length - 1))];
  }

  // ------------------------------------------------------------------ the draft's marks --

  function renderBackdrop(anchorAt = null) {
    const text = state.text;
    const cuts = new Set([0, text.length]);
    for (const m of state.marks) { cuts.add(m.start); cuts.add(m.end); }
    if (anchorAt !== null) cuts.add(anchorAt);
    const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    const parts = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      if (a === anchorAt) parts.push(el("span", { id: "anchor" }));
      const over = state.marks.filter((m) => m.start <= a && m.end >= b && m.end > m.start);
      const piece = text.slice(a, b);
      if (!over.length) { parts.push(piece); continue; }
      const worst = over.reduce((w, m) => (SEVERITY_RANK[m.severity] > SEVERITY_RANK[w.severity] ? m : w));
      const known = over.every((m) => m.problem.known);
      parts.push(el("mark", { class: `sev-${worst.severity}${known ? " known" : ""}`,
                              "data-problems": over.map((m) => m.index).join(" ") }, piece));
    }
    parts.push("\u200b"); // gives a last empty line a height, as the textarea gives it
    backdrop.replaceChildren(...parts);
    return $("anchor");
  }

  function grow() {
    draft.style.height = "auto";
    draft.style.height = `${draft.scrollHeight + 2}px`;
  }

  // Keep the marks an edit did not touch: before the change they stay, after it they move.
  function carryMarks(before, after) {
    let head = 0;
    const most = Math.min(before.length, after.length);
    while (head < most && before[head] === after[head]) head++;
    let tail = 0;
    while (tail < most - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
    const shift = after.length - before.length;
    state.marks = state.marks
      .filter((m) => m.end <= head || m.start >= before.length - tail)
      .map((m) => (m.start >= before.length - tail ? { ...m, start: m.start + shift, end: m.end + shift } : m));
  }

  function showAtCursor() {
    const pos = draft.selectionStart;
    const here = state.marks.filter((m) => m.start <= pos && pos <= m.end);
    $("at-cursor").textContent = here.map((m) => `${m.severity}: ${m.problem.claim}: ${m.problem.message}`).join("\n");
  }

  // Select words of the draft and bring them into view (the backdrop knows where they are).
  function select(start, end) {
    draft.focus({ preventScroll: true });
    draft.setSelectionRange(start, end);
    const anchor = renderBackdrop(start);
    if (anchor) anchor.scrollIntoView({ block: "center" });
    showAtCursor();
  }

  // ------------------------------------------------------------------- checking --------

  function schedule(delay = PAUSE_MS) {
    clearTimeout(state.timer);
    state.timer = setTimeout(check, delay);
  }

  async function check() {
    clearTimeout(state.timer);
    const text = draft.value;
    if (state.controller) state.controller.abort();
    const seq = ++state.seq;
    if (!text.trim()) {
      state.marks = [];
      renderBackdrop();
      renderAnswer(null);
      return;
    }
    const body = { text, format: $("format").value, explain: true };
    const source = $("source").value.trim();
    if (source) body.source = source;
    state.controller = new AbortController();
    $("summary").textContent = "Checking…";
    let answer;
    try {
      const response = await fetch("/v1/check", {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify(body), signal: state.controller.signal,
      });
      answer = await response.json();
      if (!response.ok) throw new Error(answer.error || `the service answered ${response.status}`);
    } catch (err) {
      if (err.name === "AbortError" || seq !== state.seq) return;
      $("summary").textContent = `Could not check the draft: ${err.message}`;
      return;
    }
    if (seq !== state.seq || draft.value !== text) return; // the draft changed: a newer check is coming
    const units = unitsOf(text);
    state.marks = answer.problems
      .map((p, index) => ({ start: units(p.offset), end: units(p.offset + p.length), severity: p.severity,
                            index, problem: p }))
      .filter((m) => m.end > m.start);
    state.text = text;
    renderBackdrop();
    renderAnswer(answer, units);
    loadRules(); // a reload, or a broken rule file, shows at once
  }

  // -------------------------------------------------------------- problems and claims --

  function renderAnswer(answer, units) {
    const problems = $("problems");
    const claims = $("claims");
    if (!answer) {
      problems.replaceChildren();
      claims.replaceChildren();
      $("summary").textContent = "";
      $("at-cursor").textContent = "";
      return;
    }
    const c = answer.counts;
    const open = answer.problems.filter((p) => !p.known).length;
    const summary = $("summary");
    summary.textContent = `${open} problem${open === 1 ? "" : "s"}` +
      (answer.blocking ? ", blocking publication" : "") +
      ` · ${c.pass} pass · ${c.fail} fail · ${c.missing} missing · ${c.error} error`;
    summary.className = answer.blocking ? "summary failed" : "summary";
    problems.replaceChildren(...answer.problems.map((p) => problemItem(p, units)));
    if (!answer.problems.length) problems.append(el("li", {}, "No problems."));
    const rank = (r) => VERDICT_ORDER[r.verdict] ?? 9;
    const results = [...answer.results].sort((a, b) => rank(a) - rank(b));
    claims.replaceChildren(...results.map((r) => claimItem(r, units)));
    showAtCursor();
  }

  function problemItem(p, units) {
    const label = [
      el("span", { class: "where" }, `line ${p.line}, column ${p.column} · ${p.severity}` +
        (p.known ? " · accepted (known)" : "") + ` · ${p.claim}`),
      p.message,
    ];
    const cls = `sev-${p.severity}${p.known ? " known" : ""}`;
    if (!p.length) return el("li", {}, el("div", { class: `${cls} whole` }, label));
    const [start, end] = [units(p.offset), units(p.offset + p.length)];
    return el("li", {}, el("button", { type: "button", class: cls, onclick: () => select(start, end) }, label));
  }

  function markedEvidence(ev) {
    // the unit as the service saw it, with each matched span marked (found by its words)
    const text = ev.text;
    const spans = [];
    for (const m of [...ev.matches].sort((a, b) => a.start - b.start)) {
      const words = (m.text || "").replace(/\s+/g, " ");
      if (!words) continue;
      const from = spans.length ? spans[spans.length - 1][1] : 0;
      let at = text.indexOf(words, from);
      if (at < 0) at = text.indexOf(words);
      if (at < 0 || spans.some(([a, b]) => at < b && at + words.length > a)) continue;
      spans.push([at, at + words.length]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    const out = [];
    let pos = 0;
    for (const [a, b] of spans) {
      out.push(text.slice(pos, a), el("mark", {}, text.slice(a, b)));
      pos = b;
    }
    out.push(text.slice(pos));
    return out;
  }

  function claimItem(r, units) {
    const claim = (state.rules && state.rules.byId.get(r.claim)) || { claim: r.claim, severity: "" };
    const body = el("div", { class: "claim-body" },
      el("p", {}, r.message),
      claim.note ? el("p", { class: "note" }, `Note: ${claim.note}`) : null,
      r.expected ? el("p", {}, r.known ? `Accepted (known) verdict for this source: ${r.expected}.`
                                       : `The accepted (known) verdict is ${r.expected}, but the draft gets ${r.verdict}.`) : null);
    if (r.evidence.length) {
      body.append(el("h4", {}, "Evidence"), el("ol", { class: "evidence" }, r.evidence.map((ev) =>
        el("li", {},
          el("span", { class: "role" }, `${ev.role} · line ${ev.line}, column ${ev.column} `),
          el("button", { type: "button", onclick: () => select(units(ev.start), units(ev.end)) }, "Show in draft"),
          el("blockquote", {}, markedEvidence(ev))))));
    }
    if (r.explanation) body.append(el("h4", {}, "Why"), el("pre", { class: "explanation" }, r.explanation));
    const summary = el("summary", {},
      el("span", { class: `badge ${r.verdict}` }, VERDICT_LABEL[r.verdict] || r.verdict),
      claim.claim, " ", el("span", { class: "sev" }, claim.severity ? `(${claim.severity})` : ""),
      el("span", { class: "id" }, r.claim));
    return el("li", { class: `claim verdict-${r.verdict}`, "data-claim": r.claim }, el("details", {}, summary, body));
  }

  // ----------------------------------------------------------------------- rules -------

  async function loadRules() {
    let doc;
    try {
      const response = await fetch("/v1/rules", { headers: { accept: "application/json" } });
      doc = await response.json();
      if (!response.ok) throw new Error(doc.error || `the service answered ${response.status}`);
    } catch (err) {
      $("rules-status").textContent = `The service did not answer (${err.message}).`;
      return;
    }
    const changed = state.rules && state.rules.version !== doc.version;
    doc.byId = new Map(doc.claims.map((c) => [c.id, c]));
    state.rules = doc;
    $("rules-status").textContent = `${doc.claims.length} claims from ${doc.files.join(", ")} ` +
      `(rules version ${doc.version}, loaded ${new Date(doc.loaded_at).toLocaleString()}).`;
    $("rules-error").hidden = !doc.error;
    $("rules-error-text").textContent = doc.error || "";
    if (changed && draft.value.trim()) schedule(0);
  }

  // ---------------------------------------------------------------------- wiring -------

  draft.addEventListener("input", () => {
    carryMarks(state.text, draft.value);
    state.text = draft.value;
    renderBackdrop();
    grow();
    schedule();
  });
  for (const name of ["keyup", "click", "select"]) draft.addEventListener(name, showAtCursor);
  draft.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); check(); }
  });
  $("format").addEventListener("change", () => schedule(0));
  $("source").addEventListener("input", () => schedule());
  $("check-now").addEventListener("click", check);
  window.addEventListener("resize", grow);
  setInterval(() => { if (document.visibilityState === "visible") loadRules(); }, RULES_POLL_MS);

  state.text = draft.value;
  renderBackdrop();
  grow();
  loadRules();
  if (draft.value.trim()) schedule(0);
})();
