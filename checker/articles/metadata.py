"""Article metadata: ``sources.yaml`` beside the files, and Markdown front matter.

``sources.yaml`` maps a file name (in the same directory) to its metadata::

    000_a9affa64a2508c6c.txt:
      source: wire-a
      title: Prosecutors ask France's highest court to review Assad arrest warrant
      date: 2024-05-21
      url: https://example.org/...

Every field is optional; ``id`` is accepted too (except for ``.jsonl`` files,
whose articles carry their own ids).  YAML is read by the rule files' reader
(``checker/rules/yamlpos.py``: bounded, never constructed, never recursive),
so no tag is ever executed: on a value claimcheck reads, any tag other than
the plain YAML scalar/mapping tags is an error, and so is an alias.  Scalars
are kept as written (``2024-05-21`` stays the string ``"2024-05-21"``).
"""

from __future__ import annotations

import difflib
import os

from checker.errors import CheckError
from checker.files import clean_optional, clean_text, read_utf8
from checker.limits import MAX_SOURCES_BYTES
from checker.models import Article
from checker.rules.yamlpos import Source, YMap, YNode, YScalar, check_bounds, parse_yaml

FIELDS: tuple[str, ...] = ("source", "title", "date", "url")
SOURCES_FILE = "sources.yaml"

_YAML_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {_YAML_TAG + "map", _YAML_TAG + "seq"}

Meta = dict[str, str]


def parse_metadata_yaml(src: Source, what: str, max_bytes: int) -> YNode | None:
    """The YAML tree of front matter or ``sources.yaml``, within bounds.

    The same reader as rule files (``checker/rules/yamlpos.py``): size and
    depth checked before the scanner, nothing constructed, no recursion.
    Tags and aliases are kept as data (other tools write these files too)
    and refused by :func:`meta_from_node` where claimcheck reads a value.
    """
    check_bounds(src, what, max_bytes)
    return parse_yaml(src, plain=False)


def _check_tag(node: YNode, src: Source) -> None:
    if node.kind == "alias":
        raise src.error("YAML aliases are not allowed here", node.start, "write the value out in full")
    if node.tag is None:
        return
    allowed = _SCALAR_TAGS if isinstance(node, YScalar) else _COLLECTION_TAGS
    if node.tag not in allowed:
        raise src.error(f"YAML tag {node.tag.replace(_YAML_TAG, '!!')!r} is not allowed", node.start)


def _is_null(node: YNode) -> bool:
    return isinstance(node, YScalar) and (node.is_null or node.tag == _YAML_TAG + "null")


def _scalar(node: YNode, what: str, src: Source) -> str | None:
    _check_tag(node, src)
    if not isinstance(node, YScalar):
        raise src.error(f"{what} must be a text value", node.start)
    if _is_null(node):
        return None
    return node.value


def _hint(key: str, allowed: tuple[str, ...]) -> str | None:
    close = difflib.get_close_matches(key, allowed, n=1)
    return f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(allowed)}"


def meta_from_node(
    node: YNode,
    src: Source,
    *,
    allowed: tuple[str, ...] = FIELDS + ("id",),
    strict: bool = True,
    what: str = "metadata",
) -> Meta:
    """The metadata fields of a YAML mapping node.

    ``strict``: unknown keys are errors (``sources.yaml``); otherwise they are
    ignored (front matter, which other tools share), whatever their value.
    """
    _check_tag(node, src)
    if not isinstance(node, YMap):
        raise src.error(f"{what} must be a mapping of {', '.join(allowed)}", node.start)
    meta: Meta = {}
    seen: set[str] = set()
    for key_node, value_node in node.pairs:
        key = _scalar(key_node, "a key", src)
        if key in seen:
            raise src.error(f"duplicate key {key!r}", key_node.start)
        seen.add(key or "")
        if key not in allowed:
            if strict:
                raise src.error(f"unknown key {key!r} in {what}", key_node.start, _hint(str(key), allowed))
            continue
        value = _scalar(value_node, f"{key!r}", src)
        if value is not None:
            if key == "id" and not value.strip():
                raise src.error("'id' must not be empty", value_node.start)
            meta[key] = value
    return meta


def parse_sources(text: str, file: str) -> dict[str, Meta]:
    """Parse a ``sources.yaml`` text: file name → metadata.  Raises CheckError."""
    src = Source(file, text)
    root = parse_metadata_yaml(src, SOURCES_FILE, MAX_SOURCES_BYTES)
    if root is None:
        return {}
    _check_tag(root, src)
    if not isinstance(root, YMap):
        raise src.error("sources.yaml must map file names to {source, title, date, url}", root.start)
    entries: dict[str, Meta] = {}
    for key_node, value_node in root.pairs:
        name = _scalar(key_node, "a file name", src)
        if not name:
            raise src.error("a file name is required", key_node.start)
        if name in entries:
            raise src.error(f"duplicate entry for {name!r}", key_node.start)
        if _is_null(value_node) and value_node.tag is None:
            entries[name] = {}
            continue
        allowed = FIELDS if name.lower().endswith(".jsonl") else FIELDS + ("id",)
        entries[name] = meta_from_node(value_node, src, allowed=allowed, what=f"the entry for {name!r}")
    return entries


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
