"""The local Dask cluster of ``--engine dask`` without ``--scheduler``.

A :class:`distributed.LocalCluster` *spawns* its worker processes: each is a
fresh interpreter that imports ``distributed`` and claimcheck again (about
0.6 s of CPU a worker) before it checks anything; on a run of 1,000 articles
that start-up was a third of the gap to ``--jobs 2``.  So, where this
process can fork safely (POSIX, and no other thread yet: a fork copies no
lock another thread holds), the workers are *forked* first, with everything
already imported, exactly as the ``local`` engine forks its pool; then the
scheduler starts here, each worker is told its address through a pipe and
runs a real :class:`distributed.Worker` (one thread) until the run ends.
Elsewhere a ``LocalCluster`` is started as before.

Either way it is a real Dask cluster: the scheduler, the workers and their
comms are Dask's; a worker that dies mid-run has its tasks run again on the
other (there is no nanny to restart it; the run ends on the workers left,
and stops with a located error if none is left, instead of waiting for one).
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
from collections.abc import Callable
from contextlib import ExitStack

from checker import collector
from checker.errors import CheckError

#: How long the workers may take to join the scheduler.
JOIN_SECONDS = 60

#: Dask settings for the local cluster (this process's scheduler and the
#: workers forked from it), for diagnostics a run never shows:
#:
#: * the workers' statistical profiler samples the running task's stack
#:   every 10 ms for the dashboard, which a run does not start: off;
#: * every server (the scheduler, each worker) wakes its event loop every
#:   20 ms only to measure how late the wake-up was (``admin.tick``), and
#:   reads its process's CPU, memory and I/O counters every 500 ms
#:   (``system-monitor``), for the dashboard's plots.  Each wake-up takes the
#:   GIL from the thread checking articles.  Idle for 10 s, a local cluster
#:   of two workers burned 0.45 s of CPU in the scheduler's process and 0.2 s
#:   in each worker with the defaults; 0.12-0.17 and 0.07 s with these.
#:   A tick now and then is kept: a stalled loop is still logged, as before,
#:   once it is late by ``admin.tick.limit`` (3 s).
QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "10s",
}

#: The scheduler always serves HTTP (health, metrics); without this it
#: tries port 8787 and, when another cluster's dashboard has it, warns on
#: the run's stderr.  A port of its own on this machine, no dashboard.
SCHEDULER = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}


def can_fork() -> bool:
    """Forking is safe here: POSIX ``fork``, and this process has one thread."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def start(distributed, stack: ExitStack, jobs: int) -> tuple[object, Callable[[], bool]]:
    """A client of a new local cluster of ``jobs`` one-thread workers, closed
    (workers and all) when ``stack`` closes, and a test of whether any of its
    workers is still alive."""
    import dask

    # Dask's logs below errors kept off the run's stderr until every part
    # of the cluster has stopped (LocalCluster's silence_logs covers only
    # its own lifetime)
    logs = logging.getLogger("distributed")
    stack.callback(logs.setLevel, logs.level)
    logs.setLevel(logging.ERROR)
    stack.enter_context(dask.config.set(QUIET))
    if not can_fork():
        cluster = _cluster(distributed, stack, n_workers=jobs, threads_per_worker=1, processes=True)
        return stack.enter_context(distributed.Client(cluster)), lambda: True  # nannies restart workers
    context = multiprocessing.get_context("fork")
    pipes, workers = [], []
    for _ in range(jobs):  # before the scheduler starts its thread
        receive, send = context.Pipe(duplex=False)
        worker = context.Process(target=_worker, args=(receive,), name="claimcheck-dask-worker")
        worker.start()
        receive.close()
        stack.callback(_stop, worker)
        pipes.append(send)
        workers.append(worker)
    cluster = _cluster(distributed, stack, n_workers=0)
    for send in pipes:
        send.send(cluster.scheduler_address)
        send.close()
    client = stack.enter_context(distributed.Client(cluster, direct_to_workers=True))
    try:
        client.wait_for_workers(jobs, timeout=JOIN_SECONDS)
    except TimeoutError:
        raise CheckError(f"the local Dask workers did not join their scheduler within {JOIN_SECONDS} s",
                         "--engine") from None
    return client, lambda: any(w.is_alive() for w in workers)


def _cluster(distributed, stack: ExitStack, **workers) -> object:
    """The run's ``LocalCluster`` (``workers``: its own workers, if any),
    its scheduler in this process as the run wants it: no dashboard, HTTP
    on a port of its own (:data:`SCHEDULER`), Dask's logs quiet, and no
    garbage-collector callback.

    A Dask scheduler times every full collection of its process for its
    logs, in a ``gc.callbacks`` function.  Here that process is the run's,
    and Ctrl-C landing while that function ran was lost: the
    ``KeyboardInterrupt`` is raised inside it, and Python prints and drops
    what a collector callback raises (seen under load: the run went on to
    its end, exit 0, with a traceback on stderr).  The run reads no such log,
    so the callback is taken out.
    """
    from distributed.gc import disable_gc_diagnosis

    cluster = stack.enter_context(distributed.LocalCluster(
        dashboard_address=None, scheduler_kwargs=SCHEDULER, silence_logs=logging.ERROR, **workers))
    disable_gc_diagnosis(force=True)
    return cluster


def _worker(receive) -> None:
    """A forked worker process: wait for the scheduler's address, then serve it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        address = receive.recv()
    except EOFError:  # the parent stopped before starting the scheduler
        return
    import asyncio

    import distributed

    # Everything this process holds now (Python, claimcheck and Dask, all
    # imported) lives as long as it does: frozen, so the collector's full
    # passes need not walk it again and again; and the collector, paused in
    # the run's process while it forked this one, on again.
    collector.resume_frozen()

    # What goes wrong in a worker reaches the run as a lost chunk or a
    # worker gone, said there; the logs of Dask and asyncio about it are not
    # for the run's stderr, where they came after runs that went well (a
    # heartbeat in flight as the scheduler closed, with a traceback).
    logging.disable(logging.ERROR)

    async def serve() -> None:
        async with distributed.Worker(address, nthreads=1, dashboard=False, dashboard_address=None) as worker:
            await worker.finished()

    asyncio.run(serve())


def _stop(worker: multiprocessing.Process) -> None:
    worker.terminate()
    worker.join(5)
    if worker.is_alive():
        worker.kill()
        worker.join()
