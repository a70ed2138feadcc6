"""``claimcheck check --format sarif``: a SARIF 2.1.0 log, through the real entry point,
validated against the standard's JSON Schema (``tests/schemas``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from gate_cli import ART, ROOT, RULES, cli, col_of

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def validate(log: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(log)


def sarif(*argv: str, cwd=ROOT) -> tuple[dict, int, str]:
    p = cli("check", *argv, "--format", "sarif", cwd=cwd)
    assert "Traceback" not in p.stderr, p.stderr
    log = json.loads(p.stdout)
    validate(log)
    return log, p.returncode, p.stderr


def region_text(path: Path, region: dict) -> str:
    """The characters a SARIF region covers (columns in code points, end exclusive)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start_line, start_col = region["startLine"], region["startColumn"]
    end_line, end_col = region["endLine"], region["endColumn"]
    if start_line == end_line:
        return lines[start_line - 1][start_col - 1:end_col - 1]
    middle = lines[start_line:end_line - 1]
    return "\n".join([lines[start_line - 1][start_col - 1:], *middle, lines[end_line - 1][:end_col - 1]])


def test_the_schema_is_the_standard_and_rejects_what_it_should():
    """The vendored schema is the real one: it refuses a log without ``runs``
    or with a misspelt property."""
    assert SCHEMA["id"].endswith("/sarif-schema-2.1.0.json")
    with pytest.raises(jsonschema.ValidationError):
        validate({"version": "2.1.0"})
    with pytest.raises(jsonschema.ValidationError):
        validate({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "resultz": []}]})


def test_one_rule_per_claim_and_one_result_per_problem():
    log, code, _ = sarif(ART, "--rules", RULES)
    assert code == 1
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["toll", "no-dictator", "no-bassam-al-assad", "names-maher"]
    toll = rules[0]
    assert toll["shortDescription"]["text"] == "The attack killed around 1,400 people"
    assert toll["defaultConfiguration"]["level"] == "error"
    assert toll["properties"]["file"] == "fixtures/check/rules/gate.yaml"
    assert toll["properties"]["line"] == 10  # `- id: toll`
    assert "expect: NUM(1400 ±10%)" in toll["help"]["text"]
    assert [r["defaultConfiguration"]["level"] for r in rules[1:]] == ["warning", "error", "note"]
    # the same problems as the JSON format, in the same order
    problems = json.loads(cli("check", ART, "--rules", RULES, "--format", "json").stdout)["problems"]
    results = run["results"]
    assert [(r["ruleId"], r["properties"]["verdict"], r["properties"]["article"]) for r in results] == \
        [(p["claim"], p["verdict"], p["article"]) for p in problems]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    assert run["invocations"][0] == {"executionSuccessful": True, "exitCode": 1}
    assert run["columnKind"] == "unicodeCodePoints"


def test_results_point_at_the_words_start_and_end():
    log, _, _ = sarif(f"{ART}/bad.txt", "--rules", RULES)
    (result,) = log["runs"][0]["results"]
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "fixtures/check/articles/bad.txt", "uriBaseId": "%SRCROOT%"}
    col = col_of(f"{ART}/bad.txt", 2, "1,000")
    assert loc["region"] == {"startLine": 2, "startColumn": col, "endLine": 2, "endColumn": col + len("1,000"),
                             "snippet": {"text": "1,000"}}
    assert result["level"] == "error"
    assert result["message"]["text"].startswith('says "1,000", which contradicts: The attack killed')
    props = result["properties"]
    assert props["verdict"] == "fail" and props["blocking"] is True and props["known"] is False
    assert (props["article"], props["source"]) == ("bad", "wire")
    (unit,) = props["evidence"]
    assert unit["role"] == "refutes" and unit["text"] == "The chemical attack killed 1,000 people in 2013."
    assert {m["text"] for m in unit["matches"]} >= {"1,000"}


def test_every_region_covers_exactly_its_words_on_the_seeds():
    log, code, _ = sarif("seeds")
    results = log["runs"][0]["results"]
    assert code == 1 and results
    spans = [r for r in results if "snippet" in r["locations"][0]["physicalLocation"].get("region", {})]
    assert spans
    for r in spans:
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert region_text(ROOT / loc["artifactLocation"]["uri"], loc["region"]) == loc["region"]["snippet"]["text"]


def test_a_span_across_lines_ends_on_its_last_line(tmp_path):
    """Markdown wraps a paragraph over lines: the region ends on the line of
    the last matched word, just after it."""
    (tmp_path / "draft.md").write_text("# Draft\n\nProsecutors named general Bassam\nAl-Assad in the warrant.\n",
                                       encoding="utf-8")
    (tmp_path / "r.yaml").write_text(
        "story: s\nclaims:\n  - id: no-bassam-al-assad\n    claim: Nobody called Bassam al-Assad\n"
        "    forbid: '\"Bassam al-Assad\"'\n    scope: paragraph\n", encoding="utf-8")
    log, code, _ = sarif("draft.md", "--rules", "r.yaml", cwd=tmp_path)
    assert code == 1
    (result,) = log["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (3, len("Prosecutors named general ") + 1)
    assert (region["endLine"], region["endColumn"]) == (4, len("Al-Assad") + 1)
    assert region_text(tmp_path / "draft.md", region) == "Bassam\nAl-Assad"


def test_known_verdicts_are_accepted_suppressions_and_required_missing_has_no_span():
    log, _, _ = sarif(ART, "--rules", RULES)
    results = log["runs"][0]["results"]
    known = [r for r in results if r["properties"]["known"]]
    assert [r["ruleId"] for r in known] == ["no-bassam-al-assad"]
    assert known[0]["suppressions"][0]["status"] == "accepted"
    assert all("suppressions" not in r for r in results if not r["properties"]["known"])
    (missing,) = [r for r in results if r["properties"]["verdict"] == "missing"]
    assert missing["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1}


def test_fingerprints_survive_lines_moving(tmp_path):
    """Code scanning tracks a problem across commits by its fingerprint: the
    same problem keeps it when an edit above moves it down; another problem
    gets another."""
    for name in ("bad.txt", "tabloid.txt"):
        shutil.copy(ROOT / ART / name, tmp_path / name)
    rules = str(ROOT / RULES)
    before, _, _ = sarif("bad.txt", "tabloid.txt", "--rules", rules, "--show-known", cwd=tmp_path)
    again, _, _ = sarif("bad.txt", "tabloid.txt", "--rules", rules, cwd=tmp_path)
    text = (tmp_path / "bad.txt").read_text(encoding="utf-8")
    (tmp_path / "bad.txt").write_text("A new first line.\n\n" + text, encoding="utf-8")
    after, _, _ = sarif("bad.txt", "tabloid.txt", "--rules", rules, cwd=tmp_path)

    def marks(log):
        return {(r["ruleId"], r["properties"]["article"]): (r["partialFingerprints"]["claimcheck/v1"],
                                                            r["locations"][0]["physicalLocation"]["region"]["startLine"])
                for r in log["runs"][0]["results"]}

    b, a = marks(before), marks(after)
    assert marks(again) == b
    assert a[("toll", "bad")][1] == b[("toll", "bad")][1] + 2  # moved down ...
    assert a[("toll", "bad")][0] == b[("toll", "bad")][0]  # ... and still the same problem
    assert len({m for m, _ in b.values()}) == len(b)


def test_jsonl_articles_are_located_at_their_file(tmp_path):
    """Lines of a .jsonl article count inside its text, not the file: the
    result names the file without a region that would point elsewhere."""
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "wire-1", "text": "Intro.\nThe attack killed 1,000 people."}) + "\n", encoding="utf-8")
    log, code, _ = sarif("feed.jsonl", "--rules", str(ROOT / RULES), cwd=tmp_path)
    assert code == 1
    (result,) = [r for r in log["runs"][0]["results"] if r["properties"]["verdict"] == "fail"]
    loc = result["locations"][0]["physicalLocation"]
    assert loc == {"artifactLocation": {"uri": "feed.jsonl", "uriBaseId": "%SRCROOT%"}}
    assert result["properties"]["line"] == 2 and result["properties"]["article"] == "wire-1"


def test_paths_outside_the_working_directory_are_file_uris(tmp_path):
    (tmp_path / "my draft.txt").write_text("The attack killed 1,000 people.\n", encoding="utf-8")
    log, _, _ = sarif(str(tmp_path / "my draft.txt"), "--rules", RULES)
    (result,) = log["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": (tmp_path / "my draft.txt").as_uri()}
    assert "%20" in uri["uri"]


def test_bad_rules_give_a_valid_log_with_a_located_notification():
    log, code, stderr = sarif(f"{ART}/good.txt", "--rules", "fixtures/check/lint/invalid.yaml")
    assert code == 2
    assert stderr.startswith("fixtures/check/lint/invalid.yaml:")
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    (note,) = invocation["toolConfigurationNotifications"]
    loc = note["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "fixtures/check/lint/invalid.yaml"
    line, col = stderr.split(":")[1:3]
    assert loc["region"] == {"startLine": int(line), "startColumn": int(col)}
    assert log["runs"][0]["results"] == []


def test_an_unreadable_article_is_an_execution_notification(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"ok\n\xff\n")
    log, code, _ = sarif(str(tmp_path / "bad.txt"), f"{ART}/bad.txt", "--rules", RULES)
    assert code == 2
    (invocation,) = log["runs"][0]["invocations"]
    (note,) = invocation["toolExecutionNotifications"]
    assert "not UTF-8" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    # the readable article is still checked
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["toll"]
