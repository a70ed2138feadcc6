"""The query grammar: string → AST, and its error messages."""

from __future__ import annotations

from decimal import Decimal

import pyparsing as pp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import CheckError
from checker.rules.query import entity_refs, parse_query, query_leaves
from checker.rules.query.nodes import (
    And,
    Date,
    Entity,
    Near,
    Not,
    Num,
    Or,
    Phrase,
    Quote,
    Regex,
    Term,
    Within,
)


def err(query: str) -> CheckError:
    with pytest.raises(CheckError) as info:
        parse_query(query)
    return info.value


def shape(node):
    """A position-free rendering for comparing trees."""
    if isinstance(node, Term):
        return node.word + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + ("*" if node.prefix else "") + '"'
    if isinstance(node, Entity):
        return "@" + node.name
    if isinstance(node, Not):
        return ("NOT", shape(node.operand))
    if isinstance(node, Near):
        return ("NEAR", node.distance, shape(node.left), shape(node.right))
    if isinstance(node, Within):
        return ("W/" + node.level[0].upper(), shape(node.left), shape(node.right))
    if isinstance(node, And):
        return ("AND", *map(shape, node.operands))
    if isinstance(node, Or):
        return ("OR", *map(shape, node.operands))
    return node


# ---- leaves ---------------------------------------------------------------


def test_term():
    assert parse_query("warrant") == Term(0, 7, "warrant")
    assert parse_query("Warrant") == Term(0, 7, "warrant")
    assert parse_query("Élysée") == Term(0, 6, "elysee")


def test_prefix_term():
    assert parse_query("prosecut*") == Term(0, 9, "prosecut", prefix=True)


def test_bare_term_with_several_words_is_a_phrase():
    assert parse_query("al-Assad") == Phrase(0, 8, ("al", "assad"))
    assert parse_query("France's") == Phrase(0, 8, ("france", "s"))
    assert parse_query("France’s") == Phrase(0, 8, ("france", "s"))
    assert parse_query("al-Ass*") == Phrase(0, 7, ("al", "ass"), prefix=True)


def test_phrases():
    assert parse_query('"arrest warrant"') == Phrase(0, 16, ("arrest", "warrant"))
    assert parse_query('"al-Assad"') == Phrase(0, 10, ("al", "assad"))
    assert parse_query("“al-Assad”") == Phrase(0, 10, ("al", "assad"))
    assert parse_query('"Bassam al-Assad"') == Phrase(0, 17, ("bassam", "al", "assad"))
    assert parse_query('"warrant"') == Term(0, 9, "warrant")
    assert parse_query('"weap*"') == Term(0, 7, "weap", prefix=True)
    assert parse_query('"chemical weap*"') == Phrase(0, 16, ("chemical", "weap"), prefix=True)


def test_entity():
    assert parse_query("@maher") == Entity(0, 6, "maher")
    assert parse_query("@Maher_al-Assad2") == Entity(0, 16, "maher_al-assad2")


@pytest.mark.parametrize(
    "query, fields",
    [
        ("NUM(1400)", dict(op="eq", value=1400)),
        ("NUM(1,400)", dict(op="eq", value=1400)),
        ("NUM(1.4)", dict(op="eq", value=Decimal("1.4"))),
        ("NUM(1.4 million)", dict(op="eq", value=1_400_000)),
        ("NUM(2 thousand)", dict(op="eq", value=2000)),
        ("NUM(1400 ±10%)", dict(op="eq", value=1400, tolerance=Decimal("0.1"), relative=True)),
        ("NUM(1400 +-10%)", dict(op="eq", value=1400, tolerance=Decimal("0.1"), relative=True)),
        ("NUM( 1400 ± 10 % )", dict(op="eq", value=1400, tolerance=Decimal("0.1"), relative=True)),
        ("NUM(1400 ±50)", dict(op="eq", value=1400, tolerance=50, relative=False)),
        ("NUM(>400)", dict(op="gt", value=400)),
        ("NUM(>=400)", dict(op="ge", value=400)),
        ("NUM(<1000)", dict(op="lt", value=1000)),
        ("NUM(<=1000)", dict(op="le", value=1000)),
        ("NUM(>=100)", dict(op="ge", value=100)),
        ("NUM(1000..1500)", dict(op="range", low=1000, high=1500)),
        ("NUM(1,000 .. 1,500)", dict(op="range", low=1000, high=1500)),
        ("NUM(1000..1000)", dict(op="range", low=1000, high=1000)),
        ("NUM(*)", dict(op="any")),
    ],
)
def test_num(query, fields):
    node = parse_query(query)
    expected = dict(op=None, value=None, low=None, high=None, tolerance=None, relative=False)
    expected.update(fields)
    assert isinstance(node, Num)
    assert (node.pos, node.end) == (0, len(query))
    for key, value in expected.items():
        assert getattr(node, key) == value, key


def test_date():
    assert parse_query("DATE(2013-08-21)") == Date(0, 16, 2013, 8, 21)
    assert parse_query("DATE(2013-08)") == Date(0, 13, 2013, 8)
    assert parse_query("DATE(2013)") == Date(0, 10, 2013)
    assert parse_query("DATE(2012-02-29)") == Date(0, 16, 2012, 2, 29)
    assert parse_query("DATE(2013)").precision == "year"


def test_quote():
    assert parse_query('QUOTE("text")') == Quote(0, 13, "text", None)
    assert parse_query('QUOTE("We Will Win", 80%)') == Quote(0, 25, "We Will Win", 0.8)
    assert parse_query(r'QUOTE("say \"no\"")').text == 'say "no"'
    assert parse_query("QUOTE(“It’s over”)").text == "It's over"
    assert parse_query('QUOTE("a) b", 100%)') == Quote(0, 19, "a) b", 1.0)


def test_regex():
    assert parse_query("/fo+o/") == Regex(0, 6, "fo+o", "")
    assert parse_query("/fo+o/i") == Regex(0, 7, "fo+o", "i")
    assert parse_query(r"/a\/b/mx") == Regex(0, 8, "a/b", "mx")
    assert parse_query(r"/\d+ (dead|killed)/") == Regex(0, 19, r"\d+ (dead|killed)", "")


# ---- operators and precedence ----------------------------------------------


def test_operators():
    assert shape(parse_query("NOT a")) == ("NOT", "a")
    assert shape(parse_query("a NEAR/5 b")) == ("NEAR", 5, "a", "b")
    assert shape(parse_query("a W/S b")) == ("W/S", "a", "b")
    assert shape(parse_query("a W/P b")) == ("W/P", "a", "b")
    assert shape(parse_query("a AND b")) == ("AND", "a", "b")
    assert shape(parse_query("a b")) == ("AND", "a", "b")
    assert shape(parse_query("a OR b")) == ("OR", "a", "b")
    assert shape(parse_query("(a OR b) c")) == ("AND", ("OR", "a", "b"), "c")


def test_precedence():
    assert shape(parse_query("a OR b c")) == ("OR", "a", ("AND", "b", "c"))
    assert shape(parse_query("NOT a NEAR/3 b")) == ("NEAR", 3, ("NOT", "a"), "b")
    assert shape(parse_query("a b NEAR/2 c OR d")) == ("OR", ("AND", "a", ("NEAR", 2, "b", "c")), "d")
    assert shape(parse_query("a W/S b NEAR/1 c")) == ("NEAR", 1, ("W/S", "a", "b"), "c")
    assert shape(parse_query("a NOT b")) == ("AND", "a", ("NOT", "b"))
    assert shape(parse_query("NOT NOT a")) == ("NOT", ("NOT", "a"))
    assert shape(parse_query("a AND b OR c AND d")) == ("OR", ("AND", "a", "b"), ("AND", "c", "d"))


def test_chains_are_flattened():
    assert shape(parse_query("a AND b c AND d")) == ("AND", "a", "b", "c", "d")
    assert shape(parse_query("a OR b OR c")) == ("OR", "a", "b", "c")


def test_lowercase_operators_are_words():
    assert shape(parse_query("a and b or not c")) == ("AND", "a", "and", "b", "or", "not", "c")
    assert shape(parse_query("near/5")) == '"near 5"'
    assert shape(parse_query("Near")) == "near"


def test_contract_examples():
    node = parse_query("(killed OR dead OR toll) W/S attack*")
    assert shape(node) == ("W/S", ("OR", "killed", "dead", "toll"), "attack*")
    assert shape(parse_query("@maher NEAR/5 warrant*")) == ("NEAR", 5, "@maher", "warrant*")
    assert parse_query('"Bassam al-Assad"').words == ("bassam", "al", "assad")


# ---- positions ---------------------------------------------------------------


def test_positions():
    q = '(killed OR dead) W/S "arrest warrant" @maher NUM(>=5) /x/i'
    node = parse_query(q)
    spans = [q[leaf.pos:leaf.end] for leaf in query_leaves(node)]
    assert spans == ["killed", "dead", '"arrest warrant"', "@maher", "NUM(>=5)", "/x/i"]
    assert (node.pos, node.end) == (0, len(q))
    within = node.operands[0]
    assert q[within.pos:within.end] == '(killed OR dead) W/S "arrest warrant"'
    assert q[within.left.pos:within.left.end] == "(killed OR dead)"


def test_operator_spans():
    q = "NOT a NEAR/3 bb"
    node = parse_query(q)
    assert (node.pos, node.end) == (0, len(q))
    assert q[node.left.pos:node.left.end] == "NOT a"


def test_entity_refs():
    refs = entity_refs(parse_query("@maher NEAR/5 (@bashar OR warrant) NOT @Maher"))
    assert [(r.name, r.pos) for r in refs] == [("maher", 0), ("bashar", 15), ("maher", 39)]


def test_multiline_query():
    node = parse_query("killed\nOR dead")
    assert shape(node) == ("OR", "killed", "dead")


# ---- errors --------------------------------------------------------------


@pytest.mark.parametrize(
    "query, offset, message",
    [
        ("NUM(1400 ±10%", 13, "expected ')' to close NUM("),
        ("NUM(1400 ±10% AND x)", 14, "expected ')' to close NUM("),
        ("NUM(abc)", 4, "expected a number, a comparison (>=400), a range (1000..1500) or * inside NUM("),
        ("NUM()", 4, "expected a number, a comparison (>=400), a range (1000..1500) or * inside NUM("),
        ("NUM(1400 ±)", 10, "expected a tolerance after '±', as in ±10% or ±50"),
        ("NUM(1000..)", 10, "expected a number after '..'"),
        ("NUM(>)", 5, "expected a number after the comparison"),
        ("NUM(1500..1000)", 4, "invalid range in NUM(1500..1000): the low end 1500 is above the high end 1000"),
        ("NUM(1,40)", 4, "'1,40' is not a number: write 1400 or 1,400"),
        ('"arrest warrant', 0, "unterminated phrase: missing closing '\"'"),
        ('a OR "arrest warrant', 5, "unterminated phrase: missing closing '\"'"),
        ("(a OR b", 0, "unbalanced parenthesis: '(' is never closed"),
        ("(a OR (b c)", 0, "unbalanced parenthesis: '(' is never closed"),
        ("a OR b)", 6, "unexpected ')'"),
        ("a NEAR b", 6, "NEAR needs a distance, as in NEAR/5"),
        ("a NEAR/x b", 7, "NEAR needs a distance, as in NEAR/5"),
        ("DATE(2013-13-01)", 10, "invalid date in DATE(2013-13-01): month must be 1-12"),
        ("DATE(2013-02-29)", 13, "invalid date in DATE(2013-02-29): day must be 1-28 in February 2013"),
        ("DATE(2013", 9, "expected ')' to close DATE("),
        ("DATE(August 2013)", 5, "expected a date as YYYY-MM-DD, YYYY-MM or YYYY inside DATE("),
        ('QUOTE("x", 0%)', 11, "the similarity threshold must be 1-100%"),
        ('QUOTE("x", 80)', 13, "expected '%' after the threshold"),
        ('QUOTE("x"', 9, "expected ')' to close QUOTE("),
        ('QUOTE("x', 6, "unterminated quotation: missing closing '\"'"),
        ("QUOTE(x)", 6, 'expected a quoted text inside QUOTE(, as in QUOTE("...")'),
        ("/a(/", 3, "invalid regular expression: missing )"),
        ("/abc", 0, "unterminated regular expression: missing closing '/'"),
        ("/abc/g", 5, "unknown regular expression flag 'g' (use i, m, s or x)"),
        ("", 0, "empty query"),
        ("   ", 0, "empty query"),
        ("a AND", 2, "AND needs something on both sides"),
        ("AND b", 0, "AND needs something on both sides"),
        ("a AND OR b", 2, "AND needs something on both sides"),
        ("a OR", 2, "OR needs something on both sides"),
        ("(a W/S) b", 3, "W/S needs something on both sides"),
        ("a NEAR/3", 2, "NEAR/3 needs something on both sides"),
        ("NOT", 0, "NOT needs something after it, as in NOT a"),
        ("()", 0, "empty parentheses"),
        ("@", 1, "expected an entity name after '@', as in @maher"),
        ("-", 0, "'-' is not a word: a term needs letters or digits"),
        ("pro*secut", 3, "'*' is allowed only at the end of a word, as in prosecut*"),
        ('""', 0, "empty phrase: a phrase needs letters or digits"),
    ],
)
def test_errors(query, offset, message):
    e = err(query)
    assert e.message == message
    assert e.offset == offset
    assert e.source_line == query
    assert e.caret == offset
    assert e.file is None and e.line is None and e.column is None


def test_error_renders_caret_under_expected_place():
    e = err("NUM(1400 ±10%")
    assert str(e).endswith("expected ')' to close NUM(\n    NUM(1400 ±10%\n                 ^")


def test_error_in_multiline_query_points_into_its_line():
    e = err("killed OR\n(dead AND NUM(>))")
    assert e.offset == 25
    assert e.source_line == "(dead AND NUM(>))"
    assert e.caret == 15
    assert str(e).endswith("    (dead AND NUM(>))\n                   ^")


def test_quote_and_paren_errors_win_over_operator_errors():
    assert err('a AND ("b OR c)').message == "unterminated phrase: missing closing '\"'"
    assert err("a AND (b OR").message == "unbalanced parenthesis: '(' is never closed"
    assert err("a AND (b OR").offset == 6
    assert err("(a AND) OR c)").message == "unexpected ')'"
    assert err("a AND (b OR)").message == "OR needs something on both sides"


# ---- robustness and speed --------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_string_parses_or_raises_check_error(text):
    try:
        node = parse_query(text)
    except CheckError as e:
        assert e.offset is not None and 0 <= e.offset <= len(text)
        assert 0 <= e.caret <= len(e.source_line)
    else:
        for part in node.walk():
            assert 0 <= part.pos <= part.end <= len(text)


_ALPHABET = list('ab ()"/@*\\') + ["AND ", "OR ", "NOT ", "NEAR/2 ", "W/S ", "NUM(", "DATE(", "QUOTE(",
                                    "1400", "±10%", "..", ">=", "-", ",", "%", "2013", "\n"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=14).map("".join))
def test_query_like_strings_parse_or_raise_check_error(text):
    try:
        parse_query(text)
    except CheckError as e:
        assert 0 <= e.offset <= len(text)


def test_deep_nesting_is_an_error_not_a_crash():
    assert "nested" in err("(" * 500 + "a" + ")" * 500).message
    assert "nested" in err("NOT " * 2000 + "a").message
    assert "nested" in err("a" + " NEAR/1 a" * 500).message
    assert shape(parse_query("NOT " * 20 + "a"))[0] == "NOT"
    assert len(parse_query("a " * 2000).operands) == 2000


def test_packrat_stays_off():
    # packrat is global to pyparsing and slows the text grammars down
    for q in [
        "(killed OR dead OR toll) W/S attack*",
        "NUM(1400 ±10%)",
        '"Bassam al-Assad" OR @maher NEAR/5 warrant*',
        'DATE(2013-08-21) W/P QUOTE("we will not surrender", 80%)',
        r"/\bsarin\b/i AND NOT rebels",
    ]:
        parse_query(q)
    assert pp.ParserElement._packratEnabled is False
