"""The worker processes that analyse and evaluate drafts.

The event loop only speaks HTTP; every draft is analysed and evaluated in a
:class:`Workers` pool of processes (``spawn``ed: a clean interpreter, never a
fork of a process that runs threads and an event loop).  Each process
compiles the rule set once, when it starts, and answers drafts with its
:class:`~checker.serve.answer.Checker` until the pool is closed: a rule
reload starts a new pool and closes the old one once its work is done.

The event loop talks to each worker over a pipe of its own (a socket pair,
in :mod:`multiprocessing.connection`'s framing: a 4-byte length, then a
pickle), read and written by the loop itself.  A
:class:`concurrent.futures.ProcessPoolExecutor` did this before with two
threads of its own in the main process (a queue feeder and a result
manager), which cost the main process about 0.3 ms of CPU time a request
(about a third of all it spends on one) in thread hand-offs alone; the loop
does it in a fraction of that.  Each worker holds at most :data:`DEPTH`
drafts, so the next one is already in its pipe when it finishes one; the
others wait in the main process and go to the first worker that has room.
A long draft (over :data:`PIPELINE_LIMIT` characters) is never queued in a
worker's pipe behind another draft or ahead of one, so it holds up no draft
another worker could answer.

Workers ignore SIGINT: a Ctrl+C in a terminal reaches the whole process
group, and the drafts in flight must still be answered; the main process
stops them when it closes the pool (end of input on the pipe).  A worker
that dies (killed, out of memory) breaks the pool, as it broke the
executor: the tasks it held and the ones waiting fail with
:class:`~concurrent.futures.process.BrokenProcessPool` (the service starts
a fresh pool and asks again), the tasks the other workers hold are answered.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import pickle
import signal
import socket
import struct
import traceback
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from multiprocessing.connection import Connection

from .. import collector
from ..errors import CheckError
from ..models import RuleSet
from .answer import Checker, encode
from .drafts import BadRequest, CheckRequest, Draft, parse_body

DEPTH = 2  # tasks a worker holds at once: one it works on, the next waiting in its pipe
# a draft longer than this (characters; a 1,000-word draft is about 6,000) is
# never queued behind another in a worker's pipe, nor another behind it: a
# long draft would hold up the next one while another worker could answer it
PIPELINE_LIMIT = 20_000
STOP_WAIT = 10.0  # seconds a worker has to exit once its pipe is closed, before it is terminated
_LENGTH = struct.Struct("!i")  # multiprocessing.connection's frame header (messages under 2 GB)


# ------------------------------------------------------- in the worker ---


def _check(checker: Checker, draft: Draft, with_explanations: bool) -> tuple[int, bytes, bool]:
    """``(status, JSON body, blocking)`` for one draft."""
    try:
        answer = checker.answer(draft, with_explanations)
    except CheckError as err:  # front matter that cannot be read
        return 400, encode({"error": str(err), "article": {"id": draft.id}}), False
    return 200, encode(answer), answer["blocking"]


def _parse(checker: Checker, body: bytes) -> tuple[CheckRequest | None, str | None]:
    """A large body read into drafts here, not on the event loop: ``(request,
    None)`` or ``(None, the 400's message)``."""
    try:
        return parse_body(body), None
    except BadRequest as bad:
        return None, bad.message


def _ready(checker: Checker) -> int:
    return os.getpid()


TASKS = {"check": _check, "parse": _parse, "ready": _ready}


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker (its ``__cause__`` in
    the main process, so the service's log shows where it happened)."""

    def __str__(self) -> str:
        return f"\n{self.args[0]}" if self.args else ""


def _failure(exc: Exception) -> tuple[Exception, str]:
    """An unexpected exception as the main process can rebuild it."""
    text = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - an exception that does not travel: say what it was
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc, text


def _serve(conn: Connection, rules: RuleSet, version: int) -> None:
    """A worker process: compile the rules once, then answer tasks until the
    main process closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    checker = Checker(rules, version)
    # modules and compiled rules live as long as the process: frozen, so the
    # cyclic collector does not walk them after every few drafts; an answer
    # leaves no cyclic garbage, yet at the default threshold (700) the
    # collector ran about once a draft (and walked the answer being built):
    # 0.12 ms of 5.2 per 1,000-word draft.  It still runs, less often.
    collector.settle_long_lived()
    while True:
        try:
            task, args = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return  # the pool is closed (or the main process is gone)
        try:
            reply = (True, TASKS[task](checker, *args))
        except Exception as exc:  # noqa: BLE001 - a fault of the service: the main process logs it
            reply = (False, _failure(exc))
        try:
            _send_frame(conn, pickle.dumps(reply, pickle.HIGHEST_PROTOCOL))
        except OSError:
            return


def _send_frame(conn: Connection, message: bytes) -> None:
    """``conn.send_bytes(message)`` in one write: ``send_bytes`` writes the
    4-byte header and a message over 16 KB (an answer to a 1,000-word draft
    is ~55 KB) in two, and the event loop woke for the header alone."""
    data = memoryview(_LENGTH.pack(len(message)) + message)
    fd = conn.fileno()
    while data:
        data = data[os.write(fd, data):]


# --------------------------------------------------- in the main process ---


class _Link(asyncio.Protocol):
    """The event loop's end of one worker's pipe: the tasks sent to it, in
    order (a worker answers in order), and the bytes of a partial answer."""

    def __init__(self, pool: Workers, proc: multiprocessing.process.BaseProcess) -> None:
        self.pool = pool
        self.proc = proc
        self.pending: deque[asyncio.Future] = deque()
        self.heavy: deque[bool] = deque()  # for each pending task, whether it is not to be queued behind
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.lost = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def send(self, message: bytes, future: asyncio.Future, heavy: bool = True) -> None:
        assert self.transport is not None
        self.transport.write(_LENGTH.pack(len(message)) + message)
        self.pending.append(future)
        self.heavy.append(heavy)

    def has_room(self, heavy: bool) -> bool:
        """Whether a task can be sent now: to an idle worker always; behind
        another only up to :data:`DEPTH`, and neither of them heavy."""
        if not self.pending:
            return True
        return not heavy and len(self.pending) < DEPTH and not any(self.heavy)

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        while len(buffer) >= 4:
            (size,) = _LENGTH.unpack_from(buffer)
            end = 4 + size
            if len(buffer) < end:
                return
            message = buffer[4:end]
            del buffer[:end]
            self.pool._answered(self, message)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        self.pool._lost(self)


class Workers:
    """A pool of ``processes`` worker processes holding one rule set."""

    def __init__(self, rules: RuleSet, version: int, processes: int) -> None:
        self.processes = processes
        self.version = version
        self.rules = rules
        self._procs: list[multiprocessing.process.BaseProcess] = []
        self._links: list[_Link] = []
        self._waiting: deque[tuple[bytes, asyncio.Future, bool]] = deque()
        self._broken: str | None = None
        self._closing = False
        self._reaping: asyncio.Future | None = None

    async def start(self) -> list[int]:
        """Start every process and wait until each holds its rules; their pids."""
        loop = asyncio.get_running_loop()
        spawn = multiprocessing.get_context("spawn")
        for _ in range(self.processes):
            ours, theirs = spawn.Pipe(duplex=True)
            proc = spawn.Process(target=_serve, args=(theirs, self.rules, self.version), daemon=True)
            self._procs.append(proc)
            try:
                await asyncio.to_thread(proc.start)  # the rules are pickled to it: off the loop
            finally:
                theirs.close()
            sock = socket.socket(fileno=os.dup(ours.fileno()))  # the loop's own descriptor
            ours.close()
            _, link = await loop.connect_accepted_socket(partial(_Link, self, proc), sock)
            self._links.append(link)
        pids = await asyncio.gather(*(self._send(link, "ready", ()) for link in self._links))
        return sorted(set(pids))

    # ---- tasks ------------------------------------------------------------

    def _send(self, link: _Link, task: str, args: tuple) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        link.send(pickle.dumps((task, args), pickle.HIGHEST_PROTOCOL), future)
        return future

    def _submit(self, task: str, args: tuple, heavy: bool) -> asyncio.Future:
        """A task for the worker with the fewest tasks among those with room
        (:meth:`_Link.has_room`), else (or when others wait already) to wait
        for the first that has."""
        if self._broken is not None:
            raise BrokenProcessPool(self._broken)
        if not self._links:
            raise RuntimeError("the worker pool is not started")
        future = asyncio.get_running_loop().create_future()
        message = pickle.dumps((task, args), pickle.HIGHEST_PROTOCOL)
        ready = [link for link in self._links if link.has_room(heavy)]
        if ready and not self._waiting:
            min(ready, key=lambda k: len(k.pending)).send(message, future, heavy)
        else:
            self._waiting.append((message, future, heavy))
        return future

    def _answered(self, link: _Link, message: bytearray) -> None:
        future = link.pending.popleft()
        link.heavy.popleft()
        ok, value = pickle.loads(message)
        if not future.done():  # not cancelled (its client went away)
            if ok:
                future.set_result(value)
            else:
                exc, text = value
                exc.__cause__ = RemoteTraceback(text)
                future.set_exception(exc)
        waiting = self._waiting
        while waiting and not link.lost and link.has_room(waiting[0][2]):
            message, future, heavy = waiting.popleft()
            if not future.done():
                link.send(message, future, heavy)

    def _lost(self, link: _Link) -> None:
        """A worker's pipe closed: the pool is closing, or the worker died."""
        if self._closing and not link.pending:
            return
        # reap it now (its exit closed the pipe a moment before): no zombie left until the pool is closed
        self._reaping = asyncio.get_running_loop().run_in_executor(None, link.proc.join, STOP_WAIT)
        self._broken = "a worker process died (killed, or out of memory)"
        failed = list(link.pending) + [f for _, f, _ in self._waiting]
        link.pending.clear()
        link.heavy.clear()
        self._waiting.clear()
        for future in failed:
            if not future.done():
                future.set_exception(BrokenProcessPool(self._broken))

    async def check(self, draft: Draft, with_explanations: bool = False) -> tuple[int, bytes, bool]:
        return await self._submit("check", (draft, with_explanations), len(draft.text) > PIPELINE_LIMIT)

    async def parse(self, body: bytes) -> CheckRequest:
        request, error = await self._submit("parse", (body,), True)  # only large bodies come here
        if error is not None:
            raise BadRequest(error)
        assert request is not None
        return request

    # ---- the end ----------------------------------------------------------

    async def close(self) -> None:
        """Let the work already given finish, then stop the processes."""
        self._closing = True
        while True:
            given = [f for link in self._links for f in link.pending] + [f for _, f, _ in self._waiting]
            given = [f for f in given if not f.done()]
            if not given:
                break
            await asyncio.wait(given)  # never cancels them, even if this is cancelled
        for link in self._links:
            if link.transport is not None:
                link.transport.close()  # end of input: the worker returns
        if self._reaping is not None:
            await self._reaping  # one join at a time
        await asyncio.to_thread(self._join)

    def _join(self) -> None:
        for proc in self._procs:
            if proc.pid is None:
                continue  # never started
            proc.join(STOP_WAIT)
            if proc.exitcode is None:
                proc.terminate()
                proc.join(STOP_WAIT)
            if proc.exitcode is None:
                proc.kill()
                proc.join()
