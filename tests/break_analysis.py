"""Test helper: analysis of an article holding :data:`MARK` raises, in every
process that loads this file, so the tests can see what each engine does
with a broken article (its claims get ``error``, the others are complete).

* ``python tests/break_analysis.py run ...`` runs ``claimcheck`` with the
  breakage in this process and in the ``--jobs`` workers it forks;
* as a Dask worker preload (``DASK_DISTRIBUTED__WORKER__PRELOAD``) it
  breaks analysis in each Dask worker.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MARK = "BREAK-ANALYSIS-HERE"
REASON = "analysis broken on purpose by tests/break_analysis.py"


def install() -> None:
    """Break analysis for marked articles in this process (and in processes forked from it)."""
    import checker.engine  # noqa: F401

    engine_run = sys.modules["checker.engine.run"]  # the module (the package's ``run`` is the function)
    analyze = engine_run.analyze

    def broken(article):
        if MARK in article.text:
            raise RuntimeError(REASON)
        return analyze(article)

    engine_run.analyze = broken


def dask_setup(worker) -> None:  # the hook Dask calls in each worker that preloads this file
    install()


if __name__ == "__main__":
    from checker.cli import main

    install()
    sys.exit(main(sys.argv[1:]))
