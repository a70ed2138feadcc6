"""The ``claimcheck`` command: one subcommand per module in ``checker.commands``
(what each declares: see :mod:`checker.commands`)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import collector
from .commands import add_command, tolerant_streams
from .errors import CheckError

COMMANDS = ("run", "check", "lint", "explain", "schema", "serve")


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 2 with one plain line (no traceback)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or with ``only``, of that one alone
    (when its module is there): what a call naming its command first
    parses the same way, without importing and building the others
    (~2 ms of the gate's start, issue #16)."""
    parser = _Parser(
        prog="claimcheck",
        description="Check editors' claims (YAML rules) against news articles.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    registered = False
    for name in COMMANDS:
        if only is not None and name != only:
            continue
        try:
            module = importlib.import_module(f"checker.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"checker.commands.{name}":
                raise
            continue
        add_command(sub, name, module)
        registered = True
    if only is not None and not registered:
        return build_parser()  # its choices listed in the usage error, as without ``only``
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    tolerant_streams()
    with collector.paused():  # start-up builds objects the process keeps (~3 ms of a warm gate, #16)
        # a command named first is the command: ``claimcheck -h`` (or no
        # command) lists them all
        parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
        args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CheckError as err:
        print(str(err), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("claimcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
