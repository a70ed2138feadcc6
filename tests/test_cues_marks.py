"""The article-level structures cue detection builds and the shortcuts it
takes for speed (``checker.text.cues.marks``, ``scan``, the compiled
lexicon), each checked against a plain reference implementation: packed
clause marks and their searches, word spans, the quotation test of a
sentence, the rows tried for a word, and that only a quotation takes a
scope out of its sentence."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.articles import read_articles
from checker.models import Article as Doc
from checker.text import analyze
from checker.text.cues import _detector, compiled_lexicon
from checker.text.cues.lexicon import (
    BREAK_WORDS,
    CLAUSE_OPENERS,
    COMMON_WORDS,
    COORDINATORS,
    CUES,
    SUBORDINATORS,
)
from checker.text.cues.marks import (
    AND,
    ANY,
    ATTR,
    CLAUSE,
    COMMA,
    HARD,
    NEG_BACK,
    NEG_FWD,
    PRED_BACK,
    QUOTE,
    SOFT,
    Sentence,
)

ROOT = Path(__file__).resolve().parents[1]
MASKS = [ANY, ATTR, NEG_FWD, NEG_BACK, PRED_BACK, COMMA | CLAUSE, HARD | COMMA, QUOTE, SOFT]
TRICKY = [
    ('The toll -- 1,400 -- was "not final," he said; at 10:30 the rebel-held suburbs, which were hit, '
     'and the ministry, who denied it - though not all - said: "no".'),
    '"It is historic," said the lawyer, "for every victim." But the court, however, did not rule.',
    'He said "the first\n"and the second" that, whether or not; x:y -- -- - z',
    '',
    '"',
]

WORDS = st.lists(st.sampled_from(
    ["not", "said", "denied", "that", "the", "1,400", ",", ";", '"', ".", "may", "but", "also", "-", "--",
     ":", "10:30", "who", "which", "\n", "\n\n", "told", "AFP", "It", "rebel-held", "while", "and", "he"]),
    max_size=50)


def article_of(text: str):
    analysis = analyze(Doc(id="t", source="t", path="t.txt", text=text, origin=text))
    index = type("Index", (), {})()
    index.words, index.starts, index.ends = analysis.words, analysis.token_starts, analysis.token_ends
    index.postings = dict(analysis.postings)
    article_cls, _ = _detector()
    return analysis, article_cls(analysis.text, analysis.folded, index, analysis.paragraphs)


def decoded(doc) -> list[tuple[int, int, int]]:
    return [(v >> 16, (v >> 16) + (v >> 6 & 1023), v & 63) for v in doc.marks]


def check_article(text: str) -> None:
    analysis, doc = article_of(text)
    marks = decoded(doc)
    assert marks == sorted(marks)
    assert all(a[1] <= b[0] for a, b in pairwise(marks)), "marks overlap"  # what the bisections rely on
    assert all(kind in (HARD, AND, CLAUSE, COMMA, SOFT, QUOTE) for _, _, kind in marks)
    s = Sentence(doc)
    for unit in analysis.sentences:
        s.read(unit)
        mine = [m for m in marks if unit.start <= m[0] < unit.end]
        positions = range(max(0, unit.start - 2), unit.end + 2)
        for pos in positions:
            for kinds in MASKS:
                after = [m for m in mine if m[0] >= pos and m[2] & kinds]
                before = [m for m in mine if m[1] <= pos and m[2] & kinds]
                assert s.next_mark(pos, kinds) == (after[0] if after else None), (pos, kinds)
                assert s.prev_mark(pos, kinds) == (before[-1] if before else None), (pos, kinds)
                assert s.forward_end(pos, kinds) == (after[0][0] if after else unit.end), (pos, kinds)
        edges = sorted({unit.start, unit.end, *(m[0] for m in mine), *(m[1] for m in mine),
                        *analysis.token_starts[unit.tok_start:unit.tok_end]})
        for a in edges:
            for b in edges:
                if a <= b:
                    expected = [k for k in range(unit.tok_start, unit.tok_end)
                                if analysis.token_starts[k] >= a and analysis.token_ends[k] <= b]
                    assert list(s.words_between(a, b)) == expected, (a, b)
                    # around: the marks on both sides of a span, by one search when none starts in it
                    assert s.around(a, b) == (s.prev_mark(a, ANY), s.next_mark(b, ANY)), (a, b)
        # Sentence.quoted: false only when no quotation lookup the rules make can find one (a quotation
        # holding or opening at a cue's first character, at most two before the sentence, up to its end;
        # one closing at a mark of the sentence or just before it)
        if not s.quoted:
            for pos in range(max(0, unit.start - 2), unit.end + 1):
                assert doc.quote_containing(pos) is None
                assert pos < unit.start - 1 or doc.quote_opening_at(pos) is None
                assert pos < unit.start - 1 or doc.quote_closing_at(pos) is None


@pytest.fixture(scope="module")
def seed_texts():
    articles, errors = read_articles([ROOT / "seeds"])
    assert not errors
    return [a.text for a in articles]


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_marks_searches_and_word_spans_match_a_plain_scan(text):
    check_article(text)


def test_marks_searches_and_word_spans_match_a_plain_scan_on_the_seeds(seed_texts):
    for text in seed_texts:
        check_article(text)


@settings(max_examples=80, deadline=None)
@given(WORDS)
def test_marks_searches_and_word_spans_match_a_plain_scan_on_any_text(words):
    check_article(" ".join(words))


def test_the_rows_tried_for_a_word_are_the_lexicon_rows_that_can_match_there():
    """compiled_lexicon() picks the rows for an anchor word by the word after it; whatever comes next,
    the rows tried are, in order, those of the table that the next word does not rule out."""
    lexicon = compiled_lexicon()
    for word, (by_next, rows) in lexicon.items():
        everything = sorted({r for r in (*rows, *(r for found in by_next.values() for r in found))},
                            key=lambda r: (-r.size, [c[0] for c in CUES].index(r.phrase)))
        for following in [*by_next, "", "zzz-not-a-word"]:
            tried = by_next.get(following, rows)
            opening = [r for r in everything if r.anchor == 0 and r.size > 1 and not r.contracted]
            expected = [r for r in everything if r not in opening or following in r.words[1]]
            assert list(tried) == expected, (word, following)
        for r in everything:
            assert word in r.words[r.anchor]
            assert r.direct == (r.size == 1 and not r.contracted)
            assert r.anchor == 0 or r.words[0] <= COMMON_WORDS


def _scopes_leave_only_with_a_quotation(text: str) -> None:
    analysis, doc = article_of(text)
    s = Sentence(doc)
    starts = [u.start for u in analysis.sentences]
    for unit in analysis.sentences:
        s.read(unit)
        for k in analysis.cues.by_sentence[unit.index]:
            cue = analysis.cues.raw[k]
            own = max(0, bisect_right(starts, cue[2]) - 1) == unit.index
            if own and (cue[4] < unit.start or cue[5] > unit.end):
                assert s.quoted, (unit.index, cue)


def test_only_a_quotation_takes_a_scope_out_of_its_sentence(seed_texts):
    for text in [*seed_texts, *TRICKY]:
        _scopes_leave_only_with_a_quotation(text)


@settings(max_examples=80, deadline=None)
@given(WORDS)
def test_only_a_quotation_takes_a_scope_out_of_its_sentence_in_any_text(words):
    _scopes_leave_only_with_a_quotation(" ".join(words))


def reference_marks(analysis) -> list[tuple[int, int, int]]:
    """The clause marks as the table of ``checker.text.cues.marks`` defines
    them, each kind found by one plain regular expression over the text (the
    detector finds them by faster means: this is what they must equal)."""
    folded, words = analysis.folded, analysis.words
    joins, opens = "|".join(sorted(COORDINATORS)), "|".join(sorted(CLAUSE_OPENERS))
    kinds = {None: COMMA, "j": AND, "c": CLAUSE}
    out = [(m.start(), m.start() + 1, kinds[m.lastgroup]) for m in
           re.finditer(rf",(?!\d)(?:\s*(?:(?P<j>{joins})\b(?!\s+that\b)|(?P<c>{opens})\b))?", folded)]
    out += [(m.start(), m.end(), QUOTE) for m in re.finditer('"', folded)]
    out += [(m.start(), m.end(), HARD) for m in re.finditer(r";|:(?!\d)", folded)]
    out += [(m.start(), m.end(), HARD) for m in re.finditer(r"--+|- ", folded)
            if folded[m.start() + 1] == "-" or folded[m.start() - 1:m.start()] == " "]
    for k, w in enumerate(words):
        if w in BREAK_WORDS and not (w == "but" and k + 1 < len(words) and words[k + 1] == "also"):
            out.append((analysis.token_starts[k], analysis.token_starts[k] + len(w), HARD))
        elif w in SUBORDINATORS:
            out.append((analysis.token_starts[k], analysis.token_starts[k] + len(w), SOFT))
    return sorted(out)


MARK_TEXTS = TRICKY + [
    'a---b -- c - d -e f- g --- h -', 'x:1 y: z ;; w:', '",", "" , which, and that, so, he',
    '1,400, and 2,000, or 3,000,so', '-', '--', '- ', 'a -', ':', ':9',
]


@pytest.mark.parametrize("text", MARK_TEXTS, ids=range(len(MARK_TEXTS)))
def test_marks_are_the_tables_marks(text):
    analysis, doc = article_of(text)
    assert decoded(doc) == reference_marks(analysis)


def test_marks_are_the_tables_marks_on_the_seeds(seed_texts):
    for text in seed_texts:
        analysis, doc = article_of(text)
        assert decoded(doc) == reference_marks(analysis)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["-", "--", "---", " ", ":", "1", ",", '"', ";", "and", "which", "a", "but",
                                 "also", "that", "\n"]), max_size=40))
def test_marks_are_the_tables_marks_in_any_text(pieces):
    analysis, doc = article_of("".join(pieces))
    assert decoded(doc) == reference_marks(analysis)


def reference_quotes(analysis) -> list[tuple[int, int, int, bool]]:
    """Quotations as the docstring of ``marks.Article`` defines them: straight
    double quotes paired in order within each paragraph; an unclosed one runs
    to the end of its paragraph (the end of the text outside every paragraph)."""
    marks = [m.start() for m in re.finditer('"', analysis.folded)]
    starts = [p.start for p in analysis.paragraphs]
    out, k = [], 0
    while k < len(marks):
        p = bisect_right(starts, marks[k]) - 1
        end = analysis.paragraphs[p].end if p >= 0 else len(analysis.text)
        if k + 1 < len(marks) and marks[k + 1] < end:
            out.append((marks[k], marks[k + 1], p, True))
            k += 2
        else:
            out.append((marks[k], end, p, False))
            k += 1
    return out


def check_quotes(text: str) -> None:
    analysis, doc = article_of(text)
    expected = reference_quotes(analysis)
    assert doc.quotes == expected
    for n, (open_, close, _, closed) in enumerate(expected):
        assert doc.quote_opening_at(open_) == n
        assert doc.quote_closing_at(close) == (n if closed else None)
        assert doc.quote_containing(open_ + 1) == (n if open_ + 1 < close else None)
    assert doc.quote_opening_at(len(text) + 5) is None


QUOTE_TEXTS = MARK_TEXTS + [
    '"a" b "c"\n\n"d" e', '"a\n\n"b" c"', '"open\n\nthen "closed" here', 'x "a" "b', '""', '" "\n\n" "',
]


@pytest.mark.parametrize("text", QUOTE_TEXTS, ids=range(len(QUOTE_TEXTS)))
def test_quotations_pair_within_paragraphs(text):
    check_quotes(text)


def test_quotations_pair_within_paragraphs_on_the_seeds(seed_texts):
    for text in seed_texts:
        check_quotes(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(['"', " ", "a", "said", "\n", "\n\n", ",", "."]), max_size=40))
def test_quotations_pair_within_paragraphs_in_any_text(pieces):
    check_quotes("".join(pieces))
