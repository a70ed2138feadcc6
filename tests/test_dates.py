"""Date mentions: forms, negatives, seed pins, properties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.text.dates import find_dates
from checker.text.normalize import normalize

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def pins(text: str) -> list[tuple[str, int | None, int | None, int | None, str]]:
    out = []
    for m in find_dates(text):
        assert text[m.start:m.end] == m.text
        out.append((m.text, m.year, m.month, m.day, m.precision))
    return out


# --------------------------------------------------------------------------
# Forms
# --------------------------------------------------------------------------

FORMS = [
    # day precision
    ("on August 21, 2013.", [("August 21, 2013", 2013, 8, 21, "day")]),
    ("on 21 August 2013.", [("21 August 2013", 2013, 8, 21, "day")]),
    ("on Aug. 21, 2013.", [("Aug. 21, 2013", 2013, 8, 21, "day")]),
    ("on Aug 21 2013", [("Aug 21 2013", 2013, 8, 21, "day")]),
    ("report 2013-08-21 said", [("2013-08-21", 2013, 8, 21, "day")]),
    ("on august 21, 2013", [("august 21, 2013", 2013, 8, 21, "day")]),
    ("on AUGUST 21, 2013", [("AUGUST 21, 2013", 2013, 8, 21, "day")]),
    ("on August 21st, 2013", [("August 21st, 2013", 2013, 8, 21, "day")]),
    ("on the 21st of August, 2013", [("21st of August, 2013", 2013, 8, 21, "day")]),
    ("Sept. 11, 2001", [("Sept. 11, 2001", 2001, 9, 11, "day")]),
    ("Sept 11, 2001", [("Sept 11, 2001", 2001, 9, 11, "day")]),
    ("Sep 11 2001", [("Sep 11 2001", 2001, 9, 11, "day")]),
    ("Jan. 6, 2021", [("Jan. 6, 2021", 2021, 1, 6, "day")]),
    ("Feb. 24, 2022", [("Feb. 24, 2022", 2022, 2, 24, "day")]),
    ("Dec. 25, 2020", [("Dec. 25, 2020", 2020, 12, 25, "day")]),
    ("May 5, 2013", [("May 5, 2013", 2013, 5, 5, "day")]),
    ("on 15 March 2011", [("15 March 2011", 2011, 3, 15, "day")]),
    ("2012-02-29", [("2012-02-29", 2012, 2, 29, "day")]),
    # month precision
    ("attacks in August 2013 on", [("August 2013", 2013, 8, None, "month")]),
    ("broke out in March 2011 with", [("March 2011", 2011, 3, None, "month")]),
    ("in May 2013", [("May 2013", 2013, 5, None, "month")]),
    ("in Aug. 2013", [("Aug. 2013", 2013, 8, None, "month")]),
    ("in August, 2013", [("August, 2013", 2013, 8, None, "month")]),
    ("in August of 2013", [("August of 2013", 2013, 8, None, "month")]),
    ("mid-August 2013", [("August 2013", 2013, 8, None, "month")]),
    ("FRANCE ATTACKS AUGUST 2013", [("AUGUST 2013", 2013, 8, None, "month")]),
    # year precision
    ("in 2013.", [("2013", 2013, None, None, "year")]),
    ("since 2011.", [("2011", 2011, None, None, "year")]),
    ("the 2013 attacks", [("2013", 2013, None, None, "year")]),
    ("suspended in 2021, in", [("2021", 2021, None, None, "year")]),
    ("a 2015 attack", [("2015", 2015, None, None, "year")]),
    ("in 2013 people fled", [("2013", 2013, None, None, "year")]),
    ("Ghouta in 2013 killed over 1,000 people", [("2013", 2013, None, None, "year")]),
    ("between 2011 and 2013", [("2011", 2011, None, None, "year"), ("2013", 2013, None, None, "year")]),
    ("2011-2013", [("2011", 2011, None, None, "year"), ("2013", 2013, None, None, "year")]),
    ("the 2013-14 season", [("2013", 2013, None, None, "year")]),
    ("from 2011 up to 2015", [("2011", 2011, None, None, "year"), ("2015", 2015, None, None, "year")]),
    # lists and ranges: one mention per day
    (
        "attacks on August 4, 5 and 21, 2013.",
        [("August 4", 2013, 8, 4, "day"), ("5", 2013, 8, 5, "day"), ("21, 2013", 2013, 8, 21, "day")],
    ),
    (
        "attacks on 4, 5 and 21 August 2013.",
        [("4", 2013, 8, 4, "day"), ("5", 2013, 8, 5, "day"), ("21 August 2013", 2013, 8, 21, "day")],
    ),
    (
        "August 4, 5, and 21, 2013",
        [("August 4", 2013, 8, 4, "day"), ("5", 2013, 8, 5, "day"), ("21, 2013", 2013, 8, 21, "day")],
    ),
    ("August 4-5, 2013", [("August 4", 2013, 8, 4, "day"), ("5, 2013", 2013, 8, 5, "day")]),
    ("4-5 August 2013", [("4", 2013, 8, 4, "day"), ("5 August 2013", 2013, 8, 5, "day")]),
    ("August 4 to 21, 2013", [("August 4", 2013, 8, 4, "day"), ("21, 2013", 2013, 8, 21, "day")]),
    (
        "August 30 and September 2, 2013",
        [("August 30", 2013, 8, 30, "day"), ("September 2, 2013", 2013, 9, 2, "day")],
    ),
    # across a year end the earlier group does not get the year (a guess)
    (
        "December 30 and January 2, 2014",
        [("December 30", None, 12, 30, "none"), ("January 2, 2014", 2014, 1, 2, "day")],
    ),
    (
        "August 4, 5 and 21",
        [("August 4", None, 8, 4, "none"), ("5", None, 8, 5, "none"), ("21", None, 8, 21, "none")],
    ),
    # no year of its own: precision none, never borrowed
    ("on August 21", [("August 21", None, 8, 21, "none")]),
    ("the August 21 attacks in 2013", [("August 21", None, 8, 21, "none"), ("2013", 2013, None, None, "year")]),
    ("on 21 August", [("21 August", None, 8, 21, "none")]),
    ("in November.", [("November", None, 11, None, "none")]),
    ("Prosecutors said Tuesday they", [("Tuesday", None, None, None, "none")]),
    ("on Friday on judicial grounds", [("Friday", None, None, None, "none")]),
    ("criticised Tuesday's move.", [("Tuesday", None, None, None, "none")]),
    ("May 5", [("May 5", None, 5, 5, "none")]),
    ("On August 21, 10 people died", [("August 21", None, 8, 21, "none")]),
    ("in August 2,000 people", [("August", None, 8, None, "none")]),
    ("in August 21 people died", [("August", None, 8, None, "none")]),
    # scraped caption debris
    ("in Ghouta, August 2013[/caption]", [("August 2013", 2013, 8, None, "month")]),
    ("ReutersAugust 2013 photo", [("August 2013", 2013, 8, None, "month")]),
]


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[t for t, _ in FORMS])
def test_forms(text: str, expected: list) -> None:
    assert pins(text) == expected


NEGATIVES = [
    "May said the attack was planned.",
    "it may be",
    "the march on the capital",
    "Theresa May, who",
    "the mayor and the MAYOR",
    "an august institution",
    "in august",  # lower-case bare month: the adjective
    "killed around 1,400 people",
    "1,400",
    "2013 people",
    "2013 dead",
    "2013 children",
    "2013%",
    "2013 percent",
    "2013 million",
    "a 2000-strong force",
    "around 2000",
    "more than 2013",
    "some 1500 were",
    "killed 1500",
    "between 1000 and 1500 people",
    "1000-1500 dead",
    "as many as 1400",
    "Branch 4500",
    "Branch 2013",
    "Room 1201",
    "Resolution 2118",
    "No. 2013",
    "$2013",
    "the 1990s",
    "2013.5",
    "12,013",
    "20134",
    "3000 BC",
    "999",
    "13-year civil war",
    "the fourth division",
    "Aug.",  # abbreviation alone
    "Mar 5000",
    "in MarchRex",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_negatives(text: str) -> None:
    assert pins(text) == []


def test_invalid_day_falls_back() -> None:
    assert pins("February 30, 2013") == [
        ("February", None, 2, None, "none"),
        ("2013", 2013, None, None, "year"),
    ]
    assert pins("2013-02-29") == [("2013", 2013, None, None, "year")]
    assert pins("on February 30 it") == [("February", None, 2, None, "none")]
    assert pins("on May 32") == []


def test_offsets_are_the_texts() -> None:
    text = "Intro.\n\nThe attacks on August 4, 5 and 21, 2013 killed many. In 2021 it ended."
    found = find_dates(text)
    assert [(m.start, m.end) for m in found] == [
        (23, 31), (33, 34), (39, 47), (64, 68),
    ]
    assert [text[m.start:m.end] for m in found] == ["August 4", "5", "21, 2013", "2021"]


def test_odd_characters() -> None:
    assert pins("\ud800 August 2013") == [("August 2013", 2013, 8, None, "month")]
    assert pins("August\t4,\t5 and 21,\t2013")[2] == ("21,\t2013", 2013, 8, 21, "day")
    # IGNORECASE must not fold the long s or the Kelvin sign into a month
    assert pins("\u017fept 5, 2013") == [("2013", 2013, None, None, "year")]
    assert pins("\u212aAugust 2013") == [("August 2013", 2013, 8, None, "month")]
    assert pins("\u0130\u0130 in 2011") == [("2011", 2011, None, None, "year")]


def test_no_date_across_a_blank_line() -> None:
    assert pins("in August\n\n2013 was") == [
        ("August", None, 8, None, "none"),
        ("2013", 2013, None, None, "year"),
    ]
    assert pins("in August\n2013") == [("August\n2013", 2013, 8, None, "month")]


# --------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------


def seed(prefix: str) -> str:
    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return normalize(path.read_text(encoding="utf-8")).text


def test_seed_000() -> None:
    assert pins(seed("000")) == [
        ("Tuesday", None, None, None, "none"),
        ("2013", 2013, None, None, "year"),
        ("August 2013", 2013, 8, None, "month"),
        ("Friday", None, None, None, "none"),
        ("November", None, 11, None, "none"),
        ("August 4", 2013, 8, 4, "day"),
        ("5", 2013, 8, 5, "day"),
        ("21, 2013", 2013, 8, 21, "day"),
        ("Tuesday", None, None, None, "none"),  # Tuesday's move
        ("August 21", None, 8, 21, "none"),  # the August 21 attacks
        ("March 2011", 2011, 3, None, "month"),
        ("2013", 2013, None, None, "year"),
        ("2021", 2021, None, None, "year"),
        ("2017", 2017, None, None, "year"),
        ("2015", 2015, None, None, "year"),
    ]


def test_seed_001() -> None:
    assert pins(seed("001")) == [
        ("Tuesday", None, None, None, "none"),
        ("2013", 2013, None, None, "year"),
        ("August 2013", 2013, 8, None, "month"),
        ("Friday", None, None, None, "none"),
        ("November", None, 11, None, "none"),
        ("August 4", 2013, 8, 4, "day"),
        ("5", 2013, 8, 5, "day"),
        ("21, 2013", 2013, 8, 21, "day"),
        ("August 21", None, 8, 21, "none"),
        ("March 2011", 2011, 3, None, "month"),
    ]


def test_seed_003() -> None:
    # "meeting with al-Assad in MarchRex": a bare "March" (no day, no year)
    # is not a month (it is a verb too), debris or not: no mention.
    assert pins(seed("003")) == [
        ("2013", 2013, None, None, "year"),
        ("Wednesday", None, None, None, "none"),
        ("August 2013", 2013, 8, None, "month"),
        ("2011", 2011, None, None, "year"),
        ("2013", 2013, None, None, "year"),  # in 2013 killed over 1,000 people
        ("August 2013", 2013, 8, None, "month"),  # caption: Ghouta, August 2013[/caption]
        ("2013", 2013, None, None, "year"),  # caption: sites in 2013[/caption]
    ]


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "August", "Aug.", "aug", "May", "March", "Sept.", "Tuesday", "November", "MAYOR",
    "2013", "1400", "4500", "2013-08-21", "2013-02-30", "1,400", "21", "4", "5", "31st",
    "and", "or", "to", "of", "-", ",", ", ", " ", "  ", "\n", "\n\n", ".", "'s", "%",
    "people", "million", "around", "in", "Branch", "$", "[/caption]", "Rex", "x",
])
_TEXTS = st.one_of(
    st.lists(_PIECES, max_size=30).map("".join),
    st.lists(_PIECES, max_size=30).map(" ".join),
    st.text(max_size=200),
)


def check_properties(text: str) -> None:
    """Mentions are the text's, sorted, disjoint, and their fields fit their precision."""
    found = find_dates(text)
    previous_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.start >= previous_end  # sorted, non-overlapping
        previous_end = m.end
        assert m.precision in ("day", "month", "year", "none")
        if m.precision == "none":
            assert m.year is None
        else:
            assert m.year is not None and 1000 <= m.year <= 2100
        if m.precision in ("day", "month"):
            assert m.month is not None
        if m.precision == "day":
            assert m.day is not None
        if m.month is not None:
            assert 1 <= m.month <= 12


# --------------------------------------------------------------------------
# The edges of the grammar, and the scan that finds where dates may start
# --------------------------------------------------------------------------

FAST_PATH_PINS = [
    # prefixes glued to a lower-case letter: only where the plain
    # non-overlapping prefix scan over the lower-cased text finds them
    ("JaNov 5, 2013", [("2013", 2013, None, None, "year")]),
    ("MoNov 5, 2013", [("2013", 2013, None, None, "year")]),
    (
        "ReutersAugust 4, 5 and 21, 2013",
        [("August 4", 2013, 8, 4, "day"), ("5", 2013, 8, 5, "day"), ("21, 2013", 2013, 8, 21, "day")],
    ),
    # a day list: invalid days are dropped, the others keep the year
    ("February 4 and 30, 2013", [("February 4", 2013, 2, 4, "day")]),
    (
        "August 4, 31 and 5",
        [("August 4", None, 8, 4, "none"), ("31", None, 8, 31, "none"), ("5", None, 8, 5, "none")],
    ),
    ("August 4 and 5 people", [("August 4", None, 8, 4, "none")]),
    ("August 4 and 5, 2013 people", [("August 4", 2013, 8, 4, "day"), ("5, 2013", 2013, 8, 5, "day")]),
    ("August 05, 2013", [("August 05, 2013", 2013, 8, 5, "day")]),
    # the window: 200 characters, cut at a blank line
    ("August " + "4, " * 70 + "and 5, 2013", [("August 4", None, 8, 4, "none"), ("2013", 2013, None, None, "year")]),
    ("August 2013" + " " * 200 + "people", [("August 2013", 2013, 8, None, "month")]),
    ("August 21" + " " * 200 + "people", [("August 21", None, 8, 21, "none")]),
    ("Aug.\n\n21, 2013", [("2013", 2013, None, None, "year")]),
    ("August 21,\n\n2013", [("August 21", None, 8, 21, "none"), ("2013", 2013, None, None, "year")]),
    ("x" * 195 + " August 21, 2013", [("August 21, 2013", 2013, 8, 21, "day")]),
    # one-token forms
    ("monday 2013", [("monday", None, None, None, "none"), ("2013", 2013, None, None, "year")]),
    ("sun 2013", [("2013", 2013, None, None, "year")]),
    ("in 1,2013", []),
    ("May 2013-08-21", [("May 2013", 2013, 5, None, "month")]),
    ("aUgust", [("aUgust", None, 8, None, "none")]),
]


@pytest.mark.parametrize(("text", "expected"), FAST_PATH_PINS, ids=[t[:40] for t, _ in FAST_PATH_PINS])
def test_fast_path_pins(text: str, expected: list) -> None:
    assert pins(text) == expected


_DATE_PIECES = st.sampled_from([
    "August", "Aug.", "aug", "AUGUST", "May", "March", "Sept.", "sep", "September", "Dec", "February",
    "Tuesday", "monday", "Sun", "2013", "2014", "1400", "2101", "0999", "1", "4", "5", "05", "21", "29",
    "30", "31", "31st", "2nd", "32", "and", "or", "to", "through", "until", "of", "-", "&", ",", ", ",
    " ", "  ", "\t", "\r", "\n", "\n\n", ".", "people", "dead", "million", "%", "-strong", "around",
    "Reuters", "Rex", "[/caption]", "x", "Ja", "Mo", "1,", "4.",
])
_DATE_TEXTS = st.one_of(
    st.lists(_DATE_PIECES, max_size=40).map("".join),
    st.lists(_DATE_PIECES, max_size=40).map(" ".join),
)
_PLAIN_NUMBERS = re.compile(r"(?<![A-Za-z0-9])(?:[0-9]{4}|[0-9]{1,2})(?![0-9])", re.ASCII)
_PLAIN_PREFIX = re.compile(rb"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun")


def plain_starts(text: str) -> list[int]:
    """Where dates may start, found the plain way: numbers of one, two or four
    digits, and month and weekday prefixes not glued to a letter or digit
    before them (unless to a lower-case letter, before a capital)."""
    out = [m.start() for m in _PLAIN_NUMBERS.finditer(text)]
    for hit in _PLAIN_PREFIX.finditer(text.encode("ascii", "replace").lower()):
        i = hit.start()
        if i:
            prev = text[i - 1]
            if prev.isascii() and prev.isalnum() and not (prev.islower() and text[i].isupper()):
                continue
        out.append(i)
    return sorted(out)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_DATE_TEXTS, _TEXTS))
def test_scan_finds_the_plain_candidates(text: str) -> None:
    from checker.text.date_starts import date_starts

    _, hits = date_starts(text)
    assert list(hits) == plain_starts(text)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_TEXTS, _DATE_TEXTS))
def test_properties(text: str) -> None:
    check_properties(text)


SHARED_WORDS = [
    # a day list before a month is read forwards: the first number that
    # starts a list the grammar accepts (before, a backwards reading took "12"
    # into the list and then found no date)
    ("Issue 12 30 May 2013", [("30 May 2013", 2013, 5, 30, "day")]),
    ("on 3 or 4, 5 and 21 August", [("4", None, 8, 4, "none"), ("5", None, 8, 5, "none"),
                                    ("21 August", None, 8, 21, "none")]),
    # the hedges of quantities make a four-digit number a count (those ending
    # in "to" read as time: "up to 2013")
    ("as much as 2013", []),
    ("close to 2013", [("2013", 2013, None, None, "year")]),
    # and so does a percentage word
    ("2013 pct", []),
]


@pytest.mark.parametrize(("text", "expected"), SHARED_WORDS, ids=[t for t, _ in SHARED_WORDS])
def test_shared_vocabulary_and_forward_lists(text: str, expected: list) -> None:
    assert pins(text) == expected
