"""pytest collects what it is given (issue #14, item 9), through ``pytester``.

pytest picks its rootdir before any plugin's options exist, from every
path-like argument, so ``pytest rules --articles /elsewhere/seeds`` can land
in another project's ``pyproject.toml``; a directory or rule file named on
the command line must be collected all the same, and its node ids must name
the rule file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

PROJECT = Path(__file__).resolve().parent.parent / "fixtures" / "pytest" / "project"
# `pytest rules/` on the fixture project (see tests/test_pytest_plugin.py)
COUNTS = dict(passed=7, failed=5, skipped=4, xfailed=1, errors=1)
TOLL_ITEMS = 14  # items of rules/toll.yaml: 11 claim × article, 3 examples


def _newsroom(base: Path, with_seeds: bool = True) -> Path:
    """``base/newsroom`` with ``rules/`` (and ``seeds/``), no pytest configuration."""
    room = base / "newsroom"
    shutil.copytree(PROJECT / "rules", room / "rules")
    if with_seeds:
        shutil.copytree(PROJECT / "seeds", room / "seeds")
    return room


def _elsewhere_seeds(base: Path) -> Path:
    seeds = base / "elsewhere" / "seeds"
    shutil.copytree(PROJECT / "seeds", seeds)
    return seeds


def _other_project(base: Path) -> None:
    """Another project's configuration above the newsroom (no claimcheck settings)."""
    (base / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n', encoding="utf-8"
    )


def test_the_exact_command_of_the_issue(pytester, monkeypatch):
    """``pytest rules --articles /elsewhere/seeds`` in a directory holding
    ``rules/`` and no configuration, below another project's pyproject.toml."""
    _other_project(pytester.path)
    room = _newsroom(pytester.path, with_seeds=False)
    seeds = _elsewhere_seeds(pytester.path)
    monkeypatch.chdir(room)
    result = pytester.runpytest("rules", "--articles", str(seeds))
    result.assert_outcomes(**COUNTS)
    # the rootdir is the other project's: ids are relative to it
    result.stdout.no_fnmatch_line("*no tests ran*")
    items, _ = pytester.inline_genitems("rules", "--articles", str(seeds))
    assert "newsroom/rules/toll.yaml::toll[wire-a]" in [i.nodeid for i in items]


def test_the_exact_command_without_any_configuration_above(pytester, monkeypatch):
    room = _newsroom(pytester.path, with_seeds=False)
    seeds = _elsewhere_seeds(pytester.path)
    monkeypatch.chdir(room)
    result = pytester.runpytest("rules", "--articles", str(seeds))
    result.assert_outcomes(**COUNTS)


def test_default_seeds_beside_the_rules_under_another_projects_rootdir(pytester, monkeypatch):
    """Neither ``rules`` nor ``seeds`` is where the other project's rootdir
    would put them: both are found where pytest was started."""
    _other_project(pytester.path)
    room = _newsroom(pytester.path)
    monkeypatch.chdir(room)
    result = pytester.runpytest("rules")
    result.assert_outcomes(**COUNTS)


def test_a_rules_directory_outside_the_rootdir_is_collected_with_its_path(pytester, monkeypatch):
    project = pytester.path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[tool.pytest.ini_options]\n", encoding="utf-8")
    shutil.copytree(PROJECT / "seeds", project / "seeds")
    shutil.copytree(PROJECT / "rules", pytester.path / "desk" / "rules")
    monkeypatch.chdir(project)
    items, _ = pytester.inline_genitems("../desk/rules", "--rootdir", ".")
    ids = [i.nodeid for i in items]
    assert "../desk/rules/toll.yaml::toll[wire-a]" in ids
    assert "../desk/rules/misc.yaml::runaway[blog-c]" in ids


@pytest.mark.parametrize("absolute", [False, True], ids=["relative", "absolute"])
def test_a_rule_file_outside_the_rootdir_keeps_its_name_in_node_ids(pytester, monkeypatch, absolute):
    project = pytester.path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[tool.pytest.ini_options]\n", encoding="utf-8")
    shutil.copytree(PROJECT / "seeds", project / "seeds")
    far = pytester.path / "far" / "away"
    far.mkdir(parents=True)
    shutil.copy(PROJECT / "rules" / "toll.yaml", far / "x.yaml")
    monkeypatch.chdir(project)
    typed = str(far / "x.yaml") if absolute else "../far/away/x.yaml"
    items, _ = pytester.inline_genitems(typed, "--rootdir", ".")
    ids = [i.nodeid for i in items]
    assert len(ids) == TOLL_ITEMS
    assert f"{typed}::toll[wire-a]" in ids and f"{typed}::toll::example[0]" in ids
    # the id selects the item, as pytest prints it
    result = pytester.runpytest(f"{typed}::toll[wire-a]", "--rootdir", ".")
    result.assert_outcomes(passed=1)


def test_inside_the_rootdir_ids_stay_relative_to_it(pytester):
    shutil.copytree(PROJECT, pytester.path, dirs_exist_ok=True)
    items, _ = pytester.inline_genitems(str(pytester.path / "rules" / "toll.yaml"))
    assert items[0].nodeid.startswith("rules/toll.yaml::")


def test_naming_a_test_directory_still_parses_no_fixture_yaml(pytester, monkeypatch):
    """What is named is collected; a directory that is not a rule directory
    is walked for Python tests only (tests/fixtures/story.yaml is rule-shaped)."""
    _other_project(pytester.path)
    room = pytester.path / "newsroom"
    shutil.copytree(PROJECT, room)
    monkeypatch.chdir(room)
    result = pytester.runpytest("tests")
    result.assert_outcomes(passed=1)


def test_fifos_and_device_links_in_rules_never_block_collection(pytester):
    shutil.copytree(PROJECT, pytester.path, dirs_exist_ok=True)
    os.mkfifo(pytester.path / "rules" / "zz.yaml")
    os.symlink("/dev/zero", pytester.path / "rules" / "zero.yaml")
    result = pytester.runpytest_subprocess("rules", timeout=120)
    result.assert_outcomes(**COUNTS)
    result = pytester.runpytest_subprocess("rules/zz.yaml", "rules/zero.yaml", timeout=120)
    assert result.ret != 0  # pytest: not a file it can collect; nothing read, nothing hung
