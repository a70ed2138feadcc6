"""Verdicts (SPEC §3): about, supporting and refuting units, forbid, sources,
known, scope, evidence; and the default rules on the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import all_matches, evaluate_claim, make_article, make_claim, position, verdict

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------- the four rules ---

def test_pass_fail_missing():
    kw = dict(expect="NUM(1400 ±10%)", contradict="NUM(>=100)")
    assert verdict("The attack killed 1,400 people.", **kw).verdict == "pass"
    assert verdict("The attack killed 1,000 people.", **kw).verdict == "fail"
    assert verdict("The attack was condemned.", **kw).verdict == "missing"


def test_a_unit_matching_expect_and_contradict_supports():
    # refuting = in scope, matches contradict and NOT expect
    r = verdict("The attack killed 1,400 people.", expect="NUM(1400 ±10%)", contradict="NUM(*)")
    assert r.verdict == "pass"
    assert [e.role for e in r.evidence] == ["supports"]


def test_fail_beats_pass():
    text = "The attack killed 1,400 people. Another count said 1,000 died in the attack."
    r = verdict(text, expect="NUM(1400 ±10%)", contradict="NUM(>=100)")
    assert r.verdict == "fail"
    assert [e.role for e in r.evidence] == ["refutes", "supports"]
    refutes, supports = r.evidence
    assert [m.text for m in refutes.matches] == ["1,000"]
    assert [m.key for m in refutes.matches] == ["contradict"]
    assert [m.text for m in supports.matches] == ["1,400"]
    assert [m.key for m in supports.matches] == ["expect"]
    assert '"1,000"' in r.message


def test_about_limits_the_units():
    text = "The attack killed 1,400 people. The budget was 1,000 dollars."
    kw = dict(expect="NUM(1400 ±10%)", contradict="NUM(>=100)")
    assert verdict(text, **kw).verdict == "fail"
    assert verdict(text, about="attack", **kw).verdict == "pass"
    # a supporting sentence outside the topic does not count either
    text = "The budget was 1,400 dollars. The attack killed many."
    assert verdict(text, about="attack", **kw).verdict == "missing"


def test_missing_carries_the_in_scope_units():
    text = "The attack was condemned. The budget grew. Nobody counted the attack's dead."
    r = verdict(text, about="attack", expect="NUM(1400 ±10%)")
    assert r.verdict == "missing"
    assert [e.role for e in r.evidence] == ["in-scope", "in-scope"]
    assert [e.text for e in r.evidence] == ["The attack was condemned.", "Nobody counted the attack's dead."]
    for e in r.evidence:
        assert (e.line, e.column) == position(text, text.index(e.text))
        assert [m.text for m in e.matches] == ["attack"]
        assert all(m.key == "about" for m in e.matches)


def test_missing_without_about_or_without_in_scope_units_has_no_evidence():
    assert verdict("The budget grew.", expect="NUM(1400)").evidence == ()
    r = verdict("The budget grew.", about="attack", expect="NUM(1400)")
    assert r.verdict == "missing" and r.evidence == ()


def test_forbid():
    r = verdict("Syrian dictator al-Assad spoke.", forbid="dictator")
    assert r.verdict == "fail"
    (e,) = r.evidence
    assert e.role == "forbidden"
    (m,) = e.matches
    assert (m.text, m.key, m.part) == ("dictator", "forbid", "dictator")
    assert '"dictator"' in r.message
    ok = verdict("Syrian President al-Assad spoke.", forbid="dictator")
    assert ok.verdict == "pass" and ok.evidence == ()


def test_forbid_only_in_scope_units():
    text = "Dictators were discussed. The dictator spoke. The president spoke."
    assert verdict(text, forbid="dictator", about="president").verdict == "pass"
    assert verdict(text, forbid="dictator", about="spoke").verdict == "fail"
    r = verdict(text, forbid="dictator*")
    assert [e.text for e in r.evidence] == ["Dictators were discussed.", "The dictator spoke."]


def test_forbid_every_unit_is_evidence_with_positions():
    text = "Bassam Al-Assad.\r\nAnd Bassam al Assad again."
    r = verdict(text, forbid='"Bassam al-Assad"')
    assert r.verdict == "fail"
    got = [(m.text, m.line, m.column) for m in all_matches(r)]
    assert got == [("Bassam Al-Assad", 1, 1), ("Bassam al Assad", 2, 5)]


# ----------------------------------------------------------------- scope ---

def test_scope_sentence_paragraph_article():
    one_para = "The warrant was issued. Assad was named."
    two_paras = "The warrant was issued.\nAssad was named."
    q = "warrant Assad"
    assert verdict(one_para, expect=q, scope="sentence").verdict == "missing"
    assert verdict(one_para, expect=q, scope="paragraph").verdict == "pass"
    assert verdict(two_paras, expect=q, scope="paragraph").verdict == "missing"
    assert verdict(two_paras, expect=q, scope="article").verdict == "pass"


def test_paragraph_and_article_evidence_positions():
    text = "Headline\n\nThe warrant was issued. Assad was named.\nEnd."
    r = verdict(text, expect="warrant Assad", scope="paragraph")
    (e,) = r.evidence
    assert e.text == "The warrant was issued. Assad was named."
    assert (e.line, e.column) == (3, 1)
    assert text[e.start:e.end] == e.text
    assert [(m.text, m.line, m.column) for m in e.matches] == [("warrant", 3, 5), ("Assad", 3, 25)]
    r = verdict(text, expect="warrant Assad", scope="article")
    (e,) = r.evidence
    assert (e.line, e.column) == (1, 1)
    assert [(m.line, m.column) for m in e.matches] == [(3, 5), (3, 25)]


def test_sentence_evidence_for_each_supporting_sentence():
    text = "Maher was named.\nThe brother, Maher, too. Nothing else."
    r = verdict(text, expect="Maher")
    assert r.verdict == "pass"
    assert [(e.text, e.line, e.column) for e in r.evidence] == [
        ("Maher was named.", 1, 1), ("The brother, Maher, too.", 2, 1)]


# --------------------------------------------------------- error verdict ---

def test_error_verdict_keeps_the_reason_and_spares_other_claims(small_regex_budget):
    from checker.engine import run

    slow = make_claim(expect=r"/(a|aa)+\1c/", claim_id="slow")
    fine = make_claim(expect="aaaa*", claim_id="fine")
    from checker.models import RuleSet, Story
    rules = RuleSet((Story("s", "x.yaml", (slow, fine)),))
    res = run(rules, [make_article("a" * 3000)])
    assert res.result("slow", "a").verdict == "error"
    assert res.result("slow", "a").message
    assert res.result("slow", "a").evidence == ()
    assert res.result("fine", "a").verdict == "pass"


def test_verdict_alone_is_the_verdict_evaluate_gives(small_regex_budget):
    """evaluate_verdict (what the pytest plugin asks first) agrees with
    evaluate on every verdict: the default rules on the seeds, each verdict
    of the four rules, forbid, about with nothing in scope, and an error."""
    from checker.articles import read_articles
    from checker.engine import compile_claim, evaluate, evaluate_verdict
    from checker.engine.context import Context
    from checker.rules.loader import load_rules
    from checker.text.analysis import analyze

    claims = list(load_rules([ROOT / "rules"]).claims) + [
        make_claim(expect="NUM(1400 ±10%)", contradict="NUM(>=100)", claim_id="toll"),
        make_claim(expect="@maher", about="warrant*", entities={"maher": ["Maher al-Assad"]}, claim_id="maher"),
        make_claim(forbid="Al-Assad", about="Hassan", claim_id="no-hassan-typo"),
        make_claim(forbid="sarin", claim_id="no-sarin"),
        make_claim(expect=r"/(a|aa)+\1c/", about="aaaa*", claim_id="slow"),
    ]
    articles, _ = read_articles([ROOT / "seeds"])
    articles += [make_article("a" * 3000, id="slow-text"),
                 make_article("The attack killed 1,000 people. Warrants named Bassam Al-Assad.", id="other")]
    seen = set()
    for article in articles:
        ctx = Context(analyze(article))
        for claim in claims:
            cc = compile_claim(claim)
            alone = evaluate_verdict(cc, ctx.analysis, Context(ctx.analysis))
            # asked first in a shared context (as pytest does), then evaluated fully in it
            first = evaluate_verdict(cc, ctx.analysis, ctx)
            full = evaluate(cc, ctx.analysis, ctx)
            assert alone == first == full.verdict, (claim.id, article.id)
            seen.add(full.verdict)
    assert seen == {"pass", "fail", "missing", "error"}


# --------------------------------------------------- sources and known ---

def _run(claim, articles):
    from checker.engine import run
    from checker.models import RuleSet, Story

    return run(RuleSet((Story("s", "x.yaml", (claim,)),)), articles)


ARTICLES = [
    ("000", "wire-a"), ("001", "wire-b"), ("003", "tabloid-c"), ("wire-special", "other"),
]


@pytest.mark.parametrize("sources,applies", [
    (None, {"000", "001", "003", "wire-special"}),
    (["wire-*"], {"000", "001", "wire-special"}),  # source name or article id
    (["tabloid-c"], {"003"}),
    (["00?"], {"000", "001", "003"}),  # article ids
    (["001", "tabloid-*"], {"001", "003"}),
    (["nothing*"], set()),
])
def test_sources_globs(sources, applies):
    claim = make_claim(expect="dictator", sources=sources)
    arts = [make_article("The dictator.", id=i, source=s) for i, s in ARTICLES]
    res = _run(claim, arts)
    assert {r.article for r in res.results} == applies


def test_applies_to():
    from checker.engine import applies_to

    claim = make_claim(expect="x", sources=["wire-*"])
    assert applies_to(claim, make_article("x", id="a1", source="wire-a"))
    assert applies_to(claim, make_article("x", id="wire-7", source="t"))
    assert not applies_to(claim, make_article("x", id="a1", source="tabloid-c"))


def test_known_verdict_by_source():
    claim = make_claim(forbid="dictator", known={"tabloid-c": "fail"})
    bad = evaluate_claim(claim, make_article("The dictator.", id="003", source="tabloid-c"))
    assert (bad.verdict, bad.known, bad.expected) == ("fail", True, "fail")
    clean = evaluate_claim(claim, make_article("The president.", id="003", source="tabloid-c"))
    assert (clean.verdict, clean.known, clean.expected) == ("pass", False, "fail")
    other = evaluate_claim(claim, make_article("The dictator.", id="000", source="wire-a"))
    assert (other.verdict, other.known, other.expected) == ("fail", False, None)


def test_known_verdict_by_article_id_and_glob():
    claim = make_claim(expect="Maher", known={"tab*": "missing", "003": "fail"})
    r = evaluate_claim(claim, make_article("Nothing.", id="003", source="tabloid-c"))
    assert (r.verdict, r.known, r.expected) == ("missing", False, "fail")  # exact id wins over a glob
    r = evaluate_claim(claim, make_article("Nothing.", id="004", source="tabloid-c"))
    assert (r.verdict, r.known, r.expected) == ("missing", True, "missing")


def test_known_article_id_wins_over_source_name_whatever_the_order():
    # known_verdict: "An exact article id wins over a source name, which wins over a glob."
    art = make_article("Nothing.", id="003", source="tabloid-c")
    for known in ({"003": "missing", "tabloid-c": "fail"}, {"tabloid-c": "fail", "003": "missing"}):
        r = evaluate_claim(make_claim(expect="Maher", known=known), art)
        assert (r.verdict, r.expected, r.known) == ("missing", "missing", True), list(known.items())


# ------------------------------------- an article file read from disk ---

def test_positions_in_a_crlf_file_with_curly_quotes_ligature_and_accent():
    from checker.articles import read_articles

    path = ROOT / "fixtures" / "engine" / "crlf_curly.txt"
    (art,), errors = read_articles([str(path)])
    assert errors == []
    raw = path.read_bytes().decode("utf-8")
    assert "\r\n" in raw and "\ufb01" in raw and "\u0301" in raw  # the fixture is what it claims

    r = evaluate_claim(make_claim("NUM(1400 ±10%)", about="attack"), art)
    assert r.verdict == "pass"
    (ev,) = r.evidence
    (m,) = ev.matches
    idx = raw.index("around 1,400")
    assert (m.start, m.end) == (idx, idx + 12)
    assert (m.line, m.column) == position(raw, idx) == (3, position(raw, idx)[1])
    assert (ev.line, ev.column) == (3, 1)

    altered = "a political manoeuvre"
    r = evaluate_claim(make_claim(f'QUOTE("{altered}")', contradict=f'QUOTE("{altered}", 80%)'), art)
    assert r.verdict == "fail"
    (m,) = all_matches(r)
    idx = raw.index("a political maneuver")
    assert m.start == idx and raw[m.start:m.end] == "a political maneuver"
    assert (m.line, m.column) == position(raw, idx)
    assert "manoeuvre \u2192 maneuver" in m.note

    r = evaluate_claim(make_claim("clemence NEAR/1 witt"), art)
    (m,) = all_matches(r)
    idx = raw.index("Cle\u0301mence")
    assert (m.start, m.line, m.column) == (idx, 4, 1)
    assert raw[m.start:m.end] == "Cle\u0301mence Witt"

    r = evaluate_claim(make_claim('"court\'s ruling"', scope="paragraph"), art)
    (m,) = all_matches(r)
    idx = raw.index("court\u2019s ruling")
    assert (m.line, m.column) == position(raw, idx)

    r = evaluate_claim(make_claim('"the warrant"'), art)
    (m,) = all_matches(r)
    assert (m.line, m.column, m.text) == (1, 2, "The warrant")


# ------------------------------------------------ the seeds, default rules ---

@pytest.fixture(scope="module")
def seed_run():
    from checker.articles import read_articles
    from checker.engine import run
    from checker.rules.loader import load_rules

    rules = load_rules([str(ROOT / "rules")])
    articles, errors = read_articles([str(ROOT / "seeds")])
    assert errors == []
    res = run(rules, articles)
    by_source = {a.source: a for a in articles}
    return res, by_source


def _seed(seed_run, source):
    res, by_source = seed_run
    art = by_source[source]
    raw = Path(art.path if Path(art.path).is_absolute() else ROOT / art.path).read_text(encoding="utf-8")
    return res, art, raw


def _result(res, claim, art):
    r = res.result(claim, art.id)
    assert r is not None, (claim, art.id)
    return r


def _speaker_position(art, span):
    """1-based (line, column) in the article's file of a speaker span (offsets in Analysis.text)."""
    from checker.text.analysis import analyze

    return analyze(art).position(span[0])


@pytest.mark.parametrize("source,line,speaker", [("wire-a", 2, "The Syrian opposition"),
                                                 ("wire-b", 3, "Syrian opposition")])
def test_seed_toll_position(seed_run, source, line, speaker):
    """The wires give the toll as the opposition's figure (SAID), with the
    speaker's words and where they stand."""
    res, art, raw = _seed(seed_run, source)
    r = _result(res, "ghouta-toll", art)
    assert r.verdict == "pass"
    (ev,) = r.evidence
    (m,) = ev.matches
    idx = raw.index("around 1,400")
    assert m.text == "around 1,400"
    assert m.value == 1400
    assert (m.line, m.column) == position(raw, idx) == (line, position(raw, idx)[1])
    assert raw[m.start:m.end] == "around 1,400"
    assert ev.line == line and ev.column == 1
    assert (m.context.negated, m.context.hedged, m.context.source) == (False, False, speaker)
    assert _speaker_position(art, m.context.source_span) == position(raw, raw.index(speaker)) == (line, 1)
    assert [c.text for c in m.context.cues if c.kind == "attribution"] == ["say"]
    assert r.message == 'stated: "around 1,400"'


def test_seed_tabloid_toll_fails(seed_run):
    """The tabloid states 1,000 as fact (STATED): the discrepancy."""
    res, art, raw = _seed(seed_run, "tabloid-c")
    r = _result(res, "ghouta-toll", art)
    assert r.verdict == "fail"
    first = next(m for e in r.evidence if e.role == "refutes" for m in e.matches)
    assert first.text == "1,000"
    assert (first.line, first.column) == position(raw, raw.index("1,000 people")) == (1, 108)
    assert (first.context.negated, first.context.hedged, first.context.source) == (False, False, None)
    assert first.context.cues == ()
    assert r.message == 'refuted by "1,000"'
    # its 1,000 is the article's own voice; no unit gives the opposition's 1,400
    assert not any(e.role == "supports" for e in r.evidence)


def test_seed_bassam_al_assad(seed_run):
    res, art, raw = _seed(seed_run, "tabloid-c")
    idx = raw.index("Bassam Al-Assad")
    assert position(raw, idx)[0] == 19

    r = _result(res, "no-bassam-al-assad", art)
    assert r.verdict == "fail"
    (m,) = all_matches(r)
    assert m.text == "Bassam Al-Assad"
    assert (m.start, m.end) == (idx, idx + len("Bassam Al-Assad"))
    assert (m.line, m.column) == position(raw, idx)

    r = _result(res, "general-bassam-al-hassan", art)
    assert r.verdict == "fail"
    (m,) = [m for e in r.evidence if e.role == "refutes" for m in e.matches]
    assert m.text == "Bassam Al-Assad"
    assert (m.line, m.column) == position(raw, idx)


@pytest.mark.parametrize("source", ["wire-a", "wire-b"])
def test_seed_wires_name_bassam_al_hassan_or_not(seed_run, source):
    res, art, raw = _seed(seed_run, source)
    assert _result(res, "no-bassam-al-assad", art).verdict == "pass"


def test_seed_altered_quote(seed_run):
    res, art, raw = _seed(seed_run, "wire-b")
    r = _result(res, "darwish-quote", art)
    assert r.verdict == "fail"
    (m,) = [m for e in r.evidence if e.role == "refutes" for m in e.matches]
    assert "manoeuvre \u2192 maneuver" in m.note
    alt = raw.index("maneuver")
    assert m.start == raw.index("We view") and alt < m.end  # the passage holds the altered word
    assert (m.line, m.column) == position(raw, m.start)
    assert m.line == position(raw, alt)[0]
    assert raw[m.start:m.end].rstrip(",").endswith("war criminals")
    # and the faithful quote passes on wire-a
    res, art_a, _ = _seed(seed_run, "wire-a")
    assert _result(res, "darwish-quote", art_a).verdict == "pass"


def test_seed_known_dictator(seed_run):
    res, art, raw = _seed(seed_run, "tabloid-c")
    r = _result(res, "no-dictator-label", art)
    assert (r.verdict, r.known, r.expected) == ("fail", True, "fail")
    first = all_matches(r)[0]
    assert (first.line, first.column) == position(raw, raw.index("dictator"))


def test_seed_attack_dates(seed_run):
    res, art, raw = _seed(seed_run, "wire-a")
    r = _result(res, "attack-dates", art)
    assert r.verdict == "pass"
    assert [m.value for m in all_matches(r)] == ["2013-08-04", "2013-08-05", "2013-08-21"]
    assert all_matches(r)[0].line == position(raw, raw.index("August 4, 5 and 21"))[0]


def test_claims_sharing_a_leaf_show_their_own_query_part():
    """Equal leaves of different claims share their hits in the article's
    context; each claim's evidence still names its own key and part."""
    from checker.engine import compile_claim, evaluate
    from checker.engine.context import Context
    from checker.text.analysis import analyze

    text = '"This decision is by no means political," they said. It concerns /x/ and 1,400 dead.'
    ctx = Context(analyze(make_article(text)))
    for query in ('QUOTE("by no means political", 70%)', '/by no means/', 'NUM(1400)', 'decision'):
        as_expect = compile_claim(make_claim(expect=query, claim_id="e"))
        as_forbid = compile_claim(make_claim(forbid=query, claim_id="f"))
        first, second = evaluate(as_expect, ctx.analysis, ctx), evaluate(as_forbid, ctx.analysis, ctx)
        assert (first.verdict, second.verdict) == ("pass", "fail"), query
        assert {m.key for m in all_matches(first)} == {"expect"}, query
        assert {m.key for m in all_matches(second)} == {"forbid"}, query
