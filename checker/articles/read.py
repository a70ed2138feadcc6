"""Finding and reading article files.

:func:`iter_articles` takes files and directories and yields every
supported article, appending the problems found on the way to a list: one
bad file (or jsonl line) never stops the others from being read.
:func:`read_articles` is the same, collected in a list.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import import_module
from typing import Any

from checker.articles.metadata import Meta, SourcesCache
from checker.errors import CheckError
from checker.files import clean_text, walk
from checker.models import Article

# A reader gives each article with the line it starts on (jsonl) or None; it
# appends the problems of single lines to the list and raises CheckError for
# a file it cannot read at all.  It may be a generator (jsonl streams).
Reader = Callable[[str, Meta, list[CheckError]], Iterable[tuple[Article, int | None]]]

# Each format's reader, as (module of checker.articles, function): a module is
# imported only when a file of its format is read (the gate on a .txt draft
# needs neither the HTML parser nor the YAML front-matter reader).
READERS: dict[str, tuple[str, str]] = {
    ".txt": ("txt", "read_txt"),
    ".md": ("markdown", "read_md"),
    ".html": ("html", "read_html"),
    ".htm": ("html", "read_html"),
    ".jsonl": ("jsonl", "read_jsonl"),
}

# Articles already in memory (a draft sent to the service), by format:
# ``(path, origin, meta) -> Article``.
TEXT_READERS: dict[str, tuple[str, str]] = {
    "txt": ("txt", "txt_article"),
    "md": ("markdown", "md_article"),
    "html": ("html", "html_article"),
}


def _function(entry: tuple[str, str]) -> Any:
    module, name = entry
    return getattr(import_module(f"{__package__}.{module}"), name)


def reader(extension: str) -> Reader:
    """The reader of files ending in ``extension`` (a key of :data:`READERS`)."""
    return _function(READERS[extension])


def article_from_text(origin: str, kind: str, path: str, meta: Meta | None = None) -> Article:
    """The article of ``origin``, a text in format ``kind`` (``txt``, ``md``
    or ``html``) that no file holds; ``path`` only names it in messages.
    Raises :class:`CheckError` for front matter it cannot read."""
    return _function(TEXT_READERS[kind])(path, origin, meta or {})


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def _extension(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _supported(name: str) -> bool:
    return _extension(name) in READERS


def _files(paths: Sequence[str | os.PathLike], errors: list[CheckError]) -> Iterator[str]:
    seen_dirs: set[str] = set()
    for raw in paths:
        path = _posix(os.fspath(raw))
        if os.path.isdir(path):
            for found in walk(path, _supported, errors, seen_dirs=seen_dirs):
                yield _posix(found)
        elif not _supported(path):
            if os.path.lexists(path):
                errors.append(
                    CheckError(
                        f"unsupported article file type {_extension(path) or '(none)'!r}",
                        clean_text(path),
                        hint="articles are .txt, .md, .html, .htm or .jsonl files",
                    )
                )
            else:
                errors.append(CheckError("no such file or directory", clean_text(path)))
        elif os.path.lexists(path):
            yield path  # a FIFO, a device or a broken link is reported when read
        else:
            errors.append(CheckError("no such file or directory", clean_text(path)))


def read_articles(paths: Sequence[str | os.PathLike]) -> tuple[list[Article], list[CheckError]]:
    """Read the articles in ``paths`` (files or directories).

    Returns ``(articles, errors)``: :func:`iter_articles` collected in a list.
    """
    errors: list[CheckError] = []
    articles = list(iter_articles(paths, errors))
    return articles, errors


def iter_articles(paths: Sequence[str | os.PathLike] | str | os.PathLike,
                  errors: list[CheckError]) -> Iterator[Article]:
    """The articles in ``paths`` (files or directories), one at a time.

    Articles keep the order of ``paths``, files sorted within a directory,
    jsonl lines in order.  A file met twice (named and inside a named
    directory) is read once.  Of two articles with the same id the first is
    kept and the second reported.  Problems are appended to ``errors`` as
    they are found; one bad file or line never stops the others.

    Nothing but the ids seen (for the duplicate check) and the file names
    seen is kept from one article to the next, so a run over an archive
    holds one article at a time (a jsonl file is read line by line).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    sources = SourcesCache()
    seen_files: set[str] = set()
    by_id: dict[str, tuple[str, int | None]] = {}  # id -> where it was first read
    for path in _files(paths, errors):
        real = os.path.realpath(path)
        if real in seen_files:
            continue
        seen_files.add(real)
        meta = sources.lookup(path, errors)
        try:
            for article, line in reader(_extension(path))(path, meta, errors):
                first = by_id.get(article.id)
                if first is not None:
                    errors.append(
                        CheckError(
                            f"duplicate article id {article.id!r}: {_where(article.path, line)} "
                            f"has the same id as {_where(*first)}",
                            article.path,
                            line,
                            1 if line is not None else None,
                            hint="give one of them another id (file name, front matter, sources.yaml or jsonl 'id')",
                        )
                    )
                    continue
                by_id[article.id] = (article.path, line)
                yield article
        except CheckError as exc:
            errors.append(exc)


def _where(path: str, line: int | None) -> str:
    return f"{path}:{line}" if line is not None else path


def count_articles(paths: Sequence[str | os.PathLike] | str | os.PathLike) -> int:
    """About how many articles :func:`iter_articles` will give (for a
    progress bar): the files found, each jsonl file's lines counted; nothing
    is parsed and no problem is reported."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    seen: set[str] = set()
    n = 0
    for path in _files(paths, []):
        real = os.path.realpath(path)
        if real in seen:
            continue
        seen.add(real)
        if _extension(path) != ".jsonl":
            n += 1
            continue
        try:
            if not os.path.isfile(real):
                continue
            with open(real, "rb") as fh:
                n += sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))
        except OSError:
            continue
    return n
