"""The worker processes that analyse and evaluate drafts.

The event loop only speaks HTTP; every draft is analysed and evaluated in a
:class:`Workers` pool of processes (``spawn``ed: a clean interpreter, never a
fork of a process that runs threads and an event loop).  Each process
compiles the rule set once, when it starts, and answers drafts with its
:class:`~checker.serve.answer.Checker` until the pool is closed: a rule
reload starts a new pool and closes the old one once its work is done.

Workers ignore SIGINT: a Ctrl+C in a terminal reaches the whole process
group, and the drafts in flight must still be answered; the main process
stops them when it closes the pool.  SIGTERM keeps its default: it is how the
pool ends a worker that stays when another one has died (a worker ignoring it
would hang that clean-up, and with it the service).
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor

from ..errors import CheckError
from ..models import RuleSet
from .answer import Checker, encode
from .drafts import BadRequest, CheckRequest, Draft, parse_body

# This worker process's compiled rules, set once by :func:`_start` (a pool's
# initializer is the only way to hand a process its state).
_checker: Checker | None = None


def _start(rules: RuleSet, version: int) -> None:
    global _checker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _checker = Checker(rules, version)
    # modules and compiled rules live as long as the process: keep the cyclic
    # collector from walking them again after every few drafts
    gc.freeze()


def _ready() -> int:
    time.sleep(0.05)  # long enough that each warm-up call starts its own process
    return os.getpid()


def _check(draft: Draft, with_explanations: bool) -> tuple[int, bytes, bool]:
    """``(status, JSON body, blocking)`` for one draft."""
    assert _checker is not None, "worker started without rules"
    try:
        answer = _checker.answer(draft, with_explanations)
    except CheckError as err:  # front matter that cannot be read
        return 400, encode({"error": str(err), "article": {"id": draft.id}}), False
    return 200, encode(answer), answer["blocking"]


def _parse(body: bytes) -> tuple[CheckRequest | None, str | None]:
    """A large body read into drafts here, not on the event loop: ``(request,
    None)`` or ``(None, the 400's message)``."""
    try:
        return parse_body(body), None
    except BadRequest as bad:
        return None, bad.message


class Workers:
    """A pool of ``processes`` worker processes holding one rule set."""

    def __init__(self, rules: RuleSet, version: int, processes: int) -> None:
        self.processes = processes
        self.version = version
        self.executor = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(rules, version),
        )

    async def start(self) -> list[int]:
        """Start every process and wait until each holds its rules; their pids."""
        loop = asyncio.get_running_loop()
        pids = await asyncio.gather(*(loop.run_in_executor(self.executor, _ready)
                                      for _ in range(self.processes)))
        return sorted(set(pids))

    async def check(self, draft: Draft, with_explanations: bool = False) -> tuple[int, bytes, bool]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, _check, draft, with_explanations)

    async def parse(self, body: bytes) -> CheckRequest:
        loop = asyncio.get_running_loop()
        request, error = await loop.run_in_executor(self.executor, _parse, body)
        if error is not None:
            raise BadRequest(error)
        assert request is not None
        return request

    async def close(self) -> None:
        """Let the work already given finish, then stop the processes."""
        await asyncio.to_thread(self.executor.shutdown, True)
