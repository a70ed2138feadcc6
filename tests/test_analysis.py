"""The integrated analysis: offsets survive typography, and the seeds are read right."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.articles import read_articles
from checker.models import Article
from checker.text import analyze
from checker.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

# ---------------------------------------------------------------------------
# Property: typography never moves a span.
# ---------------------------------------------------------------------------

WORDS = [
    "The", "attack", "killed", "around", "1,400", "people,", "on", "August", "21,", "2013", "Café",
    "more", "than", "400", "children.", '"It', "is", "over,\"", "he", "said.", "half", "a", "million",
    "Assad's", "Zamalka", "dozens", "in", "March", "2011.", "U.N.", "report", "35%", "Clémence",
    "1,000", "to", "1,500", "Mazen", "Darwish", "-", "two", "généraux", "x",
]


def _decorate(plain: str, choices: list[int]) -> str:
    """The same text as a careless CMS would store it: curly quotes, odd
    spaces, CRLF, decomposed accents.  ``choices`` picks the variants."""
    out = []
    k = 0

    def pick(n: int) -> int:
        nonlocal k
        c = choices[k % len(choices)] % n if choices else 0
        k += 1
        return c

    for ch in plain:
        if ch == '"':
            out.append(['"', "\u201c", "\u201d", "\u00ab"][pick(4)])
        elif ch == "'":
            out.append(["'", "\u2019", "\u2018"][pick(3)])
        elif ch == " ":
            out.append([" ", "\u00a0", "\u202f", "\u2009"][pick(4)])
        elif ch == "\n":
            out.append(["\n", "\r\n"][pick(2)])
        elif ch == "-":
            out.append(["-", "\u2013", "\u2014"][pick(3)])
        elif ch == "é":
            out.append(["é", "e\u0301"][pick(2)])
        else:
            out.append(ch)
    return "".join(out)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


paragraphs = st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join),
                      min_size=1, max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paras=paragraphs, choices=st.lists(st.integers(0, 11), min_size=1, max_size=30), bom=st.booleans())
def test_spans_map_back_to_the_original_through_any_typography(tmp_path_factory, paras, choices, bom):
    plain = "\n".join(paras) + "\n"
    fancy = _decorate(plain, choices)
    path = tmp_path_factory.mktemp("a") / "article.txt"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + fancy.encode("utf-8"))

    articles, errors = read_articles([path])
    assert not errors
    article = articles[0]
    assert article.origin == fancy  # the BOM is dropped, nothing else changes
    fancy_analysis = analyze(article)
    plain_analysis = analyze(Article("p", "p", "p.txt", plain, plain))

    spans = [(u.start, u.end) for u in fancy_analysis.sentences + fancy_analysis.paragraphs]
    spans += [(q.start, q.end) for q in fancy_analysis.quantities]
    spans += [(d.start, d.end) for d in fancy_analysis.dates]
    for start, end in spans:
        a, b = fancy_analysis.origin_span(start, end)
        # the original characters there unify to exactly the analysed ones
        assert normalize(fancy[a:b]).text == fancy_analysis.text[start:end]
        assert fancy_analysis.position(start) == _line_col(fancy, a)
        words, la, lb, line, col = fancy_analysis.locate(start, end)
        assert (la, lb, (line, col)) == (a, b, _line_col(fancy, a))
        assert words == fancy[a:b]

    # and typography changes nothing that is found
    assert [(q.value, q.low, q.high, q.hedge, q.kind) for q in fancy_analysis.quantities] == [
        (q.value, q.low, q.high, q.hedge, q.kind) for q in plain_analysis.quantities
    ]
    assert [(d.year, d.month, d.day, d.precision) for d in fancy_analysis.dates] == [
        (d.year, d.month, d.day, d.precision) for d in plain_analysis.dates
    ]
    assert len(fancy_analysis.sentences) == len(plain_analysis.sentences)
    assert fancy_analysis.words == plain_analysis.words


# ---------------------------------------------------------------------------
# The seeds, pinned.
# ---------------------------------------------------------------------------


def _seed(prefix: str):
    articles, errors = read_articles([SEEDS])
    assert not errors
    (article,) = [a for a in articles if a.id.startswith(prefix)]
    return analyze(article)


def _quantities(analysis) -> list[tuple[str, float, str | None, str]]:
    return [(analysis.text[q.start:q.end], q.value, q.hedge, q.kind) for q in analysis.quantities]


def test_seed_sentence_counts():
    assert [len(_seed(p).sentences) for p in ("000", "001", "003")] == [22, 15, 22]


def test_seed_000_quantities():
    found = _quantities(_seed("000"))
    for item in [
        ("around 1,400", 1400, "around", "number"),
        ("more than 400", 400, "more than", "number"),
        ("more than half a million", 500_000, "more than", "number"),
        ("millions", 2_000_000, None, "vague"),
    ]:
        assert item in found
    values = [v for _, v, _, _ in found]
    for year in (2013, 2011, 2021, 2017, 2015):
        assert year not in values
    assert not any("fourth" in text for text, *_ in found)
    # the days of "August 4, 5 and 21, 2013" and "August 21" are dates, not quantities
    assert not {4, 5, 21} & set(values)


def test_seed_003_quantities():
    found = _quantities(_seed("003"))
    for item in [
        ("1,000", 1000, None, "number"),
        ("over 1,000", 1000, "over", "number"),
        ("more than a thousand", 1000, "more than", "number"),
        ("thousands", 2000, None, "vague"),
        ("58", 58, None, "number"),
    ]:
        assert item in found
    assert 2013 not in [v for _, v, _, _ in found]


def test_seed_000_dates():
    analysis = _seed("000")
    dates = [(d.year, d.month, d.day, d.precision) for d in analysis.dates]
    # "August 4, 5 and 21, 2013": three dates
    for day in (4, 5, 21):
        assert (2013, 8, day, "day") in dates
    assert (2013, 8, None, "month") in dates  # in August 2013
    assert (2011, 3, None, "month") in dates  # in March 2011
    assert (2013, None, None, "year") in dates
    # "the August 21 attacks" and "November" have no year of their own
    assert (None, 8, 21, "none") in dates
    assert (None, 11, None, "none") in dates


def test_evidence_positions_are_the_files():
    """A span in the analysis points at the same words in the file."""
    analysis = _seed("001")
    raw = (SEEDS / "001_60c4517bd6fe05df.txt").read_text(encoding="utf-8")
    q = next(q for q in analysis.quantities if analysis.text[q.start:q.end] == "around 1,400")
    words, a, b, line, col = analysis.locate(q.start, q.end)
    assert raw[a:b] == "around 1,400"
    assert (line, col) == _line_col(raw, raw.index("around 1,400"))
    assert line == 3  # 001 separates paragraphs by blank lines


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab Z9_-'.\n\t\x1f\u00e9\u0131\u2019\u00b2"), max_size=40))
def test_words_of_ascii_and_other_text_are_the_word_pattern_matches(text):
    """The word index splits ASCII text with ``str`` methods, other text
    with the word pattern: either way its words and offsets are those of
    ``WORD_RE``."""
    from checker.text.analysis import word_index
    from checker.text.tokens import WORD_RE

    for folded in (normalize(text).folded, text.encode("ascii", "replace").decode()):
        index = word_index(folded)
        found = list(WORD_RE.finditer(folded))
        assert index.words == tuple(m.group() for m in found)
        assert index.starts == tuple(m.start() for m in found)
        assert index.ends == tuple(m.end() for m in found)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("a `\n\r\t\u2019\u201c\u0301\u00a0"), max_size=30))
def test_normalisation_looks_at_every_run_of_special_characters(text):
    """The runs normalisation looks at are the maximal runs of characters
    other than plain printable ASCII and newlines (the pattern is written
    ``[^…][^…]*`` for speed)."""
    import re

    from checker.text.normalize import P

    runs = [m.span() for m in re.finditer(r"[^\x20-\x5f\x61-\x7e\n]+", text)]
    assert [m.span() for m in P.special.finditer(text)] == runs
