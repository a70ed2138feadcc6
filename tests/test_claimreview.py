"""schema.org ClaimReview JSON-LD (issue #16 item 3): the pure function
``reviews``, the streaming writer on a real file, the document's validity
(JSON-LD shape, schema.org properties and types, Google's required
properties), escaping of article text, and the options' errors.

The command-line wiring (``run --format claimreview``, ``--claimreview``,
``--publisher``) comes with the report sink: its test is at the end, marked
as expected to fail until then."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from gate_cli import ROOT, cli

from checker.errors import CheckError
from checker.models import Article, Claim, Evidence, Match, Query, Result
from checker.reports import claimreview as cr

jsonschema = pytest.importorskip("jsonschema")

OPTIONS = {"publisher": "Example Desk", "date": "2024-06-21"}

# What a ClaimReview document must look like: schema.org's types and the
# properties each may carry (a subset of schema.org's vocabulary: only these
# are written), with the ones Google's fact-check markup requires.
_TEXT = {"type": "string", "minLength": 1}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_URL = {"type": "string", "pattern": r"^https?://\S+$"}
SCHEMA = {
    "type": "object",
    "required": ["@context", "@graph"],
    "additionalProperties": False,
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@graph": {"type": "array", "items": {"$ref": "#/$defs/ClaimReview"}},
    },
    "$defs": {
        "ClaimReview": {
            "type": "object", "additionalProperties": False,
            "required": ["@type", "claimReviewed", "itemReviewed", "reviewRating", "author", "datePublished"],
            "properties": {
                "@type": {"const": "ClaimReview"}, "claimReviewed": _TEXT, "reviewBody": _TEXT,
                "itemReviewed": {"$ref": "#/$defs/Claim"}, "reviewRating": {"$ref": "#/$defs/Rating"},
                "author": {"$ref": "#/$defs/Organization"}, "datePublished": _DATE, "url": _URL,
            },
        },
        "Claim": {
            "type": "object", "additionalProperties": False, "required": ["@type", "appearance"],
            "properties": {"@type": {"const": "Claim"},
                           "appearance": {"type": "array", "minItems": 1,
                                          "items": {"$ref": "#/$defs/CreativeWork"}}},
        },
        "CreativeWork": {
            "type": "object", "additionalProperties": False, "required": ["@type", "identifier"],
            "properties": {"@type": {"const": "CreativeWork"}, "identifier": _TEXT, "headline": _TEXT,
                           "url": _URL, "datePublished": _DATE},
        },
        "Rating": {
            "type": "object", "additionalProperties": False,
            "required": ["@type", "ratingValue", "bestRating", "worstRating", "alternateName"],
            "properties": {"@type": {"const": "Rating"},
                           "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                           "bestRating": {"const": 5}, "worstRating": {"const": 1},
                           "alternateName": {"enum": ["Supported", "Refuted"]}},
        },
        "Organization": {
            "type": "object", "additionalProperties": False, "required": ["@type", "name"],
            "properties": {"@type": {"const": "Organization"}, "name": _TEXT},
        },
    },
}


def validate(doc: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    for review in doc["@graph"]:  # the rating agrees with its name, on the documented scale
        rating = review["reviewRating"]
        assert (rating["ratingValue"], rating["alternateName"]) in {(5, "Supported"), (1, "Refuted")}


def seeds_run():
    from checker.pipeline import evaluate_paths

    run = evaluate_paths([ROOT / "rules"], [ROOT / "seeds"])
    by_article: dict[str, list[Result]] = {}
    for r in run.results:
        by_article.setdefault(r.article, []).append(r)
    return run, [(a, by_article.get(a.id, [])) for a in run.articles]


def write_file(tmp_path, claims, pairs, options=OPTIONS):
    """The writer as the report sink drives it: a real file, head, each
    article's results in input order, finish."""
    path = tmp_path / cr.NAME
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = cr.ClaimReviewWriter(fh, claims, options)
        for article, results in pairs:
            writer.add(article, results)
        writer.finish(None, ())
    return path


def test_the_schema_refuses_what_a_claimreview_must_not_be():
    """The validity check can fail: a review without its author, with a
    misspelt property, or a rating off the scale is refused."""
    good = {"@type": "ClaimReview", "claimReviewed": "x",
            "itemReviewed": {"@type": "Claim", "appearance": [{"@type": "CreativeWork", "identifier": "a"}]},
            "reviewRating": {"@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1,
                             "alternateName": "Supported"},
            "author": {"@type": "Organization", "name": "D"}, "datePublished": "2024-06-21"}
    validate({"@context": "https://schema.org", "@graph": [good]})
    for broken in ({k: v for k, v in good.items() if k != "author"}, {**good, "claimReviewd": "x"},
                   {**good, "reviewRating": {**good["reviewRating"], "ratingValue": 7}},
                   {**good, "reviewRating": {**good["reviewRating"], "ratingValue": 1}}):
        with pytest.raises((jsonschema.ValidationError, AssertionError)):
            validate({"@context": "https://schema.org", "@graph": [broken]})


def test_the_seeds_give_one_valid_review_per_pass_or_fail(tmp_path):
    run, pairs = seeds_run()
    path = write_file(tmp_path, run.claims, pairs)
    doc = json.loads(path.read_text(encoding="utf-8"))
    validate(doc)
    graph = doc["@graph"]
    rated = [r for r in run.results if r.verdict in ("pass", "fail")]
    assert len(graph) == len(rated) > 0
    assert any(r.verdict == "fail" for r in rated) and any(r.verdict == "pass" for r in rated)
    claims = {c.id: c for c in run.claims}
    articles = {a.id: a for a in run.articles}
    for review, result in zip(graph, rated):  # in the results' order
        if result.verdict == "pass":  # the article states the desk's claim
            assert review["claimReviewed"] == claims[result.claim].claim
        else:  # what the article claims instead is what is refuted, never the desk's own sentence
            refuting = [" ".join(e.text.split()) for e in result.evidence if e.role in ("refutes", "forbidden")]
            assert review["claimReviewed"] == refuting[0] != claims[result.claim].claim
        assert review["reviewRating"]["alternateName"] == {"pass": "Supported", "fail": "Refuted"}[result.verdict]
        (work,) = review["itemReviewed"]["appearance"]
        assert work["identifier"] == result.article
        assert work["headline"] == articles[result.article].title  # from seeds/sources.yaml
        assert review["author"] == {"@type": "Organization", "name": "Example Desk"}
        assert review["datePublished"] == "2024-06-21"
        assert "url" not in review  # no review page given
    # the tabloid's toll: refuted, and the body says what the article says
    toll = next(g for g, r in zip(graph, rated) if r.claim == "ghouta-toll" and r.verdict == "fail")
    assert toll["reviewBody"] == ('says "1,000", "over 1,000", "more than a thousand", which contradicts: '
                                  + claims["ghouta-toll"].claim)  # its three refuting sentences
    assert articles[toll["itemReviewed"]["appearance"][0]["identifier"]].source == "tabloid-c"
    assert "killed 1,000 people" in toll["claimReviewed"]  # the tabloid's claim is the one refuted


def test_the_writer_streams_one_review_a_line_and_matches_the_pure_function(tmp_path):
    run, pairs = seeds_run()
    text = write_file(tmp_path, run.claims, pairs).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == '{"@context":"https://schema.org","@graph":[' and lines[-1] == "]}"
    assert text.endswith("]}\n")
    expected = [rv for a, rs in pairs for rv in cr.reviews(run.claims, a, rs, OPTIONS)]
    assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == expected
    assert cr.document(run.claims, pairs, OPTIONS) == text


def test_no_rated_verdict_is_still_a_valid_document(tmp_path):
    claim = Claim("c", "A claim", "s", "r.yaml", 1, 1)
    article = Article("a", "src", "a.txt", "text", "text")
    results = [Result("c", "a", "missing"), Result("c", "a", "error", message="boom")]
    assert cr.reviews([claim], article, results, OPTIONS) == []
    doc = json.loads(write_file(tmp_path, [claim], [(article, results)]).read_text(encoding="utf-8"))
    assert doc == {"@context": "https://schema.org", "@graph": []}
    validate(doc)


def _hostile_article(**meta) -> Article:
    text = "It says 1,000 </script><script>alert(1)</script> \u2028 & more."
    return Article("x", "src", "x.txt", text, text, **meta)


def _fail_result(article: Article) -> tuple[Claim, Result]:
    q = Query("NUM(1000)", None, "contradict", "r.yaml", 1, 1)
    claim = Claim("toll", "The toll is 1,400 <b>", "s", "r.yaml", 1, 1, contradict=q)
    start = article.text.index("1,000")
    m = Match("1,000", start, start + 5, 1, start + 1, 1000, "NUM(1000)", "contradict")
    ev = Evidence("refutes", article.text, 0, len(article.text), 1, 1, (m,))
    return claim, Result("toll", "x", "fail", (ev,))


def test_article_text_is_inert_and_only_web_links_are_written(tmp_path):
    """Words from the article (title, quoted text) cannot close a <script>
    element the JSON-LD is pasted into, and a javascript: link is dropped."""
    article = _hostile_article(title="</script><img src=x onerror=alert(1)>\u2028 & co", url="javascript:alert(1)",
                               date="2024-05-21")
    claim, result = _fail_result(article)
    text = write_file(tmp_path, [claim], [(article, [result])]).read_text(encoding="utf-8")
    assert not re.search(r"[<>&\u2028\u2029]", text)
    doc = json.loads(text)
    validate(doc)
    (review,) = doc["@graph"]
    work = review["itemReviewed"]["appearance"][0]
    assert work["headline"] == article.title  # the same words, once decoded
    assert "url" not in work and work["datePublished"] == "2024-05-21"
    assert review["claimReviewed"] == " ".join(article.text.split())  # the article's words, escaped
    assert review["reviewBody"] == 'says "1,000", which contradicts: The toll is 1,400 <b>'
    ok = _hostile_article(url="https://news.example.org/a?x=1&y=2", date="21 May 2024")
    claim, result = _fail_result(ok)
    (review,) = cr.reviews([claim], ok, [result], {**OPTIONS, "url": "https://desk.example.org/reviews"})
    assert review["itemReviewed"]["appearance"][0]["url"] == "https://news.example.org/a?x=1&y=2"
    assert "datePublished" not in review["itemReviewed"]["appearance"][0]  # not an ISO date
    assert review["url"] == "https://desk.example.org/reviews"


def test_the_date_comes_from_the_option_then_source_date_epoch_then_today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718928000")  # 2024-06-21T00:00:00Z
    assert cr.review_date({}) == "2024-06-21"
    assert cr.review_date({"date": "2023-01-02"}) == "2023-01-02"
    assert cr.review_date({"date": dt.date(2023, 1, 2)}) == "2023-01-02"
    assert cr.review_date({}, environ={}, today=dt.date(2025, 3, 4)) == "2025-03-04"
    assert cr.review_date({}, environ={"SOURCE_DATE_EPOCH": " "}, today=dt.date(2025, 3, 4)) == "2025-03-04"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert cr.review_date({}) == dt.datetime.now(dt.UTC).date().isoformat()


@pytest.mark.parametrize("options, env, message", [
    ({}, {}, "--publisher NAME"),
    ({"publisher": "  "}, {}, "--publisher NAME"),
    ({"publisher": "D", "date": "21/06/2024"}, {}, "YYYY-MM-DD"),
    ({"publisher": "D", "date": "2024-02-30"}, {}, "YYYY-MM-DD"),
    ({"publisher": "D"}, {"SOURCE_DATE_EPOCH": "yesterday"}, "SOURCE_DATE_EPOCH"),
    ({"publisher": "D"}, {"SOURCE_DATE_EPOCH": "99999999999999999999"}, "SOURCE_DATE_EPOCH"),
])
def test_bad_options_are_a_clear_error_before_anything_is_written(tmp_path, monkeypatch, options, env, message):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    with open(tmp_path / "out.jsonld", "w", encoding="utf-8") as fh, pytest.raises(CheckError) as err:
        cr.ClaimReviewWriter(fh, [], options)
    assert message in str(err.value)
    assert (tmp_path / "out.jsonld").read_text(encoding="utf-8") == ""


def test_the_example_in_the_docs_is_the_seeds_real_output():
    """docs/reports.md shows a review as the writer makes it from the seeds
    (the ```json block before ``<!-- claimreview: ARTICLE CLAIM -->``), and
    the number of reviews it names."""
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    m = re.search(r"```json\n(.*?)\n```\n<!-- claimreview: (\S+) (\S+) -->", text, re.DOTALL)
    assert m, "no ClaimReview example in docs/reports.md"
    shown, article_id, claim_id = json.loads(m[1]), m[2], m[3]
    run, pairs = seeds_run()
    options = {"publisher": "Example Desk", "date": "2024-06-21"}
    everything = [rv for a, rs in pairs for rv in cr.reviews(run.claims, a, rs, options)]
    real = [rv for a, rs in pairs if a.id == article_id
            for rv in cr.reviews(run.claims, a, [r for r in rs if r.claim == claim_id], options)]
    assert real == [shown]
    assert re.search(rf"\b{len(everything)} reviews\b", text)


def test_run_prints_and_writes_claimreview_through_the_real_entry_point(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1718928000"}
    p = cli("run", "--rules", "rules", "--articles", "seeds", "--out", "-", "--format", "claimreview",
            "--publisher", "Example Desk", env=env)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    validate(doc)
    run, pairs = seeds_run()
    assert p.stdout == cr.document(run.claims, pairs, {"publisher": "Example Desk", "date": "2024-06-21"})
    p = cli("run", "--rules", "rules", "--articles", "seeds", "--out", str(tmp_path), "--claimreview",
            "--publisher", "Example Desk", env=env)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / cr.NAME).read_text(encoding="utf-8") == cr.document(
        run.claims, pairs, {"publisher": "Example Desk", "date": "2024-06-21"})
    p = cli("run", "--rules", "rules", "--articles", "seeds", "--out", "-", "--format", "claimreview", env=env)
    assert p.returncode == 2 and "--publisher" in p.stderr and "Traceback" not in p.stderr


def test_the_review_page_comes_from_review_url_and_only_a_web_link_is_taken():
    env = {"SOURCE_DATE_EPOCH": "1718928000"}
    base = ("run", "--rules", "rules", "--articles", "seeds", "--out", "-", "--format", "claimreview",
            "--publisher", "Example Desk")
    p = cli(*base, "--review-url", "https://desk.example.org/reviews", env=env)
    assert p.returncode == 0, p.stderr
    graph = json.loads(p.stdout)["@graph"]
    assert graph and all(r["url"] == "https://desk.example.org/reviews" for r in graph)
    p = cli(*base, "--review-url", "javascript:alert(1)", env=env)
    assert p.returncode == 0, p.stderr
    assert all("url" not in r for r in json.loads(p.stdout)["@graph"])
