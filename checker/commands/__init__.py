"""One module per ``claimcheck`` subcommand, named as the command.

Each module declares what only it knows, and :func:`add_command` (called
by :func:`checker.cli.build_parser`) turns that into its parser:

* ``HELP``: its line in ``claimcheck -h``;
* ``DESCRIPTION``: the paragraph atop ``claimcheck COMMAND -h``;
* ``arguments(parser)``: adds its own arguments to the parser;
* ``run(args) -> int``: what it does, returning the exit code.

Bad input is a :class:`~checker.errors.CheckError`, printed as
``FILE:LINE:COL: message`` on standard error with exit code 2.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterable
from types import ModuleType
from typing import Any


def add_command(subparsers: Any, name: str, command: ModuleType) -> None:
    """Add command ``name``, declared by its module ``command``, to the
    ``subparsers`` of ``claimcheck``'s parser (``add_subparsers()``)."""
    parser = subparsers.add_parser(name, help=command.HELP, description=command.DESCRIPTION)
    command.arguments(parser)
    parser.set_defaults(func=command.run)


def print_errors(errors: Iterable[object], stream=None) -> int:
    """Print located errors to standard error; return how many."""
    stream = stream or sys.stderr
    n = 0
    for err in errors:
        print(str(err), file=stream)
        n += 1
    return n


def _is_utf8(stream) -> bool:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name == "utf-8"
    except LookupError:
        return False


def tolerant_streams() -> None:
    """Standard output and error in an encoding that lacks ✓ or an
    article's letters (a latin-1 console, ``PYTHONIOENCODING=latin-1``)
    write ``?`` for what they cannot show: a report is never lost to an
    encoding error (before, a traceback)."""
    for stream in (sys.stdout, sys.stderr):
        if not _is_utf8(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def utf8_stdout() -> None:
    """Standard output in UTF-8 whatever the locale, for a machine format
    (JSON, CSV, SARIF, an HTML page that declares UTF-8): the same bytes as
    the file the format writes, which the JSON and CSV writers copy as
    bytes anyway."""
    if not _is_utf8(sys.stdout) and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
