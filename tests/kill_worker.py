"""Test helper: a Dask worker preload (``DASK_DISTRIBUTED__WORKER__PRELOAD``)
that makes workers die mid-run, as a crashed or OOM-killed worker would
(``os._exit``: no clean-up, no goodbye to the scheduler).

* ``CLAIMCHECK_TEST_KILL_ONCE=PATH``: the first worker to be given a chunk
  creates ``PATH`` and dies; every other chunk is checked as usual.
* ``CLAIMCHECK_TEST_KILL_ALL=1``: every worker dies at its first chunk.
"""

from __future__ import annotations

import os


def dask_setup(worker) -> None:  # the hook Dask calls in each worker that preloads this file
    from checker.runner import dask_engine

    check_chunk = dask_engine._check_chunk

    def dying(rules, articles):
        flag = os.environ.get("CLAIMCHECK_TEST_KILL_ONCE")
        if os.environ.get("CLAIMCHECK_TEST_KILL_ALL"):
            os._exit(3)
        if flag:
            try:
                os.close(os.open(flag, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                pass
            else:
                os._exit(3)
        return check_chunk(rules, articles)

    dask_engine._check_chunk = dying  # tasks name it by module and name: they now find this
