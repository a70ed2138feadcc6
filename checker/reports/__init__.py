"""Reports of a run: render to a string, or write the report files.

``render(run, fmt)`` gives one rendering (``table``, ``markdown``, ``csv``,
``html``, ``json``).  ``write_reports(run, out_dir)`` writes ``results.json``,
``matrix.md``, ``discrepancies.md``, ``results.csv`` and ``report.html``:
every file is rendered before any is written, each is first written to a
temporary file in ``out_dir`` and then moved over the old one with
:func:`os.replace`, so an interrupted run leaves the previous reports whole.
"""

from __future__ import annotations

import os
import tempfile
from typing import Callable

from checker.models import RunResult

from . import progress  # noqa: F401  (``reports.progress.Progress``)

FORMATS = ("table", "markdown", "csv", "html", "json")


def _json(run: RunResult) -> str:
    from . import json as json_report

    text = json_report.render(run)
    return text if text.endswith("\n") else text + "\n"


def _renderers() -> dict[str, Callable[..., str]]:
    from . import csv as csv_report
    from . import html as html_report
    from . import markdown as md_report
    from . import table as table_report

    return {
        "table": table_report.render,
        "markdown": md_report.render,
        "csv": csv_report.render,
        "html": html_report.render,
        "json": _json,
    }


def render(run: RunResult, fmt: str = "table", *, color: bool = False) -> str:
    """One rendering of ``run`` (``fmt`` in :data:`FORMATS`)."""
    renderers = _renderers()
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "table":
        return renderers[fmt](run, color=color)
    return renderers[fmt](run)


def report_files() -> dict[str, Callable[[RunResult], str]]:
    """File name → renderer, in the order they are written."""
    from . import csv as csv_report
    from . import html as html_report
    from . import markdown as md_report

    return {
        "results.json": _json,
        "matrix.md": md_report.render_matrix,
        "discrepancies.md": md_report.render_discrepancies,
        "results.csv": csv_report.render,
        "report.html": html_report.render,
    }


def _write_temp(out_dir: str, name: str, text: str) -> str:
    """Write ``text`` to a new temporary file beside ``name``; return its path."""
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def write_reports(run: RunResult, out_dir: str) -> list[str]:
    """Write every report file into ``out_dir``; return the written paths.

    ``out_dir == "-"`` writes nothing.  All files are rendered in memory
    first, then written to temporary files, then moved into place; on any
    error or interrupt the temporary files are removed and the files already
    in ``out_dir`` stay as they were (except those already moved).
    """
    if out_dir == "-":
        return []
    rendered = [(name, fn(run)) for name, fn in report_files().items()]
    os.makedirs(out_dir, exist_ok=True)
    temps: list[tuple[str, str]] = []
    try:
        for name, text in rendered:
            temps.append((_write_temp(out_dir, name, text), os.path.join(out_dir, name)))
        written = []
        for tmp, final in temps:
            os.replace(tmp, final)
            written.append(final)
        temps = []
        return written
    finally:
        for tmp, _ in temps:
            _unlink(tmp)
