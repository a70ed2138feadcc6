"""The regex child is started with ``os.posix_spawn`` (issue #16: importing
``subprocess`` was ~2.5 ms of the gate's CPU): its pipes work whatever
descriptors the parent has free, it is killed and reaped, and the gate does
not import ``subprocess`` for it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SEARCH = """
import os, sys
for fd in {closed}:
    os.close(fd)
from checker.engine.ops.regex_worker import RegexWorker
w = RegexWorker()
found, _ = w.search("AFP(?=[A-Z])", "", "x AFPSyria", [(0, 10)], 5.0)
w.close()
os.write({out}, (repr(found) + " " + repr("subprocess" in sys.modules)).encode())
"""


def _run(closed: tuple[int, ...], out: int) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", SEARCH.format(closed=closed, out=out)], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout if out == 1 else proc.stderr


def test_the_child_answers_from_a_process_with_standard_streams_closed():
    """A parent started with its standard input (or output) closed gets
    pipes numbered 0, 1 or 2: the child must still read and answer on its
    own standard streams."""
    assert _run((), 1) == "[(2, 5)] False"
    assert _run((0,), 1) == "[(2, 5)] False"
    assert _run((0, 1), 2) == "[(2, 5)] False"


def test_a_killed_child_is_reaped_and_replaced():
    from checker.engine.ops.regex_worker import RegexWorker

    worker = RegexWorker()
    try:
        assert worker.search("a(?=b)", "", "ab", [(0, 2)], 5.0)[0] == [(0, 1)]
        first = worker._proc
        assert first.poll() is None
        worker.close()
        assert first.returncode is not None  # killed and reaped: no zombie left
        assert worker.search("a(?=b)", "", "xab", [(0, 3)], 5.0)[0] == [(1, 2)]  # a new child
        assert worker._proc.pid != first.pid
    finally:
        worker.close()
