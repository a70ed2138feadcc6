"""The ``claimcheck`` command: one subcommand per module in ``checker.commands``."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from .errors import CheckError

COMMANDS = ("run", "check", "lint", "explain", "schema", "serve")


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 2 with one plain line (no traceback)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="claimcheck",
        description="Check editors' claims (YAML rules) against news articles.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"checker.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"checker.commands.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
