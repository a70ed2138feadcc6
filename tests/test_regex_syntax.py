"""The one reader of ``/regex/`` syntax (checker/engine/ops/regex_syntax.py):
the tree it gives, and the syntax it declines to follow."""

from __future__ import annotations

import pytest

from checker.engine.ops.regex_syntax import (
    Esc,
    Flags,
    Group,
    Lit,
    Meta,
    Ref,
    Repeat,
    Set,
    Unknown,
    parse,
    walk,
)


def test_a_pattern_of_the_seed_rules_as_a_tree():
    (credit,) = parse(r"\bAFP(?=[A-Z])")
    assert credit == (Esc("b"), Lit("A"), Lit("F"), Lit("P"),
                      Group("ahead", "", ((Set("[A-Z]", ()),),)))


@pytest.mark.parametrize("pattern,node", [
    (r"\.", Lit(".")),
    (r"\_", Lit("_")),
    (r"\x41", Esc("x", "41")),
    (r"\x{41}", Esc("x", "41")),
    (r"\pL", Esc("p", "L")),
    (r"\p{Lu}", Esc("p", "Lu")),
    (r"\12", Ref("12")),
    ("$", Meta("$")),
    (r"[\d.]", Set(r"[\d.]", (Esc("d"),))),
    ("[]a]", Set("[]a]", ())),
    ("[{]", Set("[{]", ())),
    ("(?i)", Flags("i")),
    ("(?i:a)", Group("flags", "i", ((Lit("a"),),))),
    ("(?P<n>a)", Group("named", "", ((Lit("a"),),))),
    ("a{2,5}?", Repeat(Lit("a"), 2, 5, "{2,5}", "?")),
    ("a{,5}", Repeat(Lit("a"), 0, 5, "{,5}", "")),
    ("a{2,}", Repeat(Lit("a"), 2, None, "{2,}", "")),
    ("a++", Repeat(Lit("a"), 1, None, "+", "+")),
])
def test_one_item(pattern, node):
    assert parse(pattern) == ((node,),)


def test_alternatives_and_nesting():
    tree = parse("war|(?:rant)+")
    assert tree == ((Lit("w"), Lit("a"), Lit("r")),
                    (Repeat(Group("noncapture", "", ((Lit("r"), Lit("a"), Lit("n"), Lit("t")),)), 1, None, "+", ""),))
    kinds = [type(n).__name__ for n in walk(tree)]
    assert kinds == ["Lit", "Lit", "Lit", "Repeat", "Group", "Lit", "Lit", "Lit", "Lit"]


@pytest.mark.parametrize("pattern", [
    "[a[:alpha:]]", "[[:alpha:]]", "[a[b]",  # POSIX classes, nested sets
    "(?#note)", "(?(1)a|b)", "(?|a|b)",       # comment, conditional, branch reset
    "a{x}", "a{}", "{2}", "*a",               # a brace that is not a repeat, a repeat of nothing
    "(a", "a)", "[ab", "\\",                   # unbalanced
    "(?i)*",
])
def test_syntax_it_does_not_follow(pattern):
    with pytest.raises(Unknown):
        parse(pattern)
