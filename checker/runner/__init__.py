"""Running the claims over a stream of articles, on one of several engines.

    from checker.runner import results
    for article, article_results in results(rules, iter_articles(paths, errors), jobs=2):
        sink.add(article, article_results)

Every engine gives, for each article and in the order the articles came,
the article and the results of every claim that applies to it
(:func:`checker.engine.check_article`: an article that cannot be analysed
gets ``error`` verdicts, the others are unaffected).  Articles are taken
from the iterator a few chunks ahead of the results given back, never all at
once, so memory does not grow with the number of articles.

Engines (``--engine``), one module each, registered in :data:`ENGINES`:

* ``local`` (``checker/runner/local.py``): this process (``jobs=1``) or a
  pool of ``jobs`` worker processes;
* ``dask`` (``checker/runner/dask_engine.py``): the workers of a Dask
  ``distributed`` cluster, a local one when no ``scheduler`` is given
  (the optional extra ``claimcheck[dask]``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from checker.errors import CheckError
from checker.models import Article, Result, RuleSet

from .chunks import CHUNK

Stream = Iterator[tuple[Article, tuple[Result, ...]]]
Engine = Callable[..., Stream]


def _local(rules: RuleSet, articles: Iterable[Article], **kw) -> Stream:
    from . import local

    return local.stream(rules, articles, **kw)


def _dask(rules: RuleSet, articles: Iterable[Article], **kw) -> Stream:
    from . import dask_engine

    return dask_engine.stream(rules, articles, **kw)


#: Engine name → function ``(rules, articles, *, jobs, scheduler, progress, chunk)``.
ENGINES: dict[str, Engine] = {"local": _local, "dask": _dask}


def results(
    rules: RuleSet,
    articles_iter: Iterable[Article],
    *,
    engine: str = "local",
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
    chunk: int = CHUNK,
) -> Stream:
    """``(article, results)`` for every article of ``articles_iter``, in input order.

    ``jobs`` is the number of worker processes (``local``: 1 means this
    process; ``dask`` without ``scheduler``: the local cluster's workers).
    ``progress``, when given, is called with the number of articles done so
    far each time more are done.  ``chunk`` articles travel together to a
    worker.  Close the stream (or run it to its end) to stop the workers: an
    exception or ``KeyboardInterrupt`` in the consumer, once the stream is
    closed, leaves no worker behind.
    """
    if engine not in ENGINES:
        raise CheckError(f"unknown engine {engine!r}", "--engine", hint=f"choose from {', '.join(ENGINES)}")
    if jobs < 1:
        raise CheckError(f"--jobs must be at least 1, not {jobs}", "--jobs")
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    if scheduler is not None and engine != "dask":
        raise CheckError("--scheduler is for --engine dask", "--scheduler")
    return ENGINES[engine](rules, articles_iter, jobs=jobs, scheduler=scheduler, progress=progress, chunk=chunk)


__all__ = ["ENGINES", "results"]
