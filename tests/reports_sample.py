"""The sample run of ``fixtures/reports/sample_run.py``, loaded once for the
report tests (the fixture is a file, not a package module)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_sample():
    spec = importlib.util.spec_from_file_location("sample_run", ROOT / "fixtures" / "reports" / "sample_run.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


sample = _load_sample()
