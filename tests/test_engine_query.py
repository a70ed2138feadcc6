"""The query language (SPEC §4) as the engine evaluates it, one form at a time.

Each case is a one-claim rule (``expect`` only) on a short text: ``pass`` when
the query matches a unit of the text, ``missing`` when it does not.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import all_matches, make_article, make_claim, position, verdict




def v(text, query, **kw):
    return verdict(text, expect=query, **kw).verdict


def cases(*rows):
    """pytest params with readable ids: (text, query, verdict)."""
    return [row if hasattr(row, "marks") else pytest.param(*row, id=f"{row[1]} | {row[0][:40]} -> {row[2]}")
            for row in rows]


# --------------------------------------------------------------- words ---

WORDS = cases(
    ("The war goes on.", "war", "pass"),
    ("The arrest warrant was issued.", "war", "missing"),  # whole words only
    ("A warrant for the prewar leader.", "war", "missing"),
    ("The war-torn country.", "war", "pass"),  # punctuation ends a word
    ("The WAR goes on.", "war", "pass"),  # case folded
    ("The war goes on.", "War", "pass"),
    ("Lawyer Clemence Witt said.", "Clémence", "pass"),  # accents folded
    ("Lawyer Clémence Witt said.", "clemence", "pass"),
    ("Lawyer CLÉMENCE Witt said.", "Clemence", "pass"),
    ("Lawyer Cle\u0301mence Witt said.", "clemence", "pass"),  # combining accent
    ("France\u2019s highest court.", "France", "pass"),  # curly apostrophe splits the word
    ("Prosecutors said.", "prosecut*", "pass"),
    ("The prosecution said.", "prosecut*", "pass"),
    ("The PROSECUTOR said.", "prosecut*", "pass"),
    ("The persecution went on.", "prosecut*", "missing"),
    ("Prosecute them.", "prosecute*", "pass"),  # the prefix itself is a word
    ("They sought to prosecut.", "prosecut*", "pass"),
)


@pytest.mark.parametrize("text,query,want", WORDS)
def test_words_and_prefixes(text, query, want):
    assert v(text, query) == want


PHRASES = cases(
    ("A French arrest warrant for Assad.", '"arrest warrant"', "pass"),
    ("A warrant for his arrest.", '"arrest warrant"', "missing"),  # order
    ("The arrest of a warrant officer.", '"arrest warrant"', "missing"),  # adjacency
    ("An arrest, warrant in hand.", '"arrest warrant"', "pass"),  # punctuation between ignored
    ("President Bashar al-Assad.", '"al-Assad"', "pass"),
    ("President Bashar Al Assad.", '"al-Assad"', "pass"),
    ("President Bashar AL\u2010ASSAD.", '"al-Assad"', "pass"),  # unicode hyphen
    ("President Bashar alAssad.", '"al-Assad"', "missing"),  # one word is not two
    ("President Bashar Al Assad.", "al-Assad", "pass"),  # unquoted multi-word term is a phrase
    ("Assad al Bashar.", '"al-Assad"', "missing"),
    ("Brother Maher al-Assad.", '"maher al assad"', "pass"),
    ("A French arrest warrant for Assad.", "\u201carrest warrant\u201d", "pass"),  # curly quotes in query
    ("She said France\u2019s highest court.", '"France\'s highest court"', "pass"),
    ("Lawyer Clemence Witt said.", '"Clémence Witt"', "pass"),
    ("Chemical weapons were used.", '"chemical weap*"', "pass"),
    ("Chemical attacks were made.", '"chemical weap*"', "missing"),
)


@pytest.mark.parametrize("text,query,want", PHRASES)
def test_phrases(text, query, want):
    assert v(text, query) == want


def test_phrase_does_not_run_past_the_end_of_its_sentence():
    # "Bassam." ends one sentence, "Al-Assad" starts the next: no phrase in either unit
    text = "The envoy met Bassam. Al-Assad said nothing."
    r = verdict(text, forbid='"Bassam al-Assad"')
    assert r.verdict == "pass", [(e.text, [m.text for m in e.matches]) for e in r.evidence]
    assert v(text, '"Bassam al-Assad"') == "missing"
    assert v(text, '"Bassam al-Assad"', scope="paragraph") == "pass"  # one paragraph: punctuation ignored


def test_phrase_does_not_run_past_the_end_of_its_paragraph():
    text = "The envoy met Bassam\nAl-Assad said nothing."
    assert v(text, '"Bassam al-Assad"', scope="paragraph") == "missing"
    assert v(text, '"Bassam al-Assad"', scope="sentence") == "missing"


def test_every_match_lies_inside_its_unit():
    text = "They named Maher. Al Assad denied it.\nThe arrest. Warrant officers came."
    for scope in ("sentence", "paragraph"):
        for query in ('"Maher al-Assad"', '"arrest warrant"', '"named Maher"'):
            r = verdict(text, expect=query, scope=scope)
            for e in r.evidence:
                for m in e.matches:
                    assert e.start <= m.start and m.end <= e.end, (scope, query, e.text, m.text)


ENTITIES = {"maher": ["Maher al-Assad", "Maher"], "groups": ["Syrian Archive", "OSJI"]}


@pytest.mark.parametrize("text,query,want", cases(
    ("His brother Maher commands a division.", "@maher", "pass"),
    ("His brother MAHER AL ASSAD commands.", "@maher", "pass"),
    ("His brother commands a division.", "@maher", "missing"),
    ("The Syrian-Archive filed it.", "@groups", "pass"),  # each alias is a phrase
    ("A Syrian newspaper archive.", "@groups", "missing"),
    ("OSJI filed it.", "@groups", "pass"),
    ("Maher and OSJI.", "@maher @groups", "pass"),
    ("Maher and others.", "@maher AND @groups", "missing"),
))
def test_entities(text, query, want):
    assert v(text, query, entities=ENTITIES) == want


def test_entity_match_reports_the_alias_found():
    r = verdict("His brother Maher al-Assad commands.", expect="@maher", entities=ENTITIES)
    texts = [m.text for m in all_matches(r)]
    assert "Maher al-Assad" in texts


# ----------------------------------------------------- boolean operators ---

@pytest.mark.parametrize("text,query,want", cases(
    ("Peace talks resumed.", "NOT war", "pass"),
    ("The war resumed.", "NOT war", "missing"),
    ("The warrant was issued.", "warrant AND NOT immunity", "pass"),
    ("The warrant ignores immunity.", "warrant AND NOT immunity", "missing"),
    ("The warrant was issued.", "warrant NOT immunity", "pass"),  # juxtaposition
    ("The warrant ignores immunity.", "warrant NOT immunity", "missing"),
    ("A warrant for his arrest.", "arrest warrant", "pass"),  # AND by juxtaposition, any order
    ("A warrant was issued.", "arrest warrant", "missing"),
    ("A warrant for his arrest.", "arrest AND warrant", "pass"),
    ("A warrant was issued.", "arrest OR warrant", "pass"),
    ("An arrest was made.", "arrest OR warrant", "pass"),
    ("Nothing happened.", "arrest OR warrant", "missing"),
    ("Nothing happened.", "NOT NOT nothing", "pass"),
    ("Something happened.", "NOT NOT nothing", "missing"),
))
def test_boolean_operators(text, query, want):
    assert v(text, query) == want


def test_and_needs_both_in_one_unit():
    # sentence scope: the words are in two different sentences
    assert v("The warrant was issued. The arrest followed.", "arrest warrant") == "missing"
    assert v("The warrant was issued. The arrest followed.", "arrest warrant", scope="paragraph") == "pass"


def test_not_contributes_no_spans():
    r = verdict("The warrant was issued.", expect="warrant NOT immunity")
    assert [m.text for m in all_matches(r)] == ["warrant"]


# ------------------------------------------------------------ precedence ---
# NOT (tightest) > NEAR/W/S/W/P > AND > OR.

@pytest.mark.parametrize("text,query,want", cases(
    # OR is looser than AND: sarin OR (gas AND attack)
    ("Sarin was used.", "sarin OR gas attack", "pass"),
    ("The gas was released.", "sarin OR gas attack", "missing"),
    ("The gas attack.", "sarin OR gas attack", "pass"),
    ("The attack used sarin.", "(sarin OR gas) attack", "pass"),
    ("Sarin was used.", "(sarin OR gas) attack", "missing"),
    ("Sarin was used.", "sarin OR gas AND attack", "pass"),
    ("Sarin was used.", "gas AND attack OR sarin", "pass"),
    ("Gas was used.", "gas AND attack OR sarin", "missing"),
    # NOT binds tighter than AND: (NOT sarin) AND attack
    ("The attack was condemned.", "NOT sarin attack", "pass"),
    ("The sarin attack was condemned.", "NOT sarin attack", "missing"),
    ("Nothing happened.", "NOT sarin attack", "missing"),  # NOT (sarin attack) would pass
    ("Nothing happened.", "NOT (sarin attack)", "pass"),
    # NOT binds tighter than OR: (NOT sarin) OR gas
    ("The sarin gas attack.", "NOT sarin OR gas", "pass"),
    ("The sarin attack.", "NOT sarin OR gas", "missing"),
    # proximity binds tighter than AND: report AND (sarin NEAR/1 gas)
    ("Gas was in the report, then sarin.", "report sarin NEAR/1 gas", "missing"),
    ("The report: sarin gas.", "report sarin NEAR/1 gas", "pass"),
    # ... and than OR: sarin OR (gas NEAR/1 attack)
    ("The gas was released before the attack.", "sarin OR gas NEAR/1 attack", "missing"),
    ("The gas attack.", "sarin OR gas NEAR/1 attack", "pass"),
    ("Sarin.", "sarin OR gas NEAR/1 attack", "pass"),
    # NOT binds tighter than proximity: (NOT x) W/S gas is never a span pair, but
    # W/S of two units sets: gas W/S NOT sarin = a sentence with gas and without sarin
    ("The gas attack.", "gas W/S NOT sarin", "pass"),
    ("The sarin gas attack.", "gas W/S NOT sarin", "missing"),
))
def test_precedence(text, query, want):
    assert v(text, query) == want


def test_proximity_operators_are_left_associative():
    # (attack NEAR/1 gas) NEAR/1 sarin: the pair attack-gas, then sarin within
    # one word of either; attack NEAR/1 (gas NEAR/1 sarin) would need gas-sarin.
    assert v("Sarin, the attack with gas.", "attack NEAR/3 gas NEAR/1 sarin") == "pass"
    assert v("Sarin, the attack with gas.", "attack NEAR/3 (gas NEAR/1 sarin)") == "missing"


# ------------------------------------------------------------------ NEAR ---

@pytest.mark.parametrize("text,query,want", cases(
    ("Sarin gas was used.", "sarin NEAR/0 gas", "pass"),
    ("Gas, sarin, was used.", "sarin NEAR/0 gas", "pass"),  # either order; punctuation is no word
    ("Sarin and gas were used.", "sarin NEAR/0 gas", "missing"),
    ("Sarin and gas were used.", "sarin NEAR/1 gas", "pass"),
    ("Sarin one two three four five gas.", "sarin NEAR/5 gas", "pass"),
    ("Sarin one two three four five six gas.", "sarin NEAR/5 gas", "missing"),
    ("Gas one two three four five sarin.", "sarin NEAR/5 gas", "pass"),
    ("Gas one two three four five six sarin.", "sarin NEAR/5 gas", "missing"),
    # distance is counted from the phrase's last word
    ("The arrest warrant for Bashar al-Assad.", '"arrest warrant" NEAR/3 Assad', "pass"),
    ("The arrest warrant for Bashar al-Assad.", '"arrest warrant" NEAR/2 Assad', "missing"),
    # any pair will do, not just the first occurrences
    ("Sarin far far far far far from gas, and sarin gas.", "sarin NEAR/0 gas", "pass"),
    # a quantity mention counts as the words it spans (hedge included)
    ("It killed more than 400 children.", "NUM(>=400) NEAR/0 children", "pass"),
    ("It killed 400 young children.", "NUM(>=400) NEAR/0 children", "missing"),
    ("It killed 400 young children.", "NUM(>=400) NEAR/1 children", "pass"),
))
def test_near_distances(text, query, want):
    assert v(text, query) == want


def test_near_evidence_is_the_close_pair_only():
    # one span per matching pair, from its first word to its last
    text = "Sarin far far far far far from gas, and sarin gas."
    r = verdict(text, expect="sarin NEAR/0 gas")
    got = [(m.text, m.start, m.part) for m in all_matches(r)]
    assert got == [("sarin gas", text.rindex("sarin gas"), "sarin NEAR/0 gas")]


# ----------------------------------------------------------- W/S and W/P ---

TWO_PARAS = "The attack was condemned. It killed hundreds.\nLater, the dead were counted."


@pytest.mark.parametrize("query,scope,want", [
    ("attack W/S killed", "sentence", "missing"),
    ("attack W/S killed", "paragraph", "missing"),  # both in the paragraph, not in one sentence
    ("attack W/P killed", "paragraph", "pass"),
    ("attack W/S killed", "article", "missing"),
    ("attack W/P killed", "article", "pass"),
    ("attack W/P dead", "paragraph", "missing"),  # different paragraphs
    ("attack W/P dead", "article", "missing"),
    ("attack AND dead", "article", "pass"),
    ("attack AND dead", "paragraph", "missing"),
    ("attack W/S condemned", "paragraph", "pass"),
    ("attack W/S condemned", "article", "pass"),
])
def test_within_sentence_and_paragraph(query, scope, want):
    assert v(TWO_PARAS, query, scope=scope) == want


def test_within_sentence_under_paragraph_scope_reports_that_sentence_only():
    text = "The attack came at dawn. The attack killed hundreds, the report said."
    r = verdict(text, expect="attack W/S killed", scope="paragraph")
    assert r.verdict == "pass"
    (ev,) = r.evidence
    assert ev.text == text  # the unit is the paragraph
    starts = sorted(m.start for m in ev.matches)
    second = text.index("The attack killed")
    assert starts == [second + 4, text.index("killed")]  # not the first sentence's "attack"


def test_within_paragraph_on_blank_line_separated_text():
    text = "The attack came at dawn.\n\nHundreds were killed."
    assert v(text, "attack W/P killed", scope="article") == "missing"
    assert v(text, "attack AND killed", scope="article") == "pass"


# ------------------------------------------------------------------- NUM ---

NUM_EXACT = cases(
    ("It killed 1,400 people.", "NUM(1400)", "pass"),
    pytest.param("It killed 1400 people.", "NUM(1400)", "pass", id="four-digit count, no separator"),
    pytest.param("Around 1400 people died.", "NUM(1400)", "pass", id="four-digit count after a hedge"),
    ("It killed around 1,400 people.", "NUM(1400)", "pass"),  # hedge kept, value as printed
    ("It killed one thousand four hundred people.", "NUM(1400)", "pass"),
    ("It killed 1.4 thousand people.", "NUM(1400)", "pass"),
    ("It killed 1,401 people.", "NUM(1400)", "missing"),
    ("It killed 14,000 people.", "NUM(1400)", "missing"),
    ("It killed 1.4 million people.", "NUM(1400000)", "pass"),
    ("It killed half a million people.", "NUM(500000)", "pass"),
    ("It killed a thousand people.", "NUM(1000)", "pass"),
    ("It killed four hundred people.", "NUM(400)", "pass"),
    ("Two generals.", "NUM(2)", "pass"),
    ("It rose 1.5 points.", "NUM(1.5)", "pass"),
)


@pytest.mark.parametrize("text,query,want", NUM_EXACT)
def test_num_exact(text, query, want):
    assert v(text, query) == want


NUM_TOLERANCE = cases(
    ("It killed 1,260 people.", "NUM(1400 ±10%)", "pass"),  # bounds inclusive
    ("It killed 1,540 people.", "NUM(1400 ±10%)", "pass"),
    ("It killed 1,259 people.", "NUM(1400 ±10%)", "missing"),
    ("It killed 1,541 people.", "NUM(1400 ±10%)", "missing"),
    ("It killed 1,260 people.", "NUM(1400 +-10%)", "pass"),
    ("It killed 1,541 people.", "NUM(1400 +-10%)", "missing"),
    ("It killed 1,350 people.", "NUM(1400 ±50)", "pass"),
    ("It killed 1,450 people.", "NUM(1400 ±50)", "pass"),
    ("It killed 1,349 people.", "NUM(1400 ±50)", "missing"),
    ("It killed 1,451 people.", "NUM(1400 ±50)", "missing"),
    ("It killed 1,451 people.", "NUM(1400 +-50)", "missing"),
    ("It killed 1,429 people.", "NUM(1400 ±2%)", "missing"),
    ("It killed 1,428 people.", "NUM(1400 ±2%)", "pass"),
    # the stated value, not the hedge, is compared
    ("It killed more than 1,000 people.", "NUM(1400 ±10%)", "missing"),
    ("It killed more than 1,000 people.", "NUM(1000)", "pass"),
    ("It killed nearly 1,400 people.", "NUM(1400 ±10%)", "pass"),
    ("It killed some 1,350 people.", "NUM(1400 ±10%)", "pass"),
)


@pytest.mark.parametrize("text,query,want", NUM_TOLERANCE)
def test_num_tolerance(text, query, want):
    assert v(text, query) == want


NUM_COMPARE = cases(
    ("It killed 400 children.", "NUM(>400)", "missing"),
    ("It killed 401 children.", "NUM(>400)", "pass"),
    ("It killed 400 children.", "NUM(>=400)", "pass"),
    ("It killed 399 children.", "NUM(>=400)", "missing"),
    ("It killed 1,000 people.", "NUM(<1000)", "missing"),
    ("It killed 999 people.", "NUM(<1000)", "pass"),
    ("It killed 1,000 people.", "NUM(<=1000)", "pass"),
    ("It killed 1,001 people.", "NUM(<=1000)", "missing"),
    ("It killed more than 1,000 people.", "NUM(>=1000)", "pass"),
    ("It killed more than 1,000 people.", "NUM(>1000)", "missing"),  # value 1000, whatever the hedge
    ("It killed fewer than 100 people.", "NUM(<100)", "missing"),
    ("It killed 1,000 people.", "NUM(1000..1500)", "pass"),  # inclusive
    ("It killed 1,500 people.", "NUM(1000..1500)", "pass"),
    ("It killed 999 people.", "NUM(1000..1500)", "missing"),
    ("It killed 1,501 people.", "NUM(1000..1500)", "missing"),
    ("Two generals.", "NUM(*)", "pass"),
    ("It killed 3 people.", "NUM(*)", "pass"),
    ("Nobody was hurt.", "NUM(*)", "missing"),
    ("A 400-plus toll.", "NUM(400)", "pass"),
    ("Up to 300 died.", "NUM(300)", "pass"),
    ("About 300 died.", "NUM(>=300)", "pass"),
    ("~300 died.", "NUM(300)", "pass"),
    ("Turnout was 45%.", "NUM(45)", "pass"),
    ("Turnout was 45 percent.", "NUM(40..50)", "pass"),
)


@pytest.mark.parametrize("text,query,want", NUM_COMPARE)
def test_num_comparisons(text, query, want):
    assert v(text, query) == want


RANGES = ["It killed 1,000 to 1,500 people.", "It killed 1,000-1,500 people.",
          "It killed between 1,000 and 1,500 people.", "It killed 1,000\u20131,500 people."]


@pytest.mark.parametrize("text", RANGES)
@pytest.mark.parametrize("query,want", [
    ("NUM(1400)", "pass"),  # a range overlaps the query
    ("NUM(1000)", "pass"),
    ("NUM(1500)", "pass"),
    ("NUM(1600)", "missing"),
    ("NUM(999)", "missing"),
    ("NUM(1600 ±100)", "pass"),
    ("NUM(1600 ±10%)", "pass"),  # 1440..1760 overlaps 1000..1500
    ("NUM(1700 ±10%)", "missing"),  # 1530..1870 does not
    ("NUM(>1500)", "missing"),
    ("NUM(>=1500)", "pass"),
    ("NUM(<1000)", "missing"),
    ("NUM(<=1000)", "pass"),
    ("NUM(1500..2000)", "pass"),
    ("NUM(1501..2000)", "missing"),
    ("NUM(500..999)", "missing"),
    ("NUM(1100..1200)", "pass"),  # inside
    ("NUM(0..5000)", "pass"),  # around
])
def test_num_ranges_overlap(text, query, want):
    assert v(text, query) == want


VAGUE = cases(
    ("Dozens were hurt.", "NUM(24)", "pass"),
    ("Dozens were hurt.", "NUM(99)", "pass"),
    ("Dozens were hurt.", "NUM(23)", "missing"),
    ("Dozens were hurt.", "NUM(100)", "missing"),
    ("Hundreds died.", "NUM(400)", "pass"),
    ("Hundreds died.", "NUM(200)", "pass"),
    ("Hundreds died.", "NUM(999)", "pass"),
    ("Hundreds died.", "NUM(150)", "missing"),
    ("Hundreds died.", "NUM(1000)", "missing"),
    ("Hundreds died.", "NUM(>=1000)", "missing"),
    ("Hundreds died.", "NUM(<200)", "missing"),
    ("Hundreds died.", "NUM(<=200)", "pass"),
    ("Thousands died.", "NUM(1400)", "missing"),
    ("Thousands died.", "NUM(2000)", "pass"),
    ("Thousands died.", "NUM(9999)", "pass"),
    ("Thousands died.", "NUM(10000)", "missing"),
    ("Tens of thousands fled.", "NUM(20000)", "pass"),
    ("Tens of thousands fled.", "NUM(99999)", "pass"),
    ("Tens of thousands fled.", "NUM(19999)", "missing"),
    ("Tens of thousands fled.", "NUM(5000)", "missing"),  # not read as "thousands"
    ("Hundreds of thousands fled.", "NUM(500000)", "pass"),
    ("Hundreds of thousands fled.", "NUM(500)", "missing"),  # not read as "hundreds"
    ("Hundreds of thousands fled.", "NUM(1000000)", "missing"),
    ("Millions fled.", "NUM(2000000)", "pass"),
    ("Millions fled.", "NUM(10000000)", "missing"),
    ("Millions fled.", "NUM(1000000..1999999)", "missing"),
    ("Hundreds died.", "NUM(*)", "pass"),
)


@pytest.mark.parametrize("text,query,want", VAGUE)
def test_num_vague_plurals(text, query, want):
    assert v(text, query) == want


@pytest.mark.parametrize("text,query", [
    ("The attacks in 2013 were condemned.", "NUM(2013)"),  # a year
    ("The attack on August 21 was condemned.", "NUM(21)"),  # a day of the month
    ("The attack on August 21, 2013 was condemned.", "NUM(21)"),
    ("The elite fourth division.", "NUM(4)"),  # an ordinal
    ("He was held at Branch 450.", "NUM(450)"),  # a number inside a name
])
def test_num_not_quantities(text, query):
    assert v(text, query) == "missing"


@pytest.mark.parametrize("text,query,span,value", [
    ("It killed around 1,400 people.", "NUM(1400)", "around 1,400", 1400),
    ("It killed 1.4 million people.", "NUM(*)", "1.4 million", 1400000),
    ("It rose 1.5 points.", "NUM(*)", "1.5", Decimal("1.5")),
    ("It killed 1,000 to 1,500 people.", "NUM(*)", "1,000 to 1,500", [1000, 1500]),
    ("It killed between 1,000 and 1,500 people.", "NUM(*)", "between 1,000 and 1,500", [1000, 1500]),
    ("Hundreds died.", "NUM(*)", "Hundreds", [200, 999]),
    ("Tens of thousands fled.", "NUM(*)", "Tens of thousands", [20000, 99999]),
    ("It killed more than 1,000 people.", "NUM(*)", "more than 1,000", 1000),
])
def test_num_match_span_and_value(text, query, span, value):
    r = verdict(text, expect=query)
    assert r.verdict == "pass"
    (m,) = all_matches(r)
    assert m.text == span
    assert m.value == value
    assert type(m.value) is type(value)
    assert text[m.start:m.end] == span
    assert (m.line, m.column) == position(text, text.index(span))


# ------------------------------------------------------------------ DATE ---

DATES = cases(
    ("The attack on August 21, 2013.", "DATE(2013-08-21)", "pass"),
    ("The attack on 21 August 2013.", "DATE(2013-08-21)", "pass"),
    ("The attack on Aug. 21, 2013.", "DATE(2013-08-21)", "pass"),
    ("The report of 2013-08-21.", "DATE(2013-08-21)", "pass"),
    ("The attack on August 21, 2013.", "DATE(2013-08)", "pass"),  # more precise is fine
    ("The attack on August 21, 2013.", "DATE(2013)", "pass"),
    ("The attacks in August 2013.", "DATE(2013-08)", "pass"),
    ("The attacks in August 2013.", "DATE(2013)", "pass"),
    ("The attacks in August 2013.", "DATE(2013-08-21)", "missing"),  # less precise than the query
    ("The attacks in 2013.", "DATE(2013)", "pass"),
    ("The 2013 attacks.", "DATE(2013)", "pass"),
    ("The attacks in 2013.", "DATE(2013-08)", "missing"),
    ("The attacks in 2013.", "DATE(2013-08-21)", "missing"),
    ("The attacks in August 2013.", "DATE(2013-09)", "missing"),
    ("The attack on August 21, 2013.", "DATE(2013-08-22)", "missing"),
    ("The attacks in 2013.", "DATE(2012)", "missing"),
    # a day or month without a year of its own never borrows one
    ("In 2013, on August 21, the attack came.", "DATE(2013-08-21)", "missing"),
    ("In 2013, on August 21, the attack came.", "DATE(2013-08)", "missing"),
    ("In 2013, on August 21, the attack came.", "DATE(2013)", "pass"),
    ("The order was issued in November 2023.", "DATE(2023-11)", "pass"),
    ("The order was issued in November.", "DATE(2023-11)", "missing"),
    ("It was issued on Tuesday.", "DATE(2023)", "missing"),
)


@pytest.mark.parametrize("text,query,want", DATES)
def test_date_precision(text, query, want):
    assert v(text, query) == want


@pytest.mark.parametrize("text", [
    "The attacks on August 4, 5 and 21, 2013.",
    "The attacks on 4, 5 and 21 August 2013.",
])
def test_date_list_gives_three_dates(text):
    for day in ("04", "05", "21"):
        assert v(text, f"DATE(2013-08-{day})") == "pass", day
    assert v(text, "DATE(2013-08-06)") == "missing"
    assert v(text, "DATE(2013-08-20)") == "missing"
    r = verdict(text, expect="DATE(2013-08-04) AND DATE(2013-08-05) AND DATE(2013-08-21)")
    assert r.verdict == "pass"
    assert [m.value for m in all_matches(r)] == ["2013-08-04", "2013-08-05", "2013-08-21"]
    for m in all_matches(r):
        assert text[m.start:m.end] == m.text
        assert (m.line, m.column) == position(text, m.start)


@pytest.mark.parametrize("text,query,value", [
    ("The attack on August 21, 2013.", "DATE(2013)", "2013-08-21"),
    ("The attacks in August 2013.", "DATE(2013)", "2013-08"),
    ("The attacks in 2013.", "DATE(2013)", "2013"),
])
def test_date_value_is_iso_at_the_mention_precision(text, query, value):
    (m,) = all_matches(verdict(text, expect=query))
    assert m.value == value


# ----------------------------------------------------------------- QUOTE ---

STATEMENT = "This decision is by no means political"


@pytest.mark.parametrize("text,query,want", cases(
    ("\u201cThis decision is by no means political,\u201d they said.", f'QUOTE("{STATEMENT}")', "pass"),
    ('"This decision is by no means political," they said.', f'QUOTE("{STATEMENT}")', "pass"),
    ("She said France\u2019s highest court.", 'QUOTE("France\'s highest court")', "pass"),
    ("She said France's highest court.", 'QUOTE("France\u2019s highest court")', "pass"),
    ("He spoke of a \u201cpolitical manoeuvre\u201d.", 'QUOTE("a \\"political manoeuvre\\"")', "pass"),
    ("The de\u2010facto head.", 'QUOTE("de-facto head")', "pass"),  # dash unified
    ("This  decision is by \u00a0no means political.", f'QUOTE("{STATEMENT}")', "pass"),  # spacing
    # a .txt line break is a paragraph break: a quotation never spans units
    ("This decision is by\nno means political.", f'QUOTE("{STATEMENT}")', "missing"),
    ("A political maneuver.", 'QUOTE("political manoeuvre")', "missing"),  # spelling exact
    ("This decision is by no means politically motivated.", 'QUOTE("by no means politically")', "pass"),
    ("This decision is not political.", f'QUOTE("{STATEMENT}")', "missing"),  # words exact
    ("This decision by no means is political.", f'QUOTE("{STATEMENT}")', "missing"),  # order exact
    ("This decision is by no means political.", 'QUOTE("decision is by no")', "pass"),
))
def test_quote_verbatim(text, query, want):
    assert v(text, query) == want


def test_quote_span_points_into_original_with_curly_quotes():
    text = "Report.\n\u201cThis decision is by no means political,\u201d they said."
    r = verdict(text, expect=f'QUOTE("{STATEMENT}")')
    (m,) = all_matches(r)
    assert m.text == STATEMENT
    assert text[m.start:m.end] == STATEMENT
    assert (m.line, m.column) == position(text, text.index("This"))


DARWISH = ("We view (the) filing of the appeal as a political manoeuvre aimed at "
           "protecting dictators and war criminals")


@pytest.mark.parametrize("text,query,want", cases(
    (f'"{DARWISH}," he said.', f'QUOTE("{DARWISH}", 85%)', "pass"),
    (f'\u201c{DARWISH.replace("manoeuvre", "maneuver")},\u201d he said.', f'QUOTE("{DARWISH}", 85%)', "pass"),
    (f'"{DARWISH.upper()}," he said.', f'QUOTE("{DARWISH}", 85%)', "pass"),  # case folded
    ('"We view the appeal as a legal matter," he said.', f'QUOTE("{DARWISH}", 85%)', "missing"),
    ("The prosecutors declined to comment.", f'QUOTE("{DARWISH}", 80%)', "missing"),
    ("This decision is not political. It is about having a legal question answered.",
     'QUOTE("This decision is by no means political. It is about having a legal question resolved", 80%)',
     "pass"),
    ("This decision is not political. It is about having a legal question answered.",
     'QUOTE("This decision is by no means political. It is about having a legal question resolved", 95%)',
     "missing"),
))
def test_quote_similarity(text, query, want):
    assert v(text, query, scope="paragraph") == want


def test_quote_similarity_notes_the_altered_word():
    altered = DARWISH.replace("manoeuvre", "maneuver")
    text = f"Mazen Darwish was indignant.\n\u201c{altered},\u201d he told AFP."
    r = verdict(text, expect=f'QUOTE("{DARWISH}")', contradict=f'QUOTE("{DARWISH}", 85%)')
    assert r.verdict == "fail"
    (m,) = [m for e in r.evidence if e.role == "refutes" for m in e.matches]
    assert "manoeuvre \u2192 maneuver" in m.note
    assert "%" in m.note  # the similarity is shown
    assert m.line == 2
    assert "maneuver" in m.text and "We view" in m.text
    assert text[m.start:m.end].rstrip(",") == altered
    assert (m.line, m.column) == position(text, m.start)


def test_similar_quotes_differing_in_case_keep_their_own_notes():
    """Claims sharing an article share its cache; a QUOTE's similarity note
    names the claim's own words, never those of a claim that ran first."""
    from checker.engine import compile_claim
    from checker.engine.run import evaluate_article
    from checker.text.analysis import analyze

    from conftest import make_article, make_claim

    altered = DARWISH.replace("manoeuvre", "maneuver")
    text = f"Mazen Darwish was indignant.\n\u201c{altered},\u201d he told AFP."
    shouted = DARWISH.replace("manoeuvre", "MANOEUVRE")
    claims = [make_claim(expect=f'QUOTE("{quote}", 85%)', claim_id=cid)
              for cid, quote in (("lower", DARWISH), ("upper", shouted))]
    results = evaluate_article([compile_claim(c) for c in claims], analyze(make_article(text)))
    notes = {r.claim: [m.note for e in r.evidence for m in e.matches] for r in results}
    assert [r.verdict for r in results] == ["pass", "pass"]
    assert any("manoeuvre \u2192 maneuver" in n for n in notes["lower"])
    assert any("MANOEUVRE \u2192 maneuver" in n for n in notes["upper"])


def test_exact_quote_is_also_similar():
    text = f'"{DARWISH}," he said.'
    r = verdict(text, expect=f'QUOTE("{DARWISH}")', contradict=f'QUOTE("{DARWISH}", 85%)')
    assert r.verdict == "pass"  # refuting = contradict and NOT expect


# ----------------------------------------------------------------- regex ---

@pytest.mark.parametrize("text,query,want", cases(
    ("Assad speaking[/caption]", r"/\[\/?caption\]/", "pass"),
    ("Assad speaking [caption]", r"/\[\/?caption\]/", "pass"),
    ("Assad speaking.", r"/\[\/?caption\]/", "missing"),
    ("AFPSyria's President.", r"/\bAFP(?=[A-Z])/", "pass"),
    ("AFP: Syria's President.", r"/\bAFP(?=[A-Z])/", "missing"),
    ("President ASSAD.", "/Assad/", "missing"),  # case-sensitive by default
    ("President ASSAD.", "/Assad/i", "pass"),
    # over the ORIGINAL text: a curly apostrophe stays curly
    ("France\u2019s court.", "/France\u2019s/", "pass"),
    ("France\u2019s court.", "/France's/", "missing"),
))
def test_regex(text, query, want):
    assert v(text, query) == want


def test_regex_sees_only_its_unit():
    text = "The warrant was issued.\nThe arrest followed."
    assert v(text, r"/issued\.\sThe/", scope="paragraph") == "missing"
    assert v(text, r"/issued\.\sThe/", scope="article") == "pass"
    assert v(text, "/followed\\.$/", scope="paragraph") == "pass"  # $ at the unit's end
    assert v(text, "/issued\\.$/", scope="paragraph") == "pass"
    assert v(text, "/^The warrant/", scope="paragraph") == "pass"


def test_regex_caret_anchors_at_the_units_start():
    # "over the original text of the unit": ^ is the start of the unit, as $ is its end
    text = "The warrant was issued.\nThe arrest followed."
    assert v(text, "/^The arrest/", scope="paragraph") == "pass"
    assert v(text, "/^The arrest/", scope="sentence") == "pass"
    assert v("It was issued. The arrest followed.", "/^The arrest/") == "pass"


def test_regex_match_position_in_original():
    text = "Line one.\r\nCaf\u00e9 \u201cx\u201d AFPSyria said."
    r = verdict(text, expect=r"/AFP(?=[A-Z])/")
    (m,) = all_matches(r)
    assert m.text == "AFP"
    assert text[m.start:m.end] == "AFP"
    assert (m.line, m.column) == position(text, text.index("AFP"))


# A /regex/ is searched only in the units holding a literal string that every
# match must contain (read off the pattern by a reader of its own: no private
# parser of the standard library).

@pytest.mark.parametrize("pattern,flags,want", [
    (r"\[\/?caption\]", "", ("caption]",)),
    ("Maher al-Assad", "", ("Maher al-Assad",)),
    (r"\d+ people", "", (" people",)),
    ("warrants? for", "", ("warrant",)),
    ("(?:Maher|Bashar) al-Assad", "", (" al-Assad",)),
    ("(?:Maher|Bashar)x?", "", ("Bashar", "Maher")),
    ("Maher|Bashar", "", ("Bashar", "Maher")),
    ("colou?r", "", ("colo",)),
    (r"\bAFP(?=[A-Z])", "", ("AFP",)),
    ("ab+c", "", ("a",)),
    ("Assad", "m", ("Assad",)),
    ("Assad", "i", ("assad",)),  # case-insensitive: looked for in any case (tests/test_regex_caseless.py)
    ("(?i)Assad", "", None),  # inline flags: not followed
    (r"\x41ssad", "", None),  # an escape with arguments: not followed
    ("[[:alpha:]]+ssad", "", None),  # POSIX classes: not followed
    ("(?:Assad){e<=1}", "", None),  # fuzzy matching: not followed
    ("a*", "", None),  # nothing required
    ("[abc]+", "", None),
])
def test_regex_required_literals(pattern, flags, want):
    from checker.engine.ops.regex import required_literals

    assert required_literals(pattern, flags) == want


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab()|*+?.[]{}^$-:") + ["(?:", "(?=", "(?!", "(?<=", "{2}", "{1,3}",
                                                            r"\d", r"\b", "xy", "(?P<n>", "(?>", "[^a]"]),
                min_size=1, max_size=9).map("".join),
       st.lists(st.text(alphabet="ab-:{}[]()|*+?.^$xy12 ", max_size=20), min_size=1, max_size=8))
def test_regex_required_literals_are_in_every_match(pattern, texts):
    import regex

    from checker.engine.ops.regex import required_literals

    try:
        compiled = regex.compile(pattern, regex.V0)
    except Exception:
        return
    needles = required_literals(pattern, "")
    if not needles:
        return
    for text in texts:
        for m in compiled.finditer(text, timeout=0.5):
            if m.end() > m.start():
                assert any(s in m.group() for s in needles), (pattern, needles, text, m.group())


def test_regex_prefilter_changes_no_verdict():
    from checker.engine import compile_claim, evaluate
    from checker.engine.ops import regex as regex_op
    from checker.text.analysis import analyze

    text = ("AFPSyria's President Bashar al-Assad spoke.[/caption]\nMaher al-Assad and 1,400 people. "
            "Colour, color.\nNo caption here.")
    queries = [r"/\[\/?caption\]/", r"/\bAFP(?=[A-Z])/", r"/(?:Maher|Bashar) al-Assad/", r"/\d+ people/",
               "/colou?r/", "/Colou?r/", "/nothing here/"]
    for scope in ("sentence", "paragraph", "article"):
        for query in queries:
            compiled = compile_claim(make_claim(expect=query, scope=scope))
            with_prefilter = evaluate(compiled, analyze(make_article(text)))
            assert compiled.expect.needles is not None
            for matcher in compiled[1:8]:  # every reading of every query (the verdict reads the counted one first)
                for leaf in matcher.leaves() if matcher is not None else ():
                    leaf.needles = None  # search every unit
            assert evaluate(compiled, analyze(make_article(text))) == with_prefilter, (scope, query)
    assert regex_op.required_literals("/nothing here/"[1:-1], "") == ("nothing here",)


def test_catastrophic_regex_runs_in_linear_time():
    # RE2 runs the pattern (issue #14.4): it gives the answer, where the
    # backtracking engine took seconds and stopped with an error
    text = "a" * 3000 + "b"
    assert verdict(text, expect="/(a+)+$/").verdict == "missing"
    assert verdict("a" * 40 + "b", expect="/(a|a)+$/").verdict == "missing"
    assert verdict("a" * 40, expect="/(a|a)+$/").verdict == "pass"


def test_catastrophic_backreference_is_an_error(small_regex_budget):
    # a backreference needs the backtracking engine: stopped when the claim's budget runs out
    r = verdict("a" * 3000, expect=r"/(a|aa)+\1c/")
    assert r.verdict == "error"
    assert "time budget" in r.message and r"(a|aa)+\1c" in r.message


# ------------------------------------------------- evidence positions ---

@pytest.mark.parametrize("text", [
    "Line one.\nThe attack killed around 1,400 people.",
    "Line one.\r\nThe attack killed around 1,400 people.",  # CRLF
    "Line one.\r\n\r\nThe attack killed around 1,400 people.",
    "\u201cLine\u201d one.\nThe \u201cattack\u201d killed around 1,400 people.",  # curly quotes
    "The \ufb01rst line.\nThe \ufb01rst attack killed around 1,400 people.",  # ligature expands
    "Cle\u0301mence wrote.\nCle\u0301mence: the attack killed around 1,400 people.",  # combining accent
    "Soft\u00adhyphen.\nThe att\u00adack killed around 1,400 people.",  # dropped character
    "Wide\u3000space \u2014 dash.\nThe attack\u00a0killed around 1,400 people.",
])
def test_match_positions_refer_to_the_original_text(text):
    r = verdict(text, expect="NUM(1400 ±10%)")
    assert r.verdict == "pass"
    (ev,) = r.evidence
    (m,) = ev.matches
    idx = text.index("around 1,400")
    assert (m.start, m.end) == (idx, idx + len("around 1,400"))
    assert (m.line, m.column) == position(text, idx)
    assert m.line in (2, 3)
    assert m.text == "around 1,400"
    assert m.value == 1400
    assert m.part == "NUM(1400 ±10%)"
    assert m.key == "expect"
    unit_start = text.rindex("\n") + 1
    assert (ev.line, ev.column) == position(text, unit_start)
    assert ev.start == unit_start
    assert text[ev.start:ev.end].endswith("people.")


def test_word_match_after_accent_and_ligature_on_one_line():
    text = "Cle\u0301mence \ufb01led: the warrant."
    (m,) = all_matches(verdict(text, expect="warrant"))
    idx = text.index("warrant")
    assert (m.start, m.end, m.line, m.column) == (idx, idx + 7, 1, idx + 1)


def test_phrase_match_text_is_the_original_words():
    text = "President Bashar Al\u2010Assad spoke."
    (m,) = all_matches(verdict(text, expect='"al-Assad"'))
    assert m.text == "Al\u2010Assad"
    assert text[m.start:m.end] == "Al\u2010Assad"


# NOT as an operand of NEAR: a match of one side with no match of the
# other within the distance (it used to never match: NOT has no words).
@pytest.mark.parametrize("text, query, expected", [
    ("Family members Maher and Bassam Al-Assad.", "Bassam NEAR/3 NOT Hassan", "pass"),
    ("General Bassam al-Hassan was named.", "Bassam NEAR/3 NOT Hassan", "missing"),
    ("General Bassam al-Hassan was named.", "NOT Hassan NEAR/3 Bassam", "missing"),
    ("Bassam spoke. Much later, far away, someone mentioned Hassan too.", "Bassam NEAR/3 NOT Hassan", "pass"),
    # the second Bassam is 3 words from Hassan, the first only 1
    ("Bassam al-Hassan met the general Bassam Al-Assad.", "Bassam NEAR/1 NOT Hassan", "pass"),
    ("Bassam al-Hassan met Bassam Al-Assad.", "Bassam NEAR/1 NOT Hassan", "missing"),
])
def test_near_with_a_negated_side(text, query, expected):
    assert v(text, query) == expected
