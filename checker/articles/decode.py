"""Decoding article files: UTF-8, a BOM dropped, bad bytes reported by position."""

from __future__ import annotations

from checker.errors import CheckError

BOM = "\ufeff"


def decode(data: bytes, path: str) -> str:
    """``data`` decoded as UTF-8 without a leading BOM.

    Invalid UTF-8 raises a :class:`CheckError` at the line and column
    (1-based, in characters) of the first bad byte.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        prefix = before[line_start:].decode("utf-8", errors="replace")
        if line == 1 and prefix.startswith(BOM):
            prefix = prefix[1:]
        bad = data[exc.start : exc.end].hex(" ")
        raise CheckError(
            f"not valid UTF-8 (byte {bad} at offset {exc.start}): {exc.reason}",
            path,
            line,
            len(prefix) + 1,
            hint="save the file as UTF-8",
        ) from None
    if text.startswith(BOM):
        text = text[1:]
    return text


def read_text(path: str) -> str:
    """The decoded text of the file at ``path`` (CheckError when unreadable)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise CheckError(f"cannot read article: {exc.strerror or exc}", path) from None
    return decode(data, path)
