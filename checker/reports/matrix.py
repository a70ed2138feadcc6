"""What every report shows, computed once: sources, cells, totals, discrepancies.

The renderers (table, Markdown, CSV, HTML) only format what this module
computes, so the matrix reads the same in every output.

* Sources are the distinct ``Article.source`` values, in order of first
  appearance in the run.
* A *cell* is one claim × one source: the results of the claim on the
  source's articles (none when the claim applies to none of them).
* Symbols: ✓ pass, ✗ fail, – missing, ! error; a trailing ``*`` marks a
  verdict that is the accepted (``known``) verdict for that article.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from checker.models import Article, Claim, Evidence, Match, Result, RunResult

SYMBOLS = {"pass": "✓", "fail": "✗", "missing": "–", "error": "!"}
VERDICT_ORDER = ("pass", "fail", "missing", "error")
KNOWN_MARK = "*"

# Which query keys decide a verdict: their matches are "what the source says".
DECISIVE_KEYS = {
    "pass": ("expect",),
    "fail": ("contradict", "forbid", "expect"),
    "missing": (),
    "error": (),
}
DECISIVE_ROLES = {
    "pass": ("supports",),
    "fail": ("refutes", "forbidden"),
    "missing": (),
    "error": (),
}


def symbol(verdict: str, known: bool = False) -> str:
    return SYMBOLS.get(verdict, "?") + (KNOWN_MARK if known else "")


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines included) to one space."""
    return " ".join(text.split())


def shorten(text: str, width: int = 60) -> str:
    text = one_line(text)
    if len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"


def sources_of(articles: Iterable[Article]) -> list[str]:
    """Distinct sources in order of first appearance."""
    seen: dict[str, None] = {}
    for article in articles:
        seen.setdefault(article.source, None)
    return list(seen)


def decisive_evidence(result: Result) -> list[Evidence]:
    """The evidence units that decided a pass or a fail."""
    roles = DECISIVE_ROLES.get(result.verdict, ())
    return [ev for ev in result.evidence if ev.role in roles]


def decisive_matches(result: Result) -> list[Match]:
    """The matched spans that say what the article says about the claim.

    For a pass: the spans matched by ``expect``; for a fail: those matched by
    ``contradict`` or ``forbid``.  Falls back to any match of the deciding
    units when the engine did not tag matches with their query key.
    """
    keys = DECISIVE_KEYS.get(result.verdict, ())
    units = decisive_evidence(result)
    out: list[Match] = []
    for key in keys:
        for ev in units:
            out.extend(m for m in ev.matches if m.key == key)
        if out:
            return out
    for ev in units:
        out.extend(m for m in ev.matches if m.key != "about")
    if not out:
        for ev in units:
            out.extend(ev.matches)
    return out


def said_spans(result: Result) -> list[str]:
    """Distinct matched texts (one line each) in order: what the article says."""
    seen: dict[str, None] = {}
    for m in decisive_matches(result):
        text = one_line(m.text)
        if text:
            seen.setdefault(text, None)
    if not seen and result.verdict in ("pass", "fail"):
        for ev in decisive_evidence(result):
            seen.setdefault(shorten(ev.text), None)
    return list(seen)


@dataclass
class Cell:
    """One claim × one source."""

    claim: Claim
    source: str
    entries: list[tuple[Article, Result]] = field(default_factory=list)

    @property
    def results(self) -> list[Result]:
        return [r for _, r in self.entries]

    @property
    def empty(self) -> bool:
        return not self.entries

    def counts(self) -> Counter:
        """Counter of ``(verdict, known)``."""
        return Counter((r.verdict, bool(r.known)) for r in self.results)

    def verdicts(self) -> set[str]:
        return {r.verdict for r in self.results}

    def text(self) -> str:
        """``✓``, ``✗*``, or counts like ``2✓ 1✗`` for several articles."""
        if not self.entries:
            return ""
        if len(self.entries) == 1:
            r = self.entries[0][1]
            return symbol(r.verdict, r.known)
        return format_counts(self.counts())

    def span_counts(self) -> Counter:
        """How often each matched text occurs over the cell's results."""
        counter: Counter = Counter()
        for r in self.results:
            for text in said_spans(r):
                counter[text] += 1
        return counter

    def said(self, top: int = 3, width: int = 60) -> str:
        """What the source says: ``✗ "1,000 people"``, ``–``; counts for several."""
        if not self.entries:
            return ""
        if len(self.entries) == 1:
            r = self.entries[0][1]
            head = symbol(r.verdict, r.known)
            if r.verdict == "missing":
                return head
            if r.verdict == "error":
                return f"{head} {shorten(r.message or 'error', width)}".rstrip()
            spans = said_spans(r)[:top]
            if not spans:
                return head
            return head + " " + ", ".join(f'"{shorten(s, width)}"' for s in spans)
        head = format_counts(self.counts())
        spans = self.span_counts().most_common(top)
        if not spans:
            return head
        return head + ": " + ", ".join(
            f'"{shorten(s, width)}"' + (f" ×{n}" if n > 1 else "") for s, n in spans
        )


def format_counts(counts: Counter) -> str:
    parts = []
    for verdict in VERDICT_ORDER:
        for known in (False, True):
            n = counts.get((verdict, known), 0)
            if n:
                parts.append(f"{n}{symbol(verdict, known)}")
    return " ".join(parts)


@dataclass
class Row:
    claim: Claim
    cells: list[Cell]

    def verdicts(self) -> set[str]:
        out: set[str] = set()
        for cell in self.cells:
            out |= cell.verdicts()
        return out

    @property
    def discrepant(self) -> bool:
        """The claim's verdicts differ between the articles it applies to."""
        return len(self.verdicts()) > 1


@dataclass
class Matrix:
    sources: list[str]
    rows: list[Row]
    articles: dict[str, Article]

    def totals(self) -> list[Counter]:
        """Per source, Counter of ``(verdict, known)`` over all claims."""
        out = []
        for i in range(len(self.sources)):
            c: Counter = Counter()
            for row in self.rows:
                c.update(row.cells[i].counts())
            out.append(c)
        return out

    def totals_text(self) -> list[str]:
        return [format_counts(c) or "" for c in self.totals()]

    def discrepancies(self) -> list[Row]:
        return [row for row in self.rows if row.discrepant]

    def articles_per_source(self) -> list[int]:
        counts = Counter(a.source for a in self.articles.values())
        return [counts[s] for s in self.sources]


def build(run: RunResult) -> Matrix:
    """Group a run's results into claim rows and source columns."""
    articles = {a.id: a for a in run.articles}
    sources = sources_of(run.articles)
    index = {s: i for i, s in enumerate(sources)}
    by_claim: dict[str, list[tuple[Article, Result]]] = {}
    for r in run.results:
        article = articles.get(r.article)
        if article is None:
            continue
        by_claim.setdefault(r.claim, []).append((article, r))
    rows = []
    for claim in run.claims:
        cells = [Cell(claim, s) for s in sources]
        for article, r in by_claim.get(claim.id, []):
            cells[index[article.source]].entries.append((article, r))
        rows.append(Row(claim, cells))
    return Matrix(sources, rows, articles)


LEGEND = "✓ pass · ✗ fail · – missing (not mentioned) · ! error · * accepted (known) verdict · blank: claim does not apply"


def summary(run: RunResult) -> str:
    counts = Counter(r.verdict for r in run.results)
    known = sum(1 for r in run.results if r.known)
    parts = [f"{len(run.claims)} claims", f"{len(run.articles)} articles",
             f"{len(sources_of(run.articles))} sources"]
    verdicts = ", ".join(f"{counts.get(v, 0)} {v}" for v in VERDICT_ORDER)
    text = ", ".join(parts) + f": {verdicts}"
    if known:
        text += f" ({known} known)"
    return text


def first_position(result: Result, roles: Sequence[str], keys: Sequence[str]) -> tuple[int, int] | None:
    """Line and column of the first decisive match (or unit) of a result."""
    for ev in result.evidence:
        if ev.role not in roles:
            continue
        for key in keys:
            for m in ev.matches:
                if m.key == key:
                    return m.line, m.column
        return ev.line, ev.column
    return None


def unit_text(ev: Evidence, origin: str | None = None) -> str:
    """The unit's text as it stands in the article (``ev.text`` has its
    whitespace collapsed), so that match offsets line up with it."""
    if origin is not None and 0 <= ev.start <= ev.end <= len(origin):
        return origin[ev.start: ev.end]
    return ev.text


_WS = __import__("re").compile(r"\s+")


def squash(text: str) -> str:
    """Every run of whitespace as one space (keeps a leading/trailing one)."""
    return _WS.sub(" ", text)


def mark_spans(text: str, start: int, matches: Iterable[Match]) -> list[tuple[int, int, list[Match]]]:
    """Where each match falls inside a unit's ``text`` (that starts at ``start``).

    Returns ``(rel_start, rel_end, matches)`` sorted and merged where spans
    overlap.  A match whose offsets do not line up with the text is found by
    its words instead (first occurrence); one that is not there is skipped.
    """
    spans: list[tuple[int, int, Match]] = []
    for m in matches:
        if not m.text:
            continue
        rel = m.start - start
        if not (0 <= rel and text[rel: rel + len(m.text)] == m.text):
            rel = text.find(m.text)
            if rel < 0:
                continue
        spans.append((rel, rel + len(m.text), m))
    spans.sort(key=lambda s: (s[0], -s[1]))
    merged: list[tuple[int, int, list[Match]]] = []
    for s, e, m in spans:
        if merged and s < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], e), last[2] + [m])
        else:
            merged.append((s, e, [m]))
    return merged


def match_title(m: Match) -> str:
    """``expect: NUM(1400 ±10%) = 1400`` — what a marked span is."""
    title = f"{m.key}: {m.part}" if m.key else m.part
    if m.value is not None:
        title += f" = {m.value}"
    if m.note:
        title += f" ({m.note})"
    return title.strip(": ")
