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
        process = context.Process(target=_serve, args=(send, check, blocks), name="claimcheck-head-start")
        process.start()
        send.close()
        stack.callback(receive.close)
        stack.callback(_stop, process)  # first: it never writes into a closed pipe
        self.blocks = blocks
        self._receive = receive
        self._given = 0  # the blocks whose results were taken from the pipe

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


def _serve(send, check: Check, blocks: list[list[Article]]) -> None:
    """Check every block; a thread writes each one's results to the pipe, so
    checking goes on while the run is still busy starting the cluster."""
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
        for block in blocks:
            if gone.is_set():
                break
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
