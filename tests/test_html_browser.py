"""``report.html`` in a real headless browser (Debian's ``chromium``).

Chromium is driven over the DevTools protocol through ``--remote-debugging-pipe``
(file descriptors 3 and 4, NUL-separated JSON), so no websocket library is
needed.  The test records every network request, console message, uncaught
exception, log entry (CSP violations included) and JavaScript dialog while the
page loads, then inspects the DOM.

Skipped (with the reason) when no chromium binary is installed; CI installs
Debian's ``chromium`` package.
"""

from __future__ import annotations

import fcntl
import importlib.util
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from checker import reports

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--no-default-browser-check",
    "--disable-dev-shm-usage", "--remote-debugging-pipe",
]


def _load_sample():
    spec = importlib.util.spec_from_file_location("sample_run", ROOT / "fixtures" / "reports" / "sample_run.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Browser:
    """Just enough of the DevTools protocol over a pipe."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="claimcheck-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def child_fds() -> None:
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=child_fds, pass_fds=(3, 4),
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []
        self.session: str | None = None

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False, wait=False)
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    raise EOFError("chromium closed the pipe")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, *, session: bool = True,
             wait: bool = True, timeout: float = 30) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        if not wait:
            return {}
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        for ev in self.events:
            if ev.get("method") == method:
                return ev
        deadline = time.monotonic() + timeout
        while True:
            ev = self._read_message(deadline)
            self.events.append(ev)
            if ev.get("method") == method:
                return ev

    def open(self, url: str, width: int = 1280, height: int = 800, mobile: bool = False) -> None:
        targets = self.send("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Network", "Runtime", "Log", "Page"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")
        time.sleep(0.3)  # let late console messages / requests arrive
        self.send("Runtime.evaluate", {"expression": "1"})  # drains pending events

    def eval(self, expression: str):
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in res:
            raise RuntimeError(res["exceptionDetails"])
        return res["result"].get("value")

    def problems(self, page_url: str) -> dict[str, list]:
        requests = [e["params"]["request"]["url"] for e in self.events
                    if e.get("method") == "Network.requestWillBeSent"
                    and e["params"]["request"]["url"] != page_url]
        console = [e["params"] for e in self.events
                   if e.get("method") == "Runtime.consoleAPICalled"]
        exceptions = [e["params"] for e in self.events if e.get("method") == "Runtime.exceptionThrown"]
        logs = [e["params"]["entry"] for e in self.events
                if e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] in ("error", "warning")]
        dialogs = [e["params"] for e in self.events if e.get("method") == "Page.javascriptDialogOpening"]
        return {"requests": requests, "console": console, "exceptions": exceptions,
                "logs": logs, "dialogs": dialogs}


@pytest.fixture
def browser():
    b = Browser()
    try:
        yield b
    finally:
        b.close()


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
