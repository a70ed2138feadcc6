"""Loaded rules as plain JSON and back, for the compiled-rule cache.

Encoding is generic: a dataclass becomes an object of its init fields plus
``"@"``, the name of its class; a tuple becomes an array (arrays decode as
tuples: the models are frozen); a ``Decimal`` (an exact ``NUM`` value)
becomes ``{"@": "decimal", "value": "2.5"}``; lists and dicts, should a model ever hold
one, become ``{"@": "list", "items": [...]}`` and ``{"@": "dict", "items":
[[key, value], ...]}`` so they come back as they were.  Decoding builds objects
only from an allow-list: the dataclasses defined in :mod:`checker.models`
and :mod:`checker.rules.query.nodes`, found when first needed (so a query
node added there works without an edit here), each built through its own
constructor with exactly its own fields.  Nothing else can be named, so a
planted file can at worst fail to decode; it can never run code.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal, InvalidOperation
from functools import cache
from types import ModuleType
from typing import Any

__all__ = ["CodecError", "dumps", "loads"]


class CodecError(ValueError):
    """Data that is not an encoding of claimcheck's own models."""


def _modules() -> tuple[ModuleType, ...]:
    from .. import models
    from .query import nodes

    return models, nodes


@cache
def allowed() -> dict[str, tuple[type, tuple[str, ...], frozenset[str]]]:
    """Tag (``models.Claim``, ``nodes.Term``) → (class, its init field
    names in order, the same as a set), for every dataclass that
    :mod:`checker.models` and :mod:`checker.rules.query.nodes` define."""
    out = {}
    for module in _modules():
        prefix = module.__name__.rsplit(".", 1)[-1]
        for name, obj in vars(module).items():
            if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__:
                names = tuple(f.name for f in dataclasses.fields(obj) if f.init)
                out[f"{prefix}.{name}"] = (obj, names, frozenset(names))
    return out


@cache
def _tags() -> dict[type, str]:
    return {entry[0]: tag for tag, entry in allowed().items()}


def _encode(obj: Any) -> Any:
    if obj is None or isinstance(obj, (str, bool, int, float)):
        return obj
    if isinstance(obj, tuple):
        return [_encode(x) for x in obj]
    if type(obj) is Decimal:
        return {"@": "decimal", "value": str(obj)}
    tag = _tags().get(type(obj))
    if tag is not None:
        out = {"@": tag}
        for name in allowed()[tag][1]:
            out[name] = _encode(getattr(obj, name))
        return out
    if isinstance(obj, list):
        return {"@": "list", "items": [_encode(x) for x in obj]}
    if isinstance(obj, dict) and all(isinstance(k, str) for k in obj):
        return {"@": "dict", "items": [[k, _encode(v)] for k, v in obj.items()]}
    raise CodecError(f"cannot encode a {type(obj).__name__}")


def dumps(obj: Any) -> str:
    """``obj`` (models, query nodes, and plain values) as JSON text."""
    return json.dumps(_encode(obj), ensure_ascii=False, separators=(",", ":"), allow_nan=True)


class _List(list):
    """A list that was encoded as one (not a JSON array, which is a tuple)."""

    __slots__ = ()


def _tuples(value: Any) -> Any:
    """JSON arrays are the encoding of tuples (lists are marked)."""
    if type(value) is list:
        return tuple([_tuples(x) if type(x) is list else x for x in value])
    return value


def _object(obj: dict) -> Any:
    """Called by the JSON parser for each object, innermost first."""
    tag = obj.pop("@", None)
    if tag == "decimal":
        value = obj.get("value")
        if obj.keys() != {"value"} or not isinstance(value, str):
            raise CodecError("a malformed decimal")
        try:
            out = Decimal(value)
        except InvalidOperation:
            raise CodecError("a malformed decimal") from None
        if not out.is_finite():
            raise CodecError("a malformed decimal")
        return out
    if tag in ("list", "dict"):
        items = obj.get("items")
        if obj.keys() != {"items"} or not isinstance(items, list):
            raise CodecError(f"a malformed {tag}")
        if tag == "list":
            return _List(_tuples(x) for x in items)
        if not all(isinstance(kv, list) and len(kv) == 2 and isinstance(kv[0], str) for kv in items):
            raise CodecError("a malformed dict")
        return {k: _tuples(v) for k, v in items}
    entry = allowed().get(tag) if isinstance(tag, str) else None
    if entry is None:
        raise CodecError(f"class {tag!r} is not allowed")
    cls, _, names = entry
    if obj.keys() != names:
        raise CodecError(f"wrong fields for {tag}")
    try:  # (the type test inline: a call per field was ~1 ms of a warm gate's decoding, #16)
        return cls(**{k: _tuples(v) if type(v) is list else v for k, v in obj.items()})
    except (TypeError, ValueError) as exc:
        raise CodecError(f"cannot build {tag}: {exc}") from None


def loads(text: str | bytes) -> Any:
    """The object :func:`dumps` encoded; :class:`CodecError` for anything else."""
    try:
        return _tuples(json.loads(text, object_hook=_object))
    except CodecError:
        raise
    except (ValueError, TypeError, KeyError, RecursionError) as exc:
        raise CodecError(f"not a rules encoding: {type(exc).__name__}") from None
