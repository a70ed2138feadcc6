"""Regenerates the screenshots in docs/reports.md (headless Debian chromium).

    python docs/img/screenshots.py

Runs ``claimcheck run`` on the many-source fixture and photographs
``report.html``: the summary, the matrix, a cell's evidence, and the summary
on a phone-sized screen; and the terminal's claim summary (``COLUMNS=100``),
drawn as a terminal shows it.
"""

from __future__ import annotations

import base64
import html
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from browser import Browser  # noqa: E402


def shot(b: Browser, path: Path, height: int | None = None) -> None:
    params = {"format": "png"}
    if height:
        params["clip"] = {"x": 0, "y": 0, "width": b.eval("innerWidth"), "height": height, "scale": 1}
    path.write_bytes(base64.b64decode(b.send("Page.captureScreenshot", params)["data"]))
    print(path.relative_to(ROOT))


TERMINAL_PAGE = """<!doctype html><meta charset="utf-8"><style>
body {{ margin: 0; background: #1e1e1e; }}
pre {{ margin: 0; padding: 12px 14px; color: #d4d4d4; font: 13px/1.35 "DejaVu Sans Mono", monospace; }}
</style><pre>$ COLUMNS=100 claimcheck run --articles fixtures/many-sources/articles --out -
{}</pre>"""


def terminal_shot(b: Browser, here: Path, tmp: Path) -> None:
    """The terminal's output (the claim summary and the groups) as a picture."""
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1")
    ran = subprocess.run([sys.executable, "-m", "checker", "run", "--articles", "fixtures/many-sources/articles",
                          "--out", "-"], cwd=ROOT, env=env, capture_output=True, text=True)
    page = tmp / "terminal.html"
    page.write_text(TERMINAL_PAGE.format(html.escape(ran.stdout)), encoding="utf-8")
    b.open(page.as_uri(), width=860, height=800)
    height = b.eval("document.body.scrollHeight")
    b.open(page.as_uri(), width=860, height=min(int(height), 4000))
    shot(b, here / "terminal-summary.png")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        subprocess.run([sys.executable, "-m", "checker", "run", "--articles", "fixtures/many-sources/articles",
                        "--out", str(out), "--format", "json"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        url = (out / "report.html").resolve().as_uri()
        here = Path(__file__).resolve().parent
        b = Browser()
        try:
            b.open(url, width=1200, height=820)
            shot(b, here / "report-summary.png")
            b.eval("document.getElementById('tab-matrix').click()")
            time.sleep(0.2)
            shot(b, here / "report-matrix.png")
            b.eval("document.querySelector('#matrix-table button[data-i=\"0\"][data-j=\"3\"]').click()")
            b.eval("window.scrollTo(0, 0)")
            time.sleep(0.2)
            shot(b, here / "report-evidence.png")
            b.open(url, width=390, height=800, mobile=True)
            shot(b, here / "report-phone.png")
            terminal_shot(b, here, Path(tmp))
        finally:
            b.close()


if __name__ == "__main__":
    main()
