"""Ctrl-C held back while a cluster starts.

Starting a Dask cluster is a series of calls that each run on Dask's event
loop while this thread waits.  A ``KeyboardInterrupt`` raised in the middle
of one stops the waiting, not the call: it runs on, fails when the cluster
is closed under it, and asyncio prints its traceback on the run's stderr
(seen under load, when Ctrl-C came during the start).  So the start runs
with Ctrl-C held: pressed then, it stops the run as soon as the start is
done (about a second); pressed twice, at once.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def held() -> Iterator[None]:
    """Run the block with Ctrl-C held, then raise it if it was pressed.

    Only where Ctrl-C is Python's own ``KeyboardInterrupt`` (the main thread,
    the default handler); elsewhere the block runs as it is."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    pressed: list[int] = []

    def hold(signum, frame) -> None:
        if pressed:  # the second time: at once
            raise KeyboardInterrupt
        pressed.append(signum)

    signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if pressed:
        raise KeyboardInterrupt
