"""The Dask engine on a real ``distributed`` cluster of worker processes:
the same results as one process, a worker killed mid-run loses and doubles
nothing, a broken article gets its ``error`` verdicts."""

from __future__ import annotations

import json
import os
import signal
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


def test_a_broken_article_gets_error_verdicts_on_dask(tmp_path):
    preload = json.dumps([str(ROOT / "tests" / "break_analysis.py")])
    _broken_run(tmp_path, ("--engine", "dask", "--jobs", "2"), env={"DASK_DISTRIBUTED__WORKER__PRELOAD": preload})


def test_an_unreachable_scheduler_is_one_located_line():
    ran = claimcheck("run", "--out", "-", "--scheduler", "tcp://127.0.0.1:9", timeout=120)
    assert ran.code == 2, ran.describe()
    assert ran.err.startswith("--scheduler: cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'")
    assert "Traceback" not in ran.err
