"""Where a run's results go: :func:`open_sink` (see ``checker.reports``).

Results stream through the sink in small batches of articles (see
:data:`BATCH_RESULTS`).  Per-article outputs
(``results.json``, ``results.jsonl``, ``results.csv``, and ``--format
json|csv`` on standard output) are written as they come by streaming
writers; whole-run renderings (the terminal table, ``matrix.md``,
``discrepancies.md``, ``report.html``) are rendered at the end from the
:class:`~checker.reports.tally.Tally`, whose size is bounded by claims ×
sources.

Every ``--out`` file is written to a temporary file beside it; only when all
of them are complete are they moved into place (:func:`os.replace`).  On an
exception or Ctrl-C the temporary files are removed, the previous reports
stay as they were, and the exception goes on.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from collections.abc import Iterable
from typing import IO, Any

from .tally import Tally

# File name -> "module:Class" (module under checker.reports) of its streaming writer.
STREAMED: dict[str, str] = {
    "results.json": "json:Writer",
    "results.jsonl": "jsonl:Writer",
    "results.csv": "csv:Writer",
}
# File name -> (module, function(tally, options) -> str), rendered at the end.
WHOLE: dict[str, tuple[str, str]] = {
    "matrix.md": ("markdown", "render_matrix"),
    "discrepancies.md": ("markdown", "render_discrepancies"),
    "report.html": ("html", "render"),
}
# The files of ``--out``, in the order they are written.
OUT_FILES: tuple[str, ...] = ("results.json", "results.jsonl", "matrix.md", "discrepancies.md",
                              "results.csv", "report.html")
# Extra files written only when an option asks for them: name -> ("module:Class", option).
OPTIONAL: dict[str, tuple[str, str]] = {
    "claimreview.jsonld": ("claimreview:ClaimReviewWriter", "claimreview"),
}
# ``--format`` -> the file it prints, or a whole-run renderer of its own.
FORMAT_FILES: dict[str, str] = {"json": "results.json", "csv": "results.csv", "html": "report.html",
                                "claimreview": "claimreview.jsonld"}
FORMAT_RENDERERS: dict[str, tuple[str, str]] = {
    "table": ("table", "render"),
    "markdown": ("markdown", "render"),
}
# Articles are handed to the tally and the writers in batches of at most this
# many results or articles, each consumer taking the whole batch in turn: its
# code and data stay warm across the batch instead of being evicted by the
# checking of the next article and by the other writers.  On 1,000 generated
# articles (100 claims) this took the five report files from ~1.3× to
# 1.1–1.2× the run without them (docs/performance.md, round sink12).
# A third bound, on the articles' text (characters), keeps a batch of long
# articles (up to 8 MiB each, limits.MAX_ARTICLE_BYTES) from holding 64 of them.
BATCH_RESULTS = 2048
BATCH_ARTICLES = 64
BATCH_TEXT = 4 << 20
FORMATS: tuple[str, ...] = ("table", "markdown", "csv", "html", "json", "claimreview")


def out_names(options: dict | None = None) -> list[str]:
    """The files a run writes in ``--out`` with these options, in order."""
    options = options or {}
    return list(OUT_FILES) + [n for n, (_, opt) in OPTIONAL.items() if options.get(opt)]


def _module(name: str):
    return importlib.import_module(f"{__package__}.{name}")


def _writer(spec: str):
    module, cls = spec.split(":")
    return getattr(_module(module), cls)


def _renderer(spec: tuple[str, str]):
    module, fn = spec
    return getattr(_module(module), fn)  # looked up at call time


def _open_temp(out_dir: str, name: str) -> tuple[IO[str], str]:
    """A new temporary text file beside ``name`` in ``out_dir``."""
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
    try:
        fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
    except BaseException:
        os.close(fd)
        _unlink(tmp)
        raise
    return fh, tmp


def _close_temp(fh: IO[str], tmp: str) -> None:
    fh.flush()
    os.fsync(fh.fileno())
    fh.close()
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class _Tee:
    """Writes to two streams (an ``--out`` file and standard output).  When
    both are text files over binary ones, ``buffer`` is the tee of those, so
    that ``results.json``'s spools are copied to both as bytes, never decoded
    and encoded again (as for a single file)."""

    def __init__(self, a, b) -> None:
        self.a, self.b = a, b
        buffers = getattr(a, "buffer", None), getattr(b, "buffer", None)
        if None not in buffers:
            self.buffer = _Tee(*buffers)

    def write(self, text):
        self.a.write(text)
        self.b.write(text)
        return len(text)

    def flush(self) -> None:
        self.a.flush()
        self.b.flush()


class Sink:
    """A run's output: add articles' results, get every report at the end."""

    def __init__(self, claims, out_dir: str | None = "reports", fmt: str | None = "table", *,
                 stdout: IO[str] | None = None, color: bool = False, view: str | None = None,
                 by: str = "claim", options: dict | None = None) -> None:
        if fmt is not None and fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        self.claims = tuple(claims)
        self.out_dir = None if out_dir in (None, "-") else os.fspath(out_dir)
        self.fmt = fmt
        self.stdout = stdout if stdout is not None else sys.stdout
        self.options: dict[str, Any] = dict(options or {})
        self.options.update(color=color, view=view, by=by)
        self.options["stream"] = self.stdout  # the table's width: COLUMNS, the terminal's, or 80
        self.options["shared"] = {}  # per-batch memo the writers share (e.g. encoded results), emptied per batch
        self.names: list[str] = []
        if self.out_dir is not None:
            self.names = out_names(self.options)
        html = "report.html" in self.names or fmt == "html"
        self.tally = Tally(self.claims, keep_evidence=html, shared=self.options["shared"])
        # only whole-run renderings read the tally: none for `--format json|csv --out -`
        self._tallied = bool(set(self.names) & set(WHOLE)) or fmt in FORMAT_RENDERERS or fmt == "html"
        self.errors: list = []
        self.writers: list = []
        self.temps: dict[str, tuple[IO[str], str]] = {}  # name -> (file, temp path)
        self.written: list[str] = []
        self._open = False
        self.pending: list[tuple] = []  # (article, results) not yet handed on
        self.pending_results = 0
        self.pending_text = 0  # characters of the pending articles' text

    # ------------------------------------------------------------- context
    def __enter__(self) -> Sink:
        try:
            self._start()
        except BaseException:
            self._abort()
            raise
        self._open = True
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        self._open = False
        if exc_type is not None:
            self._abort()
            return False
        try:
            self._finish()
        except BaseException:
            self._abort()
            raise
        return False

    def _start(self) -> None:
        stream_fmt = FORMAT_FILES.get(self.fmt)
        if stream_fmt not in STREAMED and stream_fmt not in OPTIONAL:
            stream_fmt = None  # a whole-run rendering (html): printed at the end
        if self.out_dir is not None:
            os.makedirs(self.out_dir, exist_ok=True)
            for name in self.names:
                self.temps[name] = _open_temp(self.out_dir, name)
        for name in self.names:
            spec = STREAMED.get(name) or OPTIONAL.get(name, (None,))[0]
            if spec is None:
                continue
            fh = self.temps[name][0]
            if name == stream_fmt:
                fh = _Tee(fh, self.stdout)
            self.writers.append(_writer(spec)(fh, self.claims, self.options))
        if stream_fmt is not None and stream_fmt not in self.names:
            spec = STREAMED.get(stream_fmt) or OPTIONAL[stream_fmt][0]
            self.writers.append(_writer(spec)(self.stdout, self.claims, self.options))

    # ---------------------------------------------------------------- feed
    def add_errors(self, errors: Iterable) -> None:
        errors = list(errors)
        self.errors.extend(errors)
        self.tally.add_errors(errors)

    def add(self, article, results) -> None:
        """One article's results; handed on with the batch they complete."""
        results = tuple(results)
        self.pending.append((article, results))
        self.pending_results += len(results)
        self.pending_text += len(article.text)
        if (self.pending_results >= BATCH_RESULTS or len(self.pending) >= BATCH_ARTICLES
                or self.pending_text >= BATCH_TEXT):
            self._flush()

    def _flush(self) -> None:
        """The pending articles to the tally, then to each writer in turn,
        in input order (see :data:`BATCH_RESULTS`)."""
        pending = self.pending
        if not pending:
            return
        self.pending, self.pending_results, self.pending_text = [], 0, 0
        if self._tallied:
            add = self.tally.add
            for article, results in pending:
                add(article, results)
        for w in self.writers:
            add = w.add
            for article, results in pending:
                add(article, results)
        self.options["shared"].clear()  # what the batch's results say, shared by its consumers

    # -------------------------------------------------------------- finish
    def _finish(self) -> None:
        self._flush()
        for w in self.writers:
            w.finish(self.tally, self.errors)
        rendered: dict[str, str] = {}
        for name in self.names:
            if name in WHOLE:
                rendered[name] = text = _renderer(WHOLE[name])(self.tally, self.options)
                self.temps[name][0].write(text)
        for name in self.names:
            _close_temp(*self.temps[name])
        stdout_text = None
        if self.fmt in FORMAT_RENDERERS:
            stdout_text = _renderer(FORMAT_RENDERERS[self.fmt])(self.tally, self.options)
        elif self.fmt in FORMAT_FILES and FORMAT_FILES[self.fmt] in WHOLE:
            name = FORMAT_FILES[self.fmt]
            stdout_text = rendered.get(name)
            if stdout_text is None:
                stdout_text = _renderer(WHOLE[name])(self.tally, self.options)
        for name in self.names:
            final = os.path.join(self.out_dir, name)
            os.replace(self.temps[name][1], final)
            self.written.append(final)
        self.temps.clear()
        if stdout_text is not None:
            self.stdout.write(stdout_text)
        self.stdout.flush()

    def _abort(self) -> None:
        for w in self.writers:
            close = getattr(w, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:  # noqa: BLE001 - cleaning up after the real error
                    pass
        for fh, tmp in self.temps.values():
            try:
                fh.close()
            except Exception:  # noqa: BLE001
                pass
            _unlink(tmp)
        self.temps.clear()


def open_sink(claims, out_dir: str | None = "reports", fmt: str | None = "table", *,
              stdout: IO[str] | None = None, color: bool = False, view: str | None = None,
              by: str = "claim", options: dict | None = None) -> Sink:
    """A :class:`Sink` to use as a context manager (see the module doc)."""
    return Sink(claims, out_dir, fmt, stdout=stdout, color=color, view=view, by=by, options=options)
