"""What a ``POST /v1/check`` body asks for: one draft, or a batch of them.

A body is a JSON object, either one draft::

    {"text": "…", "id"?: "…", "source"?: "…", "format"?: "txt|md|html",
     "title"?: "…", "date"?: "…", "url"?: "…", "explain"?: false}

or a batch of up to :data:`MAX_BATCH` drafts (each an object with the fields
of one draft except ``explain``)::

    {"articles": [{"text": "…"}, …], "explain"?: false}

Anything else is a :class:`BadRequest` naming the field (``articles[2].format:
must be one of txt, md, html (got 'docx')``).  Nothing in a body names a file:
``id`` and ``source`` are labels, never paths the service opens.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..rules.validate import did_you_mean

FORMATS: tuple[str, ...] = ("txt", "md", "html")
MAX_BATCH = 100
MAX_LABEL = 200  # characters in an id, source, title, date or url
DRAFT_FIELDS: tuple[str, ...] = ("text", "id", "source", "format", "title", "date", "url")
LABELS: tuple[str, ...] = ("id", "source", "title", "date", "url")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Draft:
    """One draft to check.  ``text`` is as submitted (the positions of the
    answer count its characters); ``id`` and ``source`` decide which claims
    apply (``sources``) and which verdicts are accepted (``known``)."""

    text: str
    id: str = "draft"
    source: str | None = None  # None: the front matter's, else the id
    format: str = "txt"
    title: str | None = None
    date: str | None = None
    url: str | None = None

    def meta(self) -> dict[str, str]:
        """The id and the metadata the request gives (they win over front matter)."""
        return {k: getattr(self, k) for k in LABELS if getattr(self, k) is not None}


@dataclass(frozen=True, slots=True)
class CheckRequest:
    drafts: tuple[Draft, ...]
    batch: bool = False
    explain: bool = False


class BadRequest(Exception):
    """A request the service cannot answer; ``status`` is its 4xx code."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise BadRequest(f"invalid JSON: duplicate field {key!r}")
        obj[key] = value
    return obj


def parse_json(body: bytes) -> Any:
    """The JSON value of ``body`` (UTF-8), or a :class:`BadRequest` saying where it breaks."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"invalid JSON: not UTF-8 (byte {exc.start + 1})") from None
    if not text.strip():
        raise BadRequest("invalid JSON: the body is empty; send an object like {\"text\": \"…\"}")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise BadRequest(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise BadRequest("invalid JSON: nested too deeply") from None


def _unknown(key: str, allowed: tuple[str, ...], where: str) -> BadRequest:
    hint = did_you_mean(key, allowed) or "expected " + ", ".join(allowed)
    place = f"{where.rstrip('.')}: " if where else ""
    return BadRequest(f"{place}unknown field {key!r} ({hint})")


def _string(obj: dict, key: str, where: str, *, limit: int | None = MAX_LABEL) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{where}{key}: must be a string (got {_type_name(value)})")
    if limit is not None:
        if not value.strip():
            raise BadRequest(f"{where}{key}: must not be empty")
        if len(value) > limit:
            raise BadRequest(f"{where}{key}: at most {limit} characters (got {len(value)})")
    # an unpaired surrogate (a JS string cut inside an emoji) becomes U+FFFD:
    # one character for one, so every position in the answer still holds
    return _SURROGATE.sub("\ufffd", value)


def _draft(obj: Any, where: str, default_id: str) -> Draft:
    if not isinstance(obj, dict):
        raise BadRequest(f"{where.rstrip(': .') or 'the body'}: must be an object (got {_type_name(obj)})")
    for key in obj:
        if key not in DRAFT_FIELDS:
            raise _unknown(key, DRAFT_FIELDS, where)
    if "text" not in obj:
        raise BadRequest(f"{where}text: missing (the draft to check)")
    text = _string(obj, "text", where, limit=None)
    if text is None:
        raise BadRequest(f"{where}text: must be a string (got null)")
    fmt = obj.get("format", "txt")
    if fmt not in FORMATS:
        shown = repr(fmt) if isinstance(fmt, str) else _type_name(fmt)
        raise BadRequest(f"{where}format: must be one of {', '.join(FORMATS)} (got {shown})")
    labels = {k: _string(obj, k, where) for k in LABELS}
    draft_id = labels.pop("id") or default_id
    return Draft(text=text, id=draft_id, format=fmt, **labels)


def _explain(obj: dict) -> bool:
    value = obj.get("explain", False)
    if not isinstance(value, bool):
        raise BadRequest(f"explain: must be true or false (got {_type_name(value)})")
    return value


def parse_request(value: Any) -> CheckRequest:
    """The drafts a parsed body asks to check."""
    if not isinstance(value, dict):
        raise BadRequest(f"the body must be a JSON object (got {_type_name(value)})")
    if "articles" not in value:
        single = {k: v for k, v in value.items() if k != "explain"}
        for key in single:
            if key not in DRAFT_FIELDS:
                raise _unknown(key, DRAFT_FIELDS + ("articles", "explain"), "")
        return CheckRequest((_draft(single, "", "draft"),), False, _explain(value))
    for key in value:
        if key not in ("articles", "explain"):
            hint = " (a batch holds its drafts in 'articles')" if key in DRAFT_FIELDS else ""
            raise BadRequest(f"unknown field {key!r} beside 'articles'{hint}")
    items = value["articles"]
    if not isinstance(items, list):
        raise BadRequest(f"articles: must be a list (got {_type_name(items)})")
    if not 1 <= len(items) <= MAX_BATCH:
        raise BadRequest(f"articles: must hold 1 to {MAX_BATCH} drafts (got {len(items)})")
    drafts = tuple(_draft(item, f"articles[{i}].", f"draft-{i + 1}") for i, item in enumerate(items))
    first: dict[str, int] = {}
    for i, d in enumerate(drafts):
        if d.id in first:
            raise BadRequest(f"articles[{i}].id: duplicate id {d.id!r} (also articles[{first[d.id]}])")
        first[d.id] = i
    return CheckRequest(drafts, True, _explain(value))


def parse_body(body: bytes) -> CheckRequest:
    return parse_request(parse_json(body))
