"""The backtracking path of ``/regex/``: the ``regex`` module in a child
process that is killed when it runs past its time (issue #14.4).

Only patterns that google-re2 cannot run with the same meaning (a
backreference, a lookaround, a possessive or atomic group, ``\\Z``…) come
here.  The ``regex`` module's own ``timeout`` is checked only now and then:
``/a?…a?a…a(?=x)?/`` with 3,000 of each ran 17 s under a 1 s timeout, and
the overrun grows with the pattern and the text.  A process can be stopped
at any instant, so the bound holds whatever the pattern: the parent waits
for the answer at most the time left, then kills the child (a new one
starts when next needed).

The child is :mod:`.regex_child`, run as a script: one JSON request a
line, one answer a line.
"""

from __future__ import annotations

import json
import os
import select
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess


class RegexTimeout(Exception):
    """The search ran past its time; the child was killed."""


class RegexWorker:
    """One child process running ``regex`` searches, killed on overrun.

    Thread-safe; the child starts at the first search (or sooner, :meth:`start`)
    and is killed when the worker is closed or garbage-collected.  A process
    uses one worker for all its claims (:func:`shared_worker`): the time
    budgets stay per claim (:class:`~checker.engine.ops.regex.RegexBudget`),
    the child is shared, so a run starts at most one child however many
    claims need it."""

    #: Seconds a child may take to start (import ``regex``) before it is
    #: given up for dead; not counted in any claim's time budget.
    START_SECONDS = 30.0

    #: Wall-clock seconds an answer may take beyond the CPU time left to the
    #: search.  The budget is the child's CPU time; on a busy machine (a
    #: ``--jobs`` worker per core, each with its child) the child may wait for
    #: a core, and a quick pattern must not be killed for that wait.  A
    #: runaway pattern is still killed within ``left + 0.5`` seconds.
    SCHEDULING_SECONDS = 0.5

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._ready = False  # the child's "ready" line has been read
        self._lock = threading.Lock()

    def _start(self) -> subprocess.Popen:
        import subprocess
        from importlib.util import find_spec

        spec = find_spec("regex")
        where = os.path.dirname(os.path.dirname(spec.origin)) if spec and spec.origin else ""
        child = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regex_child.py")
        return subprocess.Popen(  # isolated (-I) and without site (-S): starts in ~50 ms, not ~160
            [sys.executable, "-I", "-S", child, where],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )

    def _running(self) -> subprocess.Popen:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = self._start()
            self._ready = False
        return self._proc

    def start(self) -> None:
        """Start the child now, unless one is running.  A command that knows
        early that it will search on the backtracking path calls this before
        its other work: the child's interpreter then starts on another core
        while the parent reads and analyses, instead of at the first search
        (issue #16.4: ~40 ms of the gate's 0.2 s was spent waiting for it)."""
        with self._lock:
            self._running()

    def search(self, pattern: str, flags: str, text: str, spans: list[tuple[int, int]],
               seconds: float) -> tuple[list[tuple[int, int]], float]:
        """The non-empty matches in each span of ``text`` and the CPU seconds
        the search took in the child; :class:`RegexTimeout` when the answer
        takes more than ``seconds`` (plus :attr:`SCHEDULING_SECONDS`) of wall
        time (the child is then killed)."""
        with self._lock:
            proc = self._running()
            request = json.dumps({"p": pattern, "f": flags, "t": text, "s": spans}) + "\n"
            try:
                if not self._ready:  # the start is not the search's: its clock starts once the child is up
                    self._read_line(proc, time.monotonic() + self.START_SECONDS)
                    self._ready = True
                deadline = time.monotonic() + max(seconds, 0.0) + self.SCHEDULING_SECONDS
                proc.stdin.write(request.encode("utf-8"))  # type: ignore[union-attr]
                proc.stdin.flush()  # type: ignore[union-attr]
                answer = self._read_line(proc, deadline)
            except (BrokenPipeError, OSError, RegexTimeout):
                self._kill()
                raise RegexTimeout from None
            got = json.loads(answer)
            return [(a, b) for a, b in got["m"]], float(got["c"])

    @staticmethod
    def _read_line(proc: subprocess.Popen, deadline: float) -> bytes:
        fd = proc.stdout.fileno()  # type: ignore[union-attr]
        chunks = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RegexTimeout
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                raise RegexTimeout
            chunk = os.read(fd, 1 << 16)
            if not chunk:  # the child died (memory limit, signal)
                raise RegexTimeout
            chunks.append(chunk)
            if chunk.endswith(b"\n"):
                return b"".join(chunks)

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream.close()  # type: ignore[union-attr]
                except OSError:
                    pass

    def close(self) -> None:
        with self._lock:
            self._kill()

    def __del__(self) -> None:
        try:
            self._kill()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


_shared: tuple[int, RegexWorker] | None = None
_shared_lock = threading.Lock()


def shared_worker() -> RegexWorker:
    """This process's worker, made at first use.  A process forked from one
    that had a worker (a ``--jobs`` pool) makes its own: the parent's child
    and pipes are not its to use."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared[0] != os.getpid():
            _shared = (os.getpid(), RegexWorker())
        return _shared[1]
