"""The Dask engine on a real ``distributed`` cluster of worker processes:
the same results as one process, a worker killed mid-run loses and doubles
nothing, a broken article gets its ``error`` verdicts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="the dask extra (pip install 'claimcheck[dask]')")

from benchmarks.corpus import generate  # noqa: E402
from checker.articles import read_articles  # noqa: E402
from checker.rules.loader import load_valid_rules  # noqa: E402
from checker.runner import results  # noqa: E402
from clirun import claimcheck  # noqa: E402
from test_scale import _broken_run, _run_out, _same  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    return generate(tmp_path_factory.mktemp("corpus"), articles=120, claims=40, sources=5, seed=5)


def test_a_local_cluster_of_two_workers_gives_the_same_reports(tmp_path, corpus):
    rules, articles = corpus
    args = ("--rules", str(rules), "--articles", str(articles))
    one = _run_out(tmp_path, "one", "--jobs", "1", *args)
    dask = _run_out(tmp_path, "dask", "--engine", "dask", "--jobs", "2", *args)
    _same(one, dask)
    assert len(json.loads(dask["results.json"])["results"]) == 120 * 40


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(corpus):
    rules_dir, articles_dir = corpus
    rules, _ = load_valid_rules([rules_dir])
    articles, _ = read_articles([articles_dir])
    expected = list(results(rules, iter(articles), jobs=1))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        pids = client.run(os.getpid)
        assert len(set(pids.values())) == 2
        victim = sorted(pids.values())[0]
        got = []
        stream = results(rules, iter(articles), engine="dask", scheduler=cluster.scheduler_address, chunk=2)
        for item in stream:
            got.append(item)
            if len(got) == 1:
                os.kill(victim, signal.SIGKILL)  # chunks are in flight on both workers
        after = client.run(os.getpid)
    assert victim not in after.values()  # it really died (the nanny started another)
    assert len(got) == len(expected)
    assert [a.id for a, _ in got] == [a.id for a in articles]
    assert got == expected


def test_the_local_cluster_forks_its_workers_and_leaves_none_behind(tmp_path, corpus):
    """Without --scheduler the workers are forked from the run (no second
    import of claimcheck); when the run ends, none is left."""
    rules, articles = corpus
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import os, sys\n"
        "def dask_setup(worker):\n"
        f"    open({str(tmp_path / 'pids')!r}, 'a').write(f'{{os.getpid()}} {{os.getppid()}} '\n"
        "        f'{int(\"checker.engine\" in sys.modules)}\\n')\n", encoding="utf-8")
    ran = claimcheck("run", "--engine", "dask", "--jobs", "2", "--rules", str(rules), "--articles", str(articles),
                     "--format", "json", "--out", "-", timeout=180,
                     env={"DASK_DISTRIBUTED__WORKER__PRELOAD": json.dumps([str(probe)])})
    assert ran.code == 0, ran.describe()
    workers = [line.split() for line in (tmp_path / "pids").read_text().splitlines()]
    assert len(workers) == 2
    assert len({parent for _, parent, _ in workers}) == 1  # both children of the run itself
    assert all(imported == "1" for _, _, imported in workers)  # claimcheck came with the fork
    for pid, _, _ in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)


def test_a_forked_worker_that_dies_loses_and_doubles_nothing(tmp_path, corpus):
    rules, articles = corpus
    args = ("--rules", str(rules), "--articles", str(articles))
    one = _run_out(tmp_path, "one", "--jobs", "1", *args)
    flag = tmp_path / "killed"
    env = {"DASK_DISTRIBUTED__WORKER__PRELOAD": json.dumps([str(ROOT / "tests" / "kill_worker.py")]),
           "CLAIMCHECK_TEST_KILL_ONCE": str(flag)}
    ran = claimcheck("run", "--out", str(tmp_path / "dask"), "--format", "json", "--engine", "dask", "--jobs", "2",
                     *args, timeout=180, env=env)
    assert ran.code == 0, ran.describe()
    assert flag.exists()  # a worker really died, holding a chunk
    dask = {p.name: p.read_bytes() for p in (tmp_path / "dask").iterdir()}
    dask["stdout"] = ran.out.encode()
    _same(one, dask)


def test_a_run_whose_workers_all_die_stops_with_one_line_and_keeps_the_old_reports(tmp_path, corpus):
    rules, articles = corpus
    out = tmp_path / "reports"
    out.mkdir()
    (out / "results.json").write_text("previous\n", encoding="utf-8")
    env = {"DASK_DISTRIBUTED__WORKER__PRELOAD": json.dumps([str(ROOT / "tests" / "kill_worker.py")]),
           "CLAIMCHECK_TEST_KILL_ALL": "1"}
    ran = claimcheck("run", "--out", str(out), "--format", "json", "--engine", "dask", "--jobs", "2",
                     "--rules", str(rules), "--articles", str(articles), timeout=120, env=env)
    assert ran.code == 2, ran.describe()
    last = ran.err.strip().splitlines()[-1]  # after Dask's own log line on the lost workers
    assert last == "--engine: every worker of the local Dask cluster died; the run stopped", ran.err
    assert "Traceback" not in ran.err
    assert (out / "results.json").read_text(encoding="utf-8") == "previous\n"


def test_a_broken_article_gets_error_verdicts_on_dask(tmp_path):
    preload = json.dumps([str(ROOT / "tests" / "break_analysis.py")])
    _broken_run(tmp_path, ("--engine", "dask", "--jobs", "2"), env={"DASK_DISTRIBUTED__WORKER__PRELOAD": preload})


def test_an_unreachable_scheduler_is_one_located_line():
    ran = claimcheck("run", "--out", "-", "--scheduler", "tcp://127.0.0.1:9", timeout=120)
    assert ran.code == 2, ran.describe()
    assert ran.err.startswith("--scheduler: cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'")
    assert "Traceback" not in ran.err


def test_with_another_thread_running_the_local_cluster_spawns_its_workers(corpus):
    """A process with threads never forks (a fork copies no lock another thread
    holds): a LocalCluster spawns the workers, with the same results."""
    import threading

    from checker.runner import dask_local

    rules_dir, articles_dir = corpus
    rules, _ = load_valid_rules([rules_dir])
    articles, _ = read_articles([articles_dir])
    articles = articles[:30]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not dask_local.can_fork()
        got = list(results(rules, iter(articles), engine="dask", jobs=2, chunk=4))
    finally:
        stop.set()
        other.join()
    assert got == list(results(rules, iter(articles), jobs=1))



# The head start (checker/runner/head_start.py): a run of more than twice
# HEAD_START chunks has its first chunks checked by a process forked before
# the local cluster starts.  Each scenario runs in a fresh process (this one
# has Dask's threads by now, and a process with threads never forks).

def _head_start(corpus, *args: str, stderr: list[str] | None = None) -> dict:
    import subprocess
    import sys

    rules, articles = corpus
    ran = subprocess.run([sys.executable, str(ROOT / "tests" / "head_start_probe.py"), str(rules), str(articles), *args],
                         check=False, capture_output=True, text=True, timeout=180, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])})
    assert ran.returncode == 0, ran.stderr
    if stderr is not None:
        stderr.append(ran.stderr)
    return json.loads(ran.stdout)


def test_a_head_start_checks_the_first_chunks_with_the_same_results(corpus):
    from checker.runner.dask_engine import HEAD_START

    got = _head_start(corpus, "4", "0", "3")  # 30 chunks of 4; the cluster slow to start: 3 s
    assert got["head_start"] == [got["ids"][4 * i] for i in range(HEAD_START)]  # all it holds, no more
    assert got["same"], "not the results of one process"
    # the workers are the local cluster's forked ones (the run's warm-up before forking them
    # leaves it a process that may fork), besides the head start
    assert got["children"].count("claimcheck-dask-worker") == 2, got["children"]


def test_a_head_start_stops_once_the_cluster_is_up_and_the_workers_take_the_rest(corpus):
    """A head start slower than the cluster's start (1 s a chunk) checks the
    first few chunks and no more: the workers are not kept waiting for it."""
    from checker.runner.dask_engine import HEAD_START

    got = _head_start(corpus, "4", "0", "0", "1")
    assert 1 <= len(got["head_start"]) < HEAD_START, got["head_start"]
    assert got["head_start"] == [got["ids"][4 * i] for i in range(len(got["head_start"]))]
    assert got["same"], "not the results of one process"


def test_a_head_start_that_dies_loses_and_doubles_nothing(corpus):
    # it dies at its second chunk (the first was given back), the cluster still starting
    got = _head_start(corpus, "4", "2", "3")
    assert len(got["head_start"]) == 2
    assert got["same"], "not the results of one process"


def test_a_short_run_gets_no_head_start(corpus):
    got = _head_start(corpus, "16")  # 8 chunks
    assert got["head_start"] == []
    assert got["same"], "not the results of one process"


def test_a_run_stopped_during_its_head_start_leaves_no_process_and_no_traceback(corpus):
    err: list[str] = []
    got = _head_start(corpus, "4", "-1", stderr=err)  # closed while the head start holds unread chunks
    assert got == {"children": [], "first": True}
    assert "Traceback" not in err[0] and "Exception" not in err[0], err[0]


def test_a_chunk_given_up_as_the_last_worker_dies_says_every_worker_died(monkeypatch):
    """The scheduler hears the last worker's sockets close (and gives its chunk
    up) a moment before that process is seen to have ended: the run waits for
    it before saying which way it stopped (found under load: "a chunk was lost")."""
    from checker.runner import dask_engine

    monkeypatch.setattr(dask_engine, "SETTLE_SECONDS", 0.5)
    seen = iter([True, True, False])
    assert dask_engine._all_died(lambda: next(seen))
    assert not dask_engine._all_died(lambda: True)  # a worker really left: a chunk was lost


def _script(tmp_path: Path, text: str, *args: str) -> subprocess.CompletedProcess:
    """Run ``text`` as a Python script of its own (a fresh process with one
    thread: the local cluster forks its workers from it)."""
    script = tmp_path / "script.py"
    script.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, str(script), *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


_QUIET_RUN = """
import logging, socket, sys
import distributed

# a dashboard of another cluster on Dask's default port
busy = socket.socket()
try:
    busy.bind(("127.0.0.1", 8787))
    busy.listen()
except OSError:
    pass  # taken already: as busy

# a worker's Dask logs an error, as one did at the end of a run under load
# (a heartbeat in flight when the scheduler closed); the workers are forked
# from this process, so they have this
heartbeat = distributed.Worker.heartbeat


async def failing(self):
    logging.getLogger("distributed.worker").error("Failed to communicate with scheduler during heartbeat.")
    return await heartbeat(self)


distributed.Worker.heartbeat = failing
from checker.cli import main

sys.exit(main(sys.argv[1:]))
"""


def test_a_local_cluster_run_says_nothing_of_dasks_on_stderr(tmp_path, corpus):
    """Port 8787 taken, a worker logging an error: the run's stderr stays
    the run's (it had the scheduler's port warning, and tracebacks)."""
    rules, articles = corpus
    ran = _script(tmp_path, _QUIET_RUN, "run", "--engine", "dask", "--jobs", "2", "--rules", str(rules),
                  "--articles", str(articles), "--format", "json", "--out", "-")
    assert ran.returncode in (0, 1), ran.stderr[-2000:]
    assert len(json.loads(ran.stdout)["results"]) == 120 * 40
    assert ran.stderr == ""


_CALLBACKS = """
import gc, json, os, sys
from checker.articles import read_articles
from checker.rules.loader import load_valid_rules
from checker.runner import dask_engine, results

rules, _ = load_valid_rules([sys.argv[1]])
articles, _ = read_articles([sys.argv[2]])
check = dask_engine._check_chunk


def watched(rules, block):  # in the forked workers (and the head start); in the run, its warm-up
    with open(sys.argv[3], "a") as f:
        f.write(f"{os.getpid()} {gc.isenabled()} {gc.get_freeze_count()} {len(block)}\\n")
    return check(rules, block)


watched.__qualname__ = check.__qualname__
dask_engine._check_chunk = watched
seen = {}
for n, _ in enumerate(results(rules, iter(articles), engine="dask", jobs=2, chunk=2)):
    if n == 0:  # the cluster up, the run going on
        seen = {"callbacks": [getattr(cb, "__qualname__", repr(cb)) for cb in gc.callbacks],
                "enabled": gc.isenabled(), "frozen": gc.get_freeze_count(), "pid": os.getpid()}
print(json.dumps(seen))
"""


def test_the_garbage_collector_in_the_run_and_its_workers(tmp_path, corpus):
    """No Dask callback in the run's process: the scheduler's GC diagnosis
    ran there as a ``gc.callbacks`` function, and Ctrl-C landing in it was
    dropped by Python (the run went on to its end, exit 0, a traceback on
    stderr).  What the cluster's start built is frozen, and the collector is
    on again, in the run's process and in the workers forked meanwhile."""
    rules, articles = corpus
    log = tmp_path / "workers.log"
    ran = _script(tmp_path, _CALLBACKS, str(rules), str(articles), str(log))
    assert ran.returncode == 0, ran.stderr[-2000:]
    seen = json.loads(ran.stdout)
    assert [cb for cb in seen["callbacks"] if "GCDiagnosis" in cb] == []
    assert seen["enabled"] is True
    assert seen["frozen"] > 40_000  # Dask's modules, scheduler and client (~60,000 objects)
    lines = [line.split() for line in log.read_text().splitlines()]
    # the run checked its first article once itself, while starting the cluster (its collector
    # paused then), so that the workers forked after that inherit a warm start
    assert [size for pid, _, _, size in lines if pid == str(seen["pid"])] == ["1"]
    workers = {pid: rest for pid, *rest in lines if pid != str(seen["pid"])}
    assert len(workers) >= 2
    assert all(enabled == "True" for enabled, _, _ in workers.values())
