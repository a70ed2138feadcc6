"""`claimcheck run` through its real entry point: JSON per SPEC §6, exit codes, errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BAD_RULES = sorted((ROOT / "fixtures" / "rules" / "bad").glob("*.yaml"))
LOCATED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): \S")


def claimcheck(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def seeds_json() -> dict:
    proc = claimcheck("run", "--format", "json", "--out", "-")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_json_matches_the_contract(seeds_json: dict) -> None:
    doc = seeds_json
    assert doc["schema"] == "claimcheck/results@1"
    assert {"schema", "articles", "claims", "results", "counts"} <= set(doc)
    ids = [a["id"] for a in doc["articles"]]
    assert ids == ["000_a9affa64a2508c6c", "001_60c4517bd6fe05df", "003_0cc09e80c1cf4d16"]
    for a in doc["articles"]:
        assert set(a) >= {"id", "source", "path", "title"}
        assert Path(ROOT / a["path"]).is_file()
    assert [a["source"] for a in doc["articles"]] == ["wire-a", "wire-b", "tabloid-c"]
    claim_ids = [c["id"] for c in doc["claims"]]
    assert len(claim_ids) == len(set(claim_ids)) >= 20
    for c in doc["claims"]:
        assert set(c) >= {"id", "claim", "story", "file", "line", "severity"}
        assert c["story"] == "assad-warrant" and c["file"] == "rules/assad-warrant.yaml"
        assert isinstance(c["line"], int) and c["severity"] in ("error", "warning", "info")
    forbid = {c["id"] for c in doc["claims"] if "forbid" in c["queries"]}
    assert forbid and all("expect" in c["queries"] for c in doc["claims"] if c["id"] not in forbid)
    # every claim meets every article once (no default claim restricts its sources)
    pairs = [(r["claim"], r["article"]) for r in doc["results"]]
    assert len(pairs) == len(set(pairs)) == len(claim_ids) * len(ids)
    for r in doc["results"]:
        assert set(r) >= {"claim", "article", "verdict", "evidence", "known", "message"}
        assert r["verdict"] in ("pass", "fail", "missing", "error")
        assert isinstance(r["known"], bool) and isinstance(r["message"], str)
        if r["verdict"] == "fail" or (r["verdict"] == "pass" and r["claim"] not in forbid):
            assert r["evidence"], r  # a forbid claim passes on the absence of words
        for e in r["evidence"]:
            assert set(e) >= {"text", "line", "column", "matches"}
            for m in e["matches"]:
                assert set(m) >= {"text", "line", "column", "value"}
    # counts add up per article
    for article_id in ids:
        mine = [r["verdict"] for r in doc["results"] if r["article"] == article_id]
        assert doc["counts"][article_id] == {v: mine.count(v) for v in ("pass", "fail", "missing", "error")}


def test_json_evidence_for_the_toll_is_the_contracts_example(seeds_json: dict) -> None:
    r = next(r for r in seeds_json["results"]
             if r["claim"] == "ghouta-toll" and r["article"].startswith("000"))
    assert r["verdict"] == "pass"
    (match,) = r["evidence"][0]["matches"]
    raw = (ROOT / "seeds" / "000_a9affa64a2508c6c.txt").read_text(encoding="utf-8")
    offset = raw.index("around 1,400")
    line = raw.count("\n", 0, offset) + 1
    column = offset - (raw.rfind("\n", 0, offset) + 1) + 1
    assert (match["text"], match["line"], match["column"], match["value"]) == ("around 1,400", line, column, 1400)
    assert r["evidence"][0]["line"] == line and r["evidence"][0]["column"] == 1


@pytest.mark.parametrize("path", BAD_RULES, ids=[p.name for p in BAD_RULES])
def test_bad_rule_file_exits_2_with_a_located_error_and_no_traceback(path: Path) -> None:
    rel = path.relative_to(ROOT).as_posix()
    proc = claimcheck("run", "--rules", rel, "--out", "-")
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout
    first = proc.stderr.splitlines()[0]
    m = LOCATED.match(first)
    assert m and m["file"] == rel, first
    assert proc.stdout == ""  # nothing evaluated, no matrix


def test_unreadable_article_is_reported_and_the_others_evaluated(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The opposition says the attack killed around 1,400 people.\n", encoding="utf-8")
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"The attack killed \xff\xfe people.\n")
    out = tmp_path / "out"
    proc = claimcheck("run", "--articles", str(tmp_path), "--out", str(out), "--format", "json")
    assert proc.returncode == 2
    assert "broken.txt" in proc.stderr and "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    assert [a["id"] for a in doc["articles"]] == ["good"]
    toll = next(r for r in doc["results"] if r["claim"] == "ghouta-toll")
    assert toll["verdict"] == "pass"
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["results"] == doc["results"]
    assert doc["errors"] and "broken.txt" in doc["errors"][0]["file"]


def test_usage_error_exits_2_without_traceback() -> None:
    proc = claimcheck("run", "--format", "pdf")
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr and "Traceback" not in proc.stderr


def test_missing_rules_path_exits_2() -> None:
    proc = claimcheck("run", "--rules", "no/such/rules", "--out", "-")
    assert proc.returncode == 2
    assert proc.stderr.startswith("no/such/rules") and "Traceback" not in proc.stderr


def test_the_run_command_offers_every_format_the_reports_render():
    """run.py lists the formats without importing the reports (the parser is
    built on every call, the gate's included); the two lists stay equal."""
    from checker import reports
    from checker.commands import run

    assert run.FORMATS == reports.FORMATS


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json", "html"])
def test_a_standard_output_that_cannot_encode_the_symbols_gets_no_traceback(fmt: str, tmp_path: Path) -> None:
    """A run printed to a stream whose encoding lacks ✓ and ✗ (a Windows
    console, ``PYTHONIOENCODING=latin-1``) still prints its report and exits
    as usual (before: a UnicodeEncodeError traceback).  A file format is
    printed as its file, UTF-8; the terminal table shows ``?`` for what the
    stream cannot."""
    from clirun import claimcheck as run_cli

    ran = run_cli("run", "--format", fmt, "--out", "-", env={"PYTHONIOENCODING": "latin-1"})
    assert ran.code == 0 and "Traceback" not in ran.err, ran.describe()
    utf8 = run_cli("run", "--format", fmt, "--out", "-")
    if fmt == "table":
        assert "✓" in utf8.out and "✓" not in ran.out
        assert "? pass" in ran.out and ran.out.count("\n") == utf8.out.count("\n")
        return
    assert ran.utf8 and ran.out == utf8.out
    if fmt in ("csv", "json"):
        files = run_cli("run", "--format", fmt, "--out", str(tmp_path))
        name = {"csv": "results.csv", "json": "results.json"}[fmt]
        with open(tmp_path / name, encoding="utf-8", newline="") as fh:
            assert ran.out == fh.read() == files.out
