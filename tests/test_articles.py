"""Reading articles: formats, metadata, errors, order (checker.articles)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.articles import read_articles
from checker.articles.html import extract
from checker.articles.markdown import blank_markdown
from checker.errors import CheckError

ROOT = Path(__file__).resolve().parent.parent
FIX = "fixtures/articles"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    # Paths are reported as the user named them: run from the repo root.
    monkeypatch.chdir(ROOT)


def read(*paths):
    return read_articles(list(paths))


def by_id(articles):
    return {a.id: a for a in articles}


def line_col(origin: str, index: int) -> tuple[int, int]:
    line = origin.count("\n", 0, index) + 1
    return line, index - (origin.rfind("\n", 0, index) + 1) + 1


# -- seeds -------------------------------------------------------------------


def test_seeds_directory_gives_three_labelled_articles():
    articles, errors = read("seeds")
    assert errors == []
    assert [a.path for a in articles] == [
        "seeds/000_a9affa64a2508c6c.txt",
        "seeds/001_60c4517bd6fe05df.txt",
        "seeds/003_0cc09e80c1cf4d16.txt",
    ]
    assert [a.source for a in articles] == ["wire-a", "wire-b", "tabloid-c"]
    assert [a.id for a in articles] == [
        "000_a9affa64a2508c6c",
        "001_60c4517bd6fe05df",
        "003_0cc09e80c1cf4d16",
    ]
    assert all(a.title for a in articles)
    for a in articles:
        assert a.kind == "txt" and a.offsets is None
        assert a.text == a.origin == Path(a.path).read_text(encoding="utf-8")


def test_seed_named_explicitly_still_gets_its_sources_entry():
    articles, errors = read("seeds/003_0cc09e80c1cf4d16.txt")
    assert errors == []
    assert articles[0].source == "tabloid-c"
    assert articles[0].path == "seeds/003_0cc09e80c1cf4d16.txt"


def test_pathlike_and_trailing_slash():
    articles, _ = read(Path("seeds"))
    assert articles[0].path == "seeds/000_a9affa64a2508c6c.txt"
    articles, _ = read("seeds/")
    assert articles[0].path == "seeds/000_a9affa64a2508c6c.txt"


# -- txt ---------------------------------------------------------------------


def test_txt_with_sources_yaml_metadata():
    a = by_id(read(f"{FIX}/formats")[0])["plain"]
    assert (a.source, a.title, a.date, a.url) == ("wire-txt", "Plain text article", "2024-05-21", None)
    assert a.kind == "txt" and a.text == a.origin


def test_txt_bom_is_dropped_and_defaults_to_stem():
    a = by_id(read(f"{FIX}/formats")[0])["bom"]
    assert a.text == a.origin == "A BOM-prefixed article.\nSecond line.\n"
    assert a.source == "bom" and a.title is None


def test_invalid_utf8_reported_and_others_read():
    articles, errors = read(f"{FIX}/bad_utf8")
    assert [a.id for a in articles] == ["a_good", "c_good"]
    assert len(errors) == 1
    err = errors[0]
    assert isinstance(err, CheckError)
    assert err.file == f"{FIX}/bad_utf8/b_bad.txt"
    assert (err.line, err.column) == (2, 4)
    assert "UTF-8" in str(err) and str(err).startswith(f"{FIX}/bad_utf8/b_bad.txt:2:4:")


# -- md ----------------------------------------------------------------------


def test_md_front_matter_metadata():
    a = by_id(read(f"{FIX}/formats")[0])["md-story"]
    assert a.kind == "md"
    assert a.source == "wire-md"
    assert a.title == "Assad warrant: the **Markdown** version"
    assert a.date == "2024-05-21"
    assert a.url == "https://example.org/md-story"


def test_md_markup_blanked_same_length():
    a = by_id(read(f"{FIX}/formats")[0])["md-story"]
    assert a.offsets is None
    assert a.origin == Path(a.path).read_text(encoding="utf-8")
    assert len(a.text) == len(a.origin)
    # newlines kept, everything else either kept or blanked
    for t, o in zip(a.text, a.origin):
        assert t == o or (t == " " and o != "\n")
    words = a.text.split()
    assert "Maher al-Assad".split() == words[words.index("Maher") : words.index("Maher") + 2]
    i = a.text.index("Maher al-Assad")
    assert a.origin[i - 2 : i] == "**" and a.text[i - 2 : i] == "  "
    joined = " ".join(words)
    assert "French warrant for Assad" in joined  # heading and emphasis
    assert "(see the ruling and code )." in joined  # link and code
    assert "around 1,400 people" in joined  # blockquote and __strong__
    assert "second bullet with inline" in joined  # image dropped
    for gone in ("---", "wire-md", "#", "*", "https://", "photo.jpg", "editor", "<!--", ">", "`"):
        assert gone not in a.text
    assert "first bullet" in joined and "- first" not in a.text


@pytest.mark.parametrize(
    "md, words",
    [
        ("**Maher al-Assad** said", "Maher al-Assad said"),
        ("a *b* _c_ __d__ ~~e~~ f", "a b c d e f"),
        ("snake_case_name and 5 * 3 and ~400", "snake_case_name and 5 * 3 and ~400"),
        ("1. first\n2) second", "first second"),
        ("## Title ##", "Title"),
        ("Title\n=====", "Title"),
        ("[text][ref] and [ref]\n\n[ref]: https://x.org", "text and ref"),
        ("note[^1]\n\n[^1]: the footnote", "note the footnote"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "a b 1 2"),
        ("```\nx = **y**\n```", "x = **y**"),
        ("<span class='x'>tagged</span> <https://a.org>", "tagged https://a.org"),
        ("escaped \\*star\\*", "escaped *star *"),  # a backslash becomes a space
        ("- [x] done", "done"),
        ("text\n\n---\n\nmore", "text more"),
    ],
)
def test_md_markup_cases(md, words):
    text, _ = blank_markdown(md)
    assert len(text) == len(md)
    assert " ".join(text.split()) == words


def test_md_without_front_matter_and_sources_yaml_absent():
    articles, errors = read(f"{FIX}/nested/a/b/c.md")
    assert errors == []
    assert (articles[0].id, articles[0].source, articles[0].kind) == ("c", "c", "md")


def test_md_bad_front_matter_is_located(tmp_path):
    (tmp_path / "x.md").write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
    articles, errors = read(tmp_path)
    assert articles == []
    assert errors[0].file.endswith("x.md") and errors[0].line in (2, 3)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_~`#>-+1.![]()<>/\\|:=\n \u00e9")), max_size=80))
def test_md_blanking_property(md):
    text, _ = blank_markdown(md)
    assert len(text) == len(md)
    for t, o in zip(text, md):
        assert t == o or (t == " " and o not in "\n\r")


# -- html --------------------------------------------------------------------


def test_html_visible_text_and_title():
    a = by_id(read(f"{FIX}/formats")[0])["page"]
    assert a.kind == "html"
    assert a.source == "wire-html"  # sources.yaml
    assert a.title == "Assad warrant & the court"  # <title>, entity decoded
    assert a.text.split("\n") == [
        "France \u2013 warrant upheld",
        "The attack killed around 1,400 people, said Maher al-Assad\u2019s critics.",
        "Caf\u00e9 owners & residents fled.",
        "Many never returned.",
    ]
    for gone in ("Home", "World", "color", "9,999", "Related", "Copyright"):
        assert gone not in a.text


def test_html_offsets_point_into_the_file():
    a = by_id(read(f"{FIX}/formats")[0])["page"]
    assert a.origin == Path(a.path).read_text(encoding="utf-8")
    assert len(a.offsets) == len(a.text) + 1
    assert list(a.offsets) == sorted(a.offsets)
    for word in ("Maher", "1,400", "around", "residents", "Many", "France"):
        i = a.text.index(word)
        assert a.origin[a.offsets[i]] == word[0]
        assert a.origin[a.offsets[i] : a.offsets[i] + len(word)] == word
        assert a.origin_offset(i) == a.offsets[i]
    # "around" is on line 13 of the file, after the line break inside <p>
    i = a.text.index("around")
    assert line_col(a.origin, a.offsets[i]) == (13, 6)
    # decoded entities map to their '&'
    i = a.text.index("\u00e9")
    assert a.origin[a.offsets[i] : a.offsets[i] + 8] == "&eacute;"
    i = a.text.index("&")
    assert a.origin[a.offsets[i] : a.offsets[i] + 5] == "&amp;"
    # past the end: just after the last character's source
    assert a.origin[a.offsets[-1] - 1] == "."


def test_html_title_falls_back_to_h1_and_meta():
    page = extract(
        '<html><head><link rel="canonical" href="https://x.org/a">'
        '<meta property="article:published_time" content="2024-05-21"></head>'
        "<body><h1>The <i>real</i> headline</h1><p>Body</p></body></html>"
    )
    assert page.title == "The real headline"
    assert page.date == "2024-05-21" and page.url == "https://x.org/a"
    assert page.text == "The real headline\nBody"


def test_html_blocks_whitespace_and_entities():
    page = extract(
        "<div>one<div>two</div>three</div><ul><li> a </li><li>b<br>c</li></ul>"
        "<table><tr><td>x</td><td>y</td></tr></table><p>AT&T &lt;tag&gt; &bogus; &#8220;q&#x201d;</p>"
        "<p hidden>secret</p><noscript>js</noscript><template>t</template><form>f</form>"
        "<pre>  keep\n  this</pre>"
    )
    assert page.text.split("\n") == [
        "one", "two", "three", "a", "b", "c", "x y",
        "AT&T <tag> &bogus; \u201cq\u201d", "  keep", "  this",
    ]
    assert len(page.offsets) == len(page.text) + 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <>/&;#pdivscrt=\"'\n!-x1")), max_size=80))
def test_html_offsets_property(src):
    page = extract(src)
    assert len(page.offsets) == len(page.text) + 1
    assert all(0 <= o <= len(src) for o in page.offsets)
    assert list(page.offsets) == sorted(page.offsets)
    for ch, o in zip(page.text, page.offsets):
        if ch.isalnum():
            assert src[o] == ch or src[o] == "&"


# -- jsonl -------------------------------------------------------------------


def test_jsonl_good_lines_and_metadata():
    articles, errors = read(f"{FIX}/formats/feed.jsonl")
    assert errors == []
    one, two = articles
    assert (one.id, one.source, one.title, one.date, one.url) == (
        "feed-1", "wire-j", "First", "2024-05-21", "https://example.org/1",
    )
    assert one.text == one.origin == "The attack killed around 1,400 people."
    assert one.kind == "jsonl" and one.path == f"{FIX}/formats/feed.jsonl"
    assert two.source == "feed-default"  # sources.yaml entry for the jsonl file
    assert two.text == "The attack killed 1,000 people.\nA second line."


def test_jsonl_bad_lines_reported_others_kept():
    articles, errors = read(f"{FIX}/jsonl_bad")
    assert [a.id for a in articles] == ["ok-1", "ok-2"]
    assert all(a.source == "bad" for a in articles)  # jsonl file stem
    where = [(e.file, e.line) for e in errors]
    path = f"{FIX}/jsonl_bad/bad.jsonl"
    assert where == [(path, 2), (path, 3), (path, 4), (path, 5), (path, 6)]
    assert all(e.column and e.column >= 1 for e in errors)
    assert re.match(rf"{re.escape(path)}:2:\d+: invalid JSON", str(errors[0]))
    assert "'id'" in errors[2].message
    assert "'text'" in errors[3].message and errors[3].column == 17
    assert "'title'" in errors[4].message


# -- errors, order, duplicates ------------------------------------------------


def test_duplicate_ids_name_both_paths():
    articles, errors = read(f"{FIX}/dupes")
    assert [a.path for a in articles] == [f"{FIX}/dupes/one/story.txt"]
    assert len(errors) == 1
    msg = str(errors[0])
    assert f"{FIX}/dupes/one/story.txt" in msg and f"{FIX}/dupes/two/story.md" in msg
    assert errors[0].file == f"{FIX}/dupes/two/story.md"


def test_duplicate_ids_across_jsonl_lines(tmp_path):
    (tmp_path / "f.jsonl").write_text(
        '{"id": "a", "text": "1"}\n{"id": "a", "text": "2"}\n', encoding="utf-8"
    )
    articles, errors = read(tmp_path)
    assert [a.text for a in articles] == ["1"]
    assert errors[0].line == 2 and ":1" in errors[0].message and ":2" in errors[0].message


def test_directory_order_sorted_recursive_and_filtered():
    articles, errors = read(f"{FIX}/nested")
    assert errors == []
    assert [a.path for a in articles] == [
        f"{FIX}/nested/a/b/c.md",
        f"{FIX}/nested/a/z.txt",
        f"{FIX}/nested/b.txt",
        f"{FIX}/nested/d.html",
    ]
    assert by_id(articles)["b"].source == "nested-b"


def test_paths_keep_the_order_given():
    articles, _ = read(f"{FIX}/nested/b.txt", "seeds", f"{FIX}/nested/a")
    assert [a.id for a in articles] == [
        "b", "000_a9affa64a2508c6c", "001_60c4517bd6fe05df", "003_0cc09e80c1cf4d16", "c", "z",
    ]


def test_same_file_twice_is_read_once():
    articles, errors = read("seeds", "seeds/000_a9affa64a2508c6c.txt")
    assert errors == [] and len(articles) == 3


def test_missing_path_and_unsupported_file_are_errors():
    articles, errors = read("does/not/exist", f"{FIX}/nested/ignored.csv", f"{FIX}/nested/b.txt")
    assert [a.id for a in articles] == ["b"]
    assert [e.file for e in errors] == ["does/not/exist", f"{FIX}/nested/ignored.csv"]
    assert "no such" in errors[0].message and "unsupported" in errors[1].message


def test_sources_yaml_named_explicitly_is_unsupported():
    _, errors = read("seeds/sources.yaml")
    assert len(errors) == 1 and "unsupported" in errors[0].message


def test_invalid_sources_yaml_located():
    articles, errors = read(f"{FIX}/bad_sources")
    assert [a.id for a in articles] == ["x"]  # read with default metadata
    assert len(errors) == 1
    e = errors[0]
    assert (e.file, e.line, e.column) == (f"{FIX}/bad_sources/sources.yaml", 3, 3)
    assert "titel" in e.message and e.hint and "title" in e.hint


def test_sources_yaml_tags_are_rejected_not_executed():
    articles, errors = read(f"{FIX}/tagged_sources")
    assert [a.source for a in articles] == ["x"]
    assert len(errors) == 1
    e = errors[0]
    assert (e.file, e.line, e.column) == (f"{FIX}/tagged_sources/sources.yaml", 1, 8)
    assert "tag" in e.message


def test_sources_yaml_syntax_error_located(tmp_path):
    (tmp_path / "sources.yaml").write_text("a.txt:\n  source: [x\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("hello\n", encoding="utf-8")
    articles, errors = read(tmp_path)
    assert [a.id for a in articles] == ["a"]
    assert errors[0].file.endswith("sources.yaml") and errors[0].line is not None


def test_relative_paths_stay_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.makedirs("in/sub")
    Path("in/sub/x.txt").write_text("x\n", encoding="utf-8")
    articles, _ = read("in")
    assert articles[0].path == "in/sub/x.txt"
