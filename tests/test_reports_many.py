"""Reports for a story with many sources (#12): fixtures/many-sources/.

40 articles from 25 outlets, written from the seed story with variants
(tolls, a quote's spelling, a general's name, the war's start); the expected
dissenters and value groups are computed here from ``results.jsonl``, not
taken from the renderers.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from wcwidth import wcswidth

from checker import reports
from checker.models import Article, Claim, Evidence, Match, Result, RunResult

ROOT = Path(__file__).resolve().parent.parent
ARTS = "fixtures/many-sources/articles"
ORDER = ("pass", "fail", "missing", "error")


def cli(*argv: str, columns: str | None = "100") -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("FORCE_COLOR", None)
    env.pop("COLUMNS", None)
    if columns:
        env["COLUMNS"] = columns
    return subprocess.run([sys.executable, "-m", "checker", "run", "--articles", ARTS, *argv], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("many")
    p = cli("--out", str(out))
    assert p.returncode == 0, p.stderr
    (out / "stdout.txt").write_text(p.stdout, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def verdicts(out) -> dict:
    """claim -> source -> Counter of verdicts, from results.jsonl and results.json."""
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    source = {a["id"]: a["source"] for a in doc["articles"]}
    table: dict = defaultdict(lambda: defaultdict(Counter))
    for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        table[r["claim"]][source[r["article"]]][r["verdict"]] += 1
    return table


def dissenters(by_source: dict) -> set[str]:
    per_verdict = Counter(v for counts in by_source.values() for v in counts)
    best = max(per_verdict.values())
    major = next(v for v in ORDER if per_verdict.get(v) == best)
    return {s for s, counts in by_source.items() if set(counts) != {major}}


def md_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("|"):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def test_terminal_summary_fits_100_columns(out):
    text = (out / "stdout.txt").read_text(encoding="utf-8")
    assert "sources that differ from the majority" in text  # 25 sources do not fit: the summary
    widths = [wcswidth(line) for line in text.splitlines()]
    assert max(widths) <= 100, [line for line in text.splitlines() if wcswidth(line) > 100]
    assert "\x1b" not in text


@pytest.mark.parametrize("columns", ["60", "200"])
def test_terminal_width_follows_columns(columns):
    p = cli("--out", "-", columns=columns)
    assert p.returncode == 0, p.stderr
    assert max(wcswidth(x) for x in p.stdout.splitlines()) <= int(columns)


def test_summary_names_every_dissenting_source_or_counts_the_rest(out, verdicts):
    rows = {r[0]: r for r in md_rows((out / "matrix.md").read_text(encoding="utf-8"))}
    checked = 0
    for claim, by_source in verdicts.items():
        row = rows[f"`{claim}`"]
        expected = dissenters(by_source)
        text = row[-1]
        named = {s for s in by_source if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text)}
        more = re.search(r"and (\d+) more$", text)
        assert named <= expected, claim
        assert len(named) + (int(more.group(1)) if more else 0) == len(expected), (claim, text)
        counts = Counter(v for c in by_source.values() for v in c)
        assert row[1:5] == [str(counts.get(v, 0)) for v in ORDER]
        checked += bool(expected)
    assert checked >= 5  # toll, name, quote, date, silence variants


def test_terminal_summary_says_what_a_dissenter_says(out):
    text = (out / "stdout.txt").read_text(encoding="utf-8")
    flat = " ".join(text.split())
    assert '✗ northern-echo "Bassam Al-Assad"' in flat
    assert '✗ daily-herald "1,000" (1 of 2 articles)' in flat


def test_num_groups_list_each_value_with_its_sources_largest_first(out):
    text = (out / "discrepancies.md").read_text(encoding="utf-8")
    section = text.split("## `ghouta-toll`", 1)[1].split("\n## ", 1)[0]
    rows = md_rows(section)[2:]  # header, rule
    says = [r[1] for r in rows]
    assert says == ['"around 1,400"', '"1,000"', '"more than 1,000"', '"about 1,300"', "—"]
    n_sources = [int(r[2]) for r in rows]
    assert n_sources[:4] == sorted(n_sources[:4], reverse=True)
    # the sources of the "1,000" group are exactly the outlets with an article that says 1,000
    thousand = set()
    for path in sorted((ROOT / ARTS).glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        if "killed 1,000 people" in body:
            thousand.add(path.stem.split("-", 1)[1])
    assert set(rows[1][4].split(", ")) == thousand
    assert rows[1][2] == str(len(thousand))
    # a source with several articles in a group lists their ids
    assert "agence-nord (2 articles: 000-agence-nord, 025-agence-nord)" in rows[0][4]


def test_quote_groups_by_passage_found(out):
    text = (out / "discrepancies.md").read_text(encoding="utf-8")
    section = text.split("## `darwish-quote`", 1)[1].split("\n## ", 1)[0]
    says = [r[1] for r in md_rows(section)[2:]]
    assert len(says) == 2 and "manoeuvre" in says[0] and "maneuver" in says[1]


def test_view_matrix_and_by_source(verdicts):
    p = cli("--out", "-", "--view", "matrix")
    header = p.stdout.splitlines()[0].split()
    assert header[0] == "claim" and len(header) == 26  # every source a column
    p = cli("--out", "-", "--by", "source", "--view", "matrix")
    lines = p.stdout.splitlines()
    assert lines[0].split()[:3] == ["source", "articles", "1"]
    body = [x for x in lines[2:] if x and not x.startswith(("claims:", "✓", "*"))]
    assert [x.split()[0] for x in body[:25]] == list(dict.fromkeys(
        s for c in verdicts.values() for s in c))[:25]
    p = cli("--out", "-", "--by", "source")
    assert "differs from the majority on" in p.stdout
    assert max(wcswidth(x) for x in p.stdout.splitlines()) <= 100
    flat = " ".join(p.stdout.split())
    assert 'northern-echo 1 general-bassam-al-hassan: ✗ "Bassam Al-Assad"' in flat


def test_markdown_tables_stay_well_formed(out):
    for name in ("matrix.md", "discrepancies.md"):
        text = (out / name).read_text(encoding="utf-8")
        table: list[int] = []
        for line in text.splitlines() + [""]:
            if line.startswith("|"):
                table.append(len(re.findall(r"(?<!\\)\|", line)))
            elif table:
                assert len(set(table)) == 1, (name, table)
                table = []


def test_markdown_format_follows_view_and_by():
    p = cli("--out", "-", "--format", "markdown", "--view", "matrix")
    header = next(x for x in p.stdout.splitlines() if x.startswith("| claim"))
    assert header.count("|") == 27
    p = cli("--out", "-", "--format", "markdown", "--by", "source", "--view", "matrix")
    assert next(x for x in p.stdout.splitlines() if x.startswith("| source"))


def test_three_sources_keep_the_full_matrix(tmp_path):
    p = subprocess.run([sys.executable, "-m", "checker", "run", "--out", str(tmp_path)], cwd=ROOT,
                       capture_output=True, text=True, encoding="utf-8", timeout=120,
                       env={**os.environ, "COLUMNS": "100"})
    assert p.stdout.splitlines()[0].split() == ["claim", "wire-a", "wire-b", "tabloid-c"]
    assert "| claim " in (tmp_path / "matrix.md").read_text(encoding="utf-8")


def test_untrusted_text_is_inert_in_terminal_and_markdown():
    evil = "1,000\x1b[2J\u202eevil | `x` <b>"
    arts = tuple(Article(id=f"a{k}", source=f"s{k}\x1b]0;pwn\x07", path=f"a{k}.txt", text=evil, origin=evil)
                 for k in range(10))
    claim = Claim(id="toll", claim="The toll\x1b[31m", story="s", file="r.yaml", line=1, column=1)

    def result(k: int, a: Article) -> Result:
        fail = k % 3 == 0
        m = Match(evil, 0, len(evil), 1, 1, value=1000, part="NUM(*)", key="contradict" if fail else "expect")
        ev = Evidence("refutes" if fail else "supports", evil, 0, len(evil), 1, 1, (m,))
        return Result("toll", a.id, "fail" if fail else "pass", (ev,))

    results = tuple(result(k, a) for k, a in enumerate(arts))
    run = RunResult(arts, (claim,), results)
    for view in ("summary", "matrix"):
        for by in ("claim", "source"):
            text = reports.render(run, "table", view=view, by=by)
            assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text, (view, by)
            md = reports.render(run, "markdown", view=view, by=by)
            assert "\x1b" not in md and "\u202e" not in md
            for table in md.split("\n\n"):
                widths = {len(re.findall(r"(?<!\\)\|", x)) for x in table.splitlines() if x.startswith("|")}
                assert len(widths) <= 1, (view, by, table)
    assert "\\x1b" in reports.render(run, "table", view="summary")


def test_docs_terminal_captures_are_real_output():
    """docs/reports.md "Many sources": every ```text block is a slice of today's output."""
    doc = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    section = doc.split("## Many sources", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```text\n(.*?)```", section, re.S)
    assert len(blocks) == 3
    outputs = {(): cli("--out", "-").stdout, ("--by", "source"): cli("--out", "-", "--by", "source").stdout}
    for block in blocks:
        lines = block.splitlines()
        args = ()
        if lines[0].startswith("$ "):
            args = tuple(lines[0].split("fixtures/many-sources/articles", 1)[1].split())
            lines = lines[1:]
        assert "\n".join(lines) + "\n" in outputs[args], block[:200]


def test_width_is_columns_else_80_off_a_terminal(monkeypatch):
    import io

    from checker.reports.table import terminal_width

    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width(io.StringIO()) == 80
    monkeypatch.setenv("COLUMNS", "132")
    assert terminal_width(io.StringIO()) == 132
    monkeypatch.setenv("COLUMNS", "wide")
    assert terminal_width(io.StringIO()) == 80


def test_auto_view_is_the_matrix_while_it_fits(monkeypatch):
    from checker.reports import tally
    from checker.reports.table import render

    arts = tuple(Article(id=f"a{k}", source=f"outlet-{k}", path="p", text="x", origin="x") for k in range(6))
    claim = Claim(id="toll", claim="The toll", story="s", file="r.yaml", line=1, column=1)
    run = RunResult(arts, (claim,), tuple(Result("toll", a.id, "pass" if k else "fail") for k, a in enumerate(arts)))
    t = tally.from_run(run)
    wide = render(t, {"width": 200})
    assert wide.splitlines()[0].split() == ["claim"] + [a.source for a in arts]
    narrow = render(t, {"width": 60})
    assert "sources that differ from the majority" in narrow and "✗ outlet-0" in narrow
    assert max(wcswidth(x) for x in narrow.splitlines()) <= 60
