"""One module per ``claimcheck`` subcommand.

Each module exposes ``register(subparsers)`` (adds its parser and sets
``func=run``) and ``run(args) -> int`` (the exit code).  Bad input is a
:class:`~checker.errors.CheckError`, printed as ``FILE:LINE:COL: message``
on standard error with exit code 2.
"""

from __future__ import annotations

import sys
from typing import Iterable


def print_errors(errors: Iterable[object], stream=None) -> int:
    """Print located errors to standard error; return how many."""
    stream = stream or sys.stderr
    n = 0
    for err in errors:
        print(str(err), file=stream)
        n += 1
    return n
