"""The engine's shape: operators registered by family, modules small, the
heavy libraries imported only when a query needs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_article, make_claim

ROOT = Path(__file__).resolve().parent.parent


def test_every_query_node_has_a_registered_matcher():
    from checker.engine.registry import MATCHERS
    from checker.rules.query import nodes

    node_types = {c for c in vars(nodes).values() if isinstance(c, type) and issubclass(c, nodes.Node)}
    assert node_types - {nodes.Node} == set(MATCHERS)


def test_a_new_operator_is_one_module_plus_its_registry_entry():
    """The example module declares node, syntax and matcher; adding it to the
    list of families is all the grammar and the compiler need."""
    import example_operator

    from checker.engine.registry import OPERATORS, Compiler
    from checker.engine.verdict import CompiledClaim, evaluate
    from checker.errors import CheckError
    from checker.rules.query.grammar import parse_query
    from checker.rules.query.syntax import Table
    from checker.text.analysis import analyze

    operators = OPERATORS + example_operator.OPERATORS  # the registry with one more family
    syntax = Table.of(tuple(op.syntax for op in operators if op.syntax is not None))
    matchers = {op.node: op.build for op in operators}

    query = "LEAD(warrant*) AND NOT sarin"
    node = parse_query(query, syntax)
    matcher = Compiler(query, "expect", {}, matchers).build(node)
    matcher.prepare()
    claim = make_claim(expect="warrant*")
    compiled = CompiledClaim(claim, None, matcher, None, None)
    lede = "France issued a warrant.\nThe sarin attack came later."
    later = "France acted.\nThe warrant came later."
    assert evaluate(compiled, analyze(make_article(lede))).verdict == "pass"
    result = evaluate(compiled, analyze(make_article(later)))
    assert result.verdict == "missing"
    assert [m.text for e in evaluate(compiled, analyze(make_article(lede))).evidence for m in e.matches] == ["warrant"]

    with pytest.raises(CheckError) as info:
        parse_query("LEAD(a, b)", syntax)
    assert (info.value.offset, info.value.message) == (6, "LEAD takes one query, as in LEAD(warrant)")
    # without the family in the registry, LEAD is just a word
    assert [type(n).__name__ for n in parse_query("LEAD(a)").walk()] == ["And", "Term", "Term"]


def test_engine_modules_stay_small():
    for path in sorted((ROOT / "checker" / "engine").rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 420, f"{path.relative_to(ROOT)} has {lines} lines"


@pytest.mark.parametrize("query,loaded", [
    ("warrant AND NUM(1400)", []),
    ('QUOTE("by no means political", 80%)', ["rapidfuzz"]),
    ("/war+ant/", ["regex"]),
])
def test_regex_and_rapidfuzz_are_imported_at_first_use(query, loaded, tmp_path):
    rule = tmp_path / "r.yaml"
    rule.write_text(f"story: s\nclaims:\n  - id: c\n    claim: x\n    expect: '{query}'\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text('"This decision is by no means political," the warrant said.\n', encoding="utf-8")
    code = (
        "import sys\n"
        "from checker.pipeline import load_inputs\n"
        "from checker.engine import run\n"
        f"rules, articles, _ = load_inputs([{str(rule)!r}], [{str(article)!r}])\n"
        "run(rules, articles)\n"
        "print(sorted(m for m in ('regex', 'rapidfuzz') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=True)
    assert out.stdout.strip() == repr(loaded)


def test_level_keys_are_made_at_first_use_and_equal_the_eager_ones():
    """The context cache keys a matcher holds per level (issue #16: made at
    first lookup, not at compile time) are the keys :func:`cache_key`
    makes, one object per key string; a level-free key is one for all
    levels; an unknown level is a KeyError as in a plain dict; a pickled
    set (a claim sent to a worker process) gives the same keys."""
    import pickle

    from checker.engine.context import LEVELS
    from checker.engine.matcher import LevelKeys, cache_key

    sig = ("words", ("chemical", "attack"), False)
    keys, free = LevelKeys("units", sig), LevelKeys("hits", sig, level_free=True)
    assert len(keys) == 0  # nothing made yet
    for level in LEVELS:
        assert keys[level] is cache_key("units", level, sig)
        assert free[level] is cache_key("hits", "", sig)
    with pytest.raises(KeyError):
        keys["chapter"]
    again = pickle.loads(pickle.dumps(keys))
    assert {lv: again[lv] for lv in LEVELS} == dict(keys)
