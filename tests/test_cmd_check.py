"""``claimcheck check``: the pre-publication gate, through its real entry points."""

from __future__ import annotations

import json
import os
import re

import pytest
from gate_cli import ART, ROOT, RULES, cli, col_of

from checker.cli import main

LINE_RE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info): (?P<claim>[a-z0-9-]+): (?P<msg>.+)$")


def test_fail_points_at_the_refuting_words():
    p = cli("check", f"{ART}/bad.txt", "--rules", RULES)
    assert p.returncode == 1, p.stderr
    lines = p.stdout.splitlines()
    assert len(lines) == 1
    m = LINE_RE.match(lines[0])
    assert m, lines[0]
    assert m["path"] == f"{ART}/bad.txt"
    assert (int(m["line"]), int(m["col"])) == (2, col_of(f"{ART}/bad.txt", 2, "1,000"))
    assert m["sev"] == "error" and m["claim"] == "toll"
    assert '"1,000' in m["msg"] and "contradicts" in m["msg"]


def test_clean_article_passes_the_gate():
    p = cli("check", f"{ART}/good.txt", "--rules", RULES)
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout == ""


def test_required_missing_points_at_article_start():
    p = cli("check", f"{ART}/silent.txt", "--rules", RULES)
    assert p.returncode == 1
    assert p.stdout.splitlines() == [
        f"{ART}/silent.txt:1:1: error: toll: required claim not stated: The attack killed around 1,400 people"
    ]


def test_known_never_fails_and_warnings_do_not_block():
    p = cli("check", f"{ART}/tabloid.txt", "--rules", RULES)
    assert p.returncode == 0, p.stdout + p.stderr
    lines = p.stdout.splitlines()
    # the warning is reported, the known forbidden name is not (it is accepted)
    assert [LINE_RE.match(x)["claim"] for x in lines] == ["no-dictator"]
    assert lines[0].startswith(f"{ART}/tabloid.txt:1:{col_of(f'{ART}/tabloid.txt', 1, 'dictator')}: warning: no-dictator: ")
    shown = cli("check", f"{ART}/tabloid.txt", "--rules", RULES, "--show-known")
    assert shown.returncode == 0
    known = [x for x in shown.stdout.splitlines() if ": no-bassam-al-assad: " in x]
    assert len(known) == 1 and "known" in known[0]
    assert known[0].startswith(f"{ART}/tabloid.txt:2:{col_of(f'{ART}/tabloid.txt', 2, 'Bassam')}: error: ")


def test_directory_all_lines_well_formed_and_sorted():
    p = cli("check", ART, "--rules", RULES)
    assert p.returncode == 1
    lines = p.stdout.splitlines()
    assert all(LINE_RE.match(x) for x in lines), lines
    paths = [LINE_RE.match(x)["path"] for x in lines]
    assert paths == sorted(paths)
    assert {LINE_RE.match(x)["claim"] for x in lines} == {"toll", "no-dictator"}


def test_json_format():
    p = cli("check", ART, "--rules", RULES, "--format", "json")
    assert p.returncode == 1
    doc = json.loads(p.stdout)
    assert doc["schema"] == "claimcheck/check@1"
    assert doc["exit"] == 1
    blocking = [x for x in doc["problems"] if x["blocking"]]
    assert {(x["claim"], os.path.basename(x["path"])) for x in blocking} == {("toll", "bad.txt"), ("toll", "silent.txt")}
    known = [x for x in doc["problems"] if x["known"]]
    assert [(x["claim"], x["article"]) for x in known] == [("no-bassam-al-assad", "tabloid")]
    assert doc["results"]["schema"] == "claimcheck/results@1"


def test_json_problems_carry_the_span_of_the_words():
    """A fail's problem carries the character span of the refuting words in the
    file as written, so a CMS or a CI annotation can mark them."""
    p = cli("check", f"{ART}/bad.txt", "--rules", RULES, "--format", "json")
    (problem,) = [x for x in json.loads(p.stdout)["problems"] if x["verdict"] == "fail"]
    text = (ROOT / ART / "bad.txt").read_text(encoding="utf-8")
    assert text[problem["start"]:problem["end"]] == problem["text"]
    assert col_of(f"{ART}/bad.txt", problem["line"], problem["text"]) == problem["column"]


def test_bad_rules_exit_2_with_location(tmp_path):
    p = cli("check", f"{ART}/good.txt", "--rules", "fixtures/check/lint/invalid.yaml")
    assert p.returncode == 2
    assert p.stdout == ""
    assert re.match(r"^fixtures/check/lint/invalid\.yaml:\d+:\d+: ", p.stderr), p.stderr
    assert "Traceback" not in p.stderr


def test_missing_article_exit_2(tmp_path):
    p = cli("check", str(tmp_path / "nope.txt"), "--rules", RULES)
    assert p.returncode == 2
    assert "nope.txt" in p.stderr and "Traceback" not in p.stderr


def test_usage_error_exit_2():
    p = cli("check")
    assert p.returncode == 2
    assert "Traceback" not in p.stderr


def test_no_colour_when_piped_and_with_no_color():
    p = cli("check", f"{ART}/bad.txt", "--rules", RULES, env={"NO_COLOR": "1"})
    assert "\033[" not in p.stdout + p.stderr


def test_main_entry_point(capsys):
    code = main(["check", f"{ROOT / ART / 'bad.txt'}", "--rules", str(ROOT / RULES)])
    out = capsys.readouterr().out
    assert code == 1
    assert ": error: toll: " in out


def test_seeds_with_project_rules():
    """The seed story: the tabloid contradicts the toll; exit code follows the contract."""
    if not any((ROOT / "rules").glob("*.y*ml")):
        pytest.skip("no rules/ yet")
    p = cli("check", "seeds")
    assert p.returncode in (0, 1), p.stderr
    lines = p.stdout.splitlines()
    assert lines and all(LINE_RE.match(x) for x in lines), lines
    toll = [x for x in lines if ": ghouta-toll: " in x]
    assert toll and all("003_0cc09e80c1cf4d16.txt" in x for x in toll)
    assert p.returncode == 1  # ghouta-toll is error-severity and the tabloid's 1,000 is not known


def test_pre_commit_hook_definition():
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert by_id["claimcheck"]["entry"] == "claimcheck check"
    assert by_id["claimcheck"]["language"] == "python"
    assert re.search(by_id["claimcheck"]["files"], "copy/story.md")
    assert by_id["claimcheck-lint"]["entry"] == "claimcheck lint"


def test_article_text_cannot_drive_the_terminal(tmp_path):
    """Control characters quoted from an article (an escape sequence that
    clears the screen or retitles the terminal, a bidi override) are printed
    as visible escapes, never sent to the terminal."""
    (tmp_path / "a.txt").write_text("The dictator\x1b[2J\x1b]0;pwned\x07\u202e spoke.\n", encoding="utf-8")
    (tmp_path / "r.yaml").write_text(
        "story: s\nclaims:\n  - id: no-dictator\n    claim: no dictator\n    forbid: /dictator\\S*/\n",
        encoding="utf-8")
    p = cli("check", str(tmp_path / "a.txt"), "--rules", str(tmp_path / "r.yaml"), env={"FORCE_COLOR": "1"})
    assert p.returncode == 1, p.stderr
    (line,) = p.stdout.splitlines()
    # colour is ours; nothing else of the escape sequences survives
    text = line.replace("\033[1m", "").replace("\033[1;31m", "").replace("\033[0m", "")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert 'says "dictator\\x1b[2J\\x1b]0;pwned\\x07\\u202e"' in text


@pytest.mark.parametrize("argv", [
    ["check", "--help"], ["check"], ["check", "--format", "nope", "x.txt"], ["run", "--bogus"], ["lint", "-h"],
    ["--help"], [], ["chec", "x.txt"],
])
def test_a_command_named_first_parses_as_with_every_command(argv, capsys):
    """``main`` builds only the parser of a command named first (issue #16:
    the gate does not import the other commands); what it prints and how it
    exits are what the parser of every command gives."""
    from checker.cli import build_parser

    with pytest.raises(SystemExit) as fast:
        main(argv)
    got = capsys.readouterr()
    with pytest.raises(SystemExit) as full:
        build_parser().parse_args(argv)
    assert (fast.value.code, got) == (full.value.code, capsys.readouterr())
    if argv == ["--help"]:
        assert all(name in got.out + got.err for name in ("run", "check", "lint", "explain", "schema"))


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_the_gate_on_a_stream_that_cannot_encode_an_articles_words(fmt, tmp_path):
    """An article's words the stream cannot encode (``PYTHONIOENCODING=latin-1``,
    a Windows console): no traceback, the gate's verdict and exit code as
    usual; the machine formats are UTF-8, byte for byte the usual output."""
    from clirun import claimcheck as run_cli

    art = tmp_path / "a.txt"
    art.write_text("The attack killed 1,000 people, said Bassam al-Ḥassan “today”.\n", encoding="utf-8")
    ran = run_cli("check", str(art), "--rules", RULES, "--format", fmt, env={"PYTHONIOENCODING": "latin-1"})
    usual = run_cli("check", str(art), "--rules", RULES, "--format", fmt)
    assert usual.code == 1 and ran.code == 1 and "Traceback" not in ran.err, ran.describe()
    if fmt == "text":
        assert ran.out.count("\n") == usual.out.count("\n") and ran.out.startswith(str(art))
    else:
        assert ran.utf8 and ran.out == usual.out
