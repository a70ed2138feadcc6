"""`reports/` and the README's verdict tables are the real output for the seeds.

When a change to the rules, the seeds or the renderers changes the output,
these tests fail. Refresh both with:

    CLAIMCHECK_REFRESH=1 python -m pytest tests/test_reports_fresh.py

and commit the result (review the diff: it is what editors will see).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from checker.cli import main

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports"
README = ROOT / "README.md"
FILES = ("results.json", "results.jsonl", "matrix.md", "discrepancies.md", "results.csv", "report.html")
REFRESH = os.environ.get("CLAIMCHECK_REFRESH") == "1"
BLOCK = re.compile(r"(<!-- verdicts:start -->\n)(.*?)(<!-- verdicts:end -->)", re.S)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    cwd = os.getcwd()
    os.chdir(ROOT)  # the paths in the reports are relative to the project root
    try:
        assert main(["run", "--out", str(out), "--format", "json"]) == 0
    finally:
        os.chdir(cwd)
    return out


def readme_block(reports: Path) -> str:
    """What the README shows: the matrix and the discrepancy table, as written."""

    def body(name: str) -> str:
        text = (reports / name).read_text(encoding="utf-8")
        return re.sub(r"^# ", "### ", text, flags=re.M).strip()

    return (
        "The default rules (`rules/assad-warrant.yaml`) on the three seed articles, exactly as\n"
        "`claimcheck run` writes them to `reports/matrix.md` and `reports/discrepancies.md`:\n\n"
        + body("matrix.md") + "\n\n" + body("discrepancies.md") + "\n"
    )


@pytest.mark.parametrize("name", FILES)
def test_committed_report_is_fresh(fresh: Path, name: str) -> None:
    new = (fresh / name).read_bytes()
    if REFRESH:
        REPORTS.mkdir(exist_ok=True)
        (REPORTS / name).write_bytes(new)
    assert (REPORTS / name).exists(), f"reports/{name} is missing; see this file's docstring"
    assert (REPORTS / name).read_bytes() == new, f"reports/{name} is stale; see this file's docstring"


def test_readme_shows_the_real_verdict_tables(fresh: Path) -> None:
    readme = README.read_text(encoding="utf-8")
    match = BLOCK.search(readme)
    assert match, "README.md lacks the <!-- verdicts:start --> ... <!-- verdicts:end --> block"
    expected = readme_block(fresh)
    if REFRESH and match.group(2) != expected:
        readme = readme[: match.start(2)] + expected + readme[match.end(2):]
        README.write_text(readme, encoding="utf-8")
        match = BLOCK.search(readme)
    assert match.group(2) == expected, "README.md's verdict tables are stale; see this file's docstring"
