"""Streamed runs on several processes (issue #11) and ``--out`` checked
before any work (issue #14, item 6), through the real command."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from benchmarks.corpus import generate
from checker.articles import iter_articles, read_articles
from checker.rules.loader import load_valid_rules
from checker.runner import results
from clirun import claimcheck

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ("results.json", "matrix.md", "discrepancies.md", "results.csv", "report.html")


def _sink_landed() -> bool:
    import checker.reports

    return hasattr(checker.reports, "open_sink")


def expected_files() -> tuple[str, ...]:
    # results.jsonl comes with the reports task's streaming sink; once it has
    # landed it must be there and identical too.
    return REPORTS + (("results.jsonl",) if _sink_landed() else ())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    return generate(tmp_path_factory.mktemp("corpus"), articles=150, claims=40, sources=5, seed=3)


def _run_out(tmp: Path, name: str, *args: str) -> dict[str, bytes]:
    out = tmp / name
    ran = claimcheck("run", "--out", str(out), "--format", "json", *args, timeout=180)
    assert ran.code == 0, ran.describe()
    files = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(expected_files()) <= set(files), sorted(files)
    files["stdout"] = ran.out.encode()
    return files


def _same(a: dict[str, bytes], b: dict[str, bytes]) -> None:
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], f"{name} differs"


def test_jobs_2_gives_the_same_reports_as_jobs_1_on_the_seeds(tmp_path):
    one = _run_out(tmp_path, "one", "--jobs", "1")
    two = _run_out(tmp_path, "two", "--jobs", "2")
    _same(one, two)
    assert len(json.loads(one["results.json"])["results"]) > 0


def test_jobs_2_gives_the_same_reports_as_jobs_1_on_a_generated_corpus(tmp_path, corpus):
    rules, articles = corpus
    args = ("--rules", str(rules), "--articles", str(articles))
    one = _run_out(tmp_path, "one", "--jobs", "1", *args)
    two = _run_out(tmp_path, "two", "--jobs", "2", *args)
    _same(one, two)
    doc = json.loads(two["results.json"])
    assert len(doc["articles"]) == 150 and len(doc["claims"]) == 40
    # each article once, in input order (file order), every claim on each
    assert [a["id"] for a in doc["articles"]] == [f"a{i:06d}" for i in range(150)]
    assert len(doc["results"]) == 150 * 40
    assert {r["verdict"] for r in doc["results"]} >= {"pass", "fail", "missing"}


def test_runner_gives_input_order_with_many_small_chunks_in_flight():
    rules, _ = load_valid_rules([ROOT / "rules"])
    seeds, _ = read_articles([ROOT / "seeds"])
    articles = seeds * 12  # the same three again and again: order is all that tells them apart
    serial = list(results(rules, iter(articles), jobs=1))
    pooled = list(results(rules, iter(articles), jobs=2, chunk=1))
    assert [a.id for a, _ in pooled] == [a.id for a in articles]
    assert pooled == serial
    assert all(len(rs) == len(rules.claims) for _, rs in pooled)


def test_runner_takes_articles_a_few_chunks_ahead_not_all_at_once():
    rules, _ = load_valid_rules([ROOT / "rules"])
    seeds, _ = read_articles([ROOT / "seeds"])
    taken = 0

    def endless():
        nonlocal taken
        while True:
            for a in seeds:
                taken += 1
                yield a

    stream = results(rules, endless(), jobs=2, chunk=2)
    try:
        for n, _ in enumerate(stream, 1):
            if n == 10:
                break
        assert taken <= 10 + 2 * 3 * 2 + 2  # what was given back + the window of chunks in flight
    finally:
        stream.close()


def test_iter_articles_reads_lazily(tmp_path):
    (tmp_path / "a.txt").write_text("One.\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "b1", "text": "Two."}\nnot json\n', encoding="utf-8")
    errors: list = []
    it = iter_articles([tmp_path], errors)
    assert next(it).id == "a"
    assert next(it).id == "b1" and errors == []  # the bad line is not read yet
    assert list(it) == [] and len(errors) == 1 and errors[0].line == 2


# ------------------------------------------------------------ broken article


def _broken_run(tmp_path: Path, engine_args: tuple[str, ...], env: dict | None = None) -> dict:
    from break_analysis import MARK, REASON

    arts = tmp_path / "arts"
    arts.mkdir()
    for src in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(src, arts / src.name)
    shutil.copy(ROOT / "seeds" / "sources.yaml", arts / "sources.yaml")
    text = (ROOT / "seeds" / "001_60c4517bd6fe05df.txt").read_text(encoding="utf-8")
    (arts / "002_broken.txt").write_text(text + f"\n{MARK}\n", encoding="utf-8")
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT)
    e.update(env or {})
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "break_analysis.py"), "run", "--articles", str(arts),
                           "--format", "json", "--out", "-", *engine_args],
                          cwd=ROOT, capture_output=True, text=True, env=e, timeout=180)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    ids = [a["id"] for a in doc["articles"]]
    assert ids == ["000_a9affa64a2508c6c", "001_60c4517bd6fe05df", "002_broken", "003_0cc09e80c1cf4d16"]
    claims = len(doc["claims"])
    broken = [r for r in doc["results"] if r["article"] == "002_broken"]
    assert len(broken) == claims and {r["verdict"] for r in broken} == {"error"}
    assert all(REASON in r["message"] for r in broken)
    for other in ids[:2] + ids[3:]:
        mine = [r for r in doc["results"] if r["article"] == other]
        assert len(mine) == claims and "error" not in {r["verdict"] for r in mine}
    return doc


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_broken_article_gets_error_verdicts_and_the_others_are_complete(tmp_path, jobs):
    _broken_run(tmp_path, ("--jobs", jobs))


# ------------------------------------------------------------------- SIGINT


def _previous(out: Path) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    old = {}
    for name in expected_files():
        (out / name).write_text(f"previous {name}\n", encoding="utf-8")
        old[name] = f"previous {name}\n"
    return old


@pytest.mark.parametrize("engine", [
    ("--jobs", "2"),
    pytest.param(("--engine", "dask", "--jobs", "2"), id="dask",  # a local cluster, with its head start
                 marks=pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="the dask extra")),
])
def test_sigint_during_a_jobs_2_run_keeps_the_reports_and_leaves_no_worker(tmp_path, engine):
    rules, articles = generate(tmp_path / "big", articles=2000, claims=29, sources=5)
    out = tmp_path / "out"
    old = _previous(out)
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT)
    proc = subprocess.Popen([sys.executable, "-m", "checker", "run", *engine, "--rules", str(rules),
                             "--articles", str(articles), "--out", str(out)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=e,
                            start_new_session=True)
    try:
        main = psutil.Process(proc.pid)
        workers: list[psutil.Process] = []
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = main.children(recursive=True)
            time.sleep(0.05)
        assert len(workers) >= 2, "the run never started its workers"
        time.sleep(1.0)  # mid-run: chunks in flight
        assert proc.poll() is None, "the run ended before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert sorted(os.listdir(out)) == sorted(old)  # no temporary file left
    assert {n: (out / n).read_text(encoding="utf-8") for n in old} == old
    time.sleep(0.2)
    left = [w.pid for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
    assert left == []


# ------------------------------------------------------------ --out problems


def _readonly(path: Path):
    """Make ``path`` a directory nobody may write in, root included; undo."""
    if os.geteuid() != 0:
        path.chmod(0o555)
        return lambda: path.chmod(0o755)
    ran = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if ran.returncode != 0:
        pytest.skip(f"running as root and cannot make a directory immutable: {ran.stderr!r}")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.mark.parametrize("case", ["a file", "under a file", "read-only", "report is a directory"])
def test_out_problems_are_one_located_line_before_any_work(tmp_path, case):
    old: dict[str, str] = {}
    undo = None
    if case == "a file":
        out = tmp_path / "reports"
        out.write_text("mine\n", encoding="utf-8")
        where = out
    elif case == "under a file":
        (tmp_path / "plain").write_text("mine\n", encoding="utf-8")
        out = where = tmp_path / "plain" / "reports"
    elif case == "read-only":
        out = where = tmp_path / "reports"
        old = _previous(out)
        undo = _readonly(out)
    else:
        out = tmp_path / "reports"
        old = _previous(out)
        (out / "report.html").unlink()
        del old["report.html"]
        (out / "report.html").mkdir()
        where = out / "report.html"
    try:
        ran = claimcheck("run", "--out", str(out), "--format", "json", "--jobs", "2")
    finally:
        if undo:
            undo()
    assert ran.code == 2, ran.describe()
    assert "Traceback" not in ran.err
    first = ran.err.splitlines()[0]
    assert first.startswith(f"{where}: "), first
    assert "--out" in first or "report.html" in first
    doc = json.loads(ran.out)  # the requested rendering still comes
    assert doc["results"]
    if case == "a file":
        assert out.read_text(encoding="utf-8") == "mine\n"
    elif case == "under a file":
        assert (tmp_path / "plain").read_text(encoding="utf-8") == "mine\n"
    else:
        assert {n: (out / n).read_text(encoding="utf-8") for n in old} == old
        assert sorted(p.name for p in out.iterdir()) == sorted(list(old) + (["report.html"] if case != "read-only" else []))


def test_out_is_created_when_missing(tmp_path):
    out = tmp_path / "new" / "reports"
    ran = claimcheck("run", "--out", str(out), "--format", "csv", "--jobs", "1")
    assert ran.code == 0, ran.describe()
    assert set(REPORTS) <= {p.name for p in out.iterdir()}


# ------------------------------------------------------------ the dask extra


def test_dask_missing_is_a_message_naming_the_extra(tmp_path):
    fake = tmp_path / "shadow" / "distributed"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError(\"No module named 'distributed'\")\n", encoding="utf-8")
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(tmp_path / "shadow"), str(ROOT)])
    proc = subprocess.run([sys.executable, "-m", "checker", "run", "--engine", "dask", "--out", "-"], cwd=ROOT,
                          capture_output=True, text=True, env=e, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.startswith("--engine: the dask engine needs the optional extra")
    assert 'pip install "claimcheck[dask]"' in proc.stderr and "Traceback" not in proc.stderr


def test_the_local_engine_never_imports_dask():
    code = ("import sys; from checker.cli import main; rc = main(['run', '--out', '-', '--jobs', '2']); "
            "assert 'distributed' not in sys.modules and 'dask' not in sys.modules, 'dask imported'; sys.exit(rc)")
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=e, timeout=120)
    assert proc.returncode == 0, proc.stderr


# ----------------------------------------------------------------- progress


def test_progress_line_on_a_terminal(corpus):
    import pty

    rules, articles = corpus
    master, slave = pty.openpty()
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT)
    proc = subprocess.Popen([sys.executable, "-m", "checker", "run", "--rules", str(rules), "--articles", str(articles),
                             "--out", "-", "--format", "csv", "--jobs", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=slave, env=e)
    os.close(slave)
    seen = b""
    while True:
        try:
            block = os.read(master, 65536)
        except OSError:  # the terminal is gone: the run has ended
            break
        if not block:
            break
        seen += block
    os.close(master)
    assert proc.wait(timeout=120) == 0
    text = seen.decode("utf-8", "replace")
    assert re.search(r"checking \[[#-]{20}\] +\d+/150 +\d+%", text), text[-500:]
    assert re.search(r"\r {20,}\r$", text), repr(text[-200:])  # the line is cleared at the end


def test_no_progress_line_when_stderr_is_not_a_terminal(corpus):
    rules, articles = corpus
    ran = claimcheck("run", "--rules", str(rules), "--articles", str(articles), "--out", "-", "--format", "csv")
    assert ran.code == 0 and "checking" not in ran.err and ran.err == ""


# ------------------------------------------------------- the cyclic collector

_THRESHOLDS = """
import gc, json, sys
import checker.runner.local as local
from checker.cli import main
seen = []
serial = local.serial
def watched(rules, *args, **kwargs):
    for n, item in enumerate(serial(rules, *args, **kwargs)):
        if n == 0:  # the rules were loaded after the start-up's freeze (cli.main): frozen by the run's
            seen.append({"threshold": gc.get_threshold(),
                         "rules_frozen": not any(o is rules for o in gc.get_objects())})
        yield item
local.serial = watched
start = gc.get_threshold()
rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, "start": start, "during": seen, "after": gc.get_threshold()}))
"""


def test_a_run_collects_rarely_while_it_streams_and_gives_the_thresholds_back(tmp_path):
    """A checked article leaves no cyclic garbage; at Python's default
    threshold the collector ran every few results and its full passes walked
    the report tally each time (0.4 s of a 1,000-article run with --out DIR).
    During the stream: what the run started with is frozen and the youngest
    generation is collected every LONG_RUN_THRESHOLD allocations; after it,
    the thresholds are as they were (a run inside a longer process, as here,
    leaves the collector as it found it)."""
    from checker.collector import LONG_RUN_THRESHOLD

    e = dict(os.environ, PYTHONPATH=str(ROOT))
    ran = subprocess.run([sys.executable, "-c", _THRESHOLDS, "run", "--jobs", "1", "--out", str(tmp_path / "r"),
                          "--format", "json"], cwd=ROOT, capture_output=True, text=True, env=e, timeout=120)
    assert ran.returncode == 0, ran.stderr[-2000:]
    seen = json.loads(ran.stdout.splitlines()[-1])
    assert seen["rc"] == 0
    [during] = seen["during"]
    assert during["threshold"] == [LONG_RUN_THRESHOLD, *seen["start"][1:]] != seen["start"]
    assert during["rules_frozen"] is True
    assert seen["after"] == seen["start"]


def test_a_jobs_worker_freezes_its_start_and_collects_rarely():
    """A ``--jobs`` worker, however started (fork, forkserver, spawn): its
    modules and compiled claims frozen, the collector passing rarely."""
    import multiprocessing

    from checker.collector import LONG_RUN_THRESHOLD
    from checker.runner import local

    rules, _ = load_valid_rules([ROOT / "rules"])
    pool = multiprocessing.get_context("spawn").Pool(1, initializer=local._start_worker, initargs=(rules,))
    try:
        threshold, frozen = pool.apply(_collector_state)
    finally:
        pool.terminate()
        pool.join()
    assert threshold[0] == LONG_RUN_THRESHOLD
    assert frozen > 1_000


def _collector_state() -> tuple[tuple[int, int, int], int]:
    import gc

    return gc.get_threshold(), gc.get_freeze_count()
