"""The composite GitHub Action (``action.yml``) and the workflow that uses it: their
shape, their safety (inputs never pasted into shell code), and the action's check
step run for real with bash, as the runner runs it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gate_cli import ART, ROOT, RULES
from ruamel.yaml import YAML

SCRIPT = ROOT / ".github" / "claimcheck-action.sh"
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def action() -> dict:
    return load(ROOT / "action.yml")


def test_the_action_is_a_composite_whose_inputs_all_exist(action):
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert inputs["articles"]["required"] is True
    used = set()
    for step in action["runs"]["steps"]:
        for expr in EXPR.findall(json.dumps(step)):
            used.update(re.findall(r"inputs\.([\w-]+)", expr))
        if step.get("if"):
            used.update(re.findall(r"inputs\.([\w-]+)", step["if"]))
        if "run" in step:
            assert step["shell"] == "bash"
    assert used == set(inputs)  # every input is used, and only inputs that exist
    outputs = {m for o in action["outputs"].values() for m in re.findall(r"steps\.check\.outputs\.([\w-]+)", o["value"])}
    assert outputs == {"exit-code", "sarif-file"}
    assert (ROOT / "pyproject.toml").exists()  # the default install is the action's own checkout


def test_no_input_is_pasted_into_shell_code(action):
    """``${{ inputs.x }}`` inside ``run:`` would let a workflow input inject
    shell commands: inputs reach the scripts through ``env:`` only."""
    for step in action["runs"]["steps"]:
        assert not EXPR.search(step.get("run", "")), step["run"]


def test_the_workflow_uses_the_action_with_its_inputs(action):
    workflow = load(ROOT / ".github" / "workflows" / "claimcheck.yml")
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    (step,) = [s for s in steps if s.get("uses") == "./"]
    assert set(step["with"]) <= set(action["inputs"])
    assert workflow["permissions"] == {"contents": "read"}
    for s in steps:
        assert not EXPR.search(s.get("run", ""))


@pytest.fixture
def runner(tmp_path):
    """Run the action's check step as the runner would: bash, the inputs as
    ``CLAIMCHECK_*`` variables, ``GITHUB_OUTPUT`` a file, and a ``claimcheck``
    command on the PATH (this checkout, with this interpreter)."""
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "claimcheck"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m checker "$@"\n')
    shim.chmod(0o755)

    def run(**inputs: str) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
        out = tmp_path / "github_output"
        out.write_text("")
        env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", GITHUB_OUTPUT=str(out),
                   PYTHONPATH=str(ROOT), GITHUB_ACTION_PATH=str(ROOT))
        env.update({f"CLAIMCHECK_{k.upper()}": v for k, v in inputs.items()})
        proc = subprocess.run(["bash", str(SCRIPT)], cwd=ROOT, env=env, capture_output=True, text=True,
                              check=False, timeout=120)
        outputs = dict(line.split("=", 1) for line in out.read_text().splitlines())
        return proc, outputs

    return run


def test_the_check_step_annotates_writes_sarif_and_fails(runner, tmp_path):
    sarif = tmp_path / "out.sarif"
    proc, outputs = runner(articles=f"{ART}/bad.txt\n{ART}/good.txt", rules=RULES, sarif=str(sarif))
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith(f"::error file={ART}/bad.txt,line=2,")
    assert outputs == {"exit-code": "1", "sarif-file": str(sarif)}
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["toll"]
    assert not Path(str(sarif) + ".tmp").exists()


def test_the_check_step_can_report_without_failing(runner):
    proc, outputs = runner(articles=ART, rules=RULES, fail="false", args="--show-known")
    assert proc.returncode == 0
    assert outputs["exit-code"] == "1" and outputs["sarif-file"] == ""
    assert "::notice " in proc.stdout  # --show-known reached the gate


def test_bad_input_always_fails_the_step(runner):
    proc, outputs = runner(articles=f"{ART}/good.txt", rules="fixtures/check/lint/invalid.yaml", fail="false")
    assert proc.returncode == 2 and outputs["exit-code"] == "2"
    assert proc.stdout.startswith("::error file=fixtures/check/lint/invalid.yaml,line=")
    proc, _ = runner(articles="  ", rules=RULES)
    assert proc.returncode == 2 and "names no article" in proc.stdout
