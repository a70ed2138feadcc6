"""Property tests of hostile input (issue #14, point 9), with hypothesis.

* the query parser, on any string, returns a tree or raises the documented
  :class:`CheckError` with a position inside the string;
* reading and analysing any text never raises, and every span (units,
  quantities, dates, evidence) maps into the original file text;
* loading a mutated valid rule file gives a ruleset or located errors only.

CI runs a small budget.  A longer local run (see docs/security.md)::

    CLAIMCHECK_PROPERTY_EXAMPLES=20000 python -m pytest -p no:cacheprovider tests/test_properties.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.errors import CheckError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("CLAIMCHECK_PROPERTY_EXAMPLES", "150"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# -- strategies ----------------------------------------------------------------

# Pieces of the query language, so that random strings reach deep into the parser.
QUERY_TOKENS = [
    "warrant", "Maher", "al-Assad", "prosecut*", "*", '"', '"arrest warrant"', "'", "@", "@maher",
    "(", ")", " ", " AND ", " OR ", "NOT ", " NEAR/", "NEAR/5", " W/S ", " W/P ", "NUM(", "DATE(",
    "QUOTE(", "SAID(", "STATED(", "HEDGED(", "NEGATED(", ", ", "1400", "1,400", "±", "+-", "%",
    "10%", ">=", "<", "..", "2013-08-21", "2013-13", "0000", "1e999", "/", "/a+/", "/[/", "i", "\\",
    "\n", "\t", "\u00a0", "\u2019", "\u201c", "\ufffd", "\x00", "\x1b[31m", "é", "٣", "Ⅻ", "1" * 40,
]
query_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(QUERY_TOKENS), max_size=25).map("".join),
)

# News-like pieces: numbers, scales, dates, hedges, quotes, typography, markup.
TEXT_TOKENS = [
    "The", "attack", "killed", "around", "1,400", "1.4", "million", "half a", "hundreds", "of",
    "thousands", "between", "and", "to", "-", "–", "—", "400-plus", "more than", "~", "%", "per cent",
    "August", "Aug.", "21", "2013", "2013-08-21", "4, 5 and 21", "Tuesday", "U.N.", "Dr.", "Gen.",
    "a.m.", ".", "!", "?", '"', "\u201c", "\u201d", "'", "\u2019", "(", ")", "[", "]", ",", ";", ":",
    " ", " ", "\n", "\n\n", "\r\n", "\r", "\t", "\u00a0", "\u2028", "\u200b", "\u202e", "\ufeff", "ﬁ",
    "Ａ", "é", "ǅ", "İ", "ß", "\x00", "\x1b", "٣", "Ⅻ", "½", "²", "𝟙", "😀", "*", "_", "`", "#", ">",
    "<p>", "</p>", "&amp;", "&#8220;", "<!--", "-->", "<", "&", "---", "|",
]
news_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(TEXT_TOKENS), max_size=80).map(" ".join),
    st.lists(st.sampled_from(TEXT_TOKENS), max_size=80).map("".join),
)


# -- 1. the query parser ---------------------------------------------------------


@PROPERTY
@given(text=query_text)
def test_query_parser_raises_only_located_errors(text):
    from checker.rules.query.grammar import parse_query

    try:
        parse_query(text)
    except CheckError as err:
        assert err.offset is not None, err
        assert 0 <= err.offset <= len(text), (err.offset, len(text), err)
        assert err.message


# -- 2. reading and analysing any text --------------------------------------------


def _claims():
    """A few compiled claims that look at every kind of leaf."""
    from checker.engine import compile_claim
    from conftest import make_claim

    queries = [
        dict(expect="NUM(*)", contradict="NUM(>=100)", about="killed OR attack*"),
        dict(expect='DATE(2013-08) OR "arrest warrant"', scope="paragraph"),
        dict(expect="QUOTE(\"the attack killed\", 80%) OR /a+t/i", scope="article"),
        dict(forbid='NOT (warrant NEAR/3 "al-Assad")'),
    ]
    return [compile_claim(make_claim(claim_id=f"p{i}", **q)) for i, q in enumerate(queries)]


CLAIMS: list = []


def _check_spans(analysis, origin: str) -> None:
    n = len(analysis.text)
    spans = [(u.start, u.end) for u in analysis.sentences + analysis.paragraphs + (analysis.whole,)]
    spans += [(q.start, q.end) for q in analysis.quantities]
    spans += [(d.start, d.end) for d in analysis.dates]
    for start, end in spans:
        assert 0 <= start <= end <= n, (start, end, n)
        a, b = analysis.origin_span(start, end)
        assert 0 <= a <= b <= len(origin), (start, end, a, b, len(origin))
        line, column = analysis.position(start) if start < n else (1, 1)
        assert line >= 1 and column >= 1


@PROPERTY
@pytest.mark.parametrize("kind", ["txt", "md", "html", "jsonl"])
@given(text=news_text)
def test_any_text_is_read_and_analysed_and_every_span_maps_into_the_file(kind, text, tmp_path):
    from checker.articles import read_articles
    from checker.engine import evaluate
    from checker.text import analyze

    if not CLAIMS:
        CLAIMS.extend(_claims())
    path = tmp_path / f"a.{kind}"
    if kind == "jsonl":
        import json

        path.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    else:
        path.write_text(text, encoding="utf-8", newline="")
    articles, errors = read_articles([path])
    for err in errors:  # only front matter can be refused
        assert kind == "md" and err.line is not None, err
    for article in articles:
        if article.offsets is not None:
            assert len(article.offsets) == len(article.text) + 1
            assert all(0 <= o <= len(article.origin) for o in article.offsets)
        analysis = analyze(article)
        _check_spans(analysis, article.origin)
        for claim in CLAIMS:
            result = evaluate(claim, analysis)
            assert result.verdict in ("pass", "fail", "missing", "error")
            for evidence in result.evidence:
                assert evidence.line >= 1 and evidence.column >= 1
                for match in evidence.matches:
                    assert 0 <= match.start <= match.end <= len(article.origin), match


# -- 3. loading mutated rule files ---------------------------------------------------

SEED_RULES = (ROOT / "rules" / "assad-warrant.yaml").read_text(encoding="utf-8")
YAML_NOISE = list(":[]{}-#&*!|>'\"%@`,?~\n\t \\") + ["\u00a0", "\ufeff", "\x00", "\x1b", "é", "---\n", "...\n"]


@st.composite
def mutated_rules(draw):
    """The seed rule file with a few random edits of the kinds hands make."""
    lines = SEED_RULES.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "indent", "cut", "replace"]))
        line = lines[i]
        if op == "insert":
            at = draw(st.integers(0, len(line)))
            noise = "".join(draw(st.lists(st.sampled_from(YAML_NOISE), min_size=1, max_size=4)))
            lines[i] = line[:at] + noise + line[at:]
        elif op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(0, 9)) + line.lstrip(" ")
        elif op == "cut":
            lines[i] = line[: draw(st.integers(0, len(line)))]
        else:
            lines[i] = draw(st.text(max_size=40))
    return "\n".join(lines)


@PROPERTY
@given(text=mutated_rules())
def test_mutated_rule_files_load_or_give_located_errors(text, tmp_path):
    from checker.rules.loader import lint_rules

    path = tmp_path / "story.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    n_lines = text.count("\n") + 1
    _rules, errors = lint_rules([path])
    for err in errors:
        assert err.file == str(path), err
        assert err.line is not None and 1 <= err.line <= n_lines, (err.line, n_lines, str(err))
        assert err.column is not None and err.column >= 1, str(err)
