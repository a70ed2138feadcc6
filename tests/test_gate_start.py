"""What the gate's start does not do any more (issue #16), done right.

The engine's internal records whose classes are created at every start of
the gate are NamedTuples (a frozen dataclass's class costs ~0.5 ms to
create, ~1.3 ms for ``CompiledClaim``): they still pickle for worker
processes and keep what they were made from.  Text that needs no escaping or
cleaning is returned without compiling the regular expression that would
do it."""

from __future__ import annotations

import pickle
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]


def test_a_compiled_claim_pickles_whole_and_works_out_its_own_fields():
    import pytest

    from checker.engine import check_article, compile_claim
    from checker.engine.verdict import ROLES, CompiledClaim
    from checker.models import Article
    from checker.rules.loader import load_rules

    claims = load_rules([ROOT / "rules"]).claims
    compiled = [compile_claim(c) for c in claims]
    back = pickle.loads(pickle.dumps(compiled))
    for a, b in zip(compiled, back, strict=True):
        assert type(b) is CompiledClaim
        assert (b.claim, b.level, b.skippable) == (a.claim, a.level, a.skippable)
        assert set(a.evidence_keys.queries) == set(b.evidence_keys.queries)
        for key, m in a.evidence_keys.queries.items():  # made at first lookup, the same before and after
            assert a.evidence_keys[key] == b.evidence_keys[key] == f"evidence\x00{ROLES[key]}\x00{a.level}\x00{m.esig}"
        with pytest.raises(KeyError):
            a.evidence_keys["no such query"]
        assert [m is None for m in a[:8]] == [m is None for m in b[:8]]
    text = "FRANCE has issued an arrest warrant for Syrian president Bashar al-Assad over attacks that killed 1,000."
    article = Article("a", "s", "a.txt", text, text)
    assert check_article(back, article) == check_article(compiled, article)
    made = CompiledClaim(claims[0], None, compiled[0].expect, None, None)  # the last fields worked out
    assert (made.level, made.skippable, made.denial) == (claims[0].scope, not compiled[0].expect.may_raise, None)


def test_a_want_is_immutable_and_combines_as_before():
    import pytest

    from checker.engine.hits import ANY, Want

    stated = Want(negated=False, hedged=False, attributed=False)
    assert stated.both(Want(negated=True)).never
    assert ANY.under(Want(hedged=True)) == Want(hedged=True)
    assert stated._replace(negated=None).negated is None and stated.negated is False
    assert pickle.loads(pickle.dumps(stated)) == stated
    with pytest.raises(AttributeError):
        stated.negated = True  # type: ignore[misc]


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\x1b\x07\t\n\x85\u202e\u2066\u200b\xa0")))
def test_terminal_safe_escapes_exactly_as_its_pattern_does(text):
    from checker.reports.color import _escape, _unsafe, terminal_safe

    assert terminal_safe(text) == _unsafe().sub(_escape, text)


def test_clean_text_replaces_lone_surrogates_only():
    from checker.files import clean_text

    assert clean_text("caf\u00e9 \U0001f600") == "caf\u00e9 \U0001f600"
    assert clean_text("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    assert clean_text("") == ""


def test_an_infix_declaration_checks_its_level_and_reads_its_spelling():
    import pytest

    from checker.rules.query.syntax import Infix

    near = Infix(r"NEAR(?:/.*)?", "proximity", lambda pos, end, ops, param: None)
    assert near.pattern.match("NEAR/5") and not near.pattern.match("NEARLY")
    assert pickle.loads(pickle.dumps(Infix("AND", "and", max))) == Infix("AND", "and", max)
    with pytest.raises(ValueError, match="unknown precedence level 'tightest'"):
        Infix("X", "tightest", max)


def test_word_diff_of_a_quotation_found_as_written_is_none():
    from checker.engine.ops.quote import word_diff

    assert word_diff("We view the filing", "we VIEW the  filing") is None
    assert word_diff("", "") is None
    assert word_diff("We view the filing", "We see the filing") == "view → see"
    assert word_diff("a b c", "a c") == "b → ∅"


def test_a_matchers_affirming_leaves_are_its_leaves_that_drop_negated_matches():
    """``affirming`` is made from the children's (one walk, not one per
    level): the same leaves, in the same order, as walking ``leaves()``."""
    from conftest import make_claim

    from checker.engine import compile_claim
    from checker.rules.loader import load_rules

    claims = list(load_rules([ROOT / "rules"]).claims)
    claims += [make_claim(expect=q, about="warrant", certainty="stated") for q in (
        "warrant AND NOT (sarin OR NEGATED(attack))", "SAID(warrant NEAR/3 Assad) OR STATED(NOT killed)",
        '"arrest warrant" W/S (HEDGED(Assad) OR NUM(>=1000))')]

    def walk(m):
        yield m
        for c in m.children():
            yield from walk(c)

    seen = 0
    for cc in map(compile_claim, claims):
        for query in cc[1:8]:
            for m in walk(query) if query is not None else ():
                assert m.affirming == tuple(leaf for leaf in m.leaves() if leaf.want.negated is False)
                seen += 1
    assert seen > 100
