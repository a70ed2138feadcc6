"""``--out DIR`` checked before a run starts (issue #14, item 6).

Every report is written to a temporary file in ``DIR`` and moved over the
old one at the end of the run; what can stop that is known before the run:
``DIR`` is a file, lies under a file, cannot be created or written, or one of
the report names in it is a directory.  :func:`out_problem` finds these without changing
anything in ``DIR``; ``claimcheck run`` reports the problem as one located
line, writes no report file, still prints the requested rendering on
standard output, and exits 2.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable

from checker.errors import CheckError
from checker.files import clean_text

HINT = "give --out a directory claimcheck can write to, or '-' for no report files"


def _error(path: str, message: str) -> CheckError:
    return CheckError(message, clean_text(path), hint=HINT)


def _writable(directory: str) -> str | None:
    """Why a file cannot be created in ``directory`` (None: it can).

    A probe file is created and removed at once: it answers for read-only
    file systems and access lists too, and for root, which ``os.access``
    does not."""
    try:
        fd, probe = tempfile.mkstemp(dir=directory, prefix=".claimcheck-probe.", suffix=".tmp")
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    os.close(fd)
    try:
        os.unlink(probe)
    except OSError:
        pass
    return None


def out_problem(out: str, names: Iterable[str]) -> CheckError | None:
    """The problem that would stop the reports ``names`` being written to
    ``out``, or None."""
    if os.path.lexists(out) and not os.path.isdir(out):
        return _error(out, "--out names a file, not a directory")
    if not os.path.isdir(out):
        parent = os.path.dirname(os.path.abspath(out))
        while not os.path.lexists(parent):
            parent = os.path.dirname(parent)
        if not os.path.isdir(parent):
            return _error(out, f"--out cannot be created: {clean_text(parent)} is a file, not a directory")
        why = _writable(parent)
        if why:
            return _error(out, f"--out cannot be created in {clean_text(parent)}: {why}")
        return None
    why = _writable(out)
    if why:
        return _error(out, f"cannot write the reports in --out: {why}")
    for name in names:
        target = os.path.join(out, name)
        try:
            mode = os.lstat(target).st_mode  # a link or a special file is replaced like a file
        except FileNotFoundError:
            continue
        except OSError as exc:
            return _error(target, f"cannot replace the report {name}: {exc.strerror or type(exc).__name__}")
        if stat.S_ISDIR(mode):
            return _error(target, f"a directory is in the way of the report {name}")
    return None
