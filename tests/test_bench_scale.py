"""The scale benchmark's ratios are taken from commands run side by side.

Its first version measured each command on its own (best of two runs, one
after the other) and divided figures taken minutes apart; on a shared
virtual machine whose speed drifted by half within the run that gave a
Dask / ``--jobs 2`` ratio of 1.98 where the commands, run in turn, gave
1.17.  These tests drive :func:`benchmarks.bench_scale.measure_block` with a
fake clock that slows down as it goes; no command is run and no time is
asserted.
"""

from __future__ import annotations

import pytest

from benchmarks import bench_scale


@pytest.fixture
def drifting(monkeypatch):
    """A machine whose every run is 30 % slower than the one before."""
    calls: list[str] = []
    cost = {"a": 2.0, "b": 3.0, "c": 5.0}

    def measure(cmd, env):
        calls.append(cmd[0])
        return {"wall": cost[cmd[0]] * 1.3 ** (len(calls) - 1), "maxrss": 1024 * len(calls)}

    monkeypatch.setattr(bench_scale, "measure", measure)
    return calls


def test_rounds_alternate_the_order(drifting):
    bench_scale.measure_block({"a": ["a"], "b": ["b"], "c": ["c"]}, 3, {}, show=lambda line: None)
    assert drifting == ["a", "b", "c", "c", "b", "a", "a", "b", "c"]


def test_a_ratio_is_the_median_of_the_rounds_ratios(drifting):
    block = bench_scale.measure_block({"a": ["a"], "b": ["b"]}, 3, {}, show=lambda line: None)
    # each round's ratio is off by one step of drift (x1.3 or /1.3), not by the whole run's
    assert block.ratios("b", "a") == pytest.approx([1.5 * 1.3, 1.5 / 1.3, 1.5 * 1.3])
    assert block.ratio("b", "a") == pytest.approx(1.5 * 1.3)
    assert "rounds 1.15–1.95" in block.figures("b", "a")
    assert block.maxrss("b") == 1024 * 6  # peak memory: the largest of the rounds (b ran 2nd, 3rd, 6th)


def test_median_of_an_even_count():
    assert bench_scale.median([4.0, 1.0, 3.0, 2.0]) == 2.5
