"""The ``local`` engine: this process, or a pool of worker processes.

``jobs=1`` checks the articles here, one after another.  ``jobs=N`` starts N
worker processes (:class:`multiprocessing.pool.Pool`): each parses nothing
and reads nothing; it gets the rule set once, when it starts, and compiles
it once (the pool's initializer); then chunks of articles go out and each
chunk's results come back, given back in input order by
:func:`checker.runner.chunks.in_order` with a few chunks in flight per
worker.

Workers ignore SIGINT: Ctrl-C reaches this process, which terminates the
pool (no worker left behind) and lets the ``KeyboardInterrupt`` go on, so
the report sink removes its temporary files.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterable, Iterator

from checker import collector
from checker.engine import check_article, compile_claim
from checker.engine.verdict import CompiledClaim
from checker.models import Article, Result, RuleSet

from .chunks import AHEAD, chunked, in_order

# The compiled claims of this worker process, set once by _start_worker (the
# pool's initializer) in the worker; never set in the main process.
_worker_claims: tuple[CompiledClaim, ...] = ()


def compile_rules(rules: RuleSet) -> tuple[CompiledClaim, ...]:
    return tuple(compile_claim(c) for c in rules.claims)


def _start_worker(rules: RuleSet) -> None:
    global _worker_claims
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_claims = compile_rules(rules)
    collector.settle_long_lived()  # the worker's modules and claims, frozen; passes rarer (as the run's)


def _check_chunk(articles: list[Article]) -> list[tuple[Result, ...]]:
    return [check_article(_worker_claims, a) for a in articles]


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` (workers start in milliseconds) from a process with one
    thread; from one with threads (a test run, a service) ``forkserver`` or
    ``spawn``, which never copy another thread's held lock."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def serial(rules: RuleSet, articles: Iterable[Article], progress: Callable[[int], None] | None,
           chunk: int) -> Iterator[tuple[Article, tuple[Result, ...]]]:
    compiled = compile_rules(rules)
    done = 0
    for block in chunked(articles, chunk):
        for article in block:
            yield article, check_article(compiled, article)
        done += len(block)
        if progress is not None:
            progress(done)


def stream(rules: RuleSet, articles: Iterable[Article], *, jobs: int, scheduler: str | None,
           progress: Callable[[int], None] | None, chunk: int) -> Iterator[tuple[Article, tuple[Result, ...]]]:
    if jobs == 1:
        yield from serial(rules, articles, progress, chunk)
        return
    chunks = chunked(articles, chunk)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None:  # one chunk: not worth starting processes
        yield from serial(rules, first, progress, chunk)
        return

    def all_chunks() -> Iterator[list[Article]]:
        yield first
        yield second
        yield from chunks

    pool = _context().Pool(jobs, initializer=_start_worker, initargs=(rules,))
    try:
        yield from in_order(all_chunks(), lambda block: pool.apply_async(_check_chunk, (block,)),
                            lambda handle: handle.get(), window=AHEAD * jobs, progress=progress)
        pool.close()
    finally:
        pool.terminate()  # at the end, on an error, on Ctrl-C, or when the consumer closes the stream
        pool.join()
