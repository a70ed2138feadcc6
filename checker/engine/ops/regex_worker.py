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


class RegexTimeout(Exception):
    """The search ran past its time; the child was killed."""


def _above_standard_streams(fd: int) -> int:
    """``fd``, or a duplicate of it numbered above 2 (a process started
    with a standard stream closed gets such numbers for its pipes, and the
    child's ``dup2`` onto 0, 1, 2 must not clash with them)."""
    low = []
    while fd <= 2:
        low.append(fd)
        fd = os.dup(fd)  # the lowest free number, not inherited
    for f in low:
        os.close(f)
    return fd


class ChildProcess:
    """The regex child: a process whose standard input and output are pipes
    to this one (``stdin`` to write, ``stdout`` to read), its errors
    discarded; :meth:`poll`, :meth:`kill`, :meth:`wait` as
    ``subprocess.Popen`` has them.

    Started with ``os.posix_spawn``, not ``subprocess``: importing
    ``subprocess`` (with ``signal`` and ``selectors``) was ~2.5 ms of CPU of
    every ``claimcheck check`` whose rules need the child (the seed rules
    do), of ~135 ms (issue #16; docs/design.md, "The gate").  This process's
    files are not inherited (Python opens them so), the pipes' other ends
    are closed here once the child has them."""

    def __init__(self, argv: list[str]) -> None:
        opened: list[int] = []
        try:
            opened += os.pipe()  # the child's standard input
            opened += os.pipe()  # its standard output
            opened.append(os.open(os.devnull, os.O_WRONLY | os.O_CLOEXEC))
            for i, fd in enumerate(opened):
                opened[i] = _above_standard_streams(fd)
            r_in, w_in, r_out, w_out, devnull = opened
            self.pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[
                (os.POSIX_SPAWN_DUP2, r_in, 0), (os.POSIX_SPAWN_DUP2, w_out, 1),
                (os.POSIX_SPAWN_DUP2, devnull, 2)])
        except BaseException:
            for fd in opened:
                os.close(fd)
            raise
        for fd in (r_in, w_out, devnull):
            os.close(fd)
        self.stdin = os.fdopen(w_in, "wb")
        self.stdout = os.fdopen(r_out, "rb", buffering=0)
        self.returncode: int | None = None

    def _reaped(self, flags: int) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, flags)
            except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored)
                pid, status = self.pid, 0
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def poll(self) -> int | None:
        """The exit code, or ``None`` while it runs."""
        return self._reaped(os.WNOHANG)

    def wait(self) -> int:
        return self._reaped(0)  # type: ignore[return-value]

    def kill(self) -> None:
        if self.poll() is None:  # (never a signal to a number another process may have now)
            os.kill(self.pid, 9)  # SIGKILL (``signal`` is not imported for its name)


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
    #: search before the child is killed.  The child stops itself once the
    #: search has used the CPU time left (:mod:`.regex_child`, a profiling
    #: timer), so this is only a backstop: on a busy machine (a ``--jobs``
    #: worker per core, each with its child, or a loaded CI) the child and
    #: this process may wait for a core, and a quick pattern must not be
    #: stopped for the wait (a wall-clock bound of the time left did so).
    BACKSTOP_SECONDS = 5.0

    def __init__(self) -> None:
        self._proc: ChildProcess | None = None
        self._ready = False  # the child's "ready" line has been read
        self._lock = threading.Lock()

    def _start(self) -> ChildProcess:
        from importlib.util import find_spec

        spec = find_spec("regex")
        where = os.path.dirname(os.path.dirname(spec.origin)) if spec and spec.origin else ""
        child = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regex_child.py")
        # isolated (-I) and without site (-S): starts in ~50 ms, not ~160
        return ChildProcess([sys.executable, "-I", "-S", child, where])

    def _running(self) -> ChildProcess:
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
        uses more than ``seconds`` of CPU time (the child then ends itself) or
        takes :attr:`BACKSTOP_SECONDS` more than that in wall time (the child
        is then killed)."""
        with self._lock:
            proc = self._running()
            request = json.dumps({"p": pattern, "f": flags, "t": text, "s": spans, "l": max(seconds, 1e-3)}) + "\n"
            try:
                if not self._ready:  # the start is not the search's: its clock starts once the child is up
                    self._read_line(proc, time.monotonic() + self.START_SECONDS)
                    self._ready = True
                deadline = time.monotonic() + max(seconds, 0.0) + self.BACKSTOP_SECONDS
                proc.stdin.write(request.encode("utf-8"))
                proc.stdin.flush()
                answer = self._read_line(proc, deadline)
            except (BrokenPipeError, OSError, RegexTimeout):
                self._kill()
                raise RegexTimeout from None
            got = json.loads(answer)
            return [(a, b) for a, b in got["m"]], float(got["c"])

    @staticmethod
    def _read_line(proc: ChildProcess, deadline: float) -> bytes:
        fd = proc.stdout.fileno()
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
