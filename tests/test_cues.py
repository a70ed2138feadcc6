"""Cue detection (``checker.text.cues``): negation, hedge and attribution cues
with their scopes, computed once per article as ``Analysis.cues``."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.articles import read_articles
from checker.models import Article
from checker.text import analyze
from checker.text.cues import PLAIN, Cue, Cues, MatchContext, compiled_lexicon
from checker.text.cues.lexicon import CUES
from checker.text.cues.rules import RULES

ROOT = Path(__file__).resolve().parents[1]


def analysed(text: str):
    return analyze(Article(id="t", source="t", path="t.txt", text=text, origin=text))


def context(text: str, words: str, occurrence: int = 0):
    analysis = analysed(text)
    start = -1
    for _ in range(occurrence + 1):
        start = analysis.text.find(words, start + 1)
    assert start >= 0, words
    return analysis.cues.context(start, start + len(words))


@pytest.fixture(scope="module")
def seeds():
    articles, errors = read_articles([ROOT / "seeds"])
    assert not errors
    return {a.id[:3]: analyze(a) for a in articles}


def seed_context(analysis, words: str):
    start = analysis.text.find(words)
    assert start >= 0, words
    return analysis.cues.context(start, start + len(words))


# ---- the seed story ------------------------------------------------------------------------------


@pytest.mark.parametrize(("seed", "speaker", "line", "column"), [
    ("000", "The Syrian opposition", 2, 1),
    ("001", "Syrian opposition", 3, 1),
])
def test_wires_attribute_the_toll_to_the_opposition(seeds, seed, speaker, line, column):
    analysis = seeds[seed]
    ctx = seed_context(analysis, "around 1,400")
    assert ctx.source == speaker
    assert (ctx.negated, ctx.hedged) == (False, False)
    assert analysis.position(ctx.source_span[0]) == (line, column)
    assert [c.text for c in ctx.cues] == ["say"]


@pytest.mark.parametrize("words", ["killed 1,000 people", "over 1,000", "more than a thousand"])
def test_tabloid_states_the_toll_as_fact(seeds, words):
    assert seed_context(seeds["003"], words) == PLAIN


@pytest.mark.parametrize(("seed", "speaker", "cue", "line", "column"), [
    ("000", "the prosecutor's office at the court", "said", 4, 89),
    ("001", "the prosecutors", "told AFP", 7, 89),
])
def test_a_quotation_over_two_sentences_is_its_speakers(seeds, seed, speaker, cue, line, column):
    analysis = seeds[seed]
    for words in ("by no means political", "legal question resolved"):  # first and second sentence
        ctx = seed_context(analysis, words)
        assert ctx.source == speaker, words
        assert analysis.position(ctx.source_span[0]) == (line, column)
        assert [c.text for c in ctx.cues] == [cue]
    assert seed_context(analysis, "political").negated  # "by no means" governs it


def test_a_quotation_continued_in_the_next_paragraph_keeps_its_speaker(seeds):
    analysis = seeds["003"]
    ctx = seed_context(analysis, "So, if I say")
    assert ctx.source == "A lead plaintiff"
    assert analysis.position(ctx.source_span[0]) == (13, 1)


def test_seed_cues_in_sentence(seeds):
    analysis = seeds["000"]
    sentence = next(s for s in analysis.sentences if "charges Damascus denies" in analysis.text[s.start:s.end])
    cues = analysis.cues.in_sentence(sentence.index)
    assert [(c.kind, c.text) for c in cues] == [("attribution", "accused"), ("negation", "denies")]
    accused, denies = cues
    assert accused.speaker == "the global watchdog"
    assert analysis.text[denies.scope_start:denies.scope_end].strip() == "charges Damascus"
    assert "charges" not in analysis.text[accused.scope_start:accused.scope_end]


# ---- the rules of SPEC §8 ----------------------------------------------------------------------------


def test_denials_negate_what_they_deny():
    assert context("Prosecutors denied that the attack killed around 1,400 people.", "around 1,400").negated
    assert context("It is false that the attack killed around 1,400 people.", "around 1,400").negated
    assert context("The warrant does not name Maher al-Assad.", "Maher").negated
    assert context("Reports that the warrants name Maher al-Assad were wrong.", "Maher").negated


def test_a_negation_names_its_auxiliary():
    analysis = analysed("The warrant did not name Maher, and it doesn't name Bassam; he has never been tried.")
    assert [c.text for c in analysis.cues if c.kind == "negation"] == ["did not", "doesn't", "has never"]


def test_scope_ends_at_the_clause_boundary():
    text = "The first warrant did not name Maher, but the second names his generals."
    assert context(text, "Maher").negated
    assert not context(text, "generals").negated
    assert not context("Damascus denied the charges; the attack killed 1,400.", "1,400").negated


def test_pseudo_cues_negate_nothing():
    for text, words in [
        ("The warrant names not only Assad but also his brother Maher.", "Maher"),
        ("There is no doubt that the attack killed 1,400 people.", "1,400"),
        ("The attack killed no fewer than 1,400 people.", "1,400"),
        ("No less than 1,400 people died.", "1,400"),
        ("The attack killed not just fighters but 1,400 civilians.", "1,400"),
    ]:
        assert context(text, words) == PLAIN, text


def test_two_negations_cancel():
    ctx = context("No one disputes that the attack killed 1,400 people.", "1,400")
    assert not ctx.negated
    assert [c.text for c in ctx.cues] == ["No one", "disputes"]  # both still reported


def test_a_cue_inside_the_match_governs_nothing_of_it():
    text = '"This decision is by no means political," the prosecutors told AFP.'
    analysis = analysed(text)
    start = analysis.text.find("by no means political")
    inside = analysis.cues.context(start, start + len("by no means political"))
    assert not inside.negated and inside.source == "the prosecutors"
    after = analysis.text.find("political")
    assert analysis.cues.context(after, after + len("political")).negated


def test_hedges():
    ctx = context("The attack may have killed 1,400 people.", "1,400")
    assert ctx.hedged and not ctx.negated and ctx.source is None
    assert not context("The complaint was filed in May 2013.", "complaint").hedged


def test_speaker_before_after_and_nested():
    assert context("Rebels claimed the attack killed 1,400.", "1,400").source == "Rebels"
    assert context("The attack killed 1,400, according to the UN.", "1,400").source == "the UN"
    assert context("The attack killed 1,400 people, the opposition said.", "1,400").source == "the opposition"
    nested = context("The ministry said the opposition claimed the attack killed 1,400.", "1,400")
    assert nested.source == "the opposition"
    assert [c.speaker for c in nested.cues] == ["The ministry", "the opposition"]


def test_the_speaker_is_not_in_its_own_words():
    assert context("The Syrian opposition say the attack killed 1,400.", "opposition").source is None
    assert context("According to the UN, the attack killed 1,400.", "UN").source is None


# ---- the API ---------------------------------------------------------------------------------------


def test_cues_are_immutable_and_picklable():
    analysis = analysed('Rebels said the attack did not kill 1,400. "It may," he said.')
    cues = analysis.cues
    assert len(cues) == len(list(cues)) == len(cues.all) == 4
    assert all(isinstance(c, Cue) for c in cues)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cues.all[0].scope_end = 0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        cues.raw = ()  # type: ignore[misc]
    copy = pickle.loads(pickle.dumps(cues))
    assert copy == cues and copy.context(30, 35) == cues.context(30, 35)


def test_every_cue_and_scope_lies_in_the_text():
    analysis = analysed("Prosecutors said the warrant, which Damascus denies, does not name Maher; nobody did.")
    for cue in analysis.cues:
        assert analysis.text[cue.start:cue.end] == cue.text
        assert 0 <= cue.scope_start <= cue.scope_end <= len(analysis.text)
        if cue.kind == "attribution":
            assert analysis.text[cue.speaker_start:cue.speaker_end] == cue.speaker


def test_context_outside_every_sentence_and_without_cues():
    assert Cues().context(0, 5) == PLAIN
    assert Cues().in_sentence(3) == ()
    analysis = analysed("The attack killed 1,400 people.")
    assert len(analysis.cues) == 0
    assert analysis.cues.context(0, 3) == PLAIN
    assert analysis.cues.in_sentence(0) == () and analysis.cues.in_sentence(99) == ()
    assert isinstance(PLAIN, MatchContext) and PLAIN.cues == ()


def test_in_sentence_lists_the_cues_that_reach_into_it():
    analysis = analysed('"The toll is 1,400. It may rise," the doctor said.')
    first, second = analysis.sentences
    assert [c.text for c in analysis.cues.in_sentence(first.index)] == ["said"]
    assert [c.text for c in analysis.cues.in_sentence(second.index)] == ["may", "said"]


@pytest.mark.parametrize("text", ["", '"', '""', 'no', "said", '"said," said', "not not not", "x, y; z: -- w",
                                  "No. 4", "'t", "n't", "by", "according to", 'He said: "', "\n\n\"a\n\"b"])
def test_odd_texts_never_break_analysis(text):
    analysis = analysed(text)
    for cue in analysis.cues:
        assert 0 <= cue.start <= cue.end <= len(analysis.text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(
    ["not", "no", "said", "says", "denied", "that", "the", "opposition", "1,400", ",", ";", '"', ".", "may",
     "according", "to", "by", "'s", "count", "n't", "did", "were", "wrong", "but", "only", "-", "--", ":",
     "who", "which", "\n", "never", "false", "rebels", "claimed", "if", "told", "AFP", "It", "."]),
    max_size=60))
def test_any_text_gives_cues_inside_the_text(words):
    text = " ".join(words)
    analysis = analysed(text)
    n = len(analysis.text)
    for cue in analysis.cues:
        assert 0 <= cue.start < cue.end <= n
        assert 0 <= cue.scope_start <= cue.scope_end <= n
        assert cue.kind in ("negation", "hedge", "attribution")
        if cue.speaker is not None:
            assert analysis.text[cue.speaker_start:cue.speaker_end] == cue.speaker
    everything = list(analysis.cues)
    for s in analysis.sentences:
        touching = [c for c in everything
                    if min(c.start, c.scope_start) < s.end and max(c.end, c.scope_end) > s.start]
        assert set(touching) <= set(analysis.cues.in_sentence(s.index))
        analysis.cues.context(s.start, s.end)


# ---- the lexicon (data) ---------------------------------------------------------------------------


def test_lexicon_rows_are_well_formed():
    for phrase, kind, rule, example in CUES:
        assert kind in ("negation", "hedge", "attribution", "pseudo"), phrase
        assert rule == "pseudo" if kind == "pseudo" else rule in RULES, phrase
        assert phrase == phrase.lower() and phrase.strip() == phrase, phrase
        assert example.endswith("."), phrase


@pytest.mark.parametrize("row", CUES, ids=[r[0][:40] for r in CUES])
def test_each_lexicon_example_shows_its_cue(row):
    phrase, kind, _rule, example = row
    analysis = analysed(example)
    words = {w for part in phrase.split() for w in part.split("/")}
    found = [c for c in analysis.cues if words & set(c.text.lower().replace("'", " ").split())
             or (phrase == "n't" and c.text.endswith("n't"))]
    if kind == "pseudo":
        assert not [c for c in found if c.kind == "negation"], f"{example!r}: {found}"
    else:
        assert any(c.kind == kind for c in found), f"{example!r} has no {kind} cue from {phrase!r}: {found}"


def test_importing_the_analysis_builds_no_lexicon():
    code = ("import sys, checker.text.analysis as a, checker.text.cues as c; "
            "print(c.compiled_lexicon.cache_info().currsize, 'checker.text.cues.rules' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["0", "False"]
    assert compiled_lexicon()  # built on first use


def test_the_docs_list_every_lexicon_row():
    doc = (ROOT / "docs" / "context-cues.md").read_text(encoding="utf-8")
    for phrase, kind, rule, example in CUES:
        row = f"| {phrase.replace('/', ' / ')} | {kind} | {rule} | {example} |"
        assert row in doc, f"docs/context-cues.md lacks the lexicon row:\n{row}"


@pytest.mark.parametrize("seed", ["000", "001", "003"])
def test_in_sentence_is_every_cue_touching_the_sentence_in_text_order(seeds, seed):
    analysis = seeds[seed]
    everything = list(analysis.cues)
    assert everything == sorted(everything, key=lambda c: (c.start, c.scope_start))
    for s in analysis.sentences:
        touching = [c for c in everything
                    if min(c.start, c.scope_start) < s.end and max(c.end, c.scope_end) > s.start]
        assert list(analysis.cues.in_sentence(s.index)) == touching, s.index


def test_the_stored_form_the_engine_reads(seeds):
    """The engine (branch `context`) reads ``raw`` and ``by_sentence`` directly:
    one entry per sentence, indexes into ``raw``, whose tuples are Cue's fields."""
    for analysis in seeds.values():
        cues = analysis.cues
        assert len(cues.by_sentence) == len(analysis.sentences) == len(cues.sentence_starts)
        assert all(isinstance(found, tuple) for found in cues.by_sentence)
        assert [Cue(*r) for r in cues.raw] == list(cues)
        assert {r[0] for r in cues.raw} == {"negation", "hedge", "attribution"}
    plain = analysed("Nothing here is cued? The attack killed 1,400 people.")
    assert plain.cues.raw == () or all(r[0] != "attribution" for r in plain.cues.raw)
    assert len(analysed("The attack killed 1,400. It was in 2013.").cues.by_sentence) == 2
