"""Loading and validating rule files: every error located at FILE:LINE:COL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from checker.errors import CheckError
from checker.models import Claim, Example, Query, RuleSet
from checker.rules.loader import find_rule_files, lint_rules, load_rules
from checker.rules.yamlpos import Source, YScalar, parse_yaml, scalar_index_map

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures" / "rules"


@pytest.fixture(autouse=True)
def _in_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # so the paths we pass (and see in errors) are relative


def error_of(path: str) -> CheckError:
    with pytest.raises(CheckError) as info:
        load_rules([path])
    return info.value


def first_line(err: CheckError) -> str:
    return str(err).splitlines()[0]


# ---------------------------------------------------------------------------
# the good file


def test_good_file_loads_with_all_fields():
    rules = load_rules(["fixtures/rules/good"])
    assert isinstance(rules, RuleSet)
    (story,) = rules.stories
    assert story.slug == "assad-warrant"
    assert story.title == "French arrest warrant for Bashar al-Assad"
    assert story.file == os.path.join("fixtures/rules/good", "assad.yaml")
    assert story.entities == (
        ("maher", ("Maher al-Assad", "Maher")),
        ("opposition", ("opposition", "rebels")),
        ("court", ("Paris court",)),
    )
    toll, bassam, maher = story.claims
    assert isinstance(toll, Claim)
    assert (toll.id, toll.story, toll.line, toll.column) == ("ghouta-toll", "assad-warrant", 11, 5)
    assert toll.claim == "The Ghouta attack killed around 1,400 people"
    assert toll.expect == Query(toll.expect.source, toll.expect.node, "expect", story.file, 14, 13)
    assert toll.expect.source == "NUM(1400 ±10%)"
    assert toll.about.source == "(killed OR dead OR toll) W/S attack*"
    assert (toll.about.line, toll.about.column) == (13, 12)
    assert toll.contradict.source == "NUM(>=100)" and toll.contradict.key == "contradict"
    assert toll.forbid is None
    assert (toll.scope, toll.severity, toll.required) == ("sentence", "error", True)
    assert toll.sources == ("wire-*",)
    assert toll.known == (("tabloid-c", "fail"),)
    assert toll.note == "Figure given by the Syrian opposition"
    assert toll.examples == (
        Example("The attack killed around 1,400 people.", "pass", 23, 9),
        Example("The attack killed 1,000 people.", "fail", 24, 9),
    )
    assert toll.entities == story.entities
    # defaults apply where the claim says nothing
    assert (bassam.scope, bassam.severity, bassam.required, bassam.sources) == ("paragraph", "warning", False, ())
    assert bassam.forbid.source == '"Bassam al-Assad"'
    assert (bassam.forbid.line, bassam.forbid.column) == (27, 14)  # inside the quotes
    assert bassam.expect is None
    # a single string for sources; known in block style, quoted key
    assert maher.sources == ("wire-a",)
    assert maher.known == (("wire-b", "missing"), ("tabloid-*", "error"))
    assert maher.expect.source == "@maher NEAR/10 warrant*"


def test_find_rule_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("z.yaml", "a.yml", "b/c.yaml", "notes.txt", ".hidden/x.yaml"):
        (tmp_path / name).write_text("x: 1\n")
    found = find_rule_files([tmp_path])
    assert found == [str(tmp_path / "a.yml"), str(tmp_path / "b" / "c.yaml"), str(tmp_path / "z.yaml")]
    assert find_rule_files([str(tmp_path / "z.yaml")]) == [str(tmp_path / "z.yaml")]
    with pytest.raises(CheckError, match="not a rule file"):
        find_rule_files([str(tmp_path / "notes.txt")])
    with pytest.raises(CheckError, match="no such file"):
        find_rule_files([str(tmp_path / "nope")])


def test_no_rule_files(tmp_path):
    err = error_of(str(tmp_path))
    assert "no rule files found" in str(err)


# ---------------------------------------------------------------------------
# one test per error class: exact location, message and hint

B = "fixtures/rules/bad/"

CASES = [
    ("unknown_key.yaml", "6:5: unknown key 'contradicts'", "did you mean 'contradict'?"),
    ("claims_not_list.yaml", "2:9: 'claims' must be a list of claims", None),
    ("claims_empty.yaml", "2:9: 'claims' must list at least one claim", None),
    ("required_not_bool.yaml", "6:15: 'required' must be true or false", "YAML 1.2 reads yes/no/on/off as text"),
    ("missing_claim.yaml", "3:5: missing required key 'claim'", None),
    ("missing_story.yaml", "2:1: missing required key 'story'", None),
    ("bad_slug.yaml", "3:9: invalid claim id 'Ghouta_Toll'", "did you mean 'ghouta-toll'?"),
    ("dup_id.yaml", f"6:9: duplicate claim id 'toll' (first defined at {B}dup_id.yaml:3:9)", None),
    ("both.yaml", "6:5: a claim has either 'expect' or 'forbid', not both", None),
    ("neither.yaml", "3:5: a claim needs 'expect' or 'forbid'", None),
    ("contradict_forbid.yaml", "6:5: 'contradict' goes with 'expect', not with 'forbid'", None),
    ("bad_scope.yaml", "3:13: unknown severity 'eror'", "did you mean 'error'?"),
    ("bad_verdict.yaml", "6:24: unknown verdict 'fial'", "did you mean 'fail'?"),
    ("bad_example.yaml", "8:32: unknown verdict 'error'", "pass, fail, missing"),
    ("undefined_entity.yaml", "7:26: in 'expect': undefined entity '@mahr'", "did you mean '@maher'?"),
    ("syntax_at.yaml", "5:13: invalid YAML: found character '@' that cannot start any token", "quoted"),
    ("syntax_bracket.yaml", "4:1: invalid YAML: expected ',' or '}', but got '<stream end>'", "line 3"),
    ("dup_key.yaml", "6:5: duplicate key 'expect'", "line 5:5"),
    ("tag_local.yaml", "5:13: YAML tags are not allowed", None),
    ("tag_python.yaml", "4:12: YAML tags are not allowed", None),
    ("anchor.yaml", "3:5: YAML anchors and aliases are not allowed", None),
    ("billion_laughs.yaml", "1:4: YAML anchors and aliases are not allowed", None),
    ("empty.yaml", "1:1: empty rule file", None),
    ("comments_only.yaml", "1:1: empty rule file", None),
    ("top_list.yaml", "1:1: a rule file must be a mapping with 'story' and 'claims', not a list", None),
    ("two_docs.yaml", "4:1: a rule file holds one YAML document", None),
    ("latin1.yaml", "4:15: not UTF-8 text (invalid byte 0xe9)", "save the file as UTF-8"),
]


@pytest.mark.parametrize("name,where,hint", CASES, ids=[c[0] for c in CASES])
def test_error_located(name, where, hint):
    err = error_of(B + name)
    line = first_line(err)
    expected = f"{B}{name}:{where}"
    if err.hint:
        expected += f" ({err.hint})"
    assert line == expected
    assert line.startswith(f"{B}{name}:{where}")
    if hint:
        assert hint in err.hint
    assert err.file == B + name
    # the excerpt is the file's line with a caret under the column
    if err.source_line is not None and not err.message.startswith("in '"):
        assert err.caret == err.column - 1


def test_bad_example_collects_every_error():
    _, errors = lint_rules([B + "bad_example.yaml"])
    assert [first_line(e).split(": ", 1)[0] for e in errors] == [f"{B}bad_example.yaml:8:32", f"{B}bad_example.yaml:9:9"]
    assert "missing required key 'verdict'" in errors[1].message


def test_bad_scope_and_severity_both_reported():
    _, errors = lint_rules([B + "bad_scope.yaml"])
    assert [(e.line, e.column, e.message) for e in errors] == [
        (3, 13, "unknown severity 'eror'"), (8, 12, "unknown scope 'sentense'")]
    assert errors[1].hint == "did you mean 'sentence'?"


def test_error_excerpt_printed():
    err = error_of(B + "unknown_key.yaml")
    assert str(err).splitlines()[1:] == ["        contradicts: NUM(>=100)", "        ^"]


def test_duplicate_ids_across_files():
    err = error_of("fixtures/rules/dup")
    a, b = os.path.join("fixtures/rules/dup", "a.yaml"), os.path.join("fixtures/rules/dup", "b.yaml")
    assert first_line(err).startswith(f"{b}:7:9: duplicate claim id 'ghouta-toll' (first defined at {a}:3:9)")


def test_python_tag_never_executed(tmp_path):
    target = tmp_path / "pwned"
    rule = tmp_path / "evil.yaml"
    rule.write_text(
        "story: s\nclaims:\n  - id: a\n    claim: A\n"
        f'    expect: !!python/object/apply:os.system ["touch {target}"]\n'
    )
    err = error_of(str(rule))
    assert first_line(err).startswith(f"{rule}:5:13: YAML tags are not allowed")
    assert not target.exists()
    assert not Path("/tmp/claimcheck-pwned").exists()


def test_tag_on_key_and_directive(tmp_path):
    rule = tmp_path / "t.yaml"
    rule.write_text("story: s\n!!str claims: x\n")
    assert first_line(error_of(str(rule))).startswith(f"{rule}:2:1: YAML tags are not allowed")
    rule.write_text("%TAG !e! tag:example.com,2000:\n---\nstory: s\n")
    assert first_line(error_of(str(rule))).startswith(f"{rule}:1:1: YAML tags are not allowed")


def test_billion_laughs_fails_fast():
    _, errors = lint_rules([B + "billion_laughs.yaml"])
    assert len(errors) == 1 and errors[0].message == "YAML anchors and aliases are not allowed"


def test_explicit_non_yaml_file():
    with pytest.raises(CheckError) as info:
        load_rules([B + "notes.txt"])
    assert first_line(info.value).startswith(f"{B}notes.txt: not a rule file")


def test_bom_and_crlf(tmp_path):
    rule = tmp_path / "crlf.yaml"
    rule.write_bytes(b"\xef\xbb\xbfstory: s\r\nclaims:\r\n  - id: a\r\n    claim: A\r\n    expect: NUM(1\r\n")
    err = error_of(str(rule))
    assert first_line(err) == f"{rule}:5:18: in 'expect': expected ')' to close NUM("


# ---------------------------------------------------------------------------
# query errors placed inside the query, whatever the scalar style

Q = "fixtures/rules/query/"
QUERY_CASES = [
    ("plain.yaml", "5:26: in 'expect': expected ')' to close NUM(", "NUM(1400 ±10%", 13),
    ("single.yaml", "5:51: in 'forbid': expected ')' to close NUM(", "\"Bassam al-Assad\" OR 'x' AND NUM(12", 35),
    ("double.yaml", "5:50: in 'expect': expected ')' to close NUM(", '"Bassam" élysée AND NUM(12', 26),
    ("literal.yaml", "7:26: in 'expect': expected ')' to close NUM(", "  W/S NUM(1400 ±10%", 19),
    ("folded.yaml", "7:24: in 'expect': expected ')' to close NUM(", "(killed OR dead) W/S NUM(1400 ±10%", 34),
    ("plain_multiline.yaml", "6:24: in 'expect': expected ')' to close NUM(",
     "(killed OR dead) W/S NUM(1400 ±10%", 34),
    ("entity_block.yaml", "9:14: in 'expect': undefined entity '@Mahr'", "warrant NEAR/5 @Mahr", 15),
]


@pytest.mark.parametrize("name,where,excerpt,caret", QUERY_CASES, ids=[c[0] for c in QUERY_CASES])
def test_query_error_located(name, where, excerpt, caret):
    err = error_of(Q + name)
    assert first_line(err).startswith(f"{Q}{name}:{where}")
    # the excerpt is the query's line, the caret at the offending character
    assert err.source_line == excerpt
    assert err.caret == caret
    assert str(err).splitlines()[1:] == ["    " + excerpt, "    " + " " * caret + "^"]


def test_query_error_inside_a_query(tmp_path):
    rule = tmp_path / "q.yaml"
    rule.write_text('story: s\nclaims:\n  - id: a\n    claim: A\n    expect: "x \\"y\\" AND (b OR"\n')
    err = error_of(str(rule))
    assert err.line == 5 and err.message.startswith("in 'expect': ")
    # the query's offset maps to the same character in the file
    src = rule.read_text().splitlines()[4]
    assert err.column - 1 >= src.index('"') + 1


def test_query_objects_positions(tmp_path):
    rule = tmp_path / "q.yaml"
    rule.write_text(
        "story: s\nclaims:\n  - id: a\n    claim: A\n"
        "    about: >\n      killed\n      OR dead\n"
        "    expect: 'NUM(1400)'\n"
    )
    (claim,) = load_rules([str(rule)]).claims
    assert (claim.about.source, claim.about.line, claim.about.column) == ("killed OR dead\n", 6, 7)
    assert (claim.expect.line, claim.expect.column) == (8, 14)
    assert claim.expect.file == str(rule)


# ---------------------------------------------------------------------------
# lint


def test_lint_collects_errors_from_several_files():
    ruleset, errors = lint_rules([B + "unknown_key.yaml", B + "bad_verdict.yaml", Q + "plain.yaml",
                                  "fixtures/rules/good/assad.yaml"])
    files = [e.file for e in errors]
    assert files == [B + "unknown_key.yaml", B + "bad_verdict.yaml", B + "bad_verdict.yaml",
                     Q + "plain.yaml", Q + "plain.yaml"]
    assert first_line(errors[-1]).startswith(f"{Q}plain.yaml:5:26: in 'expect': ")
    # 'a' is defined in the first file, so the second one's id is a duplicate
    assert errors[1].message.startswith("duplicate claim id 'a'")
    assert ruleset is not None and [s.slug for s in ruleset.stories] == ["assad-warrant"]


def test_lint_clean():
    ruleset, errors = lint_rules(["fixtures/rules/good"])
    assert errors == [] and len(ruleset.claims) == 3


def test_lint_whole_bad_directory_reports_every_file():
    _, errors = lint_rules(["fixtures/rules/bad"])
    names = {os.path.basename(e.file) for e in errors}
    expected = {n for n, _, _ in CASES} | {"notes.txt"} - {"notes.txt"}
    assert expected <= names


# ---------------------------------------------------------------------------
# scalar offsets: the re-scan reproduces what ruamel reads, in every style


def _scalars(node):
    if isinstance(node, YScalar):
        yield node
    for k, v in getattr(node, "pairs", []):
        yield from _scalars(k)
        yield from _scalars(v)
    for item in getattr(node, "items", []):
        yield from _scalars(item)


_text = st.lists(
    st.sampled_from(list("ab ()\"'\\±é@#:-\n\t") + ["NUM", "  ", "\n\n"]), min_size=1, max_size=30
).map(lambda parts: "".join(parts).strip(" \t\n") or "x")


@settings(max_examples=150, deadline=None)
@given(value=_text, style=st.sampled_from(["'", '"', "|", ">", "|-", ">+", None]), nested=st.booleans())
def test_scalar_index_map_roundtrip(value, style, nested):
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString,
                                          LiteralScalarString, SingleQuotedScalarString)

    if style in ("|", ">", "|-", ">+") and ("\t" in value or "\\" in value):
        return
    wrap = {"'": SingleQuotedScalarString, '"': DoubleQuotedScalarString, "|": LiteralScalarString,
            "|-": LiteralScalarString, ">": FoldedScalarString, ">+": FoldedScalarString, None: str}[style]
    if style in ("|", ">"):
        value = value + "\n"
    elif style == ">+":
        value = value + "\n\n"
    data = {"k": value}
    if nested:
        data = {"claims": [{"id": "a", "expect": wrap(value)}]}
    else:
        data = {"expect": wrap(value)}
    buf = io.StringIO()
    yaml = YAML()
    yaml.width = 20  # force folding of long plain and quoted scalars
    yaml.dump(data, buf)
    src = Source("t.yaml", buf.getvalue())
    root = parse_yaml(src)
    node = [n for n in _scalars(root) if n.value == value]
    if not node:
        return  # ruamel wrote something it reads back differently
    mapping = scalar_index_map(src.text, node[0])
    assert mapping is not None, (buf.getvalue(), value)
    assert len(mapping) == len(value) + 1
    for i, ch in enumerate(value):
        at = src.text[mapping[i]]
        assert at == ch or at in "\\'\n" or ch in " \n", (i, ch, at, buf.getvalue())


def test_empty_value_points_at_its_key(tmp_path):
    rule = tmp_path / "n.yaml"
    rule.write_text("story: s\nclaims:\n  - id: a\n    claim: A\n    expect:\n")
    assert first_line(error_of(str(rule))) == f"{rule}:5:5: 'expect' has no value (give it a query, or remove the key)"


def test_entity_names_fold_case(tmp_path):
    rule = tmp_path / "e.yaml"
    rule.write_text("story: s\nentities:\n  Maher: [Maher]\n  maher: x\nclaims:\n"
                    "  - {id: a, claim: A, expect: '@MAHER'}\n")
    err = error_of(str(rule))
    assert first_line(err).startswith(f"{rule}:4:3: duplicate entity 'maher'")
    rule.write_text("story: s\nentities:\n  Maher: [Maher]\nclaims:\n  - {id: a, claim: A, expect: '@MAHER'}\n")
    (claim,) = load_rules([str(rule)]).claims
    assert claim.entities == (("maher", ("Maher",)),)  # stored folded, as the query grammar folds @names
