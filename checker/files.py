"""Reading the files users give us: the one place where text enters claimcheck.

Articles, ``sources.yaml`` and rule files all come through here, so every
input is held to the same rules:

* **only regular files are opened.**  A FIFO, a device, a socket (or a
  symbolic link to one, such as ``/dev/zero``) is reported, never opened: it
  could block the run forever or feed it without end.  The file is checked
  with ``stat`` first, then opened non-blocking and checked again on the
  open descriptor, so a file swapped for a FIFO in between cannot block either;
* **every file has a size limit** (``checker/limits.py``), checked before
  it is read, and reads never go past it;
* **UTF-8 or a located error**: a BOM is dropped, a bad byte is reported at
  the line and column (1-based, in characters) where it is;
* **text is clean**: a lone surrogate (from a ``\\ud800`` escape in JSON or
  YAML, or a file name that is not UTF-8) is replaced by U+FFFD, one
  character for one, so every offset is kept and every output can encode it
  (:func:`clean_text`);
* **directory walks are iterative and bounded** in depth (:func:`walk`).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import BinaryIO

from .errors import CheckError
from .limits import MAX_DIR_DEPTH, size_text

BOM = "\ufeff"

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


@cache
def _surrogate() -> re.Pattern:
    return re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (same length).

    Python strings can hold surrogate code points that no UTF-8 output can
    encode; one of them in an article id or a title used to lose every
    report of a run.
    """
    try:
        text.encode("utf-8")  # fails on a surrogate alone (the regular expression is compiled only then: #16)
    except UnicodeEncodeError:
        return _surrogate().sub("\ufffd", text)
    return text


def clean_optional(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


# --------------------------------------------------------------------------
# Regular files only
# --------------------------------------------------------------------------


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def not_regular(path: str, mode: int) -> CheckError:
    """The error for a path whose ``stat`` mode is not a regular file."""
    kind = _kind(mode)
    if os.path.islink(path):
        try:
            kind += f", through a symbolic link to {clean_text(os.readlink(path))}"
        except OSError:
            kind += ", through a symbolic link"
    return CheckError(
        f"not a regular file ({kind})",
        clean_text(path),
        hint="claimcheck reads only regular files",
    )


def _cannot(path: str, what: str, exc: OSError) -> CheckError:
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        return CheckError(f"cannot read {what}: broken symbolic link", clean_text(path))
    return CheckError(f"cannot read {what}: {exc.strerror or exc}", clean_text(path))


def too_large(path: str, what: str, size: int, limit: int) -> CheckError:
    """The error for an input of ``size`` bytes over its ``limit``."""
    return CheckError(
        f"{what} too large: {size:,} bytes, over the limit of {size_text(limit)}",
        clean_text(path),
        hint="claimcheck refuses larger inputs (see docs/security.md)",
    )


def check_regular(path: str, what: str = "file") -> os.stat_result:
    """``stat`` of ``path`` (following links) if it is a regular file, else a CheckError."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _cannot(path, what, exc) from None
    if not stat.S_ISREG(st.st_mode):
        raise not_regular(path, st.st_mode)
    return st


@contextmanager
def open_regular(path: str, what: str = "file", limit: int | None = None) -> Iterator[BinaryIO]:
    """Open ``path`` for binary reading if it is a regular file of at most ``limit`` bytes.

    Nothing that is not a regular file is ever opened, and the open itself
    never blocks (``O_NONBLOCK``; the descriptor is checked again).
    """
    st = check_regular(path, what)
    if limit is not None and st.st_size > limit:
        raise too_large(path, what, st.st_size, limit)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _cannot(path, what, exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise not_regular(path, st.st_mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as fh:
        yield fh


def read_bytes(path: str, what: str = "file", limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``), or a CheckError."""
    with open_regular(path, what, limit) as fh:
        try:
            data = fh.read() if limit is None else fh.read(limit + 1)
        except OSError as exc:
            raise _cannot(path, what, exc) from None
    if limit is not None and len(data) > limit:  # the file grew after stat
        raise too_large(path, what, len(data), limit)
    return data


def read_utf8(path: str, what: str = "file", limit: int | None = None) -> str:
    """The decoded text of the file at ``path``; ``what`` names it in errors."""
    return decode_utf8(read_bytes(path, what, limit), path)


def decode_utf8(data: bytes, path: str, first_line: int = 1, *, bom: bool = True) -> str:
    """``data`` decoded as UTF-8 without a leading BOM, or a located CheckError.

    ``first_line`` is the line number of ``data``'s first line in its file
    (for a piece of a file, such as one ``.jsonl`` line); ``bom``: a BOM at
    the start is dropped.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        prefix = before[line_start:].decode("utf-8", errors="replace")
        if bom and line == 1 and prefix.startswith(BOM):
            prefix = prefix[1:]
        column = len(prefix) + 1
        line_end = data.find(b"\n", exc.start)
        excerpt = data[line_start: line_end if line_end >= 0 else len(data)]
        excerpt_text = excerpt.decode("utf-8", errors="replace").rstrip("\r")
        if bom and line == 1 and excerpt_text.startswith(BOM):
            excerpt_text = excerpt_text[1:]
        raise CheckError(
            f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x})", clean_text(path),
            first_line + line - 1, column,
            hint="save the file as UTF-8", source_line=excerpt_text, caret=column - 1,
        ) from None
    return text[1:] if bom and text.startswith(BOM) else text


def read_lines(path: str, what: str, limit: int) -> Iterator[tuple[int, bytes | CheckError]]:
    """``(line number, bytes)`` of each line of a regular file, streamed.

    A line longer than ``limit`` bytes comes as a located CheckError instead
    of its bytes (and is never held in memory whole).
    """
    with open_regular(path, what) as fh:
        lineno = 0
        while True:
            lineno += 1
            line = fh.readline(limit + 2)
            if not line:
                return
            if len(line) > limit + 1 or (len(line) == limit + 1 and not line.endswith(b"\n")):
                size = len(line)
                while not line.endswith(b"\n"):
                    line = fh.readline(1 << 20)
                    if not line:
                        break
                    size += len(line)
                yield lineno, too_large(path, what, size, limit)
                continue
            yield lineno, line


# --------------------------------------------------------------------------
# Directories
# --------------------------------------------------------------------------


def walk(
    top: str,
    wanted: Callable[[str], bool],
    errors: list[CheckError],
    *,
    seen_dirs: set[str] | None = None,
    max_depth: int = MAX_DIR_DEPTH,
) -> Iterator[str]:
    """Regular files under ``top`` whose name is ``wanted``, in sorted path order.

    Entries are sorted by name at each level, so a subdirectory's files come
    where its name sorts (``a/z.txt`` before ``b.txt``).  Hidden entries
    (``.git``, ``.DS_Store``…) are skipped; symbolic links to directories are
    followed, each real directory once (``seen_dirs``, shared by the caller
    across several tops, also stops link cycles).  A wanted name that is not
    a regular file (a FIFO, a device, a broken link) and a directory more
    than ``max_depth`` levels below ``top`` are reported in ``errors`` and
    skipped.  The walk keeps its own stack: no depth can exhaust Python's.
    """
    seen = set() if seen_dirs is None else seen_dirs
    stack: list[Iterator[tuple[str, os.DirEntry[str]]]] = []

    def enter(directory: str) -> None:
        real = os.path.realpath(directory)
        if real in seen:
            return
        seen.add(real)
        try:
            with os.scandir(directory) as it:
                entries = sorted((e.name, e) for e in it if not e.name.startswith("."))
        except OSError as exc:
            errors.append(CheckError(f"cannot read directory: {exc.strerror or exc}", clean_text(directory)))
            return
        stack.append(iter(entries))

    enter(top)
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        name, entry = item
        path = entry.path
        if not wanted(name):
            try:
                is_dir = entry.is_dir()  # from the directory listing; a stat only for links
            except OSError:
                continue
            mode = stat.S_IFDIR if is_dir else 0
        else:
            try:
                mode = entry.stat().st_mode  # follows a symbolic link to its target
            except OSError as exc:
                errors.append(_cannot(path, "file", exc))
                continue
        if stat.S_ISDIR(mode):
            if len(stack) > max_depth:
                errors.append(CheckError(
                    f"directory nested too deeply (more than {max_depth} levels below "
                    f"{clean_text(top)}); not read", clean_text(path),
                    hint="claimcheck reads directories at most this deep (see docs/security.md)",
                ))
            else:
                enter(path)
        elif stat.S_ISREG(mode):
            yield path
        elif mode:
            errors.append(not_regular(path, mode))
