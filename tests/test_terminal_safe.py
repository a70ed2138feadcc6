"""Terminal-safe text in the commands (issue #14 item 5).

Article text, titles, sources, file names and rule text (a YAML ``"\\e"``
escape) may hold escape sequences that would drive the editor's terminal:
recolour it, set its title (OSC), clear it, rewrite a line with backspaces or
reorder it with bidi overrides.  Every command that prints them — ``lint``,
``explain``, ``check`` (text), the located errors on standard error of
every command and their source-line excerpts — shows each such character as
a visible escape (``\\x1b``).  ``results.json`` keeps the text exact.

On the code these tests were written against, ``explain`` printed the
article's and the rule file's escapes raw, and so did every error excerpt.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clirun import claimcheck

from checker.errors import CheckError
from checker.reports.color import STYLES, RESET

ESC = "\x1b"
# every character a terminal acts on (tab and newline are layout, not commands)
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

ARTICLE = ("The attack killed 1,400 people \x1b]0;PWNED\x07 and \x1b[31m Bassam \x1b[0m said so.\n"
           "A second\x08\x08 sentence \u202e with bidi.\n")
RULES = r'''story: s
claims:
  - id: toll
    claim: "The attack killed 1,400 \e[31mpeople\e[0m"
    expect: NUM(1400)
    note: "note \e]0;x\a here"
  - id: bad
    claim: "Bassam was not there \e[2J"
    forbid: "Bassam"
    examples:
      - text: "Bassam \e[2J was there"
        verdict: pass
'''
BROKEN = 'story: t\nclaims:\n  - id: broken\n    claim: x\n    expect: "NUM(1400) AND (\\e[31m"\n'


def own_colours_removed(text: str) -> str:
    for code in (*STYLES.values(), RESET):
        text = text.replace(code, "")
    return text


def assert_safe(text: str) -> None:
    raw = RAW.findall(own_colours_removed(text))
    assert not raw, f"raw control characters {raw!r} in:\n{text!r}"


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "esc.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "articles" / "feed.jsonl").write_text(json.dumps({
        "id": "j\x1b[2Jx", "source": "src\x1b[31m", "title": "T\x1b]0;t\x07",
        "text": "The attack killed 1,400 people, Bassam \x1b[5m said."}) + "\n", encoding="utf-8")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("colour", [{}, {"FORCE_COLOR": "1"}], ids=["plain", "colour"])
@pytest.mark.parametrize("argv", [
    ["explain", "bad", "articles/esc.txt", "--rules", "rules"],
    ["explain", "toll", "articles/esc.txt", "--rules", "rules"],
    ["explain", "bad", "articles/feed.jsonl", "--rules", "rules"],
    ["check", "articles/esc.txt", "articles/feed.jsonl", "--rules", "rules"],
    ["lint", "rules"],
    ["lint", "broken"],
    ["explain", "toll", "articles/esc.txt", "--rules", "broken"],
    ["run", "--rules", "broken", "--articles", "articles", "--out", "-", "--format", "json"],
], ids=lambda a: " ".join(a[:3]))
def test_commands_print_escapes_visibly(desk, argv, colour):
    ran = claimcheck(*argv, cwd=desk, env=colour)
    assert not ran.hung and "Traceback" not in ran.err, ran.describe()
    if argv[-1] != "json":
        assert_safe(ran.out)
    assert_safe(ran.err)
    assert "\\x1b" in ran.out + ran.err, ran.describe()  # shown, not dropped


def test_explain_shows_the_article_and_the_rule_escaped(desk):
    ran = claimcheck("explain", "bad", "articles/esc.txt", "--rules", "rules", cwd=desk)
    assert ran.code == 0, ran.describe()
    assert "bad: Bassam was not there \\x1b[2J" in ran.out
    assert "people \\x1b]0;PWNED\\x07 and \\x1b[31m [[Bassam]] \\x1b[0m said so." in ran.out
    ran = claimcheck("explain", "bad", "articles/feed.jsonl", "--rules", "rules", cwd=desk)
    assert "(id j\\x1b[2Jx, source src\\x1b[31m) — T\\x1b]0;t\\x07" in ran.out, ran.describe()


def test_lint_shows_a_wrong_example_escaped(desk):
    ran = claimcheck("lint", "rules", cwd=desk)
    assert ran.code == 1, ran.describe()
    assert 'example expected pass, got fail ("Bassam"): "Bassam \\x1b[2J was there"' in ran.out


def test_error_excerpts_are_escaped_and_the_caret_still_points(desk):
    ran = claimcheck("lint", "broken", cwd=desk)
    assert ran.code == 2, ran.describe()
    lines = ran.err.splitlines()
    i = next(k for k, line in enumerate(lines) if "unbalanced parenthesis" in line)
    excerpt, caret = lines[i + 1], lines[i + 2]
    assert excerpt == "    NUM(1400) AND (\\x1b[31m"
    assert caret.index("^") == excerpt.index("(\\x1b")


def test_run_keeps_the_exact_text_in_json(desk):
    ran = claimcheck("run", "--rules", "rules", "--articles", "articles", "--out", "-", "--format", "json", cwd=desk)
    doc = json.loads(ran.out)
    assert {a["source"] for a in doc["articles"]} == {"esc", "src\x1b[31m"}
    assert any(c["claim"] == "Bassam was not there \x1b[2J" for c in doc["claims"])


def test_a_file_name_with_an_escape_is_shown_escaped(tmp_path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "ok.txt").write_text("The attack killed 1,400 people.\n", encoding="utf-8")
    (arts / "bad\x1b[2J.txt").write_bytes(b"\xff\xfe not UTF-8 \xff\n")
    ran = claimcheck("run", "--rules", str(Path(__file__).parent.parent / "rules"), "--articles", "articles",
                     "--out", "-", "--format", "json", cwd=tmp_path)
    assert ran.code == 2, ran.describe()
    assert_safe(ran.err)
    assert "bad\\x1b[2J.txt" in ran.err


def test_check_error_str_is_terminal_safe():
    err = CheckError("unknown key 'a\x1bb'", "r\x07.yaml", 3, 5, hint="did you mean '\u202eb'?",
                     source_line="  a\x1bb: 1\n", caret=2)
    text = str(err)
    assert_safe(text)
    assert text.splitlines() == ["r\\x07.yaml:3:5: unknown key 'a\\x1bb' (did you mean '\\u202eb'?)",
                                 "      a\\x1bb: 1", "      ^"]
    assert err.to_dict()["message"] == "unknown key 'a\x1bb'"  # JSON keeps it exact
