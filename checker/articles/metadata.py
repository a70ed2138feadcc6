"""Article metadata: ``sources.yaml`` beside the files, and Markdown front matter.

``sources.yaml`` maps a file name (in the same directory) to its metadata::

    000_a9affa64a2508c6c.txt:
      source: wire-a
      title: Prosecutors ask France's highest court to review Assad arrest warrant
      date: 2024-05-21
      url: https://example.org/...

Every field is optional; ``id`` is accepted too (except for ``.jsonl`` files,
whose articles carry their own ids).  YAML is only *composed* (never
constructed), so no tag is ever executed: any tag other than the plain YAML
scalar/mapping tags is an error.  Scalars are kept as written (``2024-05-21``
stays the string ``"2024-05-21"``).
"""

from __future__ import annotations

import difflib
import os

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

from checker.files import decode_utf8
from checker.errors import CheckError
from checker.models import Article

FIELDS: tuple[str, ...] = ("source", "title", "date", "url")
SOURCES_FILE = "sources.yaml"

_YAML_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}

Meta = dict[str, str]


def _pos(node: Node, line_offset: int) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1 + line_offset, mark.column + 1


def compose(text: str, file: str, line_offset: int = 0) -> Node | None:
    """Compose YAML ``text`` into a node tree; errors become located CheckErrors."""
    try:
        return YAML(typ="safe").compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise CheckError(f"invalid YAML: {problem}", file) from None
        raise CheckError(
            f"invalid YAML: {problem}", file, mark.line + 1 + line_offset, mark.column + 1
        ) from None
    except YAMLError as exc:  # pragma: no cover - ruamel always marks its errors
        raise CheckError(f"invalid YAML: {exc}", file) from None


def _check_tag(node: Node, file: str, line_offset: int) -> None:
    tag = str(node.tag)
    allowed = _SCALAR_TAGS if isinstance(node, ScalarNode) else {_YAML_TAG + "map", _YAML_TAG + "seq"}
    if tag not in allowed:
        line, col = _pos(node, line_offset)
        raise CheckError(f"YAML tag {tag.replace(_YAML_TAG, '!!')!r} is not allowed", file, line, col)


def _scalar(node: Node, what: str, file: str, line_offset: int) -> str | None:
    _check_tag(node, file, line_offset)
    if not isinstance(node, ScalarNode):
        line, col = _pos(node, line_offset)
        raise CheckError(f"{what} must be a text value", file, line, col)
    if str(node.tag) == _YAML_TAG + "null":
        return None
    return str(node.value)


def _hint(key: str, allowed: tuple[str, ...]) -> str | None:
    close = difflib.get_close_matches(key, allowed, n=1)
    return f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(allowed)}"


def meta_from_node(
    node: Node,
    file: str,
    line_offset: int = 0,
    *,
    allowed: tuple[str, ...] = FIELDS + ("id",),
    strict: bool = True,
    what: str = "metadata",
) -> Meta:
    """The metadata fields of a YAML mapping node.

    ``strict``: unknown keys are errors (``sources.yaml``); otherwise they are
    ignored (front matter, which other tools share).
    """
    _check_tag(node, file, line_offset)
    if not isinstance(node, MappingNode):
        line, col = _pos(node, line_offset)
        raise CheckError(f"{what} must be a mapping of {', '.join(allowed)}", file, line, col)
    meta: Meta = {}
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = _scalar(key_node, "a key", file, line_offset)
        line, col = _pos(key_node, line_offset)
        if key in seen:
            raise CheckError(f"duplicate key {key!r}", file, line, col)
        seen.add(key or "")
        if key not in allowed:
            if strict:
                raise CheckError(
                    f"unknown key {key!r} in {what}", file, line, col, hint=_hint(str(key), allowed)
                )
            continue
        value = _scalar(value_node, f"{key!r}", file, line_offset)
        if value is not None:
            if key == "id" and not value.strip():
                vline, vcol = _pos(value_node, line_offset)
                raise CheckError("'id' must not be empty", file, vline, vcol)
            meta[key] = value
    return meta


def parse_sources(text: str, file: str) -> dict[str, Meta]:
    """Parse a ``sources.yaml`` text: file name → metadata.  Raises CheckError."""
    root = compose(text, file)
    if root is None:
        return {}
    _check_tag(root, file, 0)
    if not isinstance(root, MappingNode):
        line, col = _pos(root, 0)
        raise CheckError("sources.yaml must map file names to {source, title, date, url}", file, line, col)
    entries: dict[str, Meta] = {}
    for key_node, value_node in root.value:
        name = _scalar(key_node, "a file name", file, 0)
        line, col = _pos(key_node, 0)
        if not name:
            raise CheckError("a file name is required", file, line, col)
        if name in entries:
            raise CheckError(f"duplicate entry for {name!r}", file, line, col)
        if isinstance(value_node, ScalarNode) and str(value_node.tag) == _YAML_TAG + "null":
            entries[name] = {}
            continue
        allowed = FIELDS if name.lower().endswith(".jsonl") else FIELDS + ("id",)
        entries[name] = meta_from_node(value_node, file, 0, allowed=allowed, what=f"the entry for {name!r}")
    return entries


class SourcesCache:
    """Loads each directory's ``sources.yaml`` once; reports a bad one once."""

    def __init__(self) -> None:
        self._cache: dict[str, dict[str, Meta]] = {}

    def lookup(self, file_path: str, errors: list[CheckError]) -> Meta:
        """The ``sources.yaml`` entry for ``file_path`` (``{}`` when none)."""
        directory, name = os.path.split(file_path)
        key = os.path.normcase(os.path.abspath(directory or "."))
        if key not in self._cache:
            self._cache[key] = self._load(directory, errors)
        entries = self._cache[key]
        return dict(entries.get(name, {}))

    @staticmethod
    def _load(directory: str, errors: list[CheckError]) -> dict[str, Meta]:
        path = os.path.join(directory, SOURCES_FILE) if directory else SOURCES_FILE
        path = path.replace(os.sep, "/")
        if not os.path.isfile(path):
            return {}
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            errors.append(CheckError(f"cannot read: {exc.strerror or exc}", path))
            return {}
        try:
            text = decode_utf8(data, path)
            return parse_sources(text, path)
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
    stem = file_stem(path)
    return Article(
        id=merged.get("id") or stem,
        source=merged.get("source") or stem,
        path=path,
        text=text,
        origin=origin,
        kind=kind,
        offsets=offsets,
        title=merged.get("title"),
        date=merged.get("date"),
        url=merged.get("url"),
    )
