"""Exact numbers (issue #14 item 8): quantities in the text and ``NUM(...)``
values compare exactly (``int``, or ``Decimal`` for non-integers), and the
JSON results keep them exact.

On the code these tests were written against, every number was a float:
``99999999999999999999999999`` was reported as 100000000000000004764729344
and matched ``NUM(>=100000000000000000000000000)``; "4.1 million" was
4099999.9999999995.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from conftest import all_matches, make_article, make_claim, verdict

from checker.models import RunResult
from checker.reports.json import render
from checker.rules.query import parse_query
from checker.text.analysis import analyze

BIG = "99999999999999999999999999"  # 26 nines: past float precision (issue #14.8)
TEN_26 = "1" + "0" * 26


def v(text, query):
    return verdict(text, expect=query)


def value_of(text, query):
    (m,) = [m for m in all_matches(v(text, query)) if m.value is not None]
    return m.value


def test_a_number_past_float_precision_is_read_exactly():
    text = f"The ledger showed {BIG} entries."
    assert v(text, f"NUM({BIG})").verdict == "pass"
    value = value_of(text, f"NUM({BIG})")
    assert value == int(BIG) and type(value) is int


def test_a_bound_just_above_is_not_met():
    text = f"The ledger showed {BIG} entries."
    assert v(text, f"NUM(>={TEN_26})").verdict == "missing"
    assert v(text, f"NUM(<{TEN_26})").verdict == "pass"
    assert v(text, f"NUM({TEN_26})").verdict == "missing"


def test_json_results_keep_the_exact_value():
    claim = make_claim(f"NUM({BIG})")
    from conftest import evaluate_claim

    article = make_article(f"The ledger showed {BIG} entries.")
    result = evaluate_claim(claim, article)
    text = render(RunResult((article,), (claim,), (result,)))
    assert f'"value": {BIG},' in text
    doc = json.loads(text)
    (m,) = doc["results"][0]["evidence"][0]["matches"]
    assert m["value"] == int(BIG)


@pytest.mark.parametrize("text,value", [
    ("The budget is 4.1 million dollars.", 4100000),
    ("Prices rose 2.5 percent.", Decimal("2.5")),
    ("It grew by 0.1 percent.", Decimal("0.1")),
    ("About one and a half million people fled.", 1500000),
    ("It cost $1.1bn in all.", 1100000000),
    ("It weighs 12.50 tonnes.", Decimal("12.5")),
])
def test_decimals_and_scales_are_exact(text, value):
    (q,) = analyze(make_article(text)).quantities
    assert q.value == value and type(q.value) is type(value)


def test_scaled_decimal_meets_its_exact_bound():
    text = "The budget is 4.1 million dollars."
    assert v(text, "NUM(>=4100000)").verdict == "pass"  # 4099999.9999999995 as a float
    assert v(text, "NUM(<=4100000)").verdict == "pass"
    assert v(text, "NUM(4.1 million)").verdict == "pass"
    assert value_of(text, "NUM(4100000)") == 4100000


def test_decimal_value_in_json_is_a_number():
    claim = make_claim("NUM(2.5)")
    from conftest import evaluate_claim

    article = make_article("Prices rose 2.5 percent.")
    text = render(RunResult((article,), (claim,), (evaluate_claim(claim, article),)))
    assert '"value": 2.5,' in text


@pytest.mark.parametrize("query,field,value", [
    (f"NUM({BIG})", "value", int(BIG)),
    ("NUM(1.1)", "value", Decimal("1.1")),
    ("NUM(>=0.3)", "value", Decimal("0.3")),
    ("NUM(4.1 million)", "value", 4100000),
    ("NUM(1.5 .. 2.25)", "high", Decimal("2.25")),
    ("NUM(100 ±1.5)", "tolerance", Decimal("1.5")),
])
def test_num_values_are_exact(query, field, value):
    node = parse_query(query)
    got = getattr(node, field)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("text,query,want", [
    ("It rose 0.3 percent.", "NUM(0.1 .. 0.3)", "pass"),  # 0.1 + 0.2 is not 0.3 in floats
    ("The toll was 1,260.", "NUM(1400 ±10%)", "pass"),  # the edge of a tolerance holds
    ("The toll was 1,259.", "NUM(1400 ±10%)", "missing"),
    ("The toll was 1,540.", "NUM(1400 ±10%)", "pass"),
    ("The toll was 1,541.", "NUM(1400 ±10%)", "missing"),
    ("It rose 1.25 percent.", "NUM(1.2 ±0.05)", "pass"),
    ("It rose 1.26 percent.", "NUM(1.2 ±0.05)", "missing"),
    (f"The ledger showed {BIG}1 entries.", f"NUM({BIG}0 ±1)", "pass"),
    (f"The ledger showed {BIG}2 entries.", f"NUM({BIG}0 ±1)", "missing"),
])
def test_comparisons_are_exact_at_the_edges(text, query, want):
    assert v(text, query).verdict == want


def test_a_numeral_too_long_for_a_number_is_not_a_quantity():
    """Past the limit (as long as the longest NUM may be) digits are a code,
    not a quantity; analysis never fails on them."""
    text = "The key was " + "7" * 5000 + ". It killed 1,400 people."
    qs = analyze(make_article(text)).quantities
    assert [q.value for q in qs] == [1400]


def test_num_with_too_many_decimals_is_a_located_error():
    from checker.errors import CheckError

    with pytest.raises(CheckError) as e:
        parse_query("NUM(0." + "1" * 400 + ")")
    assert "too many digits" in e.value.message and e.value.offset == 4


def test_explain_shows_values_as_editors_write_them(tmp_path):
    from clirun import claimcheck

    (tmp_path / "a.txt").write_text("Prices rose 2.5 percent, or 0.0000001 of it, to 1.5-2.25.\n", encoding="utf-8")
    (tmp_path / "r.yaml").write_text(
        "story: s\nclaims:\n  - id: c\n    claim: A claim\n    expect: NUM(*)\n", encoding="utf-8")
    ran = claimcheck("explain", "c", str(tmp_path / "a.txt"), "--rules", str(tmp_path / "r.yaml"), cwd=tmp_path)
    assert ran.code == 0, ran.describe()
    assert '"2.5 percent" (= 2.5)' in ran.out
    assert "(= 0.0000001)" in ran.out
    assert "(= [1.5, 2.25])" in ran.out
    assert "Decimal" not in ran.out and "E-7" not in ran.out
