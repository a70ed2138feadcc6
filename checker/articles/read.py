"""Finding and reading article files.

:func:`read_articles` takes files and directories, reads every supported
article and returns the articles with the problems found on the way: one bad
file (or jsonl line) never stops the others from being read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence

from checker.articles.html import html_article, read_html
from checker.articles.jsonl import read_jsonl
from checker.articles.markdown import md_article, read_md
from checker.articles.metadata import Meta, SourcesCache
from checker.articles.txt import read_txt, txt_article
from checker.errors import CheckError
from checker.models import Article

# A reader returns each article with the line it starts on (jsonl) or None.
Reader = Callable[[str, Meta, list[CheckError]], list[tuple[Article, int | None]]]

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".md": read_md,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
}

# Articles already in memory (a draft sent to the service), by format.
TEXT_READERS: dict[str, Callable[[str, str, Meta], Article]] = {
    "txt": txt_article,
    "md": md_article,
    "html": html_article,
}


def article_from_text(origin: str, kind: str, path: str, meta: Meta | None = None) -> Article:
    """The article of ``origin``, a text in format ``kind`` (``txt``, ``md``
    or ``html``) that no file holds; ``path`` only names it in messages.
    Raises :class:`CheckError` for front matter it cannot read."""
    return TEXT_READERS[kind](path, origin, meta or {})


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def _join(directory: str, name: str) -> str:
    return _posix(os.path.join(directory, name))


def _extension(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _walk(directory: str, seen_dirs: set[str]) -> Iterator[str]:
    """Supported files under ``directory``, recursively, in sorted path order.

    Entries are sorted by name at each level, so a subdirectory's files
    come where its name sorts (``a/z.txt`` before ``b.txt``).  Hidden entries
    (``.git``, ``.DS_Store``…) are skipped; symlinked directories are followed
    once.
    """
    real = os.path.realpath(directory)
    if real in seen_dirs:
        return
    seen_dirs.add(real)
    try:
        with os.scandir(directory) as it:
            entries = sorted((e.name, e) for e in it if not e.name.startswith("."))
    except OSError:
        return
    for name, entry in entries:
        path = _join(directory, name)
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            yield from _walk(path, seen_dirs)
        elif _extension(name) in READERS:
            yield path


def _files(paths: Sequence[str | os.PathLike], errors: list[CheckError]) -> Iterator[str]:
    seen_dirs: set[str] = set()
    for raw in paths:
        path = _posix(os.fspath(raw))
        if os.path.isdir(path):
            yield from _walk(path, seen_dirs)
        elif os.path.isfile(path):
            if _extension(path) in READERS:
                yield path
            else:
                errors.append(
                    CheckError(
                        f"unsupported article file type {_extension(path) or '(none)'!r}",
                        path,
                        hint="articles are .txt, .md, .html, .htm or .jsonl files",
                    )
                )
        elif os.path.lexists(path):
            errors.append(CheckError("not a readable file or directory", path))
        else:
            errors.append(CheckError("no such file or directory", path))


def read_articles(paths: Sequence[str | os.PathLike]) -> tuple[list[Article], list[CheckError]]:
    """Read the articles in ``paths`` (files or directories).

    Returns ``(articles, errors)``.  Articles keep the order of ``paths``,
    files sorted within a directory, jsonl lines in order.  A file met twice
    (named and inside a named directory) is read once.  Of two articles with
    the same id the first is kept and the second reported.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    errors: list[CheckError] = []
    articles: list[Article] = []
    sources = SourcesCache()
    seen_files: set[str] = set()
    by_id: dict[str, tuple[Article, int | None]] = {}
    for path in _files(paths, errors):
        real = os.path.realpath(path)
        if real in seen_files:
            continue
        seen_files.add(real)
        meta = sources.lookup(path, errors)
        reader = READERS[_extension(path)]
        file_errors: list[CheckError] = []
        try:
            read = reader(path, meta, file_errors)
        except CheckError as exc:
            errors.append(exc)
            continue
        errors.extend(file_errors)
        for article, line in read:
            first = by_id.get(article.id)
            if first is not None:
                errors.append(
                    CheckError(
                        f"duplicate article id {article.id!r}: {_describe(article, line)} "
                        f"has the same id as {_describe(*first)}",
                        article.path,
                        line,
                        1 if line is not None else None,
                        hint="give one of them another id (file name, front matter, sources.yaml or jsonl 'id')",
                    )
                )
                continue
            by_id[article.id] = (article, line)
            articles.append(article)
    return articles, errors


def _describe(article: Article, line: int | None) -> str:
    return f"{article.path}:{line}" if line is not None else article.path
