"""schema.org ``ClaimReview`` JSON-LD: one review per claim × article whose
verdict is ``pass`` or ``fail`` (issue #16, item 3).

The document is one JSON-LD object, ``{"@context": "https://schema.org",
"@graph": [...]}``, one ``ClaimReview`` a line inside ``@graph``, in the
order the results come (articles in input order, claims in rule order)::

    {"@type": "ClaimReview",
     "claimReviewed": CLAIM SENTENCE (pass) | THE ARTICLE'S REFUTING SENTENCE (fail),
     "itemReviewed": {"@type": "Claim", "appearance": [{"@type": "CreativeWork",
                      "identifier": ARTICLE ID, "headline": TITLE, "url": URL,
                      "datePublished": DATE}]},
     "reviewRating": {"@type": "Rating", "ratingValue": 5 | 1, "bestRating": 5,
                      "worstRating": 1, "alternateName": "Supported" | "Refuted"},
     "reviewBody": WHAT THE ARTICLE SAYS (the gate's message),
     "author": {"@type": "Organization", "name": PUBLISHER},
     "datePublished": RUN DATE, "url": REVIEW PAGE (when given)}

``missing`` and ``error`` verdicts give no review (there is nothing the
article says to rate).  ``options`` (as the report sink passes them):

* ``publisher`` (required): the organisation publishing the reviews
  (``--publisher NAME``), the reviews' ``author``;
* ``date``: the reviews' ``datePublished`` (ISO ``YYYY-MM-DD``); when not
  given, the date of ``SOURCE_DATE_EPOCH`` if that is set (reproducible
  output), else today's date (UTC);
* ``url``: the ``http(s)`` page where the reviews are published, each
  review's ``url``.

Article text reaches the output only as JSON strings; ``<``, ``>``, ``&``
and the JavaScript line separators are written as ``\\uXXXX`` escapes, so the
document can be pasted into an HTML ``<script type="application/ld+json">``
and no article can close that element.  Only ``http``/``https`` URLs are
written.  See docs/reports.md, "ClaimReview".
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from ..errors import CheckError
from ..models import Article, Claim, Result

__all__ = ["FORMAT", "NAME", "RATINGS", "ClaimReviewWriter", "document", "review_date", "reviews"]

FORMAT = "claimreview"  # claimcheck run --format claimreview
NAME = "claimreview.jsonld"  # the file in --out (--claimreview)
CONTEXT = "https://schema.org"

# verdict -> (ratingValue, alternateName) on a scale from WORST to BEST
BEST, WORST = 5, 1
RATINGS: dict[str, tuple[int, str]] = {"pass": (BEST, "Supported"), "fail": (WORST, "Refuted")}

_PROBLEM = re.compile(r"(says|denies) (.+?), which (.+)", re.DOTALL)  # the gate's messages of a fail
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HTTP_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)
# Safe to embed in an HTML <script> element (and in JavaScript source): still the same JSON.
_EMBED_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_EMBED_UNSAFE = re.compile("[<>&\u2028\u2029]")


def review_date(options: Mapping[str, Any], environ: Mapping[str, str] | None = None,
                today: dt.date | None = None) -> str:
    """The reviews' ``datePublished``: ``options["date"]``, else the date of
    ``SOURCE_DATE_EPOCH`` (UTC), else ``today`` (default: today, UTC)."""
    given = options.get("date")
    if given is not None:
        text = given.isoformat() if isinstance(given, dt.date) else str(given)
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError
            dt.date.fromisoformat(text)
        except ValueError:
            raise CheckError(f"the review date must be a date as YYYY-MM-DD, not {text!r}") from None
        return text
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip():
        try:
            seconds = int(epoch.strip())
            return dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError):
            raise CheckError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, "
                             f"not {epoch!r}") from None
    return (today or dt.datetime.now(dt.UTC).date()).isoformat()


def _publisher(options: Mapping[str, Any]) -> str:
    name = options.get("publisher")
    if not isinstance(name, str) or not name.strip():
        raise CheckError("ClaimReview needs the name of the organisation that publishes the reviews: "
                         "--publisher NAME")
    return " ".join(name.split())


def _http_url(value: str | None) -> str | None:
    """``value`` when it is an http(s) URL (a ``javascript:`` or relative
    link is never written)."""
    if value and _HTTP_URL.fullmatch(value.strip()):
        return value.strip()
    return None


def _appearance(article: Article) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "identifier": article.id}
    if article.title:
        work["headline"] = article.title
    url = _http_url(article.url)
    if url:
        work["url"] = url
    if article.date and _ISO_DATE.match(article.date):
        work["datePublished"] = article.date
    return work


def _body(claim: Claim, article: Article, result: Result) -> str:
    """What the article says about the claim, in the gate's words."""
    from ..problems import problems_of

    if result.verdict == "fail":  # one phrase per way of contradicting, with every passage's words
        said: dict[tuple[str, str], list[str]] = {}
        for problem in problems_of(claim, article, result):
            m = _PROBLEM.fullmatch(problem.message)
            verb, words, tail = m.groups() if m else ("", "", problem.message)
            said.setdefault((verb, tail), [])
            if words not in said[(verb, tail)]:
                said[(verb, tail)].append(words)
        return "; ".join(f"{verb} {', '.join(words)}, which {tail}" if verb else tail
                         for (verb, tail), words in said.items())
    said = [m.text for ev in result.evidence if ev.role == "supports" for m in ev.matches if m.key == "expect"]
    if said:
        quoted = ", ".join(dict.fromkeys(json.dumps(s, ensure_ascii=False) for s in said[:3]))
        return f"says {quoted}, as the claim states: {claim.claim}"
    if claim.forbid is not None:
        return f"does not say what is forbidden: {claim.claim}"
    return f"states: {claim.claim}"


def _reviewed(claim: Claim, result: Result) -> str:
    """The claim a review rates.  For a ``pass``, the desk's claim, which the
    article states.  For a ``fail``, what the article claims instead: its
    first refuting sentence.  ("Refuted" on the desk's own sentence would
    tell a search engine that the established fact is false.)"""
    if result.verdict == "fail":
        for ev in result.evidence:
            if ev.role in ("refutes", "forbidden") and ev.text.strip():
                return " ".join(ev.text.split())
    return claim.claim


def reviews(claims: Iterable[Claim] | Mapping[str, Claim], article: Article, results: Iterable[Result],
            options: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``ClaimReview`` objects of one article's results (``pass`` and
    ``fail`` only), in the order of ``results``.  ``options``: see the
    module's docstring (``publisher`` required)."""
    by_id = claims if isinstance(claims, Mapping) else {c.id: c for c in claims}
    author = {"@type": "Organization", "name": _publisher(options)}
    date = review_date(options)
    page = _http_url(options.get("url"))
    out: list[dict[str, Any]] = []
    for result in results:
        rating = RATINGS.get(result.verdict)
        claim = by_id.get(result.claim)
        if rating is None or claim is None:
            continue
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            "claimReviewed": _reviewed(claim, result),
            "itemReviewed": {"@type": "Claim", "appearance": [_appearance(article)]},
            "reviewRating": {"@type": "Rating", "ratingValue": rating[0], "bestRating": BEST,
                             "worstRating": WORST, "alternateName": rating[1]},
            "reviewBody": _body(claim, article, result),
            "author": author,
            "datePublished": date,
        }
        if page:
            review["url"] = page
        out.append(review)
    return out


def encode(value: Any) -> str:
    """Compact JSON, safe to embed in HTML (see the module's docstring)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _EMBED_UNSAFE.sub(lambda m: _EMBED_ESCAPES[m.group()], text)


_HEAD = '{"@context":"https://schema.org","@graph":['
_TAIL = "]}\n"


class ClaimReviewWriter:
    """The streaming writer of ``claimreview.jsonld`` (the report sink's
    Writer protocol): the document's head when made, each article's reviews
    as they come (one a line), the closing brackets at :meth:`finish`.  The
    publisher and the date are checked and fixed when the writer is made, so
    a bad option fails before any article is read."""

    name = NAME
    format = FORMAT

    def __init__(self, fh: TextIO, claims: Iterable[Claim], options: Mapping[str, Any]) -> None:
        self.fh = fh
        self.claims = {c.id: c for c in claims}
        self.options = {**options, "publisher": _publisher(options), "date": review_date(options)}
        self.count = 0
        fh.write(_HEAD)

    def add(self, article: Article, results: Iterable[Result]) -> None:
        for review in reviews(self.claims, article, results, self.options):
            self.fh.write(("\n" if self.count == 0 else ",\n") + encode(review))
            self.count += 1

    def finish(self, tally: Any = None, errors: Iterable[Any] = ()) -> None:
        """Close the document (unreadable articles have no verdict to review)."""
        self.fh.write(("\n" if self.count else "") + _TAIL)


def document(claims: Iterable[Claim], pairs: Iterable[tuple[Article, Iterable[Result]]],
             options: Mapping[str, Any]) -> str:
    """The whole JSON-LD document for ``(article, results)`` pairs, as the
    writer streams it (for ``render``-style callers and tests)."""
    import io

    buf = io.StringIO()
    writer = ClaimReviewWriter(buf, claims, options)
    for article, results in pairs:
        writer.add(article, results)
    writer.finish(None, ())
    return buf.getvalue()
