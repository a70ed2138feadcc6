"""The editor's page of ``claimcheck serve`` in Debian's Chromium (headless).

A real server on a free local port, the page driven over the DevTools
protocol (``tests/browser.py``): it loads with no console errors and no
request leaving the service; typing a draft marks the words of each problem
and lists the failing claims with evidence and explanation; hostile text
stays text; the keyboard reaches everything; a phone's width does not
scroll sideways; a broken rule file shows its located error.
"""

from __future__ import annotations

import json
import time

import pytest
from browser import needs_chromium
from serve_process import ROOT, copy_of_rules, needs_extra, serving

pytestmark = [needs_chromium, needs_extra]

CLEAN = {"requests": [], "console": [], "exceptions": [], "logs": [], "dialogs": []}
MARKS = "[...document.querySelectorAll('#backdrop mark')].map(m => [m.textContent, m.className])"
BASSAM = "The warrants name two generals, Ghassan Abbas and Bassam Al-Assad."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    rules = copy_of_rules(tmp_path_factory.mktemp("rules"))
    with serving("--rules", str(rules), "--workers", "1", "--reload-interval", "0.2") as s:
        yield s


def _open(browser, server, **kw) -> None:
    browser.open(server.url, **kw)
    browser.wait_until("document.getElementById('rules-status').textContent.includes('29 claims')")
    browser.eval("document.getElementById('draft').focus()")


def _checks(browser) -> int:
    return sum(1 for e in browser.events if e.get("method") == "Network.requestWillBeSent"
               and e["params"]["request"]["method"] == "POST" and e["params"]["request"]["url"].endswith("/v1/check"))


def _claim(browser, claim_id: str) -> dict:
    return browser.eval(f"""(() => {{
        const li = document.querySelector('#claims li[data-claim="{claim_id}"]');
        if (!li) return null;
        li.querySelector('details').open = true;
        return {{badge: li.querySelector('.badge').textContent,
                 marked: [...li.querySelectorAll('.evidence mark')].map(m => m.textContent),
                 evidence: [...li.querySelectorAll('.evidence blockquote')].map(b => b.textContent),
                 why: (li.querySelector('.explanation') || {{}}).textContent || ''}};
    }})()""")


def test_page_loads_clean_and_asks_nothing_outside_the_service(server, browser):
    _open(browser, server)
    time.sleep(0.3)
    browser.eval("1")
    assert browser.problems(server.url, origin=server.url) == CLEAN
    asked = browser.requested()
    assert all(u.startswith(server.url) for u in asked), asked
    assert {u[len(server.url) - 1:] for u in asked} >= {"/", "/static/page.js", "/static/page.css", "/v1/rules"}
    assert browser.eval("document.querySelectorAll('script').length") == 1
    assert browser.eval("!!document.querySelector('meta[name=viewport]')") is True


def test_typing_marks_the_words_and_shows_the_failing_claim(server, browser):
    _open(browser, server)
    for i in range(0, len(BASSAM), 8):  # typed in quick bursts: one check after the pause
        browser.type_text(BASSAM[i:i + 8])
    marks = browser.wait_until(f"(() => {{ const m = {MARKS}; return m.length ? m : null; }})()")
    assert ["Bassam Al-Assad", "sev-error"] in marks
    assert _checks(browser) == 1
    claim = _claim(browser, "no-bassam-al-assad")
    assert claim["badge"] == "✗ fail"
    assert claim["marked"] == ["Bassam Al-Assad"]
    assert "Verdict: fail" in claim["why"] and "no-bassam-al-assad" in claim["why"]
    assert _claim(browser, "warrant-names-ghassan-abbas")["badge"] == "✓ pass"
    # the failing claims come first in the list
    order = browser.eval("[...document.querySelectorAll('#claims .badge')].map(b => b.textContent)")
    assert order[0] == "✗ fail" and order[-1] == "✓ pass"
    summary = browser.eval("document.getElementById('summary').textContent")
    assert "blocking publication" in summary
    assert browser.problems(server.url, origin=server.url) == CLEAN


def test_keyboard_reaches_the_problems_and_selects_their_words(server, browser):
    _open(browser, server)
    browser.type_text(BASSAM)
    browser.wait_until("document.querySelectorAll('#problems button').length >= 2")
    browser.press("Tab", "Tab", 9)
    focused = browser.eval("document.activeElement.closest('#problems') && document.activeElement.textContent")
    assert focused and "Bassam" in focused
    browser.press("Enter", "Enter", 13)
    browser.send("Input.dispatchKeyEvent", {"type": "char", "text": "\r", "key": "Enter"})
    selected = browser.wait_until("(() => { const d = document.getElementById('draft');"
                                  " return document.activeElement === d && d.value.slice(d.selectionStart, d.selectionEnd); })()")
    assert selected == "Bassam Al-Assad"
    here = browser.eval("document.getElementById('at-cursor').textContent")
    assert "no-bassam-al-assad" in here
    # Ctrl+Enter checks at once, without the pause
    before = _checks(browser)
    browser.eval("{ const d = document.getElementById('draft'); d.setSelectionRange(d.value.length, d.value.length); }")
    browser.type_text(" The attack killed 1,000 people.")
    browser.press("Enter", "Enter", 13, modifiers=2)
    browser.wait_until(f"{MARKS}.some(m => m[0] === '1,000')", timeout=10)
    assert _checks(browser) >= before + 1


def test_hostile_text_stays_text(server, browser):
    _open(browser, server)
    hostile = ('<script>alert(1)</script><img src=x onerror="alert(2)"> Bassam Al-Assad was named.\n'
               '"><svg onload=alert(3)> <iframe src="https://example.com/"></iframe> Maher al-Assad.')
    browser.type_text(hostile)
    browser.wait_until(f"{MARKS}.some(m => m[0] === 'Bassam Al-Assad')")
    for fmt in ("md", "html"):  # the same words read as Markdown and as HTML
        browser.eval(f"{{ const f = document.getElementById('format'); f.value = '{fmt}';"
                     " f.dispatchEvent(new Event('change')); }")
        browser.wait_until(f"{MARKS}.some(m => m[0] === 'Bassam Al-Assad') && "
                           f"document.getElementById('claims').children.length > 0")
        time.sleep(0.5)
    claim = _claim(browser, "no-bassam-al-assad")
    assert any("Bassam Al-Assad" in e for e in claim["evidence"])
    browser.eval("document.getElementById('format').value = 'txt';"
                 " document.getElementById('format').dispatchEvent(new Event('change'))")
    browser.wait_until("[...document.querySelectorAll('.evidence blockquote')].some(b => b.textContent.includes('<script>'))")
    dom = browser.eval("""({
        scripts: document.querySelectorAll('script').length,
        embeds: document.querySelectorAll('img, svg, iframe, object, embed').length,
        handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
        backdrop: document.getElementById('backdrop').textContent,
    })""")
    assert dom["scripts"] == 1 and dom["embeds"] == 0 and dom["handlers"] == 0
    assert "<script>alert(1)</script>" in dom["backdrop"]
    found = browser.problems(server.url, origin=server.url)
    assert found["dialogs"] == [] and found["exceptions"] == [] and found["requests"] == []


def test_readable_on_a_phone(server, browser):
    _open(browser, server, width=375, height=740, mobile=True)
    long_word = "Bassam Al-Assad " + "x" * 300
    browser.type_text((BASSAM + " ") * 20 + long_word)
    browser.wait_until(f"{MARKS}.length >= 20")
    browser.eval("document.querySelectorAll('#claims details').forEach(d => d.open = true)")
    assert browser.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert browser.eval("parseFloat(getComputedStyle(document.body).fontSize)") >= 14
    assert browser.eval("parseFloat(getComputedStyle(document.getElementById('draft')).fontSize)") >= 16
    # the draft pane and the claims stack in one column
    left = browser.eval("[...document.querySelectorAll('main > section')].map(s => s.getBoundingClientRect().left)")
    assert left[0] == left[1]
    # the marks sit under the words they mark: the backdrop wraps like the textarea
    assert browser.eval("document.getElementById('backdrop').scrollHeight <= "
                        "document.getElementById('draft').getBoundingClientRect().height + 2")


def test_a_broken_rule_file_shows_its_located_error(server, browser):
    import httpx

    rule_file = ROOT / "rules" / "assad-warrant.yaml"
    served = json.loads(httpx.get(server.url + "v1/rules").text)["files"][0]
    _open(browser, server)
    assert browser.eval("document.getElementById('rules-error').hidden") is True
    good = rule_file.read_text(encoding="utf-8")
    broken = good.replace("NUM(1400 ±10%)", "NUM(1400 ±10%", 1)
    assert broken != good, "the edit must break the rule file"
    with open(served, "w", encoding="utf-8") as fh:
        fh.write(broken)
    try:
        deadline = time.monotonic() + 30
        while not httpx.get(server.url + "v1/rules").json()["error"]:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        browser.type_text(BASSAM)
        text = browser.wait_until("!document.getElementById('rules-error').hidden && "
                                  "document.getElementById('rules-error-text').textContent")
        assert text.startswith(f"{served}:") and "NUM(" in text
        # the last good rules still check the draft
        browser.wait_until(f"{MARKS}.some(m => m[0] === 'Bassam Al-Assad')")
    finally:
        with open(served, "w", encoding="utf-8") as fh:
            fh.write(good + "\n")
    browser.wait_until("document.getElementById('rules-error').hidden", timeout=40)
