"""Sentence splitting: peer suites, the seed articles, offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.text.normalize import normalize
from checker.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PEER = Path(__file__).resolve().parents[2] / "shared" / "peer"


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def check_spans(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> None:
    """Spans are trimmed, non-empty, ordered, disjoint, inside the range, and
    cover every non-space character of it."""
    end = len(text) if end is None else end
    covered = set()
    last = start
    for s, e in spans:
        assert start <= last <= s < e <= end
        piece = text[s:e]
        assert piece == piece.strip() and piece
        covered.update(range(s, e))
        last = e
    for i in range(start, end):
        if not text[i].isspace():
            assert i in covered, (i, text[i])


# --- peer suites ----------------------------------------------------------


def _peer_score(name: str) -> tuple[int, int, list[str]]:
    path = PEER / name
    if not path.exists():
        pytest.skip(f"peer suite {path} not present")
    cases = json.loads(path.read_text(encoding="utf-8"))
    passed = 0
    failed: list[str] = []
    for case in cases:
        text = normalize(case["text"]).text
        got = [s.strip() for s in sentences(text)]
        expected = [normalize(x).text.strip() for x in case["expected"]]
        check_spans(text, split_sentences(text))
        if got == expected:
            passed += 1
        else:
            failed.append(case.get("name") or case["text"][:60])
    return passed, len(cases), failed


def test_golden_rules() -> None:
    n, total, failed = _peer_score("sentences_golden_rules.json")
    print(f"golden rules: {n}/{total}; failed: {failed}")
    assert total == 48
    assert n >= 48  # the score when this suite was adopted


def test_pragmatic_segmenter() -> None:
    n, total, failed = _peer_score("sentences_pragmatic_segmenter.json")
    print(f"pragmatic segmenter: {n}/{total}; failed: {failed}")
    assert total == 171
    assert n >= 152  # the score when this suite was adopted (the misses expect rewritten text)


# --- seed articles --------------------------------------------------------


def _seed(prefix: str) -> str:
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert paths, f"no seed {prefix}"
    return normalize(paths[0].read_text(encoding="utf-8")).text


def _paragraph_sentences(text: str) -> list[list[str]]:
    """Sentences of each non-empty line, split through the range API."""
    out = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        spans = split_sentences(text, start, end)
        check_spans(text, spans, start, end)
        out.append([text[s:e] for s, e in spans])
    return out


@pytest.mark.parametrize(("prefix", "count"), [("000", 22), ("001", 15), ("003", 22)])
def test_seed_sentence_counts(prefix: str, count: int) -> None:
    paragraphs = _paragraph_sentences(_seed(prefix))
    assert sum(len(p) for p in paragraphs) == count


def test_seed_000_quote_then_attribution() -> None:
    paragraphs = _paragraph_sentences(_seed("000"))
    quoted = [p for p in paragraphs if p[0].startswith('"This decision is by no means political.')]
    assert quoted == [
        [
            '"This decision is by no means political.',
            "It is about having a legal question resolved,\" the prosecutor's office at the court said in a statement.",
        ]
    ]
    assert ["'Political manoeuvre'"] in paragraphs
    assert [
        "\"We view (the) filing of the appeal as a political manoeuvre aimed at protecting dictators and war criminals,\" he told AFP."
    ] in paragraphs


def test_seed_001_curly_quotes() -> None:
    paragraphs = _paragraph_sentences(_seed("001"))
    quoted = [p for p in paragraphs if p[0].startswith('"This decision')]
    assert quoted == [
        [
            '"This decision is by no means political.',
            'It is about having a legal question resolved," the prosecutors told AFP.',
        ]
    ]


def test_seed_003_captions_and_abbreviations() -> None:
    paragraphs = _paragraph_sentences(_seed("003"))
    for start in ("ReutersA U.N. chemical weapons expert", "AFPSyria's President", "AP:Associated Press", "Corbis - Getty", "Russian president Putin"):
        found = [p for p in paragraphs if p[0].startswith(start)]
        assert len(found) == 1 and len(found[0]) == 1, (start, found)
    assert [
        "AFPSyria's President Bashar al-Assad speaking during a press conference[/caption]"
    ] in paragraphs
    assert [
        "Beyond Al-Assad, the three names on the warrant are family members Maher and Bassam Al-Assad, and Ghassan Abbas.",
        "None have yet commented on the legal action in France.",
    ] in paragraphs


# --- news cases -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.N. Security Council met on Aug. 21. Gen. Smith said it was over.",
         ["The U.N. Security Council met on Aug. 21.", "Gen. Smith said it was over."]),
        ("He was born in the U.S. He moved to Paris.", ["He was born in the U.S.", "He moved to Paris."]),
        ("The U.S. Army and the U.N. agency agreed.", ["The U.S. Army and the U.N. agency agreed."]),
        ("Dr. Jones arrived at 9 a.m. Tuesday. She left at 5 p.m. The talks failed.",
         ["Dr. Jones arrived at 9 a.m. Tuesday.", "She left at 5 p.m.", "The talks failed."]),
        ("It cost $1.4 million. That was too much, i.e. a lot, for Acme Co. in Ohio.",
         ["It cost $1.4 million.", "That was too much, i.e. a lot, for Acme Co. in Ohio."]),
        ("Acme Co. It closed.", ["Acme Co.", "It closed."]),
        ("St. Mary's is on p. 55 of Mr. Jonas E. Smith's book, etc. and more.",
         ["St. Mary's is on p. 55 of Mr. Jonas E. Smith's book, etc. and more."]),
        ('"We will fight," he said. "We will win."', ['"We will fight," he said.', '"We will win."']),
        ('"Is it over?" she asked. Nobody knew.', ['"Is it over?" she asked.', "Nobody knew."]),
        ('He called out, "Stop! Now!" and ran.', ['He called out, "Stop! Now!" and ran.']),
        ("SPRINGFIELD, Ill. (AP) - The governor spoke. Really?! Yes... Maybe not.",
         ["SPRINGFIELD, Ill. (AP) - The governor spoke.", "Really?!", "Yes...", "Maybe not."]),
        ("Who knows? (Nobody does.) The end", ["Who knows?", "(Nobody does.)", "The end"]),
        ("The toll rose to 1,400. Officials said 400 were children.",
         ["The toll rose to 1,400.", "Officials said 400 were children."]),
        ("Syria's war: a timeline", ["Syria's war: a timeline"]),
        ("Headline without a stop\nFirst paragraph. Second sentence.\n\nLast",
         ["Headline without a stop", "First paragraph.", "Second sentence.", "Last"]),
    ],
)
def test_news_cases(text: str, expected: list[str]) -> None:
    text = normalize(text).text
    spans = split_sentences(text)
    check_spans(text, spans)
    assert [text[s:e] for s, e in spans] == expected


def test_curly_typography_is_unified_first() -> None:
    text = normalize("\u201cIt is over.\u201d He left \u2013 quickly\u2026 Then\u00a0silence.").text
    assert sentences(text) == ['"It is over."', "He left - quickly...", "Then silence."]


# --- offsets and ranges ---------------------------------------------------


def test_range_offsets() -> None:
    text = "xx Hello there. Bye now. yy"
    spans = split_sentences(text, 3, 24)
    assert spans == [(3, 15), (16, 24)]
    assert [text[s:e] for s, e in spans] == ["Hello there.", "Bye now."]
    assert split_sentences("") == []
    assert split_sentences("   \n \n") == []
    assert split_sentences("abc", 5) == []
    assert split_sentences("A. B.", 0, 0) == []


def test_spans_on_all_seeds_whole() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8")).text
        check_spans(text, split_sentences(text))


_ALPHABET = st.sampled_from(list("aAbZ19 .,!?\"'()[]-:;\n") + ["U.S.", "Dr.", "a.m.", "...", " . . . ", "1. ", "(a) "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.integers(0, 80), st.integers(0, 80))
def test_spans_property(text: str, a: int, b: int) -> None:
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    spans = split_sentences(text, start, end)
    check_spans(text, spans, start, end)
    assert split_sentences(text, start, end) == spans  # deterministic


# --- fast path boundaries -------------------------------------------------
# Lines that look like one sentence are returned whole without the full rules;
# these sit on either side of that shortcut.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He left (quietly) at dawn", ["He left (quietly) at dawn"]),
        ("a) apples b) pears c) plums", ["a) apples", "b) pears", "c) plums"]),
        ("(1) one (2) two", ["(1) one", "(2) two"]),
        ("i) first ii) second", ["i) first", "ii) second"]),
        ("-- 1) x 2) y", ["--", "1) x", "2) y"]),
        ("1. Alpha 2. Beta", ["1. Alpha", "2. Beta"]),
        ('She said "no" - and left.', ['She said "no" - and left.']),
        ('He was cut off -" Then silence.', ['He was cut off -"', "Then silence."]),
        ('It ended."', ['It ended."']),
        ("  Padded line.  ", ["Padded line."]),
        ("\u2003Em spaced.\u2003", ["Em spaced."]),
        ("Total: 5 (est.)", ["Total: 5 (est.)"]),
        ("Rose 5%. Fell 2%.", ["Rose 5%.", "Fell 2%."]),
        ("Yahoo! in talks", ["Yahoo! in talks"]),
        ("What?! No.", ["What?!", "No."]),
        ("_. Next", ["_. Next"]),
    ],
)
def test_fast_path_boundaries(text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    check_spans(text, spans)
    assert [text[s:e] for s, e in spans] == expected
    # The same line as a paragraph range inside a longer text.
    padded = "x.\n" + text + "\nY."
    spans = split_sentences(padded, 3, 3 + len(text))
    check_spans(padded, spans, 3, 3 + len(text))
    assert [padded[s:e] for s, e in spans] == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("a .-!?\"' \n"), max_size=20))
def test_the_quick_test_for_a_sentence_end_finds_an_end_mark_or_a_dash_and_quote(text):
    """``may_end`` is written to start with one character class (for speed);
    it finds what ``[.!?]|-["']`` finds."""
    import re

    from checker.text.sentences import P

    plain = re.search(r"""[.!?]|-["']""", text)
    found = P.may_end.search(text)
    assert (found and found.span()) == (plain and plain.span())
