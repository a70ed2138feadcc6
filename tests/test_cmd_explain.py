"""``claimcheck explain CLAIM-ID ARTICLE``, through its real entry points."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
ART = "fixtures/check/articles"
RULES = "fixtures/check/rules"


def cli(*argv: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("FORCE_COLOR", None)
    return subprocess.run([sys.executable, "-m", "checker", *argv], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


def test_explain_fail_marks_words_and_says_why():
    p = cli("explain", "toll", f"{ART}/bad.txt", "--rules", RULES)
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert out.startswith("toll: The attack killed around 1,400 people\n")
    assert f"article {ART}/bad.txt" in out
    assert "about      @deaths W/S attack*" in out
    assert "[[killed]]" in out and "[[1,000]]" in out
    assert "line 2, column 1 — in scope" in out
    assert 'contradict matches: NUM(>=100) → "1,000" (= 1000)' in out
    assert "expect     does not match" in out
    assert "Verdict: fail" in out
    assert "Refuting: [1] matches 'contradict' and not 'expect'." in out
    assert "\033[" not in out


def test_explain_pass():
    p = cli("explain", "toll", f"{ART}/good.txt", "--rules", RULES)
    assert p.returncode == 0
    assert "[[around 1,400]]" in p.stdout
    assert "Verdict: pass" in p.stdout
    assert "Supporting: [1] matches 'expect'." in p.stdout


def test_explain_missing_required():
    p = cli("explain", "toll", f"{ART}/silent.txt", "--rules", RULES)
    assert p.returncode == 0
    assert "No sentence matches 'about'" in p.stdout
    assert "Verdict: missing" in p.stdout and "required" in p.stdout


def test_explain_forbid_and_known():
    p = cli("explain", "no-bassam-al-assad", f"{ART}/tabloid.txt", "--rules", RULES)
    assert p.returncode == 0
    assert "[[Bassam Al-Assad]]" in p.stdout
    assert "In-scope unit [1] matches 'forbid', so the claim fails." in p.stdout
    assert "accepted (known) verdict" in p.stdout


def test_unknown_claim_exit_2_with_suggestion():
    p = cli("explain", "tol", f"{ART}/bad.txt", "--rules", RULES)
    assert p.returncode == 2
    assert "no claim with id 'tol'" in p.stderr and "did you mean 'toll'" in p.stderr
    assert "Traceback" not in p.stderr


def test_missing_article_exit_2(tmp_path):
    p = cli("explain", "toll", str(tmp_path / "none.txt"), "--rules", RULES)
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_seed_tabloid_toll(capsys):
    if not any((ROOT / "rules").glob("*.y*ml")):
        import pytest
        pytest.skip("no rules/ yet")
    assert main(["explain", "ghouta-toll", str(ROOT / "seeds" / "003_0cc09e80c1cf4d16.txt"),
                 "--rules", str(ROOT / "rules")]) == 0
    out = capsys.readouterr().out
    assert "Verdict: fail" in out and "[[1,000]]" in out
