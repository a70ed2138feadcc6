"""Reports from ``claimcheck run`` through its real entry points (seeds and fixtures)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
RULES = "fixtures/reports/rules"
ARTS = "fixtures/reports/articles"
NAMES = sorted(["results.json", "results.jsonl", "matrix.md", "discrepancies.md", "results.csv", "report.html"])


def cli(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    e.pop("FORCE_COLOR", None)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "checker", *argv], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", env=e, timeout=120)


def _md_cells(line: str) -> int:
    n, i = 0, 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        n += line[i] == "|"
        i += 1
    return n


def test_run_writes_every_report(tmp_path):
    out = tmp_path / "out"
    p = cli("run", "--rules", RULES, "--articles", ARTS, "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert sorted(os.listdir(out)) == NAMES
    # the default table on stdout, no colour when piped
    assert "toll" in p.stdout and "\033[" not in p.stdout
    lines = p.stdout.splitlines()
    assert lines[0].split() == ["claim", "blog", "tabloid", "wire"]
    assert [x for x in lines if x.startswith("toll ")][0].split() == ["toll", "–", "✗", "1✓", "1✗"]
    assert [x for x in lines if x.startswith("total ")][0].split() == ["total", "1✓", "1–", "1✗", "1✗*", "3✓", "1✗"]


def test_markdown_files_well_formed_with_pipes_and_newlines(tmp_path):
    out = tmp_path / "out"
    assert cli("run", "--rules", RULES, "--articles", ARTS, "--out", str(out)).returncode == 0
    for name in ("matrix.md", "discrepancies.md"):
        text = (out / name).read_text(encoding="utf-8")
        rows = [x for x in text.splitlines() if x.startswith("|")]
        assert rows
        assert {_md_cells(r) for r in rows} == {5}, name  # claim + 3 sources
        assert "<script" not in text
    disc = (out / "discrepancies.md").read_text(encoding="utf-8")
    assert '✗ "1,000"' in disc and '1✓ 1✗: "around 1,400", "1,000"' in disc


def test_csv_neutralises_formulas(tmp_path):
    out = tmp_path / "out"
    assert cli("run", "--rules", RULES, "--articles", ARTS, "--out", str(out)).returncode == 0
    with open(out / "results.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 1 + 8
    cells = [c for r in rows for c in r]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_html_escapes_article_text(tmp_path):
    out = tmp_path / "out"
    assert cli("run", "--rules", RULES, "--articles", ARTS, "--out", str(out)).returncode == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("<script") == 2  # the JSON data block and the page's one script
    assert "<img" not in page and "<b>people" not in page and "alert(1)</script>" not in page
    data = json.loads(page.split('<script type="application/json" id="data">', 1)[1].split("</script>", 1)[0])
    text = json.dumps(data, ensure_ascii=False)
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert "<script>alert('title')</script>" in text


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "html", "json"])
def test_each_format_to_stdout_and_out_dash_writes_nothing(fmt, tmp_path):
    p = subprocess.run([sys.executable, "-m", "checker", "run", "--rules", str(ROOT / RULES), "--articles",
                        str(ROOT / ARTS), "--out", "-", "--format", fmt], cwd=tmp_path,
                       capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert p.returncode == 0, p.stderr
    assert os.listdir(tmp_path) == []
    if fmt == "json":
        assert json.loads(p.stdout)["schema"] == "claimcheck/results@1"
    elif fmt == "csv":
        assert next(csv.reader(io.StringIO(p.stdout)))[0] == "claim"
    elif fmt == "html":
        assert p.stdout.startswith("<!DOCTYPE html>")
    elif fmt == "markdown":
        assert "# Claims × sources" in p.stdout and "## Discrepancies" in p.stdout
    else:
        assert p.stdout.splitlines()[0].startswith("claim")


def test_seeds_matrix_and_discrepancies(tmp_path):
    if not any((ROOT / "rules").glob("*.y*ml")):
        pytest.skip("no rules/ yet")
    out = tmp_path / "out"
    p = cli("run", "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert sorted(os.listdir(out)) == NAMES
    matrix = (out / "matrix.md").read_text(encoding="utf-8")
    header = [x for x in matrix.splitlines() if x.startswith("| claim")][0]
    assert [c.strip() for c in header.strip("|").split("|")] == ["claim", "wire-a", "wire-b", "tabloid-c"]
    toll = [x for x in matrix.splitlines() if x.startswith("| `ghouta-toll`")][0]
    assert [c.strip() for c in toll.strip("|").split("|")][1:] == ["✓", "✓", "✗"]
    disc = (out / "discrepancies.md").read_text(encoding="utf-8")
    row = [x for x in disc.splitlines() if x.startswith("| `ghouta-toll`")][0]
    assert '✓ "around 1,400"' in row and '✗ "1,000"' in row
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert len(doc["results"]) == len(doc["claims"]) * len(doc["articles"])


def _seed_old(out: Path) -> dict:
    out.mkdir()
    old = {}
    for name in NAMES:
        (out / name).write_text(f"previous {name}\n", encoding="utf-8")
        old[name] = f"previous {name}\n"
    return old


def test_interrupted_run_keeps_previous_reports(tmp_path, monkeypatch, capsys):
    from checker.reports import html as html_report

    out = tmp_path / "out"
    old = _seed_old(out)

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(html_report, "render", interrupted)
    code = main(["run", "--rules", str(ROOT / RULES), "--articles", str(ROOT / ARTS), "--out", str(out)])
    assert code == 130
    assert sorted(os.listdir(out)) == NAMES
    assert {n: (out / n).read_text(encoding="utf-8") for n in NAMES} == old


def test_interrupted_while_writing_keeps_previous_reports(tmp_path, monkeypatch):
    from checker.reports import sink

    out = tmp_path / "out"
    old = _seed_old(out)
    real = sink._close_temp
    calls = []

    def flaky(*a):
        calls.append(a[1])
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(*a)

    monkeypatch.setattr(sink, "_close_temp", flaky)
    code = main(["run", "--rules", str(ROOT / RULES), "--articles", str(ROOT / ARTS), "--out", str(out)])
    assert code == 130
    assert sorted(os.listdir(out)) == NAMES  # no stray temp files
    assert {n: (out / n).read_text(encoding="utf-8") for n in NAMES} == old
