"""The one place claimcheck handles Python's cyclic garbage collector.

claimcheck builds many small objects that hold no reference cycles and live
long (modules, compiled claims, analyses, results); the cyclic collector
would walk them again and again for nothing.  Reference counting frees all
of them as usual; these helpers only keep the *cyclic* collector off what it
cannot free:

* :func:`paused`: a stretch that builds such objects (start-up, a batch of
  articles) runs with the collector paused, then what it built is frozen;
* :func:`settle_long_lived`: a long-lived process (a service worker, a
  ``--jobs`` worker) freezes what it has built and collects less often;
* :func:`streamed`: a streamed run does the same for its length, and gives
  the collector its thresholds back after;
* :func:`collect_and_freeze`: a long run (pytest items) collects once and
  freezes what survived;
* :func:`resume_frozen`: a process forked inside :func:`paused` (a local
  Dask worker) freezes what it inherited and turns the collector on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector paused for the block, then what was built meanwhile
    frozen (``gc.freeze``: later passes skip it).  A caller that had paused
    the collector finds it paused."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


#: Allocations between two passes over the youngest generation in a long
#: run (Python's default: 700).  A checked article leaves no cyclic garbage;
#: at 700 the collector ran every few results and its full passes walked the
#: run's report tally again and again (docs/performance.md, round sink11).
LONG_RUN_THRESHOLD = 10_000


def settle_long_lived(threshold: int = LONG_RUN_THRESHOLD) -> None:
    """Freeze what this process has built so far, and run the youngest
    generation's collection every ``threshold`` allocations instead of 700."""
    gc.freeze()
    gc.set_threshold(threshold, *gc.get_threshold()[1:])


@contextmanager
def streamed(threshold: int = LONG_RUN_THRESHOLD) -> Iterator[None]:
    """:func:`settle_long_lived` for the block, the thresholds as they were
    after it (a run inside a longer process, such as a test, leaves the
    collector as it found it)."""
    before = gc.get_threshold()
    settle_long_lived(threshold)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def resume_frozen() -> None:
    """Freeze what this process holds and turn the collector on (it was
    paused in the process that forked this one)."""
    gc.freeze()
    gc.enable()


def collect_and_freeze() -> None:
    """Collect what is garbage now, then freeze what survived."""
    gc.collect()
    gc.freeze()
