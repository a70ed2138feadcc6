"""Benchmark: ``report.html`` for 1,000 generated articles × 100 claims, one source each.

Generates the corpus with ``benchmarks/corpus.py`` (``generate(dest, 1000,
100, sources=None)``: every article its own source, the worst case for the
matrix), evaluates it in-process, feeds the results to a report sink, and
prints:

* ``report.html``'s size against the budget of issue #12 (≤ 12 MB);
* the time to render it from the tally, and the whole sink's time (every
  ``--out`` file), each as a ratio of the evaluation time measured in the
  same run (the baseline: what the run costs without reports);
* in headless Chromium (Debian's ``chromium``, driven by tests/browser.py):
  the page's load event (budget ≤ 3 s) and the time to build the full
  matrix when its tab is clicked.

Run from the repository root:  python benchmarks/bench_report.py [--articles 1000] [--claims 100]
Timings are noisy on a shared machine; say what else was running.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

SIZE_BUDGET = 12 * 1024 * 1024
LOAD_BUDGET_MS = 3000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--claims", type=int, default=100)
    ap.add_argument("--sources", type=int, default=None, help="outlets (default: one source per article)")
    args = ap.parse_args()
    try:
        from corpus import generate
    except ImportError:
        print("benchmarks/corpus.py (generate) is missing: it comes with the scale work (issue #11)")
        return 2
    from checker import reports
    from checker.articles import read_articles
    from checker.engine import run as run_engine
    from checker.reports import html
    from checker.reports.tally import Tally
    from checker.rules.loader import load_valid_rules

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        tmp_path = Path(tmp)
        rules_dir, articles_dir = generate(tmp_path / "corpus", args.articles, args.claims, sources=args.sources)
        rules, _ = load_valid_rules([str(rules_dir)])
        articles, _ = read_articles([str(articles_dir)])

        t0 = time.perf_counter()
        run = run_engine(rules, articles)
        evaluate = time.perf_counter() - t0

        by_article: dict[str, list] = {}
        for r in run.results:
            by_article.setdefault(r.article, []).append(r)
        tally = Tally(run.claims)
        t0 = time.perf_counter()
        for a in run.articles:
            tally.add(a, by_article.get(a.id, ()))
        feed = time.perf_counter() - t0
        t0 = time.perf_counter()
        page = html.render(tally, {})
        render = time.perf_counter() - t0
        size = len(page.encode("utf-8"))

        out = tmp_path / "out"
        t0 = time.perf_counter()
        reports.write_reports(run, str(out))
        sink = time.perf_counter() - t0
        files = {p.name: p.stat().st_size for p in sorted(out.iterdir())}

        print(f"corpus: {len(run.articles)} articles, {len(run.claims)} claims, {len(tally.sources)} sources, "
              f"{len(run.results)} results")
        print(f"evaluation (baseline)          {evaluate:8.2f} s")
        print(f"tally of the results           {feed:8.2f} s   {feed / evaluate:5.2f}× evaluation")
        print(f"report.html rendered           {render:8.2f} s   {render / evaluate:5.2f}× evaluation")
        print(f"every --out file (sink)        {sink:8.2f} s   {sink / evaluate:5.2f}× evaluation")
        print(f"report.html size               {size / 1e6:8.2f} MB  {size / SIZE_BUDGET:5.2f}× budget (12 MB)")
        for name, n in files.items():
            print(f"  {name:28} {n / 1e6:8.2f} MB")
        try:
            from browser import CHROMIUM, Browser
        except ImportError:
            CHROMIUM = None
        if CHROMIUM is None:
            print("chromium: not installed, load time not measured")
            return 0
        b = Browser()
        try:
            url = (out / "report.html").resolve().as_uri()
            b.open(url)
            load = b.eval("performance.getEntriesByType('navigation')[0].loadEventStart")
            t0 = time.perf_counter()
            b.eval("document.getElementById('tab-matrix').click()")
            b.eval("document.querySelectorAll('#matrix-table tbody tr').length")
            matrix = time.perf_counter() - t0
            t0 = time.perf_counter()
            b.eval("document.querySelector('#matrix-table button.cellbtn').click()")
            panel = time.perf_counter() - t0
            problems = {k: len(v) for k, v in b.problems(url).items() if v}
        finally:
            b.close()
        print(f"chromium load event            {load / 1000:8.2f} s   {load / LOAD_BUDGET_MS:5.2f}× budget (3 s)")
        print(f"full matrix built on click     {matrix:8.2f} s")
        print(f"first evidence opened          {panel:8.2f} s")
        print(f"page problems                  {problems or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
