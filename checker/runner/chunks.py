"""What every engine shares: articles cut into chunks, and chunks' results
given back in input order from a bounded window of chunks in flight."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from checker.models import Article, Result

#: Articles sent to a worker together: large enough that the cost of
#: sending is small next to checking them (a seed-sized article takes a few
#: milliseconds against 100 claims), small enough that every worker gets
#: work and the progress bar moves.
CHUNK = 16

#: Chunks in flight per worker: enough that no worker waits for the next
#: chunk while the first one's results are being written.
AHEAD = 3

T = TypeVar("T")
Handle = Any  # what ``submit`` returns; ``get`` turns it into the chunk's results


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while True:
        block = list(islice(it, size))
        if not block:
            return
        yield block


def in_order(
    chunks: Iterable[list[Article]],
    submit: Callable[[list[Article]], Handle],
    get: Callable[[Handle], list[tuple[Result, ...]]],
    window: int,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[Article, tuple[Result, ...]]]:
    """Submit chunks, at most ``window`` of them not yet given back, and give
    back each article with its results in input order.

    A chunk finished early waits (with its results, in the engine) until the
    ones before it are given back: memory holds at most ``window`` chunks.
    """
    pending: deque[tuple[list[Article], Handle]] = deque()
    done = 0
    chunks = iter(chunks)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            block = next(chunks, None)
            if block is None:
                exhausted = True
            else:
                pending.append((block, submit(block)))
        if not pending:
            return
        block, handle = pending.popleft()
        got = get(handle)
        if len(got) != len(block):  # an engine bug, never silently lost results
            raise RuntimeError(f"a chunk of {len(block)} articles came back with {len(got)} results")
        for article, article_results in zip(block, got):
            yield article, article_results
        done += len(block)
        if progress is not None:
            progress(done)
