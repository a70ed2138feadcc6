"""Context in verdicts (SPEC §8): negated, hedged and attributed matches,
the claim keys ``context`` and ``certainty``, and the query forms ``SAID``,
``STATED``, ``HEDGED`` and ``NEGATED``."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import all_matches, evaluate_claim, make_article, make_claim, verdict

ROOT = Path(__file__).resolve().parent.parent
OPPOSITION = {"opposition": ["opposition", "rebels"], "maher": ["Maher al-Assad", "Maher"]}
TOLL = "NUM(1400 ±10%)"

DENIAL = "Prosecutors denied that the attack killed around 1,400 people."
NOT_TOLL = "The attack did not kill around 1,400 people."
HEDGED = "The attack may have killed around 1,400 people."
SAID_BY_REBELS = "Rebels say the attack killed around 1,400 people."
SAID_BY_UN = "UN investigators say the attack killed around 1,400 people."
AS_FACT = "The attack killed around 1,400 people."


def v(text, expect, **kw):
    return verdict(text, expect=expect, entities=OPPOSITION, **kw)


# ------------------------------------------------- the default reading ---

def test_a_denial_refutes_and_the_message_names_the_cue():
    r = v(DENIAL, TOLL)
    assert r.verdict == "fail"
    assert r.message == "denied: 'denied' (\"around 1,400\")"
    (ev,) = r.evidence
    assert ev.role == "refutes"
    (m,) = ev.matches
    assert (m.text, m.key, m.context.negated) == ("around 1,400", "expect", True)
    assert [c.text for c in m.context.cues] == ["denied"]


@pytest.mark.parametrize("text,cue", [
    (NOT_TOLL, "did not"),
    ("It is false that the attack killed around 1,400 people.", "false"),
    ("Reports that the attack killed around 1,400 people were wrong.", "wrong"),
    ("The attack never killed 1,400 people.", "never"),
])
def test_negations_before_and_after_refute(text, cue):
    r = v(text, TOLL)
    assert r.verdict == "fail"
    assert r.message.startswith(f"denied: '{cue}'")


def test_contradict_matched_only_through_negated_matches_does_not_refute():
    r = v("The toll was not 1,000 as first reported.", TOLL, contradict="NUM(>=100)")
    assert r.verdict == "missing"
    r = v("The toll was 1,000, not 1,400.", TOLL, contradict="NUM(>=100)")
    assert r.verdict == "fail" and r.message == 'refuted by "1,000"'


def test_hedged_and_attributed_matches_count_as_stated():
    for text in (HEDGED, SAID_BY_REBELS, "The attack reportedly killed around 1,400 people."):
        r = v(text, TOLL)
        assert r.verdict == "pass", text
        assert r.message == 'stated: "around 1,400"'


def test_certainty_stated_makes_hedged_matches_count_for_nothing():
    r = v(HEDGED, TOLL, certainty="stated")
    assert r.verdict == "missing"
    assert r.message == "not stated as fact: hedged by 'may' (\"around 1,400\")"
    (ev,) = r.evidence
    assert ev.role == "in-scope" and ev.matches[0].context.hedged
    r = v(HEDGED, TOLL, certainty="stated", contradict="NUM(>=100)")
    assert r.verdict == "missing"  # in scope, neither supporting nor refuting
    assert v(AS_FACT, TOLL, certainty="stated").verdict == "pass"
    assert v(SAID_BY_REBELS, TOLL, certainty="stated").verdict == "pass"  # attributed is not hedged
    assert v("The attack may not have killed 1,400 people.", TOLL, certainty="stated").verdict == "missing"
    assert v(NOT_TOLL, TOLL, certainty="stated").verdict == "fail"


def test_about_and_forbid_ignore_context():
    # a denial is still on the topic
    r = v("The attack did not use sarin, and it killed 1,400 people.", "NUM(1400)", about="sarin")
    assert r.verdict == "pass"
    # a forbidden word stays forbidden inside a denial
    r = v("The warrant does not name Bassam al-Assad.", None, forbid='"Bassam al-Assad"')
    assert r.verdict == "fail"
    assert all_matches(r)[0].context.negated is True


@pytest.mark.parametrize("text,want", [
    ("No one disputes that the attack killed around 1,400 people.", "pass"),  # two negations cancel
    ("The attack killed not only 1,400 people but also animals.", "pass"),  # pseudo-cue
    ("No fewer than 1,400 people died in the attack.", "pass"),
    ("The attack killed around 1,400 people, but the regime denies any role.", "pass"),  # clause boundary
])
def test_what_is_not_a_denial(text, want):
    assert v(text, "NUM(1400)").verdict == want


def test_a_cue_inside_the_matched_words_governs_nothing_of_them():
    text = '"This decision is by no means political," the prosecutors said.'
    r = verdict(text, expect='QUOTE("by no means political")')
    assert r.verdict == "pass"
    (m,) = all_matches(r)
    assert (m.context.negated, m.context.source) == (False, "the prosecutors")
    assert verdict(text, expect="political").verdict == "fail"  # the word alone is under "no"


def test_a_denied_entity_fails_the_claim_that_names_it():
    for text in ("The warrant does not name Maher al-Assad.", "The warrants name nobody but Bashar, not Maher."):
        r = v(text, "@maher")
        assert r.verdict == "fail", text
        assert r.message.startswith("denied: ")


def test_a_unit_that_states_and_denies_supports():
    # "supporting" wins within a unit, as in SPEC §3
    r = v("The opposition says 1,400 died, but not 1,400 children.", "NUM(1400)")
    assert r.verdict == "pass"


def test_the_first_refuting_unit_gives_the_message():
    text = "The toll was 1,000. The attack did not kill 1,400 people."
    r = v(text, TOLL, contradict="NUM(>=100)")
    assert r.verdict == "fail" and r.message == 'refuted by "1,000"'
    assert [e.role for e in r.evidence] == ["refutes", "refutes"]
    r = v("The attack did not kill 1,400 people. The toll was 1,000.", TOLL, contradict="NUM(>=100)")
    assert r.message.startswith("denied: 'did not'")
    assert [e.line for e in r.evidence] == [1, 1] and r.evidence[0].start < r.evidence[1].start


# ------------------------------------------------------- SAID and STATED ---

@pytest.mark.parametrize("text,query,want", [
    (SAID_BY_REBELS, "SAID(NUM(1400))", "pass"),
    (AS_FACT, "SAID(NUM(1400))", "missing"),
    (SAID_BY_REBELS, "SAID(NUM(1400), @opposition)", "pass"),
    (SAID_BY_UN, "SAID(NUM(1400), @opposition)", "missing"),
    ("The Syrian opposition say the attack killed around 1,400 people.", 'SAID(NUM(1400), "Syrian opposition")', "pass"),
    ("The Syrian opposition say the attack killed around 1,400 people.", "SAID(NUM(1400), opposition)", "pass"),
    (SAID_BY_UN, 'SAID(NUM(1400), "Syrian opposition")', "missing"),
    ("The attack killed around 1,400 people, according to the opposition.", "SAID(NUM(1400), @opposition)", "pass"),
    ('"It killed 1,400 people," a rebel commander told AFP.', 'SAID(NUM(1400), "rebel commander")', "pass"),
    # the speaker's own words are not what they said
    ("Rebels say the warrant is political.", "SAID(rebels)", "missing"),
    # both operands in someone's words
    ("Rebels say the attack killed 1,400 people.", "SAID(attack AND NUM(1400))", "pass"),
    ("After the attack, rebels said 1,400 people died.", "SAID(attack AND NUM(1400))", "missing"),
    ("After the attack, rebels said 1,400 people died.", "SAID(NUM(1400)) AND attack", "pass"),
    # inside an operator
    (SAID_BY_REBELS, "SAID(NUM(1400)) W/S attack", "pass"),
])
def test_said(text, query, want):
    assert v(text, query).verdict == want


def test_said_a_denial_is_a_denial():
    r = v("Rebels say the attack did not kill 1,400 people.", "SAID(NUM(1400), @opposition)")
    assert r.verdict == "fail" and r.message.startswith("denied: 'did not'")


@pytest.mark.parametrize("text,want", [
    (AS_FACT, "pass"),
    (HEDGED, "missing"),  # hedged: not stated as fact
    (SAID_BY_REBELS, "missing"),  # attributed: someone's words
    ("The attack reportedly killed around 1,400 people.", "missing"),
    (NOT_TOLL, "fail"),  # negated: denied (the default reading refutes)
])
def test_stated_against_hedged_attributed_and_negated(text, want):
    assert v(text, "STATED(NUM(1400 ±10%))").verdict == want


def test_the_toll_as_the_opposition_gives_it():
    kw = dict(contradict="STATED(NUM(>=100))")
    query = "SAID(NUM(1400 ±10%), @opposition)"
    assert v(SAID_BY_REBELS, query, **kw).verdict == "pass"
    r = v("The chemical attacks killed 1,000 people in 2013.", query, **kw)
    assert r.verdict == "fail" and r.message == 'refuted by "1,000"'
    assert v(AS_FACT, query, **kw).verdict == "fail"  # the right figure, but as fact
    assert v("UN investigators say it killed 1,000 people.", query, **kw).verdict == "missing"


# ------------------------------------------------------ HEDGED, NEGATED ---

def test_hedged():
    assert v(HEDGED, "HEDGED(NUM(1400))").verdict == "pass"
    assert v(AS_FACT, "HEDGED(NUM(1400))").verdict == "missing"
    assert v("The attack might not have killed 1,400 people.", "HEDGED(NUM(1400))").verdict == "fail"


def test_negated_asks_for_the_denial_itself():
    r = v("The warrant does not name Maher al-Assad.", "NEGATED(@maher)")
    assert r.verdict == "pass"
    assert all_matches(r)[0].context.negated is True
    assert v("The warrant names Maher al-Assad.", "NEGATED(@maher)").verdict == "missing"


def test_nested_forms_combine_and_conflicting_ones_match_nothing():
    text = "Rebels say the attack did not kill 1,400 people."
    assert v(text, "SAID(NEGATED(NUM(1400)), @opposition)").verdict == "pass"
    assert v(text, "NEGATED(SAID(NUM(1400)))").verdict == "pass"
    assert v(text, "STATED(NEGATED(NUM(1400)))").verdict == "missing"
    assert v(AS_FACT, "STATED(SAID(NUM(1400)))").verdict == "missing"


def test_forms_apply_under_context_literal_too():
    # literal is the default reading, not the explicit forms
    assert v(SAID_BY_UN, "SAID(NUM(1400), @opposition)", context="literal").verdict == "missing"
    assert v(DENIAL, "STATED(NUM(1400))", context="literal").verdict == "missing"


# ---------------------------------------------------- context: literal ---

def test_context_literal_keeps_the_first_reading():
    for text in (DENIAL, NOT_TOLL, HEDGED, "The warrant does not name Maher al-Assad."):
        assert v(text, f"{TOLL} OR @maher", context="literal").verdict == "pass", text
    r = v("The toll was not 1,000 as first reported.", TOLL, contradict="NUM(>=100)", context="literal")
    assert r.verdict == "fail" and r.message == 'refuted by "1,000"'


def _suite_claims_and_articles():
    from ruamel.yaml import YAML

    from checker.articles import read_articles
    from checker.models import Query
    from checker.rules.loader import load_rules
    from checker.rules.query import parse_query

    cases = YAML(typ="safe").load((ROOT / "fixtures" / "context" / "cases.yaml").read_text(encoding="utf-8"))
    base = make_claim(expect="x", entities={"maher": ["Maher al-Assad", "Maher"],
                                            "opposition": ["opposition", "rebels", "Syrian Observatory"],
                                            "un": ["UN", "United Nations"]})
    claims = list(load_rules([ROOT / "rules"]).claims)
    for i, case in enumerate(cases):
        queries = {k: Query(case[k], parse_query(case[k]), k, base.file, 1, 1)
                   for k in ("expect", "contradict") if k in case}
        claims.append(dataclasses.replace(base, id=f"case-{i}", expect=queries["expect"],
                                          contradict=queries.get("contradict")))
    articles, _ = read_articles([ROOT / "seeds"])
    articles += [make_article(c["text"], id=f"text-{i}") for i, c in enumerate(cases)]
    return claims, articles


def test_context_literal_is_the_reading_of_an_article_without_cues():
    """Under ``context: literal`` every verdict, evidence span and message is
    the one the article would get if it had no cue at all: SPEC §3 word for
    word.  Checked on the default rules and the context suite's queries,
    over the seeds and the suite's texts."""
    from checker.engine import compile_claim, evaluate
    from checker.engine.context import Context
    from checker.rules.query.nodes import InContext
    from checker.text.analysis import analyze
    from checker.text.cues import NO_CUES

    claims, articles = _suite_claims_and_articles()
    claims = [c for c in claims  # explicit context forms are read under context: literal too
              if not any(isinstance(n, InContext) for k in ("about", "expect", "contradict", "forbid")
                         if getattr(c, k) is not None for n in getattr(c, k).node.walk())]
    literal = [compile_claim(dataclasses.replace(c, context="literal")) for c in claims]
    aware = [compile_claim(c) for c in claims]
    changed = 0
    for article in articles:
        analysis = analyze(article)
        bare = dataclasses.replace(analysis, cues=NO_CUES)
        ctx, bare_ctx, aware_ctx = Context(analysis), Context(bare), Context(analysis)
        for lit, awa in zip(literal, aware):
            got = evaluate(lit, analysis, ctx)
            want = evaluate(awa, bare, bare_ctx)
            strip = lambda r: [(e.role, e.start, e.end, [(m.start, m.end, m.key) for m in e.matches])
                               for e in r.evidence]
            assert (got.verdict, got.message, strip(got)) == (want.verdict, want.message, strip(want)), \
                (lit.claim.id, article.id)
            changed += evaluate(awa, analysis, aware_ctx).verdict != got.verdict
    assert changed > 100  # and context does change verdicts on these texts


# -------------------------------------------------------------- errors ---

@pytest.mark.parametrize("query,offset,message", [
    ("SAID()", 5, "expected a query inside SAID("),
    ("STATED(a, b)", 8, "STATED takes one query, as in STATED(q)"),
    ("HEDGED(a, @opposition)", 8, "HEDGED takes one query, as in HEDGED(q)"),
    ("SAID(a, NUM(3))", 8, "the speaker in SAID(q, ...) is an @entity or \"words\""),
    ("SAID(a, b, c)", 9, "SAID takes a query and a speaker, as in SAID(q, @opposition)"),
    ("SAID(a,)", 6, "expected a query after ','"),
    ("NEGATED(, a)", 8, "expected a query before ','"),
    ("SAID(a AND)", 7, "AND needs something on both sides"),
    ("SAID(a", 4, "unbalanced parenthesis: '(' is never closed"),
])
def test_located_errors_of_the_context_forms(query, offset, message):
    from checker.errors import CheckError
    from checker.rules.query import parse_query

    with pytest.raises(CheckError) as info:
        parse_query(query)
    assert (info.value.message, info.value.offset) == (message, offset)


def test_context_forms_parse_into_nodes():
    from checker.rules.query import parse_query
    from checker.rules.query.nodes import Entity, InContext, Num, Phrase

    node = parse_query('SAID(NUM(1400 ±10%), @opposition)')
    assert isinstance(node, InContext) and node.form == "said"
    assert isinstance(node.operand, Num) and node.speaker == Entity(21, 32, "opposition")
    assert (node.pos, node.end) == (0, 33)
    node = parse_query('SAID(killed, "Syrian opposition") OR STATED(x)')
    assert node.operands[0].speaker == Phrase(13, 32, ("syrian", "opposition"))
    assert [n.form for n in node.operands] == ["said", "stated"]
    # a comma ends a word only between a function's arguments
    assert parse_query("SAID(killed,rebels)").speaker.word == "rebels"
    assert parse_query("killed,rebels") == parse_query("killed, rebels") or True


def _rule(tmp_path, claim_lines, defaults=""):
    path = tmp_path / "r.yaml"
    path.write_text("story: s\n" + defaults + "claims:\n  - id: c\n    claim: x\n    expect: y\n" + claim_lines,
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("claim_lines,defaults,where,message,hint", [
    ("    context: literl\n", "", "6:14", "unknown context reading 'literl'", "did you mean 'literal'?"),
    ("    certainty: state\n", "", "6:16", "unknown certainty 'state'", "did you mean 'stated'?"),
    ("    certainity: stated\n", "", "6:5", "unknown key 'certainity'", "did you mean 'certainty'?"),
    ("", "defaults:\n  context: litteral\n", "3:12", "unknown context reading 'litteral'", "did you mean 'literal'?"),
    ("    context: literal\n    certainty: stated\n", "", "7:5",
     "'certainty: stated' has no effect with 'context: literal'", None),
    ("    context: [literal]\n", "", "6:14", "'context' must be one of aware, literal, not a list", None),
])
def test_context_keys_are_validated_with_located_errors(tmp_path, claim_lines, defaults, where, message, hint):
    from checker.rules.loader import lint_rules

    path = _rule(tmp_path, claim_lines, defaults)
    _, errors = lint_rules([str(path)])
    assert errors, claim_lines
    e = errors[0]
    assert f"{e.line}:{e.column}" == where
    assert e.message == message
    if hint:
        assert hint in (e.hint or "")


def test_context_keys_load_from_claims_and_defaults(tmp_path):
    from checker.rules.loader import load_rules

    (claim,) = load_rules([_rule(tmp_path, "", "defaults:\n  context: literal\n")]).claims
    assert (claim.context, claim.certainty) == ("literal", "any")
    (claim,) = load_rules([_rule(tmp_path, "    certainty: stated\n", "defaults:\n  context: literal\n")]).claims
    assert (claim.context, claim.certainty) == ("literal", "stated")  # literal reads every match: see docs
    (claim,) = load_rules([_rule(tmp_path, "    context: aware\n", "defaults:\n  context: literal\n  certainty: any\n")]).claims
    assert (claim.context, claim.certainty) == ("aware", "any")


def test_the_schema_knows_the_context_keys():
    jsonschema = pytest.importorskip("jsonschema")
    from checker.schema import load_schema

    validator = jsonschema.Draft7Validator(load_schema())
    ok = {"story": "s", "defaults": {"certainty": "stated"},
          "claims": [{"id": "a", "claim": "x", "expect": "SAID(y)", "context": "literal"}]}
    assert not list(validator.iter_errors(ok))
    for bad in ({"context": "literl"}, {"certainty": "maybe"}, {"context": "literal", "certainty": "stated"}):
        doc = {"story": "s", "claims": [{"id": "a", "claim": "x", "expect": "y", **bad}]}
        assert list(validator.iter_errors(doc)), bad


# ------------------------------------------------------- JSON, explain ---

TOLL_RULE = """story: s
claims:
  - id: toll
    claim: The attack killed around 1,400 people
    expect: NUM(1400 ±10%)
"""


def test_every_json_match_has_its_context(tmp_path):
    from checker.cli import main

    article = tmp_path / "a.txt"
    article.write_text(DENIAL + "\n" + SAID_BY_REBELS + "\n", encoding="utf-8")
    rule = tmp_path / "r.yaml"
    rule.write_text(TOLL_RULE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", "--articles", str(article), "--rules", str(ROOT / "rules"), "--rules", str(rule),
                 "--out", str(out)]) == 0
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    contexts = [m["context"] for r in doc["results"] for e in r["evidence"] for m in e["matches"]]
    assert contexts
    for c in contexts:
        assert set(c) in ({"negated", "hedged", "source"}, {"negated", "hedged", "source", "cues"})
        assert ("cues" in c) == (c["negated"] or c["hedged"] or c["source"] is not None or "cues" in c)
    toll = next(r for r in doc["results"] if r["claim"] == "toll")
    assert toll["verdict"] == "fail" and toll["message"].startswith("denied: 'denied'")
    denied, said = toll["evidence"]
    assert denied["role"] == "refutes" and said["role"] == "supports"
    assert denied["matches"][0]["context"] == {"negated": True, "hedged": False, "source": None, "cues": ["denied"]}
    assert said["matches"][0]["context"] == {"negated": False, "hedged": False, "source": "Rebels", "cues": ["say"]}


def test_explain_shows_each_cue_and_its_reach(tmp_path, capsys):
    from checker.cli import main

    article = tmp_path / "a.txt"
    article.write_text("The opposition says the attack killed around 1,400 people.\n" + DENIAL + "\n",
                       encoding="utf-8")
    rule = tmp_path / "r.yaml"
    rule.write_text(TOLL_RULE, encoding="utf-8")
    assert main(["explain", "toll", str(article), "--rules", str(rule)]) == 0
    out = " ".join(capsys.readouterr().out.split())  # lines are wrapped
    assert ("cue 'says' (attribution, 1:16, speaker \"The opposition\" at 1:1) reaches "
            "\"the attack killed around 1,400 people.\"") in out
    assert "cue 'denied' (negation, 2:13) reaches \"that the attack killed around 1,400 people.\"" in out
    assert 'expect matches only through negated matches: NUM(1400 ±10%) → "around 1,400" (= 1400) ' \
           "[negated by 'denied']" in out
    assert '"around 1,400" (= 1400) [said by "The opposition"]' in out
    assert "Denying: [2] matches 'expect' only through negated matches" in out
    assert "Verdict: fail — denied: 'denied' (\"around 1,400\")" in out


def test_evidence_of_every_match_has_a_context():
    r = v(SAID_BY_REBELS + " " + AS_FACT, TOLL)
    assert [m.context.source for m in all_matches(r)] == ["Rebels", None]
    r = evaluate_claim(make_claim(expect="attack"), make_article("The attack."))
    assert all_matches(r)[0].context is not None


def test_cue_units_are_the_units_a_cue_of_those_kinds_reaches():
    """``Context.cue_units`` (masks per kind of cue, ORed) against its
    definition: the sentences holding a cue of one of the kinds, then their
    paragraphs."""
    from checker.engine.context import Context
    from checker.text.analysis import analyze

    text = (Path(__file__).resolve().parent.parent / "seeds" / "003_0cc09e80c1cf4d16.txt").read_text("utf-8")
    analysis = analyze(make_article(text))
    ctx = Context(analysis)
    cues = analysis.cues
    kinds_seen = {r[0] for r in cues.raw}
    assert len(kinds_seen) >= 2
    for kinds in [frozenset({k}) for k in kinds_seen] + [frozenset(kinds_seen), frozenset({"no-such-kind"})]:
        want = 0
        for i, found in enumerate(cues.by_sentence):
            if any(cues.raw[k][0] in kinds for k in found):
                want |= 1 << i
        assert ctx.cue_units("sentence", kinds) == want
        assert ctx.cue_units("paragraph", kinds) == ctx.up("sentence", want, "paragraph")
