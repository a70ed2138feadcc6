"""``claimcheck lint`` and ``claimcheck schema``, and the schema agreeing with lint."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
LINT = "fixtures/check/lint"


def cli(*argv: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("FORCE_COLOR", None)
    return subprocess.run([sys.executable, "-m", "checker", *argv], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


def test_clean_rules_exit_0():
    p = cli("lint", "fixtures/check/rules")
    assert p.returncode == 0, p.stdout + p.stderr
    assert "0 wrong example(s)" in p.stdout
    assert p.stderr == ""


def test_project_rules_are_clean():
    if not any((ROOT / "rules").glob("*.y*ml")):
        pytest.skip("no rules/ yet")
    p = cli("lint")  # default: rules/
    assert p.returncode == 0, p.stdout + p.stderr


def test_wrong_example_reported_with_file_line_expected_and_got():
    p = cli("lint", f"{LINT}/wrong-example.yaml")
    assert p.returncode == 1
    lines = p.stdout.splitlines()
    assert len(lines) == 1
    line = (ROOT / LINT / "wrong-example.yaml").read_text().splitlines().index(
        '      - {text: "The attack killed 1,000 people.", verdict: pass}') + 1
    assert lines[0].startswith(f"{LINT}/wrong-example.yaml:{line}:9: lint-toll: example expected pass, got fail")
    assert '"1,000"' in lines[0]
    assert lines[0].endswith(': "The attack killed 1,000 people."')


def test_invalid_file_exit_2_located_with_hint():
    p = cli("lint", f"{LINT}/invalid.yaml")
    assert p.returncode == 2
    first = p.stderr.splitlines()[0]
    assert first.startswith(f"{LINT}/invalid.yaml:6:5: unknown key 'contradcit'")
    assert "contradict" in first
    assert "Traceback" not in p.stderr


def test_bad_query_points_inside_the_query():
    p = cli("lint", f"{LINT}/bad-query.yaml")
    assert p.returncode == 2
    assert re.match(rf"^{LINT}/bad-query\.yaml:5:\d+: in 'expect': ", p.stderr), p.stderr


def test_invalid_wins_over_wrong_examples():
    p = cli("lint", LINT)
    assert p.returncode == 2


def test_missing_path_exit_2():
    p = cli("lint", "no/such/dir")
    assert p.returncode == 2
    assert "no/such/dir" in p.stderr and "Traceback" not in p.stderr


def test_main_entry_point(capsys):
    assert main(["lint", str(ROOT / LINT / "wrong-example.yaml")]) == 1
    assert "example expected pass, got fail" in capsys.readouterr().out


# ---------------------------------------------------------------- schema ---


def test_schema_command_prints_the_packaged_schema(capsys):
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["title"] == "claimcheck rule file"
    from checker.schema import load_schema, schema_path

    assert printed == load_schema()
    assert main(["schema", "--path"]) == 0
    path = capsys.readouterr().out.strip()
    assert path == schema_path() and os.path.isfile(path)


def _yaml_files():
    out = []
    for base in ("rules", "fixtures"):
        out += sorted((ROOT / base).rglob("*.yaml")) + sorted((ROOT / base).rglob("*.yml"))
    return [p for p in out if p.name != "sources.yaml" and "articles" not in p.parts]


def _load(path: Path):
    from ruamel.yaml import YAML

    try:
        return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except Exception:
        return None


def test_schema_accepts_every_file_lint_accepts_and_rejects_structural_errors():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test-only extra")
    from checker.rules.loader import lint_rules
    from checker.schema import load_schema

    schema = load_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    checked = 0
    for path in _yaml_files():
        # lint first: a file it rejects (an alias bomb among them) is never
        # loaded by a YAML library here, whose expansion would eat the memory
        rules, errors = lint_rules([str(path)])
        if errors:
            continue
        data = _load(path)
        if not isinstance(data, dict) or "claims" not in data:
            continue
        schema_errors = list(validator.iter_errors(json.loads(json.dumps(data, default=str))))
        if not errors:
            assert not schema_errors, (path, [e.message for e in schema_errors])
            checked += 1
    assert checked >= 2
    # structural mistakes: both lint and the schema reject them
    for name in ("invalid.yaml",):
        data = _load(ROOT / LINT / name)
        assert list(validator.iter_errors(data))
        assert lint_rules([str(ROOT / LINT / name)])[1]


@pytest.mark.parametrize("doc", [
    {"story": "s", "claims": [{"id": "a", "claim": "x", "expect": "y", "forbid": "z"}]},
    {"story": "s", "claims": [{"id": "a", "claim": "x"}]},
    {"story": "s", "claims": [{"id": "a", "claim": "x", "forbid": "z", "contradict": "q"}]},
    {"story": "S S", "claims": [{"id": "a", "claim": "x", "expect": "y"}]},
    {"story": "s", "claims": []},
    {"story": "s", "claims": [{"id": "a", "claim": "x", "expect": "y", "scope": "page"}]},
    {"story": "s", "claims": [{"id": "a", "claim": "x", "expect": "y", "examples": [{"text": "t", "verdict": "error"}]}]},
    {"story": "s", "claims": [{"id": "a", "claim": "x", "expect": "y", "required": "yes"}]},
    {"story": "s", "defaults": {"note": "n"}, "claims": [{"id": "a", "claim": "x", "expect": "y"}]},
])
def test_schema_and_lint_reject_the_same_mistakes(doc, tmp_path):
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test-only extra")
    from ruamel.yaml import YAML

    from checker.rules.loader import lint_rules
    from checker.schema import load_schema

    path = tmp_path / "r.yaml"
    with path.open("w", encoding="utf-8") as fh:
        YAML().dump(doc, fh)
    assert list(jsonschema.Draft7Validator(load_schema()).iter_errors(doc))
    assert lint_rules([str(path)])[1]
