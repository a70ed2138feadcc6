"""JSON Lines articles (``*.jsonl``): one article per line.

Each non-blank line is an object ``{"id", "text", "source"?, "title"?,
"date"?, "url"?}``; other keys are ignored.  ``text`` is both the article's
text and its origin (reported lines and columns count inside it).  A bad line
(invalid JSON, not UTF-8, longer than the article size limit) is reported at
``FILE:LINE:COL`` and skipped; the other lines go on.  A
``sources.yaml`` entry for the jsonl file gives defaults (e.g. ``source``)
that the lines' own fields override; without a source, the source is the
jsonl file's stem.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from checker.files import decode_utf8, read_lines
from checker.limits import MAX_ARTICLE_BYTES
from checker.articles.metadata import FIELDS, Meta, make_article
from checker.errors import CheckError
from checker.models import Article


class _DuplicateKey(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


def _key_column(line: str, key: str) -> int:
    """1-based column of ``"key"`` in the line (1 when not found)."""
    index = line.find(json.dumps(key))
    return index + 1 if index >= 0 else 1


def parse_line(line: str, path: str, lineno: int) -> tuple[str, Meta]:
    """The text and metadata on one jsonl line; raises a located CheckError."""
    try:
        obj = json.loads(line, object_pairs_hook=_pairs)
    except _DuplicateKey as exc:
        key = str(exc)
        raise CheckError(f"duplicate key {key!r}", path, lineno, _key_column(line, key)) from None
    except json.JSONDecodeError as exc:
        raise CheckError(f"invalid JSON: {exc.msg}", path, lineno, exc.colno) from None
    except RecursionError:  # how the json module reports arrays nested ~1,000 deep
        raise CheckError(
            "JSON nested too deeply", path, lineno, 1, hint="an article line is one flat object"
        ) from None
    if not isinstance(obj, dict):
        raise CheckError(
            "expected a JSON object {\"id\": …, \"text\": …}", path, lineno, len(line) - len(line.lstrip()) + 1
        )
    for key in ("id", "text"):
        if key not in obj:
            raise CheckError(f"missing {key!r}", path, lineno, 1, hint='each line needs "id" and "text"')
    if not isinstance(obj["id"], str) or not obj["id"].strip():
        raise CheckError("'id' must be a non-empty string", path, lineno, _key_column(line, "id"))
    if not isinstance(obj["text"], str):
        raise CheckError("'text' must be a string", path, lineno, _key_column(line, "text"))
    meta: Meta = {"id": obj["id"]}
    for key in FIELDS:
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise CheckError(f"{key!r} must be a string", path, lineno, _key_column(line, key))
        meta[key] = value
    return obj["text"], meta


def read_jsonl(path: str, meta: Meta, errors: list[CheckError]) -> Iterator[tuple[Article, int | None]]:
    """The articles of a ``.jsonl`` file, read and given line by line (an
    archive in one file is never held whole).

    A line that is too long, not UTF-8 or not a valid article is reported
    at its line and skipped; the other lines are read.
    """
    defaults = {k: v for k, v in meta.items() if k != "id"}
    for lineno, data in read_lines(path, "article", MAX_ARTICLE_BYTES):
        try:
            if isinstance(data, CheckError):
                raise data.located(line=lineno, column=1)
            line = decode_utf8(data, path, lineno, bom=lineno == 1).rstrip("\r\n")
            if not line.strip():
                continue
            text, line_meta = parse_line(line, path, lineno)
        except CheckError as exc:
            errors.append(exc)
            continue
        yield make_article(path, "jsonl", text, text, None, defaults, line_meta), lineno
