"""Running ``claimcheck`` as a user does, for the gate's tests: a fresh
interpreter, ``python -m checker`` from the repository root."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ART = "fixtures/check/articles"
RULES = "fixtures/check/rules"


def cli(*argv: str, env: dict | None = None, cwd: Path | str = ROOT) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    e.pop("FORCE_COLOR", None)
    e["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [e.get("PYTHONPATH")])])
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "checker", *argv], check=False, cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", env=e, timeout=120)


def col_of(path: str | Path, line: int, needle: str) -> int:
    text = (ROOT / path).read_text(encoding="utf-8").splitlines()[line - 1]
    return text.index(needle) + 1
