"""The catalogue of hostile input (``fixtures/hostile/``), run case by case.

Two kinds of case, each added by dropping files (see
``fixtures/hostile/README.md``):

* ``fixtures/hostile/cases/NAME/case.yaml`` — a directory of files, the
  command to run in a copy of it, what the test must build there because it
  cannot be committed (FIFOs, symbolic links, deep trees, huge or sparse
  files), and the exit code and messages it must produce;
* ``fixtures/hostile/rules/NAME.yaml`` — one rule file whose ``# expect:``
  header lines are the located errors ``claimcheck lint`` must report for
  it (the whole directory is linted once).

Every command runs as a real process under a hang guard and a memory limit
(``clirun.py``), and must end with its exit code, its messages and no
traceback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from clirun import ROOT, claimcheck
from deeptree import make_deep_dirs, remove_deep_dirs

HOSTILE = ROOT / "fixtures" / "hostile"
CASES = sorted(p.parent for p in (HOSTILE / "cases").glob("*/case.yaml"))
RULE_CASES = sorted((HOSTILE / "rules").glob("*.yaml"))
PLACES = {"rules": str(ROOT / "rules"), "seeds": str(ROOT / "seeds")}
CASE_KEYS = {"about", "issue", "build", "command", "exit", "stderr", "stdout", "not_stderr", "json", "timeout", "memory"}


def _load(case_dir: Path) -> dict:
    case = YAML(typ="safe", pure=True).load((case_dir / "case.yaml").read_text(encoding="utf-8"))
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"{case_dir.name}/case.yaml: unknown keys {sorted(unknown)}"
    for key in ("about", "command", "exit"):
        assert key in case, f"{case_dir.name}/case.yaml: '{key}' is required"
    return case


def _expand(arg: str) -> str:
    return arg.format(**PLACES)


# -- what cannot be committed ------------------------------------------------


def _build(root: Path, step: dict) -> None:
    """One ``build`` step, inside the copy of the case directory."""
    kind = next(k for k in ("fifo", "symlink", "dirs", "file") if k in step)
    path = root / step[kind]
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink":
        os.symlink(_expand(step["to"]), path)
    elif kind == "dirs":  # PATH/d/d/…/NAME, depth levels below PATH
        bottom = make_deep_dirs(path, step["depth"])
        here = os.getcwd()
        os.chdir(bottom)  # relative: the full path would pass PATH_MAX
        try:
            Path(step.get("name", "deep.txt")).write_text(step.get("text", "Too deep.\n"), encoding="utf-8")
        finally:
            os.chdir(here)
    else:  # file: prefix + text × repeat (or a ladder) + suffix, then made sparse up to size
        if "ladder" in step:  # runs of 1, 2, … repeat characters, each followed by "a"
            body = "".join(step["ladder"] * i + "a" for i in range(1, step["repeat"] + 1))
        else:
            body = step.get("text", "") * step.get("repeat", 1)
        data = step.get("prefix", "") + body + step.get("suffix", "")
        with open(os.fsencode(path), "wb") as fh:
            fh.write(data.encode("utf-8", "surrogateescape"))
            if "size" in step:
                fh.truncate(step["size"])


# -- checks ------------------------------------------------------------------


def _results(doc: dict, articles: list[str]) -> list[dict]:
    return [r for r in doc["results"] if r["article"] in articles]


def _check_json(ran, spec: dict, root: Path) -> None:
    doc = json.loads(ran.out)
    ids = [a["id"] for a in doc["articles"]]
    if "articles" in spec:
        assert ids == spec["articles"], ran.describe()
    if "claims" in spec:
        assert len(doc["claims"]) == spec["claims"], ran.describe()
    if "same_results_as" in spec:
        # the good articles are reported fully: exactly as a run over them alone
        base = claimcheck(*map(_expand, spec["same_results_as"]), cwd=root)
        assert base.code == 0, base.describe()
        assert _results(doc, ids) == _results(json.loads(base.out), ids)
        assert _results(doc, ids), "no results at all"


def _check(ran, case: dict, root: Path) -> None:
    assert not ran.hung, ran.describe()
    assert "Traceback" not in ran.err and "Traceback" not in ran.out, ran.describe()
    assert ran.utf8, "output is not valid UTF-8\n" + ran.describe()
    assert ran.code == case["exit"], ran.describe()
    for text in case.get("stderr", []):
        assert text in ran.err, f"missing on stderr: {text!r}\n" + ran.describe()
    for text in case.get("not_stderr", []):
        assert text not in ran.err, f"unexpected on stderr: {text!r}\n" + ran.describe()
    for text in case.get("stdout", []):
        assert text in ran.out, f"missing on stdout: {text!r}\n" + ran.describe()
    if "json" in case:
        _check_json(ran, case["json"], root)


@pytest.mark.parametrize("case_dir", CASES, ids=[c.name for c in CASES])
def test_case(case_dir: Path, tmp_path: Path) -> None:
    case = _load(case_dir)
    root = tmp_path / case_dir.name
    shutil.copytree(case_dir, root, symlinks=True, ignore=shutil.ignore_patterns("case.yaml"))
    try:
        for step in case.get("build", []):
            _build(root, step)
        ran = claimcheck(*map(_expand, case["command"]), cwd=root,
                         timeout=case.get("timeout", 60), memory=case.get("memory", 3 << 30))
        _check(ran, case, root)
    finally:  # pytest's own clean-up recurses, and would fail on a deep tree
        for step in case.get("build", []):
            if "dirs" in step:
                remove_deep_dirs(root / step["dirs"])


# -- one-file rule cases -----------------------------------------------------

_EXPECT = re.compile(r"^# expect: (.+)$", re.M)


@pytest.fixture(scope="module")
def linted():
    """``claimcheck lint`` over every one-file rule case, once."""
    return claimcheck("lint", "fixtures/hostile/rules", timeout=120)


@pytest.mark.parametrize("rule", RULE_CASES, ids=[p.stem for p in RULE_CASES])
def test_rule_file_case(rule: Path, linted) -> None:
    expected = _EXPECT.findall(rule.read_text(encoding="utf-8"))
    assert expected, f"{rule.name}: no '# expect:' line"
    _check(linted, {"exit": 2}, ROOT)
    where = f"fixtures/hostile/rules/{rule.name}"
    reported = [line[len(where) + 1:] for line in linted.err.splitlines() if line.startswith(where + ":")]
    assert reported == expected, linted.describe()


def test_the_catalogue_covers_the_issue():
    """Every class the issue lists has at least one case."""
    names = {c.name for c in CASES} | {p.stem for p in RULE_CASES}
    for prefix in ("fifo-", "dev-zero-", "deep-", "huge-", "surrogate-", "yaml-tag", "yaml-alias",
                   "schema-", "query-", "non-utf8-", "binary-", "empty-", "paragraph-5mb",
                   "zero-width-bidi", "nul-", "three-broken-three-good", "query-num-", "query-date-",
                   "schema-duplicate-key", "duplicate-key-", "html-", "md-",
                   "regex-", "escape-sequences-", "num-", "date-absurd", "query-num-many-decimals"):
        assert any(n.startswith(prefix) for n in names), prefix
