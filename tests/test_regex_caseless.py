"""A ``/regex/i`` is searched only in the units holding one of its literals
in some case (issue #16: the gate's generated ``/\\bwarned\\b/i`` claims
searched every unit of the draft, most of them in the regex child).  The
prefilter may search a unit for nothing, never skip one that matches."""

from __future__ import annotations

import sys

import pytest
from conftest import make_article, make_claim
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.engine.ops.regex_literals import caseless, required_literals


@pytest.mark.parametrize("pattern,flags,want", [
    ("Assad", "i", ("assad",)),
    (r"\bWarned\b", "i", ("warned",)),
    ("(?:Maher|BASHAR) al-Assad", "i", (" al-assad",)),
    ("Maher|maher", "i", ("maher",)),
    ("Caf\u00e9", "i", None),  # a letter beyond ASCII: its case partners are not listed here
    ("Assad", "ix", None),  # the x flag: not followed
    ("(?i)Assad", "", None),  # inline flags: not followed
])
def test_required_literals_under_the_i_flag(pattern, flags, want):
    assert required_literals(pattern, flags) == want


def test_caseless_keeps_offsets_and_folds_what_the_engines_fold():
    assert caseless("AFP Syria") == "afp syria"
    assert caseless("\u0130STANBUL \u017fays \u212aELVIN") == "istanbul says kelvin"
    for text in ("Caf\u00e9 \u201cx\u201d \u1e9e \u03a3\u039f\u03a3", "\u0130" * 3, "\ufb03x", ""):
        folded = caseless(text)
        assert folded is None or len(folded) == len(text)


def _engines():
    regex = pytest.importorskip("regex")
    re2 = pytest.importorskip("re2")
    options = re2.Options()
    options.log_errors = False
    return regex, re2, options


def test_every_character_an_engine_takes_for_an_ascii_one_is_folded_to_it():
    """Every code point that ``regex`` (as the regex child compiles: V0,
    IGNORECASE) or RE2 (``(?i)``) matches with a printable ASCII character
    folds to that character (lower case): so a unit whose match is written
    ``ſ`` or ``K`` or ``İ`` is still searched.  (Only letters have such
    partners; digits and punctuation none.)"""
    regex, re2, options = _engines()
    everything = "".join(chr(cp) for cp in range(0x80, sys.maxunicode + 1) if not 0xD800 <= cp < 0xE000)
    taken = {m.group() for m in regex.finditer("[ -~]", everything, regex.V0 | regex.IGNORECASE)}
    taken |= {m.group() for m in re2.compile("(?i)[ -~]", options).finditer(everything)}
    assert taken  # (the Kelvin sign at least)
    for ch in taken:
        partners = [a for a in map(chr, range(0x20, 0x7F))
                    if regex.fullmatch(regex.escape(a), ch, regex.V0 | regex.IGNORECASE)
                    or re2.compile("(?i)" + re2.escape(a), options).fullmatch(ch)]
        assert partners and all(a.isalpha() for a in partners), (hex(ord(ch)), partners)
        assert caseless(ch) in [a.lower() for a in partners], (hex(ord(ch)), partners, caseless(ch))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "B", "ab", "(?:", ")", "|", "*", "+", "?", ".", r"\b", "[^a]", "{2}", "s", "K",
                                 "x", "(?=", "$"]), min_size=1, max_size=8).map("".join),
       st.lists(st.text(alphabet="aAbBsSkKxX \u017f\u212a\u0130\u0131-", max_size=16), min_size=1, max_size=6))
def test_a_caseless_literal_is_in_every_match(pattern, texts):
    regex, _, _ = _engines()
    try:
        compiled = regex.compile(pattern, regex.V0 | regex.IGNORECASE)
    except regex.error:
        return
    needles = required_literals(pattern, "i")
    if not needles:
        return
    for text in texts:
        folded = caseless(text)
        if folded is None:
            continue
        for m in compiled.finditer(text, timeout=0.5):
            if m.end() > m.start():
                assert any(s in folded[m.start():m.end()] for s in needles), (pattern, needles, text, m.group())


def test_the_caseless_prefilter_changes_no_verdict():
    from checker.engine import compile_claim, evaluate
    from checker.text.analysis import analyze

    text = ("AFPSYRIA's President Bashar al-Assad WARNED them.\n\u017fays the \u212aelvin \u0130stanbul man. "
            "Caf\u00e9 \u201cwarned\u201d.\nNothing here. He was Warned, and kELVIN said so. "
            "Diyarbak\u0131r is far.")
    queries = [r"/\bwarned\b/i", "/afp(?=syria)/i", "/says/i", "/kelvin/i", "/istanbul/i", "/KELVIN|nothing/i",
               "/nowhere at all/i", r"/\bwarn\w+/i", "/DIYARBAKIR/i", "/diyarbakir/i", "/DIYARBAKIR(?= is)/i"]
    for scope in ("sentence", "paragraph", "article"):
        for query in queries:
            compiled = compile_claim(make_claim(expect=query, scope=scope))
            with_prefilter = evaluate(compiled, analyze(make_article(text)))
            assert compiled.expect.needles is not None, query
            for matcher in compiled[1:8]:  # every reading of every query: search every unit
                for leaf in matcher.leaves() if matcher is not None else ():
                    leaf.needles = None
            assert evaluate(compiled, analyze(make_article(text))) == with_prefilter, (scope, query)
