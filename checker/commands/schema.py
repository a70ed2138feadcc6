"""``claimcheck schema``: print the JSON Schema of rule files.

Save it and point your editor at it, or reference it from a rule file with
``# yaml-language-server: $schema=PATH-OR-URL``.
"""

from __future__ import annotations

import argparse
import sys

HELP = "print the JSON Schema for rule files (for editor completion)"
DESCRIPTION = "Print the JSON Schema of claimcheck rule files."


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--path", action="store_true", help="print where the installed schema file is instead")


def run(args: argparse.Namespace) -> int:
    # (importlib.resources, imported here: every command builds this one's parser)
    from ..schema import schema_path, schema_text

    if args.path:
        print(schema_path())
    else:
        sys.stdout.write(schema_text())
    return 0
