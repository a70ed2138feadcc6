"""The ``dask`` engine: the workers of a Dask ``distributed`` cluster.

Without a scheduler address a local cluster of ``jobs`` worker processes
(one thread each) is started for the run and stopped after it
(:mod:`checker.runner.dask_local`); with one, the workers of that cluster are used (``dask scheduler``,
``dask worker ADDRESS``; see docs/scale.md).

* The claims are compiled here once and sent to every worker once
  (``Client.scatter(..., broadcast=True)``); each task gets them from its
  worker's memory.  A worker that joins later fetches them from a peer.
* Articles travel as text, in chunks (the :class:`~checker.models.Article`
  objects themselves): workers need no shared file system.  A chunk's
  results come back pickled by the task itself, as one ``bytes`` object
  (:func:`_check_packed`).
* A few chunks per worker are in flight; results are given back in input
  order as the chunks finish (:func:`checker.runner.chunks.in_order`).
* A worker that dies mid-run: the scheduler runs its chunks again on
  another worker; each chunk's results are taken once, by its place in the
  input, so nothing is lost or doubled.  A local cluster whose workers all
  died stops the run with a located error instead of waiting for one.
* A local cluster (forked workers) gets a head start: a run of more than
  ``2 * HEAD_START`` chunks has its first chunks, up to ``HEAD_START``,
  checked by a process forked before Dask is imported, on the core the
  cluster's start leaves idle, until the cluster is up
  (:mod:`checker.runner.head_start`); the workers take every chunk it has not
  begun by then, and its unreturned ones if it dies.  The run checks its
  first article once itself before forking the workers, so that they start
  warm.

Dask is the optional extra ``claimcheck[dask]``, imported only here (its
absence is said before any work).
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from importlib.util import find_spec
from itertools import chain, count, islice

from checker import collector
from checker.engine import check_article
from checker.engine.verdict import CompiledClaim
from checker.errors import CheckError
from checker.models import Article, Result, RuleSet

from . import dask_local, interrupts
from .chunks import AHEAD, chunked, in_order
from .head_start import HeadStart
from .local import compile_rules

#: A chunk's results are waited for this long at a time, then the local
#: cluster's workers are looked at: a run whose workers all died stops.
POLL_SECONDS = 2.0

#: How long a chunk given up waits for dying workers to be seen gone before
#: the run says which way it stopped (all died, or a chunk lost).
SETTLE_SECONDS = 1.0

ALL_DIED = "every worker of the local Dask cluster died; the run stopped"
LOST = "a chunk of articles was lost: the Dask workers given it died"

#: Chunks the head start may check while a local cluster starts
#: (:mod:`checker.runner.head_start`; it stops when the cluster is up, after
#: ~4-6 of them on a quiet machine).  Only a run of more than twice as many
#: chunks gets a head start (a short one is left to the Dask workers).
HEAD_START = 10

MISSING = 'the dask engine needs the optional extra "dask": pip install "claimcheck[dask]"'


@dataclass(frozen=True, slots=True)
class CompiledRules:
    """The compiled claims as one object (scattered whole, not claim by claim)."""

    claims: tuple[CompiledClaim, ...]


def _check_chunk(rules: CompiledRules, articles: list[Article]) -> list[tuple[Result, ...]]:
    return [check_article(rules.claims, a) for a in articles]


def _check_packed(rules: CompiledRules, articles: list[Article]) -> bytes:
    """A Dask task: :func:`_check_chunk`, its results pickled here, in one
    piece.  Dask moves ``bytes`` as one frame, untouched: the pickling is
    done in the task's thread, right after the check, instead of in the
    worker's event loop while its next chunk runs, and the results are
    unpickled by the run's main thread as it takes them, not by the event
    loop it shares with the scheduler.  Measured against returning the
    list: 0.96x the wall time, 0.97x the CPU (14 alternating pairs on
    1,000 articles; docs/performance.md, round dask11)."""
    return pickle.dumps(_check_chunk(rules, articles), protocol=pickle.HIGHEST_PROTOCOL)


def _import():
    try:
        import distributed
    except ImportError as exc:
        raise CheckError(MISSING, "--engine", hint=f"{type(exc).__name__}: {exc}") from None
    return distributed


def _client(distributed, stack: ExitStack, jobs: int, scheduler: str | None) -> tuple[object, Callable[[], bool]]:
    """A client, and a test of whether the cluster can still run tasks (a
    cluster given by address may gain workers at any time: always)."""
    if scheduler is None:
        return dask_local.start(distributed, stack, jobs)
    try:
        return stack.enter_context(distributed.Client(scheduler, timeout="10s")), lambda: True
    except (OSError, TimeoutError, ValueError) as exc:
        raise CheckError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}", "--scheduler",
                         hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`") from None


def _all_died(alive: Callable[[], bool]) -> bool:
    """Whether the cluster has no worker left, once the ones dying are gone:
    the scheduler may hear of the last worker's death (its sockets closed)
    and give a chunk up a moment before the process is seen to have ended."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while alive():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def stream(rules: RuleSet, articles: Iterable[Article], *, jobs: int, scheduler: str | None,
           progress: Callable[[int], None] | None, chunk: int) -> Iterator[tuple[Article, tuple[Result, ...]]]:
    if find_spec("distributed") is None:  # said now, before any work (imported once the head start runs)
        _import()
    return _stream(rules, articles, jobs, scheduler, progress, chunk)


def _stream(rules: RuleSet, articles: Iterable[Article], jobs: int, scheduler: str | None,
            progress: Callable[[int], None] | None, chunk: int) -> Iterator[tuple[Article, tuple[Result, ...]]]:
    chunks = chunked(articles, chunk)
    first = list(islice(chunks, 2 * HEAD_START + 1))
    if not first:
        return
    claims = CompiledRules(compile_rules(rules))
    with ExitStack() as stack:
        head = None
        forks = scheduler is None and dask_local.can_fork()  # a local cluster of forked workers
        if forks and len(first) > 2 * HEAD_START:
            head = HeadStart(stack, partial(_check_chunk, claims), first[:HEAD_START])
        # Ctrl-C waits for the end of the start; Dask's modules, scheduler
        # and client, built meanwhile, live as long as the run: frozen
        # (a full collection walked ~60,000 more objects; docs/performance.md)
        with interrupts.held(), collector.paused():
            if forks:
                # the workers to be forked inherit what a first check compiles and imports
                # (text patterns, modules used at first use): one article checked here (the
                # result dropped) while the head start checks on the other core, instead of
                # ~0.25 s of CPU in each worker's first chunk, after the cluster is up
                _check_chunk(claims, first[0][:1])
            distributed = _import()
            client, alive = _client(distributed, stack, jobs, scheduler)
            workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
            # hash=False: a key of its own, not one made by tokenizing every
            # compiled claim (0.07-0.17 s of this process's CPU before any work)
            compiled = client.scatter(claims, broadcast=True, hash=False)
        if head is not None:  # the cluster is up: the chunks the head start has not begun are the workers'
            head.release()
        in_flight = set()  # the chunks not yet given back, cancelled if the run stops
        instead: dict[int, object] = {}  # the head start's blocks sent to the workers after it died

        def submit_dask(block: list[Article]):
            future = client.submit(_check_packed, compiled, block, pure=False)
            in_flight.add(future)
            return future

        placed = count()

        def submit(block: list[Article]):  # the head start's blocks are its own, by place
            place = next(placed)
            return place if head is not None and place < head.kept else submit_dask(block)

        def get_dask(future) -> list[tuple[Result, ...]]:
            while True:
                try:
                    got = future.result(timeout=POLL_SECONDS)
                    break
                except TimeoutError:
                    if not alive():
                        raise CheckError(ALL_DIED, "--engine") from None
                except (distributed.KilledWorker, CancelledError) as exc:  # the scheduler gave the chunk up
                    reason = ALL_DIED if _all_died(alive) else f"{LOST}: {type(exc).__name__}: {exc}"
                    raise CheckError(reason, "--engine") from None
            in_flight.discard(future)
            future.release()
            return pickle.loads(got)  # noqa: S301 - from this run's own tasks (Dask's own comms pickle too)

        def get(handle) -> list[tuple[Result, ...]]:
            if not isinstance(handle, int):
                return get_dask(handle)
            if handle not in instead:
                got = head.take(handle)
                if got is not None:
                    return got
                # the head start died: the blocks it has not given back go to the workers
                instead.update((i, submit_dask(b)) for i, b in enumerate(head.blocks[handle:head.kept], handle))
            return get_dask(instead.pop(handle))

        window = AHEAD * workers + (len(head.blocks) if head is not None else 0)
        try:
            yield from in_order(chain(first, chunks), submit, get, window=window, progress=progress)
        finally:
            if in_flight:
                client.cancel(list(in_flight))
