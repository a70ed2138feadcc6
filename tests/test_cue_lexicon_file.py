"""The cue table's storage: ``checker/text/cues/lexicon.tsv``, read into
``checker.text.cues.lexicon.CUES`` (what the rows mean is tested in
``tests/test_cues.py``)."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

from checker.errors import CheckError
from checker.text.cues.lexicon import CUES, LEXICON_FILE, read_cues

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "checker" / "text" / "cues" / LEXICON_FILE


def test_cues_are_the_file_rows_in_file_order():
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert CUES == tuple(tuple(line.split("\t")) for line in lines)
    assert all(isinstance(row, tuple) and len(row) == 4 for row in CUES)
    assert len({row[0] + row[2] for row in CUES}) == len(CUES), "a row stands twice"


def test_comments_and_blank_lines_are_skipped():
    text = "# a comment\n\nnot\tnegation\tclause\tIt is not so.\r\n# ---- more\nmay\thedge\tmodal\tIt may be.\n"
    assert read_cues(text) == (("not", "negation", "clause", "It is not so."),
                               ("may", "hedge", "modal", "It may be."))


GOOD = "not\tnegation\tclause\tIt is not so."


@pytest.mark.parametrize("line, column, problem", [  # one defect each, in a good line
    (GOOD.replace("\t", " "), 1, "not 1"),  # spaces where the tabs belong
    (GOOD.rsplit("\t", 1)[0], 1, "not 3"),  # no example
    (GOOD + "\tmore", 1, "not 5"),
    (GOOD.replace("negation", ""), 5, "empty field"),
    (GOOD.replace("negation", "negation "), 5, "spaces around it"),
])
def test_a_malformed_line_is_an_error_at_its_place(line, column, problem):
    with pytest.raises(CheckError) as caught:
        read_cues(f"# header\n\n{line}\n", "lexicon.tsv")
    assert problem in caught.value.message
    assert str(caught.value).startswith(f"lexicon.tsv:3:{column}: ")


def test_the_table_ships_in_the_package():
    """pyproject's package data names the file, so a wheel or sdist install has it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["checker"]
    relative = TABLE.relative_to(ROOT / "checker").as_posix()
    assert any(fnmatch.fnmatch(relative, p) for p in patterns), patterns
