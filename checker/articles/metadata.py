"""Article metadata: ``sources.yaml`` beside the files, and Markdown front matter.

``sources.yaml`` maps a file name (in the same directory) to its metadata::

    000_a9affa64a2508c6c.txt:
      source: wire-a
      title: Prosecutors ask France's highest court to review Assad arrest warrant
      date: 2024-05-21
      url: https://example.org/...

Every field is optional; ``id`` is accepted too (except for ``.jsonl`` files,
whose articles carry their own ids).  The YAML is read in :mod:`.yamlmeta`
(imported only when there is YAML to read) by the rule files' reader
(``checker/rules/yamlpos/``: bounded, never constructed, never recursive),
so no tag is ever executed: on a value claimcheck reads, any tag other than
the plain YAML scalar/mapping tags is an error, and so is an alias.  Scalars
are kept as written (``2024-05-21`` stays the string ``"2024-05-21"``).
"""

from __future__ import annotations

import os

from checker.errors import CheckError
from checker.files import clean_optional, clean_text, read_utf8
from checker.limits import MAX_SOURCES_BYTES
from checker.models import Article

FIELDS: tuple[str, ...] = ("source", "title", "date", "url")
SOURCES_FILE = "sources.yaml"

Meta = dict[str, str]


class SourcesCache:
    """Loads a directory's ``sources.yaml`` when its files are read; reports a
    bad one once.

    Directories are walked one after another, so only the last few
    directories' entries are kept (:attr:`KEEP`): an archive of many
    directories is not held in memory.  A directory met again after that is
    simply read again.
    """

    KEEP = 4

    def __init__(self) -> None:
        self._cache: dict[str, dict[str, Meta]] = {}
        self._bad: set[str] = set()

    def lookup(self, file_path: str, errors: list[CheckError]) -> Meta:
        """The ``sources.yaml`` entry for ``file_path`` (``{}`` when none)."""
        directory, name = os.path.split(file_path)
        key = os.path.normcase(os.path.abspath(directory or "."))
        entries = self._cache.get(key)
        if entries is None:
            if key in self._bad:
                return {}
            found: list[CheckError] = []
            entries = self._load(directory, found)
            if found:
                self._bad.add(key)
                errors.extend(found)
            if len(self._cache) >= self.KEEP:
                del self._cache[next(iter(self._cache))]
            self._cache[key] = entries
        return dict(entries.get(name, {}))

    @staticmethod
    def _load(directory: str, errors: list[CheckError]) -> dict[str, Meta]:
        path = os.path.join(directory, SOURCES_FILE) if directory else SOURCES_FILE
        path = path.replace(os.sep, "/")
        if not os.path.lexists(path):
            return {}
        from checker.articles.yamlmeta import parse_sources

        try:
            return parse_sources(read_utf8(path, SOURCES_FILE, MAX_SOURCES_BYTES), path)
        except CheckError as exc:
            errors.append(exc)
            return {}


def file_stem(path: str) -> str:
    """``seeds/000_x.txt`` → ``000_x``."""
    name = os.path.basename(path)
    stem, _ext = os.path.splitext(name)
    return stem or name


def make_article(
    path: str,
    kind: str,
    text: str,
    origin: str,
    offsets: tuple[int, ...] | None = None,
    *metas: Meta,
) -> Article:
    """An Article whose metadata is the merge of ``metas`` (later ones win).

    Without an ``id`` the id is the file stem; without a ``source``, too.
    """
    merged: Meta = {}
    for meta in metas:
        merged.update({k: v for k, v in meta.items() if v is not None})
    # Every reader builds its articles here: the one place where lone
    # surrogates (a "\ud800" escape in JSON or YAML, a file name that is not
    # UTF-8) become U+FFFD, so every output downstream can encode the text.
    path = clean_text(path)
    stem = file_stem(path)
    text = clean_text(text)
    return Article(
        id=clean_text(merged.get("id") or stem),
        source=clean_text(merged.get("source") or stem),
        path=path,
        text=text,
        origin=text if origin is text else clean_text(origin),
        kind=kind,
        offsets=offsets,
        title=clean_optional(merged.get("title")),
        date=clean_optional(merged.get("date")),
        url=clean_optional(merged.get("url")),
    )
