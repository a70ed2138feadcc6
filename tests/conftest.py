"""Shared helpers for the engine tests: claims from query strings, verdicts on text.

Imports of the engine and text analysis are done inside the helpers, so that
collecting unrelated test files never depends on them.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from browser import browser  # noqa: F401  (the headless Chromium fixture of tests/browser.py)

# `claimcheck check` keeps compiled rules in the user's cache directory: the
# tests (and the commands they start) use a cache of their own instead.
if not os.environ.get("CLAIMCHECK_CACHE_DIR"):
    os.environ["CLAIMCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="claimcheck-test-cache-")
    atexit.register(shutil.rmtree, os.environ["CLAIMCHECK_CACHE_DIR"], True)


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def make_claim(expect=None, *, contradict=None, about=None, forbid=None, scope="sentence",
               entities=None, sources=None, known=None, claim_id="c", context=None, certainty=None):
    """A :class:`~checker.models.Claim` built by loading a one-claim rule file."""
    from checker.rules.loader import load_rules

    lines = ["story: test-story"]
    if entities:
        lines.append("entities:")
        for name, aliases in entities.items():
            lines.append(f"  {name}: [{', '.join(_q(a) for a in aliases)}]")
    lines += ["claims:", f"  - id: {claim_id}", "    claim: A test claim"]
    for key, value in (("about", about), ("expect", expect), ("contradict", contradict),
                       ("forbid", forbid)):
        if value is not None:
            lines.append(f"    {key}: {_q(value)}")
    lines.append(f"    scope: {scope}")
    for key, value in (("context", context), ("certainty", certainty)):
        if value is not None:
            lines.append(f"    {key}: {value}")
    if sources is not None:
        lines.append(f"    sources: [{', '.join(_q(s) for s in sources)}]")
    if known is not None:
        lines.append("    known: {" + ", ".join(f"{_q(k)}: {v}" for k, v in known.items()) + "}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rule.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        (claim,) = load_rules([str(path)]).claims
    return claim


def make_article(text, *, id="a", source="s", path="a.txt"):
    from checker.models import Article

    return Article(id=id, source=source, path=path, text=text, origin=text)


def evaluate_claim(claim, article):
    from checker.engine import compile_claim, evaluate
    from checker.text.analysis import analyze

    return evaluate(compile_claim(claim), analyze(article))


def verdict(text, expect=None, contradict=None, about=None, forbid=None, scope="sentence",
            entities=None, **claim_kw):
    """The :class:`~checker.models.Result` of a one-claim rule on ``text``."""
    claim = make_claim(expect, contradict=contradict, about=about, forbid=forbid, scope=scope,
                       entities=entities, **claim_kw)
    return evaluate_claim(claim, make_article(text))


def all_matches(result):
    """Every Match of every Evidence of a Result, in order."""
    return [m for e in result.evidence for m in e.matches]


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` in ``text`` (a line ends at ``\\n``)."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.fixture
def small_regex_budget(monkeypatch):
    """A /regex/ time budget of 0.3 s per claim, so a test of the budget
    running out does not wait the default 5 s."""
    from checker.engine.ops import regex as regex_ops

    monkeypatch.setattr(regex_ops, "REGEX_BUDGET", 0.3)
    return 0.3
