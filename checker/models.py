"""The data that flows through claimcheck: small frozen dataclasses.

Pipeline: articles (:class:`Article`) → text analysis (:class:`Analysis` with
units, words, :class:`Quantity` and :class:`DateMention`) → rules
(:class:`Story`, :class:`Claim`, :class:`Query`) → engine (:class:`Result`
with :class:`Evidence` and :class:`Match`) → reports.

Offsets: ``Article.text`` is what gets analysed.  The analysis works on a
normalised copy of it (``Analysis.text``), whose offsets map back to
``Article.text`` and from there to ``Article.origin``, the text that lines and
columns (1-based) refer to.  Engine results carry original positions only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .frozen import quick_init
from .pickling import by_fields

if TYPE_CHECKING:
    from .exact import Exact
    from .rules.query.nodes import Node
    from .text.cues import MatchContext

Verdict = Literal["pass", "fail", "missing", "error"]
VERDICTS: tuple[str, ...] = ("pass", "fail", "missing", "error")
SCOPES: tuple[str, ...] = ("sentence", "paragraph", "article")
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
READINGS: tuple[str, ...] = ("aware", "literal")  # claim key `context` (SPEC §8)
CERTAINTIES: tuple[str, ...] = ("any", "stated")  # claim key `certainty` (SPEC §8)


# --------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------


@by_fields
@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from disk.

    ``text`` is the article's words as claimcheck analyses them: for ``.txt``
    the decoded file; for ``.md`` the file with front matter and markup
    blanked out by spaces (so offsets are the file's); for ``.html`` the
    visible text; for ``.jsonl`` the ``text`` field.  ``origin`` is the text
    that reported lines and columns refer to (the decoded file, or for
    ``.jsonl`` the article's own text).  ``offsets``, when not ``None``, maps
    each index of ``text`` (and ``len(text)``) to an index of ``origin``;
    ``None`` means the two are the same text.
    """

    id: str
    source: str
    path: str
    text: str
    origin: str
    kind: str = "txt"  # txt | md | html | jsonl
    offsets: tuple[int, ...] | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None

    def origin_offset(self, index: int) -> int:
        """Index into ``origin`` of the character at ``index`` of ``text``."""
        if self.offsets is None:
            return index
        return self.offsets[index]


# --------------------------------------------------------------------------
# Text analysis
# --------------------------------------------------------------------------


@quick_init  # built per article, by the hundred (checker.frozen)
@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence, a paragraph or the whole article.

    ``start``/``end`` are offsets in ``Analysis.text``; ``tok_start``/``tok_end``
    index ``Analysis.words``.  ``paragraph`` is the index of the enclosing
    paragraph (for a paragraph, its own index; for the article, 0).
    """

    kind: str  # sentence | paragraph | article
    index: int
    start: int
    end: int
    tok_start: int
    tok_end: int
    paragraph: int = 0


@quick_init  # built per article, by the hundred (checker.frozen)
@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity stated in text.

    ``value`` is the number as printed (``more than 1,000`` → 1000, hedge
    ``more than``).  ``low``/``high`` bound what the mention can mean when it
    is a range (``1,000 to 1,500``) or a vague plural (``hundreds`` →
    200..999); for a plain number both equal ``value``.  ``kind`` is one of
    ``number``, ``range``, ``vague``, ``percent``.
    """

    start: int  # offsets in the text it was found in
    end: int
    text: str
    value: Exact  # exact: an int, or a Decimal when not whole (checker.exact)
    low: Exact
    high: Exact
    hedge: str | None = None
    kind: str = "number"


@quick_init  # built per article, by the hundred (checker.frozen)
@dataclass(frozen=True, slots=True)
class DateMention:
    """A date stated in text, with the precision it was stated with.

    ``precision`` is ``day``, ``month``, ``year``, or ``none`` for a day or
    month with no year of its own (``on August 21``, ``Tuesday``), which never
    matches a ``DATE(...)`` query.
    """

    start: int
    end: int
    text: str
    year: int | None
    month: int | None = None
    day: int | None = None
    precision: str = "day"  # day | month | year | none


# --------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query with where it came from (for errors and explain)."""

    source: str  # the query as written
    node: Node  # the query's AST (checker.rules.query.nodes)
    key: str  # about | expect | contradict | forbid
    file: str
    line: int  # 1-based position of the query's first character in the file
    column: int


@dataclass(frozen=True, slots=True)
class Example:
    """One of a claim's ``examples``: a text and the verdict the claim must give on it."""

    text: str
    verdict: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim of a rule file, its queries parsed once by the loader."""

    id: str
    claim: str
    story: str
    file: str
    line: int
    column: int
    expect: Query | None = None
    forbid: Query | None = None
    about: Query | None = None
    contradict: Query | None = None
    scope: str = "sentence"
    severity: str = "error"
    required: bool = False
    sources: tuple[str, ...] = ()
    known: tuple[tuple[str, str], ...] = ()  # (article id or source glob, verdict)
    note: str | None = None
    examples: tuple[Example, ...] = ()
    entities: tuple[tuple[str, tuple[str, ...]], ...] = ()  # the story's @entities
    context: str = "aware"  # aware: negated matches do not count (SPEC §8) | literal: SPEC §3 word for word
    certainty: str = "any"  # any: hedged matches count as stated | stated: they count for nothing


@dataclass(frozen=True, slots=True)
class Story:
    """One rule file: its story slug and its claims."""

    slug: str
    file: str
    claims: tuple[Claim, ...]
    title: str | None = None
    entities: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every story loaded for a run."""

    stories: tuple[Story, ...]

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(c for s in self.stories for c in s.claims)


# --------------------------------------------------------------------------
# Verdicts
# --------------------------------------------------------------------------


@by_fields
@quick_init  # built per article, by the hundred (checker.frozen)
@dataclass(frozen=True, slots=True)
class Match:
    """A span of the article that a leaf of a query matched.

    Positions refer to the article's ``origin`` (line/column 1-based,
    ``start``/``end`` 0-based character offsets).  ``value`` is the value of
    a matched quantity (a number) or date (ISO string), else ``None``.
    """

    text: str
    start: int
    end: int
    line: int
    column: int
    value: Any = None
    part: str = ""  # the query leaf that matched, as written, e.g. NUM(1400 ±10%)
    key: str = ""  # about | expect | contradict | forbid
    note: str | None = None  # e.g. how a QUOTE passage differs from the expected words
    context: MatchContext | None = None  # negated, hedged, whose words (SPEC §8); None: not looked up


@by_fields
@quick_init  # built per article, by the hundred (checker.frozen)
@dataclass(frozen=True, slots=True)
class Evidence:
    """A unit (sentence, paragraph, article) that bears on a verdict."""

    role: str  # supports | refutes | forbidden | in-scope
    text: str
    start: int
    end: int
    line: int
    column: int
    matches: tuple[Match, ...] = ()


@by_fields
@quick_init  # built per article, by the hundred (checker.frozen)
@dataclass(frozen=True, slots=True)
class Result:
    """The verdict of one claim on one article, with its evidence."""

    claim: str
    article: str
    verdict: str
    evidence: tuple[Evidence, ...] = ()
    known: bool = False  # the verdict equals the accepted (known) verdict for this article
    message: str = ""
    expected: str | None = None  # the known verdict declared for this article, if any


@dataclass(frozen=True, slots=True)
class RunResult:
    """A whole run: the articles, the claims, every result, the input errors."""

    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    results: tuple[Result, ...]
    errors: tuple[Any, ...] = field(default=())  # CheckErrors for articles that could not be read

    def result(self, claim_id: str, article_id: str) -> Result | None:
        for r in self.results:
            if r.claim == claim_id and r.article == article_id:
                return r
        return None
