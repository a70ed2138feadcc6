"""Reports of a run.

Streaming (``claimcheck run``)::

    with open_sink(claims, out_dir="reports", fmt="table", stdout=sys.stdout) as sink:
        sink.add_errors(errors)
        for article, results in stream:
            sink.add(article, results)

writes ``results.json``, ``results.jsonl``, ``matrix.md``,
``discrepancies.md``, ``results.csv`` and ``report.html`` into ``out_dir``
(each whole or not at all) and the chosen rendering to ``stdout``; see
:mod:`checker.reports.sink`.

For a run held in memory (the pytest plugin, the service, tests):
``render(run, fmt)`` gives one rendering (``table``, ``markdown``, ``csv``,
``html``, ``json``) and ``write_reports(run, out_dir)`` writes the report
files; both feed a sink.
"""

from __future__ import annotations

import importlib
import io
from typing import TYPE_CHECKING

from checker.models import RunResult

if TYPE_CHECKING:
    from .sink import Sink

# The sink and its writers are imported when first asked for (PEP 562): the
# gate (`claimcheck check`) imports only ``reports.gate`` and ``reports.color``
# through this package, and the sink, the tally and the value groups cost it
# ~2.3 ms a call it never uses.
_LAZY = {"FORMATS": "sink", "OUT_FILES": "sink", "Sink": "sink", "open_sink": "sink", "out_names": "sink"}


def __getattr__(name: str):
    if name in _LAZY or name == "progress":  # (``reports.progress.Progress`` without importing it)
        module = importlib.import_module(f"{__name__}.{_LAZY.get(name, name)}")
        return module if name == "progress" else getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FORMATS", "OUT_FILES", "Sink", "open_sink", "out_names", "per_article", "render", "report_files",
           "write_reports"]


def per_article(shared: dict | None, kind: str, results, make):
    """``make(results)`` for one article's results, worked out once per batch
    of the sink: ``shared`` is the writers' memo (``options["shared"]``, which
    the sink empties after each batch), ``kind`` what is kept (``"said"``,
    ``"json.lines"``).  Without a memo (None), worked out every time."""
    if shared is None:
        return make(results)
    memo = shared.setdefault(kind, {})
    got = memo.get(id(results))  # the memo holds the results: no other object takes their id meanwhile
    if got is None:
        got = memo[id(results)] = (results, make(results))
    return got[1]


def _feed(sink: Sink, run: RunResult) -> None:
    by_article: dict[str, list] = {}
    for r in run.results:
        by_article.setdefault(r.article, []).append(r)
    sink.add_errors(run.errors)
    for article in run.articles:
        sink.add(article, by_article.get(article.id, ()))


def render(run: RunResult, fmt: str = "table", *, color: bool = False, view: str | None = None,
           by: str = "claim", options: dict | None = None) -> str:
    """One rendering of ``run`` (``fmt`` in :data:`FORMATS`)."""
    from .sink import FORMATS, open_sink

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    buf = io.StringIO()
    with open_sink(run.claims, None, fmt, stdout=buf, color=color, view=view, by=by, options=options) as sink:
        _feed(sink, run)
    return buf.getvalue()


def report_files() -> tuple[str, ...]:
    """The names of the files ``--out`` gets, in the order they are written."""
    from .sink import OUT_FILES

    return OUT_FILES


def write_reports(run: RunResult, out_dir: str, *, options: dict | None = None) -> list[str]:
    """Write every report file into ``out_dir``; return the written paths.

    ``out_dir == "-"`` writes nothing.  On any error or interrupt the
    temporary files are removed and the files already in ``out_dir`` stay as
    they were.
    """
    if out_dir == "-":
        return []
    from .sink import open_sink

    with open_sink(run.claims, out_dir, None, options=options) as sink:
        _feed(sink, run)
    return sink.written
