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
    "scripts": "document.querySelectorAll('script').length",
    "imgs": "document.querySelectorAll('img, iframe, object, embed, link').length",
    "handlers": "[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length",
    "matrix": "!!document.querySelector('#matrix-table') && document.querySelectorAll('#matrix-table tbody tr').length",
    "disc": "!!document.querySelector('#discrepancy-table')",
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
    assert dom["scripts"] == 0
    assert dom["imgs"] == 0
    assert dom["handlers"] == 0
    assert dom["matrix"] == 4  # three claims and the totals row
    assert dom["disc"] is True
    assert dom["marks"] >= 3
    assert dom["viewport"] is True
    assert "<script>alert(1)</script>" in dom["text"]
    assert "<img src=x onerror=alert(2)>" in dom["text"]
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
    assert browser.eval(DOM_CHECKS["marks"]) > 0
    assert browser.eval(DOM_CHECKS["scripts"]) == 0


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
    assert browser.eval(DOM_CHECKS["scripts"]) == 0
    assert browser.eval(DOM_CHECKS["imgs"]) == 0
    assert browser.eval(DOM_CHECKS["handlers"]) == 0
    assert browser.eval(DOM_CHECKS["matrix"]) == 3
    assert browser.eval(DOM_CHECKS["disc"]) is True
    text = browser.eval(DOM_CHECKS["text"])
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    marked = browser.eval("[...document.querySelectorAll('mark')].map(m => m.textContent)")
    assert "1,000" in marked and "dictator" in marked
