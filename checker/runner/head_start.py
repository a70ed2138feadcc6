"""A head start for the local Dask cluster: the run's first chunks checked
by a process forked before Dask is imported.

Starting a local cluster keeps this process busy for most of a second
(importing ``distributed``, starting the scheduler, the workers joining it,
the compiled rules sent to them) while the second core has nothing to do.
So, before any of that, one process is forked with the compiled rules and
the first few chunks already in its memory (nothing is pickled on the way
out); it checks them while the cluster comes up, and gives their results
back through a pipe, in order, when the run asks for them.  Every chunk
after those goes to the Dask workers.

It holds at most ``len(blocks)`` chunks but starts a chunk only while the
run has not taken the rest back: once the cluster is up, the run calls
:meth:`HeadStart.release` and the chunks it had not started go to the Dask
workers.  So the head start covers the cluster's start however long that
takes on the machine, and never holds the workers back: with a fixed share
of ten chunks, on a quiet machine the cluster was up after ~4 of them, and
the workers, allowed only a few chunks ahead of the ones still to come from
the head start, waited for it (docs/performance.md, round dask11).

If that process dies, the chunks it has not given back are sent to the Dask
workers instead: each is taken once, by its place in the input, so nothing
is lost or doubled.  It ignores SIGINT (Ctrl-C is the run's to handle) and
is stopped, like the workers, when the run ends.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
from collections.abc import Callable
from contextlib import ExitStack
from multiprocessing.reduction import ForkingPickler

from checker.models import Article, Result

Check = Callable[[list[Article]], list[tuple[Result, ...]]]


class HeadStart:
    """The process checking ``blocks`` (the run's first chunks), started at once."""

    def __init__(self, stack: ExitStack, check: Check, blocks: list[list[Article]]) -> None:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        # Two shared ints, each written by one side only (no lock that a process
        # killed while holding it would leave held): the blocks the head start has
        # started, and whether the run has taken the rest back.
        started, released = context.RawValue("i", 0), context.RawValue("i", 0)
        process = context.Process(target=_serve, args=(send, check, blocks, started, released),
                                  name="claimcheck-head-start")
        process.start()
        send.close()
        stack.callback(receive.close)
        stack.callback(_stop, process)  # first: it never writes into a closed pipe
        self.blocks = blocks
        self.kept = len(blocks)  # the blocks it gives back (all, until released)
        self._started, self._released = started, released
        self._receive = receive
        self._given = 0  # the blocks whose results were taken from the pipe

    def release(self) -> int:
        """Take back the blocks the head start has not started: it stops
        after the ones it has.  Returns how many it keeps (:attr:`kept`),
        the first ones; the caller has the others checked elsewhere.

        The head start counts a block started just before checking it, and
        gives back every block it counts: so each block counted here comes
        back through the pipe.  The run may read the count between the head
        start's reading that nothing was taken back and its counting the
        next block; that block is then checked by both, and the head start's
        results of it are never read (blocks are taken by place: nothing is
        doubled)."""
        self._released.value = 1
        self.kept = self._started.value  # (at most len(blocks): it counts only the blocks it starts)
        return self.kept

    def take(self, index: int) -> list[tuple[Result, ...]] | None:
        """Block ``index``'s results, taken in order; None once the process died
        (this block and every later one are then to be checked elsewhere)."""
        if index != self._given:  # pragma: no cover - in_order asks in input order
            raise RuntimeError(f"head start asked for block {index}, next is {self._given}")
        try:
            got = self._receive.recv()
        except (EOFError, OSError):
            return None
        self._given += 1
        return got


def _serve(send, check: Check, blocks: list[list[Article]], started, released) -> None:
    """Check the blocks in order until the run takes the rest back
    (``released``); ``started`` counts the blocks begun.  A thread writes each
    one's results to the pipe, so checking goes on while the run is still
    busy starting the cluster."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    done: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    gone = threading.Event()  # the run stopped reading (it ended, or died): stop too

    def write() -> None:
        try:
            while (data := done.get()) is not None:
                send.send_bytes(data)
        except OSError:  # BrokenPipeError included
            gone.set()

    writer = threading.Thread(target=write, name="claimcheck-head-start-writer")
    writer.start()
    try:
        for k, block in enumerate(blocks):
            if gone.is_set() or released.value:
                break
            started.value = k + 1
            done.put(bytes(ForkingPickler.dumps(check(block))))
    finally:
        done.put(None)
        writer.join()
        send.close()


def _stop(process: multiprocessing.Process) -> None:
    process.terminate()
    process.join(5)
    if process.is_alive():  # pragma: no cover - SIGTERM is not ignored
        process.kill()
        process.join()
