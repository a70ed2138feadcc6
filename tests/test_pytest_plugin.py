"""The claimcheck pytest plugin, run through ``pytester`` (the installed plugin).

The fixture project (fixtures/pytest/project) has three articles — ``wire-a``
(source ``afp``), ``tabloid-b`` (``sun``) and ``blog-c`` (``blog``) — and two
rule files whose claims produce every outcome once or more:

=============  =========  ===========  ===========
claim          wire-a     tabloid-b    blog-c
=============  =========  ===========  ===========
toll           pass       fail         missing
toll-accepted  pass (*)   fail = known missing
toll-required  pass       (n/a)        missing, required
date-stale     pass, known fail (XPASS) missing  missing
runaway        (n/a)      (n/a)        error
no-chemical    pass       fail         pass
=============  =========  ===========  ===========

plus the three examples of ``toll`` (the third deliberately wrong).  (*) its
``known`` accepts a fail from source ``afp``; ``date-stale`` accepts one from
article ``wire-a``, so its pass there is a stale entry.
"""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pytest"

# nodeid -> outcome for `pytest rules/` on the fixture project
EXPECTED = {
    "rules/misc.yaml::runaway[blog-c]": "error",
    "rules/misc.yaml::no-chemical[blog-c]": "passed",
    "rules/misc.yaml::no-chemical[tabloid-b]": "failed",
    "rules/misc.yaml::no-chemical[wire-a]": "passed",
    "rules/toll.yaml::toll[blog-c]": "skipped",
    "rules/toll.yaml::toll[tabloid-b]": "failed",
    "rules/toll.yaml::toll[wire-a]": "passed",
    "rules/toll.yaml::toll::example[0]": "passed",
    "rules/toll.yaml::toll::example[1]": "passed",
    "rules/toll.yaml::toll::example[2]": "failed",
    "rules/toll.yaml::toll-accepted[blog-c]": "skipped",
    "rules/toll.yaml::toll-accepted[tabloid-b]": "xfailed",
    "rules/toll.yaml::toll-accepted[wire-a]": "passed",
    "rules/toll.yaml::toll-required[blog-c]": "failed",
    "rules/toll.yaml::toll-required[wire-a]": "passed",
    "rules/toll.yaml::date-stale[blog-c]": "skipped",
    "rules/toll.yaml::date-stale[tabloid-b]": "skipped",
    "rules/toll.yaml::date-stale[wire-a]": "failed",
}
COUNTS = dict(passed=7, failed=5, skipped=4, xfailed=1, errors=1)


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    shutil.copytree(FIXTURES / "project", pytester.path, dirs_exist_ok=True)
    return pytester


def outcomes(reprec) -> dict[str, str]:
    """nodeid -> passed | failed | skipped | xfailed | error, from an inline run."""
    out: dict[str, str] = {}
    for rep in reprec.getreports("pytest_runtest_logreport"):
        if rep.when == "setup" and rep.failed:
            out[rep.nodeid] = "error"
        elif rep.when == "setup" and rep.skipped:
            out[rep.nodeid] = "skipped"
        elif rep.when == "call":
            if hasattr(rep, "wasxfail") and rep.skipped:
                out[rep.nodeid] = "xfailed"
            else:
                out[rep.nodeid] = rep.outcome
    return out


def nodeids(pytester: pytest.Pytester, *args: str) -> list[str]:
    items, _ = pytester.inline_genitems(*args)
    return [item.nodeid for item in items]


# ---------------------------------------------------------------- collection


def test_collects_rule_files_and_never_other_yaml(project):
    # No arguments: the whole project is walked.  notes/config.yaml looks like
    # a rule file but is not under rules/ (and would not load); rules/settings.yaml
    # is under rules/ but has no story:/claims:; tests/fixtures/story.yaml is a
    # rule file outside rules/.  None of them is parsed.
    ids = nodeids(project)
    assert sorted(i for i in ids if i.startswith("rules/")) == sorted(EXPECTED)
    assert "tests/test_plain.py::test_plain" in ids
    assert not [i for i in ids if "notes/" in i or "settings" in i or "fixture-claim" in i]


def test_pytest_tests_does_not_collect_fixture_yaml(project):
    result = project.runpytest("tests")
    result.assert_outcomes(passed=1)


def test_testpaths_does_not_collect_rules(project):
    project.makepyprojecttoml('[tool.pytest.ini_options]\ntestpaths = ["tests"]\n')
    result = project.runpytest()
    result.assert_outcomes(passed=1)


def test_yaml_named_on_the_command_line_is_collected(project):
    ids = nodeids(project, "tests/fixtures/story.yaml")
    assert ids == [
        f"tests/fixtures/story.yaml::fixture-claim[{a}]" for a in ("blog-c", "tabloid-b", "wire-a")
    ]


def test_ini_rule_directories(project):
    project.makepyprojecttoml(
        '[tool.pytest.ini_options]\nclaimcheck_rules = ["tests/fixtures"]\n'
    )
    ids = nodeids(project, "tests")
    assert "tests/fixtures/story.yaml::fixture-claim[wire-a]" in ids
    assert not [i for i in nodeids(project, "rules") if i.startswith("rules/")]


def test_item_names(project):
    ids = nodeids(project, "rules/toll.yaml")
    assert ids[:6] == [
        "rules/toll.yaml::toll[blog-c]",
        "rules/toll.yaml::toll[tabloid-b]",
        "rules/toll.yaml::toll[wire-a]",
        "rules/toll.yaml::toll::example[0]",
        "rules/toll.yaml::toll::example[1]",
        "rules/toll.yaml::toll::example[2]",
    ]
    # `sources:` limits the articles a claim meets
    assert [i for i in ids if "toll-required" in i] == [
        "rules/toll.yaml::toll-required[blog-c]",
        "rules/toll.yaml::toll-required[wire-a]",
    ]


def test_node_id_selects_one_item(project):
    result = project.runpytest("rules/toll.yaml::toll::example[1]", "rules/toll.yaml::toll[wire-a]")
    result.assert_outcomes(passed=2)


def test_broken_rule_file_is_a_located_collection_error(project):
    shutil.copy(FIXTURES / "broken" / "bad.yaml", project.path / "rules" / "bad.yaml")
    result = project.runpytest("rules/")
    result.assert_outcomes(errors=1)
    text = result.stdout.str()
    assert re.search(r"rules/bad\.yaml:6:5: .*contradicts", text), text
    assert "Traceback" not in text
    assert "pytest_plugin/" not in text
    assert "loader.py" not in text


def test_missing_articles_directory_is_reported(project):
    result = project.runpytest("rules/toll.yaml", "--articles", "nowhere")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*nowhere*"])
    assert "Traceback" not in result.stdout.str()


# ---------------------------------------------------------------- outcomes


def test_outcome_counts(project):
    result = project.runpytest("rules/")
    result.assert_outcomes(**COUNTS)


def test_each_outcome_mapping(project):
    reprec = project.inline_run("rules/")
    assert outcomes(reprec) == EXPECTED


def test_fail_output_names_claim_rule_article_and_marks_the_span(project):
    result = project.runpytest("rules/toll.yaml::toll[tabloid-b]")
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    assert 'rules/toll.yaml:4: toll: fail on tabloid-b: refuted by "1,000"' in text
    assert "claim: The Ghouta attack killed around 1,400 people" in text
    assert "article: tabloid-b (source sun" in text
    assert "verdict: fail (severity error)" in text
    assert re.search(r"seeds/tabloid-b\.txt:1:\d+: refutes it: .*>>1,000<<", text), text
    assert "note: Figure given by the Syrian opposition" in text
    assert "Traceback" not in text and "pytest_plugin/" not in text


def test_missing_is_skipped_as_not_mentioned(project):
    result = project.runpytest("rules/toll.yaml::toll[blog-c]", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["SKIPPED *rules/toll.yaml:4: not mentioned*"])


def test_missing_required_fails_and_says_what_the_article_says(project):
    result = project.runpytest("rules/toll.yaml::toll-required[blog-c]")
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    assert "rules/toll.yaml:20: toll-required: missing (required) in blog-c" in text
    assert "the article says nothing on the topic" in text


def test_known_verdict_is_xfail(project):
    result = project.runpytest("rules/toll.yaml::toll-accepted[tabloid-b]", "-rx")
    result.assert_outcomes(xfailed=1)
    result.stdout.fnmatch_lines(["XFAIL *known fail for tabloid-b*"])


def test_known_failure_that_now_passes_is_a_strict_xpass(project):
    result = project.runpytest("rules/toll.yaml::date-stale[wire-a]")
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    assert "[XPASS(strict)]" in text
    assert "`known` accepts fail" in text


def test_known_failure_by_source_lets_passing_articles_pass(project):
    # toll-accepted has `known: {afp: fail}`: wire-a (source afp) states the
    # claim, which is a plain pass, not a stale `known` entry.
    result = project.runpytest("rules/toll.yaml::toll-accepted[wire-a]")
    result.assert_outcomes(passed=1)


def test_runxfail_makes_known_failures_fail(project):
    result = project.runpytest("rules/toll.yaml::toll-accepted[tabloid-b]", "--runxfail")
    result.assert_outcomes(failed=1)


def test_error_verdict_is_an_error_without_traceback(project):
    result = project.runpytest("rules/misc.yaml::runaway[blog-c]")
    result.assert_outcomes(errors=1)
    text = result.stdout.str()
    assert "ERROR at setup of runaway[blog-c]" in text
    assert "rules/misc.yaml:3: error: runaway on blog-c:" in text
    assert "time budget" in text
    assert "Traceback" not in text and "pytest_plugin/" not in text


def test_examples(project):
    result = project.runpytest("rules/toll.yaml", "-k", "example")
    result.assert_outcomes(passed=2, failed=1)
    text = result.stdout.str()
    assert re.search(r"rules/toll\.yaml:13:\d+: toll::example\[2\]: fail, the example declares pass", text), text
    assert "example: The attack killed 1,000 people." in text


# ---------------------------------------------------------------- selection


def selected(project, *args: str) -> list[str]:
    """The node ids left after -k / -m deselection."""
    reprec = project.inline_run("--collect-only", "rules/", *args)
    session = reprec.getcall("pytest_collection_finish").session
    return sorted(item.nodeid for item in session.items)


def test_k_selects_claim_ids(project):
    assert selected(project, "-k", "toll-required") == [
        "rules/toll.yaml::toll-required[blog-c]",
        "rules/toll.yaml::toll-required[wire-a]",
    ]


def test_k_selects_article_ids_and_sources(project):
    by_article = selected(project, "-k", "tabloid-b")
    by_source = selected(project, "-k", "sun")
    assert by_article == by_source == sorted(i for i in EXPECTED if "[tabloid-b]" in i)
    assert selected(project, "-k", "afp and (date or chemical)") == [
        "rules/misc.yaml::no-chemical[wire-a]",
        "rules/toll.yaml::date-stale[wire-a]",
    ]


def test_m_selects_with_marker_keywords(project):
    assert selected(project, "-m", "claim(severity='warning')") == sorted(
        i for i in EXPECTED if "no-chemical" in i
    )
    assert selected(project, "-m", "claim(source='blog', required=True)") == [
        "rules/toll.yaml::toll-required[blog-c]"
    ]
    assert len(selected(project, "-m", "claim(kind='example')")) == 3
    result = project.runpytest("rules/", "--strict-markers", "-m", "claim(source='afp')")
    result.assert_outcomes(passed=4, failed=1)


# ---------------------------------------------------------------- articles


def test_articles_option(project):
    ids = nodeids(project, "rules/misc.yaml", "--articles", "seeds/wire-a.txt")
    assert ids == ["rules/misc.yaml::no-chemical[wire-a]"]


def test_articles_ini_option(project):
    (project.path / "desk").mkdir()
    shutil.copy(project.path / "seeds" / "tabloid-b.txt", project.path / "desk" / "only.txt")
    project.makepyprojecttoml('[tool.pytest.ini_options]\nclaimcheck_articles = ["desk"]\n')
    assert nodeids(project, "rules/misc.yaml") == ["rules/misc.yaml::no-chemical[only]"]


# ---------------------------------------------------------------- junit


def test_junit_properties(project):
    xml = project.path / "out.xml"
    project.runpytest("rules/", f"--junitxml={xml}")
    cases = {}
    for case in ET.parse(xml).getroot().iter("testcase"):
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        cases[case.get("name")] = props
    assert cases["toll[tabloid-b]"] == {
        "claim": "toll", "article": "tabloid-b", "source": "sun", "verdict": "fail",
    }
    assert cases["toll-accepted[tabloid-b]"]["verdict"] == "fail"
    assert cases["toll[blog-c]"]["verdict"] == "missing"
    assert cases["runaway[blog-c]"]["verdict"] == "error"
    assert cases["example[2]"] == {
        "claim": "toll", "example": "2", "expected": "pass", "verdict": "fail",
    }


# ---------------------------------------------------------------- sharing, xdist


def test_each_article_analysed_and_each_claim_compiled_once(project, monkeypatch):
    import checker.engine
    import checker.text.analysis

    analysed: Counter[str] = Counter()
    compiled: Counter[str] = Counter()
    analyze, compile_claim = checker.text.analysis.analyze, checker.engine.compile_claim

    def counting_analyze(article):
        analysed[article.id] += 1
        return analyze(article)

    def counting_compile(claim):
        compiled[claim.id] += 1
        return compile_claim(claim)

    monkeypatch.setattr(checker.text.analysis, "analyze", counting_analyze)
    monkeypatch.setattr(checker.engine, "compile_claim", counting_compile)
    reprec = project.inline_run("rules/")
    assert outcomes(reprec) == EXPECTED
    assert {a: n for a, n in analysed.items() if "example" not in a} == {
        "wire-a": 1, "tabloid-b": 1, "blog-c": 1,
    }
    assert set(compiled.values()) == {1}
    assert len(compiled) == 6


def test_evidence_is_built_only_for_the_items_that_show_it(project):
    """Setup works out the verdict alone; the evidence (``item.result``) is
    built for the failures, whose report shows it, and for no other item."""
    from checker.pytest_plugin import ClaimItem

    items = []

    class Keep:
        def pytest_collection_finish(self, session):
            items.extend(i for i in session.items if isinstance(i, ClaimItem))

    reprec = project.inline_run("rules/", plugins=[Keep()])
    got = outcomes(reprec)
    assert got == EXPECTED
    built = {item.nodeid for item in items if item._result is not None}
    shown = {nodeid for nodeid, outcome in got.items() if outcome in ("failed", "error") and "example" not in nodeid}
    assert built == shown
    # and what is built on demand is the full result
    failing = next(i for i in items if i.nodeid == "rules/toll.yaml::toll[tabloid-b]")
    assert failing.result.verdict == failing.verdict == "fail"
    assert [m.text for e in failing.result.evidence for m in e.matches] == ["1,000"]
    passing = next(i for i in items if i.nodeid == "rules/toll.yaml::toll[wire-a]")
    assert passing.result.verdict == "pass" and passing.result.evidence


def test_xdist_gives_the_same_outcomes(project):
    pytest.importorskip("xdist")
    result = project.runpytest("rules/", "-n", "2")
    result.assert_outcomes(**COUNTS)
    assert "Traceback" not in result.stdout.str()


# ---------------------------------------------------------------- protocol


def test_items_run_through_pytests_own_protocol(project):
    """Every phase hook of pytest runs for claim and example items, as for any
    other test (a plugin that times or wraps tests sees them)."""
    from checker.pytest_plugin import ClaimItem, ExampleItem

    phases: Counter[str] = Counter()

    class Watch:
        def pytest_runtest_setup(self, item):
            if isinstance(item, (ClaimItem, ExampleItem)):
                phases["setup"] += 1

        def pytest_runtest_call(self, item):
            if isinstance(item, (ClaimItem, ExampleItem)):
                phases["call"] += 1

        def pytest_runtest_teardown(self, item):
            if isinstance(item, (ClaimItem, ExampleItem)):
                phases["teardown"] += 1

    got = outcomes(project.inline_run("rules/", plugins=[Watch()]))
    assert got == EXPECTED
    errors = sum(1 for outcome in got.values() if outcome == "error")  # raised in setup: no call
    assert phases == {"setup": len(got), "call": len(got) - errors, "teardown": len(got)}


def test_the_retired_lean_protocol_option_is_still_accepted(project):
    result = project.runpytest("rules/", "-o", "claimcheck_lean_protocol=false", "--strict-config")
    result.assert_outcomes(**COUNTS)
    assert "claimcheck_lean_protocol" not in result.stdout.str()


def test_large_runs_freeze_what_items_made_after_collecting_their_garbage(project, monkeypatch):
    """In a large run, every FREEZE_EVERY items the garbage they made is collected
    and what is left is moved out of the collector's sight."""
    import gc
    import weakref

    import checker.pytest_plugin as plugin

    monkeypatch.setattr(plugin, "FREEZE_AT_ITEMS", 1)
    monkeypatch.setattr(plugin, "FREEZE_EVERY", 4)
    ran, frozen_after, cycles = [], [], []
    real_freeze = plugin._freeze

    def freeze():
        frozen_after.append(len(ran))
        real_freeze()

    monkeypatch.setattr(plugin, "_freeze", freeze)

    class Watch:
        @pytest.hookimpl(wrapper=True)
        def pytest_runtest_protocol(self, item, nextitem):
            # a reference cycle that is garbage as soon as it is made
            a, b = type("Node", (), {})(), type("Node", (), {})()
            a.other, b.other = b, a
            cycles.append(weakref.ref(a))
            del a, b
            ran.append(item.nodeid)
            return (yield)

    try:
        reprec = project.inline_run("rules/", plugins=[Watch()])
    finally:
        gc.unfreeze()
    assert outcomes(reprec) == EXPECTED
    # after collection, after every 4 items, and at the end of the session
    assert frozen_after == [0, *range(4, len(ran) + 1, 4), len(ran)]
    # the garbage was collected before it was frozen
    assert len(cycles) == len(ran) and all(ref() is None for ref in cycles)



def test_claims_mix_with_python_tests_and_fixtures(project):
    project.makeconftest(
        """
        import pytest
        SEEN = []

        @pytest.fixture(scope="session")
        def once():
            SEEN.append(1)
            yield len(SEEN)
        """
    )
    project.makepyfile(
        test_one="def test_one(once):\n    assert once == 1\n",
        test_two="def test_two(once):\n    assert once == 1\n",
    )
    result = project.runpytest("test_one.py", "rules/toll.yaml", "test_two.py", "-p", "no:randomly")
    result.assert_outcomes(passed=7, failed=4, skipped=4, xfailed=1)


def test_markers_added_by_a_conftest_are_honoured(project):
    project.makeconftest(
        """
        import pytest

        def pytest_collection_modifyitems(items):
            for item in items:
                if "tabloid-b" in item.name:
                    item.add_marker(pytest.mark.skip(reason="desk: tabloid under review"))
        """
    )
    result = project.runpytest("rules/toll.yaml", "-rs")
    result.assert_outcomes(passed=5, failed=3, skipped=6)
    result.stdout.fnmatch_lines(["*desk: tabloid under review*"])


# ---------------------------------------------------------------- the seeds


def test_pytest_rules_on_the_seeds_matches_the_readme(pytester):
    """`pytest rules/` from the project root gives the README's verdict totals."""
    root = FIXTURES.parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    totals = re.search(
        r"(\d+) pass, (\d+) fail, (\d+) missing, (\d+) error \((\d+) known\)", readme
    )
    if totals is None:
        pytest.skip("README has no verdict table yet")
    passes, fails, missing, errors, known = map(int, totals.groups())
    from checker.rules.loader import load_rules

    claims = load_rules([str(root / "rules")]).claims
    assert not any(c.required for c in claims), "update this test for required claims"
    examples = sum(len(c.examples) for c in claims)
    shutil.copytree(root / "rules", pytester.path / "rules")
    shutil.copytree(root / "seeds", pytester.path / "seeds")
    result = pytester.runpytest("rules/")
    result.assert_outcomes(
        passed=passes + examples,  # every example of the default rules passes
        failed=fails - known,  # the known verdicts are accepted failures
        skipped=missing,
        xfailed=known,
        errors=errors,
    )


def test_duplicate_claim_id_across_files_is_a_collection_error(project):
    (project.path / "rules" / "again.yaml").write_text(
        "story: again\nclaims:\n  - id: toll\n    claim: Again\n    expect: toll\n",
        encoding="utf-8",
    )
    result = project.runpytest("rules/")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*duplicate claim id 'toll' (first defined at rules/*.yaml:*)*"])


def test_failure_text_shows_escape_sequences_escaped(pytester):
    """Issue #14.5: article and rule text in a failure reaches the editor's
    terminal with its escape sequences shown as ``\\x1b``, never raw."""
    (pytester.path / "rules").mkdir()
    (pytester.path / "rules" / "esc.yaml").write_text(
        'story: s\nclaims:\n  - id: esc\n    claim: "No \\e[2JBassam"\n    forbid: Bassam\n'
        '    examples:\n      - text: "Bassam \\e]0;t\\a here"\n        verdict: pass\n', encoding="utf-8")
    (pytester.path / "seeds").mkdir()
    (pytester.path / "seeds" / "a.txt").write_text("And \x1b[31m Bassam \x1b[0m said so.\n", encoding="utf-8")
    result = pytester.runpytest("rules", "--articles", "seeds")
    result.assert_outcomes(failed=2)
    text = result.stdout.str()
    assert "\x1b" not in text and "\x07" not in text  # not a terminal: pytest adds no colour either
    assert "No \\x1b[2JBassam" in text
    assert "\\x1b[31m" in text and "\\x1b]0;t\\x07" in text
