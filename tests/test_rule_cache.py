"""The compiled-rule cache of ``claimcheck check``: the same verdicts with and without
it, invalidated by any edit, never trusted when foreign or broken, never executing
what it reads, and out of the way when it cannot be written."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from gate_cli import ART, ROOT, RULES, cli

from checker.rules import codec
from checker.rules.cache import cache_dir, load_rules_cached
from checker.rules.loader import load_rules


def check(*argv: str, cache: Path, cwd=ROOT) -> subprocess.CompletedProcess:
    return cli("check", *argv, env={"CLAIMCHECK_CACHE_DIR": str(cache)}, cwd=cwd)


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("rules-*.json"))


@pytest.fixture
def story(tmp_path):
    """A copy of the gate's rule file and articles, free to edit."""
    shutil.copytree(ROOT / RULES, tmp_path / "rules")
    shutil.copytree(ROOT / ART, tmp_path / "articles")
    return tmp_path


def test_the_cache_gives_the_loaders_rules(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    for paths in (["rules"], [RULES], ["fixtures/rules/good", "fixtures/reports/rules"]):
        paths = [str(ROOT / p) for p in paths]
        fresh = load_rules(paths)
        assert load_rules_cached(paths) == fresh  # cold: loaded, then written
        assert load_rules_cached(paths) == fresh  # warm: read back
    assert len(entries(tmp_path / "cache")) == 3


@pytest.mark.parametrize("argv", [["seeds"], [ART, "--rules", RULES, "--show-known"]])
def test_verdicts_are_identical_with_and_without_the_cache(tmp_path, argv):
    cache = tmp_path / "cache"
    plain = cli("check", *argv, "--format", "json", "--no-cache", env={"CLAIMCHECK_CACHE_DIR": str(cache)})
    assert not cache.exists()  # --no-cache neither reads nor writes
    cold = check(*argv, "--format", "json", cache=cache)
    assert len(entries(cache)) == 1
    warm = check(*argv, "--format", "json", cache=cache)
    assert plain.returncode == cold.returncode == warm.returncode == 1
    assert json.loads(plain.stdout) == json.loads(cold.stdout) == json.loads(warm.stdout)
    assert plain.stderr == cold.stderr == warm.stderr


def test_editing_a_rule_file_invalidates_its_entry(story):
    cache = story / "cache"
    assert check("articles/bad.txt", "--rules", "rules", cache=cache, cwd=story).returncode == 1
    (entry,) = entries(cache)
    before = entry.read_bytes()
    rule = story / "rules" / "gate.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("NUM(1400 ±10%)", "NUM(1000)"), encoding="utf-8")
    p = check("articles/bad.txt", "--rules", "rules", cache=cache, cwd=story)
    assert p.returncode == 0 and p.stdout == ""  # the edited claim now holds
    assert entries(cache) == [entry] and entry.read_bytes() != before  # replaced, not added
    # the same content at the same time of day as before is still a change of content
    rule.write_text(rule.read_text(encoding="utf-8").replace("NUM(1000)", "NUM(1400 ±10%)"), encoding="utf-8")
    assert check("articles/bad.txt", "--rules", "rules", cache=cache, cwd=story).returncode == 1


def test_adding_a_rule_file_is_a_new_set(story):
    cache = story / "cache"
    check("articles/bad.txt", "--rules", "rules", cache=cache, cwd=story)
    (story / "rules" / "more.yaml").write_text(
        "story: more\nclaims:\n  - id: no-chemical\n    claim: x\n    forbid: chemical\n", encoding="utf-8")
    p = check("articles/bad.txt", "--rules", "rules", cache=cache, cwd=story)
    assert ": no-chemical: " in p.stdout


@pytest.mark.parametrize("content", [
    b"",
    b"not json at all \x00\xff",
    b'{"format":"claimcheck/rules-cache@1","key":"0000","rules":{}}',
    json.dumps({"schema": "something else"}).encode(),
])
def test_a_corrupt_or_foreign_entry_is_ignored_and_replaced(story, content):
    cache = story / "cache"
    good = check("articles", "--rules", "rules", cache=cache, cwd=story)
    (entry,) = entries(cache)
    valid = entry.read_bytes()
    entry.write_bytes(content)
    again = check("articles", "--rules", "rules", cache=cache, cwd=story)
    assert (again.returncode, again.stdout, again.stderr) == (good.returncode, good.stdout, good.stderr)
    assert entry.read_bytes() == valid


def test_an_entry_is_used_only_when_its_whole_key_matches(story):
    """The key at the head of an entry holds the rule files' content in
    full: an entry whose copy differs by one character (a rule file of the
    same size and name, edited within the same second) is not used."""
    cache = story / "cache"
    good = check("articles/bad.txt", "--rules", "rules", cache=cache, cwd=story)
    (entry,) = entries(cache)
    valid = entry.read_bytes()
    head, rules = valid.split(b'"rules":', 1)
    assert b"NUM(1400 \\u00b110%)" in head  # the rule file's text, as a JSON string
    # the planted entry: a toll (1,000) the draft agrees with in the key's copy of the rule file, and in its rules
    entry.write_bytes(head.replace(b"NUM(1400", b"NUM(1000", 1) + b'"rules":' + rules.replace(b"1400", b"1000"))
    p = check("articles/bad.txt", "--rules", "rules", cache=cache, cwd=story)
    assert (p.returncode, p.stdout, p.stderr) == (good.returncode, good.stdout, good.stderr)
    assert entry.read_bytes() == valid  # replaced by the right one


def test_an_entry_of_other_rules_is_never_used(story, tmp_path_factory):
    """Another rule set's entry under this set's name (a copy, a collision)
    does not match the key: the right rules are loaded."""
    cache = story / "cache"
    check("articles/bad.txt", "--rules", "rules", cache=cache, cwd=story)
    (mine,) = entries(cache)
    other = tmp_path_factory.mktemp("other")
    check(str(ROOT / "seeds" / "003_0cc09e80c1cf4d16.txt"), cache=other)
    (theirs,) = entries(other)
    shutil.copy(theirs, mine)
    p = check("articles/bad.txt", "--rules", "rules", cache=cache, cwd=story)
    assert p.returncode == 1 and ": toll: " in p.stdout


def test_a_planted_entry_never_runs_code(story):
    """Entries are data: neither a pickle nor a JSON document naming a class
    outside claimcheck's models is acted upon, even with the right key."""
    cache = story / "cache"
    good = check("articles/bad.txt", "--rules", "rules", cache=cache, cwd=story)
    (entry,) = entries(cache)
    header = entry.read_bytes().split(b'"rules":', 1)[0] + b'"rules":'
    marker = story / "pwned"

    class Boom:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    planted = [
        pickle.dumps(Boom()),
        header + pickle.dumps(Boom()) + b"}",
        header + json.dumps({"@": "os.system", "command": f"touch {marker}"}).encode() + b"}",
        header + json.dumps({"@": "subprocess.Popen", "args": ["touch", str(marker)]}).encode() + b"}",
        header + json.dumps({"@": "models.RuleSet", "stories": [], "__class__": "x"}).encode() + b"}",
    ]
    for content in planted:
        entry.write_bytes(content)
        p = check("articles/bad.txt", "--rules", "rules", cache=cache, cwd=story)
        assert (p.returncode, p.stdout) == (good.returncode, good.stdout)
        assert not marker.exists()


@pytest.mark.parametrize("where", ["a-file", "read-only"])
def test_a_cache_that_cannot_be_written_is_ignored(tmp_path, where):
    if where == "a-file":
        cache = tmp_path / "cache"
        cache.write_text("I am a file")
        target = cache / "sub"
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only directories")
        target = tmp_path / "ro"
        target.mkdir(mode=0o500)
    good = cli("check", f"{ART}/bad.txt", "--rules", RULES, "--no-cache")
    p = cli("check", f"{ART}/bad.txt", "--rules", RULES, env={"CLAIMCHECK_CACHE_DIR": str(target)})
    assert (p.returncode, p.stdout, p.stderr) == (good.returncode, good.stdout, good.stderr)


def test_rule_errors_are_never_cached(story):
    cache = story / "cache"
    rule = story / "rules" / "gate.yaml"
    text = rule.read_text(encoding="utf-8")
    rule.write_text(text.replace("NUM(1400 ±10%)", "NUM(1400 ±10%"), encoding="utf-8")
    for _ in range(2):
        p = check("articles/bad.txt", "--rules", "rules", cache=cache, cwd=story)
        assert p.returncode == 2 and "expected ')'" in p.stderr
    assert entries(cache) == []
    rule.write_text(text, encoding="utf-8")
    assert check("articles/bad.txt", "--rules", "rules", cache=cache, cwd=story).returncode == 1
    p = check("articles/bad.txt", "--rules", "nowhere", cache=cache, cwd=story)
    assert p.returncode == 2 and p.stderr.startswith("nowhere: no such file or directory")


def test_the_cache_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("CLAIMCHECK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "claimcheck"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "claimcheck"
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"


WARM_IMPORTS = """
import sys
from checker.rules.cache import load_rules_cached
rules = load_rules_cached([sys.argv[1]])
assert rules.claims
print(sorted({m.split(".")[0] if not m.startswith("checker") else m for m in sys.modules
              if m.startswith(("ruamel", "pyparsing", "checker.rules.validate", "checker.rules.yamlpos",
                               "checker.rules.query.grammar"))}))
"""


def test_a_warm_cache_needs_neither_yaml_nor_the_query_grammar(tmp_path):
    env = dict(os.environ, CLAIMCHECK_CACHE_DIR=str(tmp_path), PYTHONPATH=str(ROOT))

    def loaded() -> list[str]:
        p = subprocess.run([sys.executable, "-c", WARM_IMPORTS, str(ROOT / "rules")], env=env, cwd=ROOT,
                           capture_output=True, text=True, check=True)
        return json.loads(p.stdout.replace("'", '"'))

    assert {"ruamel", "pyparsing", "checker.rules.query.grammar"} <= set(loaded())  # cold: parsed
    assert loaded() == []  # warm


def test_the_codec_follows_new_query_nodes_without_edits(monkeypatch):
    """A query node added to ``checker.rules.query.nodes`` (as ``SAID(q, @x)``
    will be) is encoded and decoded with no change to the codec."""
    from checker.models import Query
    from checker.rules.query import nodes

    @dataclass(frozen=True, slots=True)
    class Said(nodes.Node):
        operand: nodes.Node
        speaker: nodes.Node | None = None

    Said.__module__ = nodes.__name__
    monkeypatch.setattr(nodes, "Said", Said, raising=False)
    codec.allowed.cache_clear()
    codec._tags.cache_clear()
    try:
        node = Said(0, 30, nodes.Num(5, 19, "eq", 1400.0, tolerance=0.1, relative=True), nodes.Entity(21, 29, "opp"))
        query = Query("SAID(NUM(1400 ±10%), @opp)", node, "expect", "r.yaml", 3, 13)
        assert codec.loads(codec.dumps(query)) == query
    finally:
        monkeypatch.undo()
        codec.allowed.cache_clear()
        codec._tags.cache_clear()
    with pytest.raises(codec.CodecError):
        codec.dumps(query)  # gone from the module: no longer allowed


def test_the_codec_keeps_every_shape_and_refuses_the_rest():
    from checker.models import Example

    value = (1, 2.5, "x", None, True, [1, (2, 3)], {"k": (4,)}, Example("t", "pass", 1, 2))
    assert codec.loads(codec.dumps(value)) == value
    for bad in ('{"a": 1}', '{"@": "models.Example", "text": "t"}',
                '{"@": "models.Example", "text": "t", "verdict": "pass", "line": 1, "column": 2, "x": 0}',
                '{"@": "builtins.eval", "source": "1"}', "[" * 100000, '{"@": "list", "items": 3}'):
        with pytest.raises(codec.CodecError):
            codec.loads(bad)
    with pytest.raises(codec.CodecError):
        codec.dumps(object())


WARM_CHECK = """
import contextlib, io, sys
before = set(sys.modules)
from checker.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    main(["check", sys.argv[1], "--rules", sys.argv[2]])
print(" ".join(sorted(set(sys.modules) - before)))
"""

# What a warm check of a .txt draft must not import (issue #16 item 4: the
# gate answers in a blink): the YAML and query parsers (the cache holds the
# parsed rules), the readers of other article formats and of front matter,
# and what only other commands use.  Compared with what the interpreter had
# already imported, so that a site that imports one of them does not count.
NOT_IMPORTED_WARM = (
    "ruamel", "pyparsing",  # libraries: every module of them
    "checker.rules.yamlpos", "checker.rules.validate", "checker.rules.query.grammar",
    "checker.articles.html", "checker.articles.markdown", "checker.articles.jsonl", "checker.articles.yamlmeta",
    "html.parser", "checker.schema", "importlib.resources", "checker.serve", "socket", "signal",
    # the report sink of `claimcheck run` (the gate's formats are in checker.reports.gate)
    "checker.reports.sink", "checker.reports.tally", "checker.reports.groups", "checker.reports.progress",
    # what only some claims or some texts need: the regex child (started only when a claim needs
    # the backtracking path), RE2 (only for /regex/), the fuzzy quotation scorer and the word diff
    # (only when a unit may hold the quotation), the calendar (only for a day past the 28th or a
    # DATE() being parsed), the temporary file of a cache write
    "subprocess", "regex", "re2", "rapidfuzz", "difflib", "calendar", "datetime", "tempfile",
    # the cache's key is compared whole, not hashed (OpenSSL's hashlib: ~3 ms of the gate's start)
    "hashlib", "_hashlib",
    # fractions (~1 ms with its regular expression): only number words ("two and a half") need it
    "fractions",
    # the other commands (a command named first builds its parser alone)
    "checker.commands.run", "checker.commands.lint", "checker.commands.explain", "checker.commands.schema",
    "checker.commands.serve",
)


def test_a_warm_check_imports_only_what_it_needs(tmp_path):
    (tmp_path / "draft.txt").write_text("The attack killed 1,000 people.\n", encoding="utf-8")
    env = dict(os.environ, CLAIMCHECK_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    argv = [sys.executable, "-c", WARM_CHECK, str(tmp_path / "draft.txt"), str(ROOT / RULES)]

    def imported(proc) -> set[str]:
        return {m for m in proc.stdout.split() for pin in NOT_IMPORTED_WARM if m == pin or m.startswith(pin + ".")}

    cold = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    assert {"ruamel.yaml", "pyparsing", "checker.rules.yamlpos", "checker.rules.query.grammar"} <= imported(cold)
    assert "checker.rules.cache" in cold.stdout.split()  # (the list is what the check imported)
    warm = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    assert imported(warm) == set()
    assert {"checker.articles.txt", "checker.engine.verdict"} <= set(warm.stdout.split())


def test_a_check_starts_the_regex_child_with_the_rules_that_need_it(tmp_path):
    """The seed rules hold a lookahead pattern (the backtracking path): the
    check starts its regex child as soon as the rules are loaded, before the
    draft is read (its start then overlaps the analysis, issue #16.4), even
    on a draft where the pattern is never searched; rules without such a
    pattern start none (the test above)."""
    (tmp_path / "draft.txt").write_text("The attack killed 1,000 people.\n", encoding="utf-8")
    env = dict(os.environ, CLAIMCHECK_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    started = ("from checker.engine.ops.regex_worker import shared_worker\n"
               "print('child-started' if shared_worker()._proc is not None else 'no-child')\n")
    argv = [sys.executable, "-c", WARM_CHECK + started, str(tmp_path / "draft.txt"), str(ROOT / "rules")]
    for _ in ("cold", "warm"):
        p = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
        assert {"re2", "child-started"} <= set(p.stdout.split())
        assert "subprocess" not in p.stdout.split()  # the child is spawned without it (~2.5 ms, #16)


def test_the_codec_keeps_exact_num_values():
    """NUM values are exact (issue #14.8): an int of any size or a Decimal
    comes back from the cache as itself, and a forged decimal is refused."""
    from decimal import Decimal

    from checker.rules.query import parse_query

    for query in ("NUM(99999999999999999999999999)", "NUM(2.5 .. 4.35 million)", "NUM(1400 ±2.5%)"):
        node = parse_query(query)
        back = codec.loads(codec.dumps(node))
        assert back == node
        assert [type(getattr(back, f)) for f in ("value", "low", "high", "tolerance")] == \
            [type(getattr(node, f)) for f in ("value", "low", "high", "tolerance")]
    assert codec.loads(codec.dumps((Decimal("0.1"),))) == (Decimal("0.1"),)
    for bad in ('{"@": "decimal", "value": "x"}', '{"@": "decimal", "value": "NaN"}',
                '{"@": "decimal", "value": 1}', '{"@": "decimal", "value": "1", "x": 2}'):
        with pytest.raises(codec.CodecError):
            codec.loads(bad)


def test_the_gate_gives_the_collector_back(tmp_path, monkeypatch):
    """``claimcheck check`` pauses the cyclic collector while it imports,
    loads and compiles (issue #16): afterwards it runs again, and a caller
    that had paused it finds it paused."""
    import gc

    from checker.cli import main

    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    draft = tmp_path / "draft.txt"
    draft.write_text("The attack killed 1,000 people.\n", encoding="utf-8")
    argv = ["check", str(draft), "--rules", str(ROOT / RULES)]
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            assert main(argv) == 1
            assert gc.isenabled() is enabled
    finally:
        gc.enable()
        gc.unfreeze()
