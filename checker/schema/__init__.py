"""The JSON Schema of rule files, shipped with the package.

Editors with the YAML language server get completion and inline errors from
it: put ``# yaml-language-server: $schema=PATH-OR-URL`` on the first line of
a rule file (``claimcheck schema --path`` prints the installed file's path;
``claimcheck schema > rules.schema.json`` saves a copy).  ``claimcheck lint``
remains the authority: it also checks queries, entities and unique ids.
"""

from __future__ import annotations

import json
from importlib import resources

SCHEMA_FILE = "rules.schema.json"


def schema_path() -> str:
    return str(resources.files(__name__).joinpath(SCHEMA_FILE))


def schema_text() -> str:
    return resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def load_schema() -> dict:
    return json.loads(schema_text())
