"""The YAML of article metadata: ``sources.yaml`` and Markdown front matter
(see :mod:`.metadata` for what the fields mean).

Read by the rule files' reader (``checker/rules/yamlpos/``: bounded, never
constructed, never recursive), so no tag is ever executed: on a value
claimcheck reads, any tag other than the plain YAML scalar/mapping tags is an
error, and so is an alias.  Scalars are kept as written.  A module of its own
so that reading an article with no YAML (a ``.txt`` draft at the gate) never
imports the YAML reader.
"""

from __future__ import annotations

import difflib

from checker.articles.metadata import FIELDS, SOURCES_FILE, Meta
from checker.limits import MAX_SOURCES_BYTES
from checker.rules.yamlpos import Source, YMap, YNode, YScalar, check_bounds, parse_yaml

_YAML_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {_YAML_TAG + "map", _YAML_TAG + "seq"}


def parse_metadata_yaml(src: Source, what: str, max_bytes: int) -> YNode | None:
    """The YAML tree of front matter or ``sources.yaml``, within bounds.

    The same reader as rule files (``checker/rules/yamlpos/``): size and
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
