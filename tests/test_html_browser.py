"""``report.html`` in a real headless browser (Debian's ``chromium``).

Chromium is driven over the DevTools protocol by the shared helper
``tests/browser.py``, which records every network request, console message,
uncaught exception, log entry (CSP violations included) and JavaScript dialog
while the page loads; the tests then inspect the DOM.

Skipped (with the reason) when no chromium binary is installed; CI installs
Debian's ``chromium`` package.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from browser import needs_chromium

from checker import reports

ROOT = Path(__file__).resolve().parent.parent

pytestmark = needs_chromium


def _load_sample():
    spec = importlib.util.spec_from_file_location("sample_run", ROOT / "fixtures" / "reports" / "sample_run.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _write_report(tmp_path: Path, run) -> str:
    out = tmp_path / "reports"
    reports.write_reports(run, str(out))
    return (out / "report.html").resolve().as_uri()


DOM_CHECKS = {
    # the page's own two: the JSON data block and the one hashed script
    "scripts": "document.querySelectorAll('script:not(#data):not([type])').length + "
               "document.querySelectorAll('script[src], script[type]:not([type=\"application/json\"])').length",
    "imgs": "document.querySelectorAll('img, iframe, object, embed, link').length",
    "handlers": "[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length",
    "matrix": "!!document.querySelector('#matrix-table') && document.querySelectorAll('#matrix-table tbody tr, #matrix-table tfoot tr').length",
    "disc": "!!document.querySelector('#discrepancies')",
    "marks": "document.querySelectorAll('mark').length",
    "viewport": "!!document.querySelector('meta[name=viewport]')",
    "text": "document.body.textContent",
    "overflow": "document.documentElement.scrollWidth - document.documentElement.clientWidth",
}


def test_report_loads_clean_and_article_markup_stays_text(tmp_path, browser):
    sample = _load_sample()
    url = _write_report(tmp_path, sample.make_run())
    browser.open(url)
    found = browser.problems(url)
    assert found == {"requests": [], "console": [], "exceptions": [], "logs": [], "dialogs": []}
    dom = {k: browser.eval(v) for k, v in DOM_CHECKS.items()}
    assert dom["scripts"] == 1
    assert dom["imgs"] == 0
    assert dom["handlers"] == 0
    assert dom["matrix"] == 4  # three claims and the totals row
    assert dom["disc"] is True
    assert dom["marks"] == 0  # evidence opens on demand
    browser.eval("document.querySelector('#matrix-table button[data-i=\"0\"][data-j=\"0\"]').click()")
    assert browser.eval(DOM_CHECKS["marks"]) >= 2
    assert dom["viewport"] is True
    text = browser.eval(DOM_CHECKS["text"])  # the tabloid's evidence, opened
    browser.eval("document.querySelector('#matrix-table button[data-i=\"0\"][data-j=\"1\"]').click()")
    text = browser.eval(DOM_CHECKS["text"])
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(2)>" in text
    assert browser.eval(DOM_CHECKS["imgs"]) == 0
    assert dom["overflow"] <= 0


def test_report_readable_on_a_phone(tmp_path, browser):
    sample = _load_sample()
    url = _write_report(tmp_path, sample.make_run())
    browser.open(url, width=375, height=740, mobile=True)
    assert browser.problems(url)["requests"] == []
    # the page itself never scrolls sideways: wide tables scroll in their own box
    assert browser.eval(DOM_CHECKS["overflow"]) <= 0
    font = browser.eval("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font >= 14


def test_report_of_the_seeds(tmp_path, browser):
    """The real pipeline on the seed articles and rules, when they are in place."""
    pipeline = pytest.importorskip("checker.pipeline")
    if not (ROOT / "rules").is_dir() or not any((ROOT / "rules").glob("*.y*ml")):
        pytest.skip("no rules/ yet")
    run = pipeline.evaluate_paths([str(ROOT / "rules")], [str(ROOT / "seeds")])
    url = _write_report(tmp_path, run)
    browser.open(url)
    assert browser.problems(url) == {"requests": [], "console": [], "exceptions": [], "logs": [], "dialogs": []}
    assert browser.eval(DOM_CHECKS["disc"]) is True
    browser.eval("document.querySelector('#matrix-table button[data-i=\"0\"][data-j=\"2\"]').click()")
    assert browser.eval(DOM_CHECKS["marks"]) > 0
    assert browser.eval(DOM_CHECKS["scripts"]) == 1


def test_report_of_hostile_articles_through_the_cli(tmp_path, browser):
    """``claimcheck run`` on articles holding <script>, onerror and formula text."""
    import subprocess
    import sys

    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "-m", "checker", "run", "--rules", "fixtures/reports/rules",
                        "--articles", "fixtures/reports/articles", "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    url = (out / "report.html").resolve().as_uri()
    browser.open(url)
    assert browser.problems(url) == {"requests": [], "console": [], "exceptions": [], "logs": [], "dialogs": []}
    assert browser.eval(DOM_CHECKS["scripts"]) == 1
    assert browser.eval(DOM_CHECKS["imgs"]) == 0
    assert browser.eval(DOM_CHECKS["handlers"]) == 0
    assert browser.eval(DOM_CHECKS["matrix"]) == 3
    assert browser.eval(DOM_CHECKS["disc"]) is True
    marked = []
    for button in range(browser.eval("document.querySelectorAll('#matrix-table button').length")):
        browser.eval(f"document.querySelectorAll('#matrix-table button')[{button}].click()")
        marked += browser.eval("[...document.querySelectorAll('#panel mark')].map(m => m.textContent)")
        text = browser.eval(DOM_CHECKS["text"])
        if "<script>alert(1)</script>" in text:
            assert "<img src=x onerror=alert(2)>" in text
    assert "1,000" in marked and "dictator" in marked
    assert browser.eval(DOM_CHECKS["imgs"]) == 0 and browser.eval(DOM_CHECKS["handlers"]) == 0
    assert browser.problems(url)["dialogs"] == []


# ------------------------------------------------------------ many sources ---

MANY = "fixtures/many-sources/articles"
VISIBLE = "document.querySelectorAll('{} tbody tr:not([hidden])').length"


def _many_report(tmp_path: Path) -> tuple[str, dict]:
    import json
    import subprocess
    import sys

    out = tmp_path / "many"
    p = subprocess.run([sys.executable, "-m", "checker", "run", "--articles", MANY, "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return (out / "report.html").resolve().as_uri(), json.loads((out / "results.json").read_text(encoding="utf-8"))


def _expected(doc: dict) -> dict:
    """From results.json: per claim, source -> set of verdicts; and each claim's dissenters."""
    from collections import Counter, defaultdict
    source = {a["id"]: a["source"] for a in doc["articles"]}
    table: dict = defaultdict(lambda: defaultdict(set))
    for r in doc["results"]:
        table[r["claim"]][source[r["article"]]].add(r["verdict"])
    dissent = {}
    for claim, by_source in table.items():
        n = Counter(v for vs in by_source.values() for v in vs)
        best = max(n.values())
        major = next(v for v in ("pass", "fail", "missing", "error") if n.get(v) == best)
        dissent[claim] = {s for s, vs in by_source.items() if vs != {major}}
    return {"verdicts": table, "dissent": dissent}


def _choose(browser, select: str, value: str) -> None:
    browser.eval(f"(() => {{ const s = document.getElementById('{select}'); s.value = '{value}';"
                 " s.dispatchEvent(new Event('input', {bubbles: true})); })()")


def _search(browser, text: str) -> None:
    browser.eval("(() => { const q = document.getElementById('q'); q.focus(); q.select(); })()")
    browser.press("Backspace", "Backspace", 8)
    if text:
        browser.type_text(text)


def test_many_sources_filters_sorting_and_evidence(tmp_path, browser):
    url, doc = _many_report(tmp_path)
    exp = _expected(doc)
    browser.open(url)
    assert browser.problems(url) == {"requests": [], "console": [], "exceptions": [], "logs": [], "dialogs": []}
    # opens on the summary and the groups (25 sources)
    assert browser.eval("document.getElementById('view-summary').hidden") is False
    assert browser.eval("document.getElementById('view-matrix').hidden") is True
    assert browser.eval(VISIBLE.format("#summary-table")) == len(doc["claims"])
    assert browser.eval("document.querySelectorAll('#discrepancies ~ section.claim-groups').length") == \
        sum(1 for c in exp["verdicts"].values() if len(set().union(*c.values())) > 1)
    # typing a source: the claims on which it differs from the majority
    _search(browser, "northern")
    want = sum(1 for d in exp["dissent"].values() if "northern-echo" in d)
    assert want == 2
    assert browser.eval(VISIBLE.format("#summary-table")) == want
    _search(browser, "")
    # choosing a verdict: the claims with at least one source of that verdict
    _choose(browser, "verdict", "fail")
    fails = sum(1 for c in exp["verdicts"].values() if any("fail" in vs for vs in c.values()))
    assert 0 < fails < len(doc["claims"])
    assert browser.eval(VISIBLE.format("#summary-table")) == fails
    _choose(browser, "verdict", "")
    # sorting: by ✗, descending after two clicks, puts the claim with most failing sources first
    col = browser.eval("[...document.querySelectorAll('#summary-table thead th')].findIndex(t => t.textContent.startsWith('✗'))")
    for _ in range(2):
        browser.eval(f"document.querySelectorAll('#summary-table thead th')[{col}].click()")
    first = browser.eval("document.querySelector('#summary-table tbody tr code').textContent")
    most = max(exp["verdicts"], key=lambda c: sum("fail" in vs for vs in exp["verdicts"][c].values()))
    assert first == most == "ghouta-toll"
    # the full matrix, one click away: search narrows its columns, a verdict its rows
    browser.eval("document.getElementById('tab-matrix').click()")
    assert browser.eval("document.getElementById('view-matrix').hidden") is False
    assert browser.eval(VISIBLE.format("#matrix-table")) == len(doc["claims"])
    assert browser.eval("document.querySelectorAll('#matrix-table thead th').length") == 26
    _search(browser, "agence")
    assert browser.eval("document.querySelectorAll('#matrix-table thead th:not([hidden])').length") == 3
    _choose(browser, "verdict", "fail")
    agence_fail = sum(1 for c in exp["verdicts"].values()
                      if any("fail" in vs for s, vs in c.items() if "agence" in s))
    assert browser.eval(VISIBLE.format("#matrix-table")) == agence_fail
    _choose(browser, "verdict", "")
    _search(browser, "")
    # sticky header row and first column
    assert browser.eval("getComputedStyle(document.querySelector('#matrix-table thead th')).position") == "sticky"
    assert browser.eval("getComputedStyle(document.querySelector('#matrix-table tbody th')).position") == "sticky"
    # sources view: the search narrows its rows
    browser.eval("document.getElementById('tab-sources').click()")
    assert browser.eval(VISIBLE.format("#sources-table")) == 25
    _search(browser, "star")
    assert browser.eval(VISIBLE.format("#sources-table")) == 1
    _search(browser, "")
    # evidence opens for a cell: the dissenting source's sentence, its words marked
    browser.eval("document.getElementById('tab-summary').click()")
    browser.eval("[...document.querySelectorAll('#summary-table button.src')]"
                 ".find(b => b.textContent.includes('northern-echo')).click()")
    assert browser.eval("document.getElementById('panel').hidden") is False
    panel = browser.eval("document.getElementById('panel').textContent")
    assert "northern-echo" in panel and "Bassam Al-Assad" in panel
    assert "Bassam Al-Assad" in browser.eval("[...document.querySelectorAll('#panel mark')].map(m => m.textContent)")
    assert browser.problems(url) == {"requests": [], "console": [], "exceptions": [], "logs": [], "dialogs": []}


def test_many_sources_hostile_text_stays_inert_and_phone(tmp_path, browser):
    url, doc = _many_report(tmp_path)
    browser.open(url, width=375, height=740, mobile=True)
    assert browser.eval(DOM_CHECKS["overflow"]) <= 0
    browser.eval("document.getElementById('tab-matrix').click()")
    j = [i for i, s in enumerate(browser.eval("JSON.parse(document.getElementById('data').textContent).sources"))
         if s == "tabloid-t"][0]
    browser.eval(f"document.querySelector('#matrix-table button[data-i=\"0\"][data-j=\"{j}\"]').click()")
    panel = browser.eval("document.getElementById('panel').textContent")
    assert "<script>alert('title')</script>" in panel
    assert "<img src=x onerror=alert(1)>" in panel
    assert browser.eval(DOM_CHECKS["scripts"]) == 1
    assert browser.eval(DOM_CHECKS["imgs"]) == 0
    assert browser.eval(DOM_CHECKS["handlers"]) == 0
    assert browser.eval(DOM_CHECKS["overflow"]) <= 0
    assert browser.problems(url) == {"requests": [], "console": [], "exceptions": [], "logs": [], "dialogs": []}
