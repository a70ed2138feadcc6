"""``claimcheck check --format github``: GitHub Actions workflow commands, through
the real entry point, read back the way the Actions runner reads them."""

from __future__ import annotations

import pytest
from gate_cli import ART, ROOT, RULES, cli, col_of

from checker.reports.gate.github import command, escape_data, escape_property


def unescape(text: str, mappings: tuple[tuple[str, str], ...]) -> str:
    for token, replacement in mappings:
        text = text.replace(replacement, token)
    return text


DATA = (("\r", "%0D"), ("\n", "%0A"), ("%", "%25"))
PROPERTY = (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25"))


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner parses it (``ActionCommand.TryParseV2``):
    the command runs to the first ``::`` after the opening one; properties are
    split on ``,`` and ``=``; then each part is unescaped."""
    assert line.startswith("::"), line
    end = line.index("::", 2)
    info, data = line[2:end], line[end + 2:]
    name, _, props = info.partition(" ")
    properties = {}
    for item in filter(None, props.split(",")):
        key, value = item.split("=", 1)
        properties[key] = unescape(value, PROPERTY)
    return name, properties, unescape(data, DATA)


def commands(*argv: str, cwd=ROOT) -> tuple[list[tuple[str, dict, str]], int]:
    p = cli("check", *argv, "--format", "github", cwd=cwd)
    assert "Traceback" not in p.stderr, p.stderr
    return [parse(line) for line in p.stdout.splitlines()], p.returncode


def test_escapes_read_back_exactly():
    nasty = "100% sure:: 50%25, really\r\nnext line ::error::x"
    assert unescape(escape_data(nasty), DATA) == nasty
    assert unescape(escape_property(nasty), PROPERTY) == nasty
    assert "\n" not in escape_data(nasty) and "\r" not in escape_data(nasty)
    assert ":" not in escape_property(nasty) and "," not in escape_property(nasty)
    line = command("warning", nasty, file="a,b:c.txt", line=3, col=None, title="t: x")
    assert parse(line) == ("warning", {"file": "a,b:c.txt", "line": "3", "title": "t: x"}, nasty)


def test_a_message_with_percent_newlines_and_colons_survives(tmp_path):
    """The claim sentence holds ``%`` and ``::``, its note becomes the second
    line of the message, and the file name holds ``,``, ``:`` and a newline:
    each command is one line, and the runner reads back every part."""
    claim = 'Turnout rose 50%:: see "::error::" and %0A'
    note = "Checked: 100% of the figures, by the desk"
    (tmp_path / "rules.yaml").write_text(
        "story: s\nclaims:\n"
        "  - id: turnout\n"
        f"    claim: '{claim}'\n"
        "    expect: NUM(50)\n"
        "    contradict: NUM(*)\n"
        f"    note: '{note}'\n", encoding="utf-8")
    name = "copy,a:b\nc.txt"
    (tmp_path / name).write_text("Intro.\nTurnout rose 40% this year.\n", encoding="utf-8")
    p = cli("check", name, "--rules", "rules.yaml", "--format", "github", cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    (line,) = p.stdout.splitlines()
    level, props, message = parse(line)
    assert level == "error"
    assert props["file"] == name
    assert props["title"] == "claimcheck: turnout"
    col = len("Turnout rose ") + 1
    assert (props["line"], props["col"], props["endLine"], props["endColumn"]) == \
        ("2", str(col), "2", str(col + len("40%") - 1))
    assert message == f'says "40%", which contradicts: {claim}\n{note}'


def test_one_command_per_problem_at_the_words():
    found, code = commands(f"{ART}/bad.txt", "--rules", RULES)
    assert code == 1
    ((level, props, message),) = found
    col = col_of(f"{ART}/bad.txt", 2, "1,000")
    assert level == "error"
    assert props == {"file": f"{ART}/bad.txt", "line": "2", "col": str(col), "endLine": "2",
                     "endColumn": str(col + len("1,000") - 1), "title": "claimcheck: toll"}
    assert message.startswith('says "1,000", which contradicts: The attack killed around 1,400 people')


def test_levels_follow_severity_and_known_problems_are_notices():
    found, code = commands(ART, "--rules", RULES)
    assert code == 1
    assert [(lv, p["title"]) for lv, p, _ in found] == [
        ("error", "claimcheck: toll"), ("error", "claimcheck: toll"), ("warning", "claimcheck: no-dictator")]
    shown, _ = commands(ART, "--rules", RULES, "--show-known")
    (known,) = [(lv, m) for lv, p, m in shown if p["title"] == "claimcheck: no-bassam-al-assad"]
    assert known[0] == "notice" and "(known: accepted verdict fail)" in known[1]
    missing = [p for lv, p, m in found if m.startswith("required claim not stated")]
    assert missing == [{"file": f"{ART}/silent.txt", "line": "1", "col": "1", "title": "claimcheck: toll"}]


def test_words_across_lines_end_on_their_line_without_a_column(tmp_path):
    (tmp_path / "draft.md").write_text("Prosecutors named general Bassam\nAl-Assad in the warrant.\n",
                                       encoding="utf-8")
    (tmp_path / "r.yaml").write_text(
        "story: s\nclaims:\n  - id: no-bassam\n    claim: Nobody called Bassam al-Assad\n"
        "    forbid: '\"Bassam al-Assad\"'\n    scope: paragraph\n", encoding="utf-8")
    ((_, props, _),), _ = commands("draft.md", "--rules", "r.yaml", cwd=tmp_path)
    assert (props["line"], props["endLine"]) == ("1", "2") and "endColumn" not in props


def test_bad_rules_are_an_annotation_on_the_rule_file():
    p = cli("check", f"{ART}/good.txt", "--rules", "fixtures/check/lint/invalid.yaml", "--format", "github")
    assert p.returncode == 2 and "Traceback" not in p.stderr
    ((level, props, message),) = [parse(line) for line in p.stdout.splitlines()]
    line, col = p.stderr.split(":")[1:3]
    assert level == "error" and props["file"] == "fixtures/check/lint/invalid.yaml"
    assert (props["line"], props["col"]) == (line, col)
    assert message and message in p.stderr


@pytest.mark.parametrize("fmt", ["text", "github", "sarif", "json"])
def test_every_format_exits_as_the_gate(fmt):
    assert cli("check", f"{ART}/bad.txt", "--rules", RULES, "--format", fmt).returncode == 1
    assert cli("check", f"{ART}/good.txt", "--rules", RULES, "--format", fmt).returncode == 0
    assert cli("check", f"{ART}/tabloid.txt", "--rules", RULES, "--format", fmt).returncode == 0


def test_jsonl_articles_are_annotated_on_the_file_with_their_place_in_the_message(tmp_path):
    """Lines of a .jsonl article count inside its text: the annotation names
    the file only, and the message says which article and where."""
    (tmp_path / "feed.jsonl").write_text(
        '{"id": "wire-1", "text": "Intro.\\nThe attack killed 1,000 people."}\n', encoding="utf-8")
    ((level, props, message),), code = commands("feed.jsonl", "--rules", str(ROOT / RULES), cwd=tmp_path)
    assert code == 1 and level == "error"
    assert props == {"file": "feed.jsonl", "title": "claimcheck: toll"}
    assert message.startswith('wire-1:2:19: says "1,000"')
