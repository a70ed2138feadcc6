"""Reading the files users give us: UTF-8, a BOM dropped, bad bytes located.

Articles, ``sources.yaml`` and rule files all come through here, so an
undecodable file is reported the same way everywhere, at the line and
column (1-based, in characters) of its first bad byte.
"""

from __future__ import annotations

from .errors import CheckError

BOM = "\ufeff"


def decode_utf8(data: bytes, path: str) -> str:
    """``data`` decoded as UTF-8 without a leading BOM, or a located CheckError."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        prefix = before[line_start:].decode("utf-8", errors="replace")
        if line == 1 and prefix.startswith(BOM):
            prefix = prefix[1:]
        column = len(prefix) + 1
        line_end = data.find(b"\n", exc.start)
        excerpt = data[line_start: line_end if line_end >= 0 else len(data)]
        excerpt_text = excerpt.decode("utf-8", errors="replace").rstrip("\r")
        if line == 1 and excerpt_text.startswith(BOM):
            excerpt_text = excerpt_text[1:]
        raise CheckError(
            f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x})", path, line, column,
            hint="save the file as UTF-8", source_line=excerpt_text, caret=column - 1,
        ) from None
    return text[1:] if text.startswith(BOM) else text


def read_utf8(path: str, what: str = "file") -> str:
    """The decoded text of the file at ``path``; ``what`` names it in errors."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise CheckError(f"cannot read {what}: {exc.strerror or exc}", path) from None
    return decode_utf8(data, path)
