"""The vocabulary every report shares: symbols, what a result says, marks.

The per-claim × per-source aggregates live in :mod:`checker.reports.tally`.

* Symbols: ✓ pass, ✗ fail, – missing, ! error; a trailing ``*`` marks a
  verdict that is the accepted (``known``) verdict for that article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from checker.models import Article, Evidence, Match, Result

from . import per_article

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


_SILENT: tuple[tuple, tuple] = ((), ())  # what a missing or error result says: nothing


def said_of(results: Sequence[Result], shared: dict | None = None) -> list[tuple[Sequence[Match], Sequence[str]]]:
    """For each of an article's results, its :func:`decisive_matches` and
    :func:`said_spans` (both empty for ``missing`` and ``error``), the two
    worked out together (the same units, one pass; a test keeps them equal).
    ``shared`` (the report sink's memo, emptied after each batch of articles)
    keeps each article's, so the tally and ``results.csv`` work them out once."""
    return per_article(shared, "said", results, _said_of)


def _said_of(results: Sequence[Result]) -> list[tuple[Sequence[Match], Sequence[str]]]:
    out: list[tuple[Sequence[Match], Sequence[str]]] = []
    for r in results:
        verdict = r.verdict
        if verdict != "pass" and verdict != "fail":
            out.append(_SILENT)
            continue
        roles = DECISIVE_ROLES[verdict]
        units = [ev for ev in r.evidence if ev.role in roles]
        matches: list[Match] = []
        for key in DECISIVE_KEYS[verdict]:
            for ev in units:
                for m in ev.matches:
                    if m.key == key:
                        matches.append(m)
            if matches:
                break
        else:  # no match of a deciding query: decisive_matches' fallbacks
            matches = decisive_matches(r)
        if len(matches) == 1:  # the common case: one span, no dict of them
            text = " ".join(matches[0].text.split())  # one_line
            if text:
                out.append((matches, [text]))
                continue
        seen: dict[str, None] = {}
        for m in matches:
            text = " ".join(m.text.split())  # one_line
            if text:
                seen[text] = None
        if not seen:
            for ev in units:
                seen.setdefault(shorten(ev.text), None)
        out.append((matches, list(seen)))
    return out


def said_spans(result: Result, matches: Sequence[Match] | None = None) -> list[str]:
    """Distinct matched texts (one line each) in order: what the article says.

    ``matches``: the result's :func:`decisive_matches`, when already known."""
    seen: dict[str, None] = {}
    for m in decisive_matches(result) if matches is None else matches:
        text = one_line(m.text)
        if text:
            seen.setdefault(text, None)
    if not seen and result.verdict in ("pass", "fail"):
        for ev in decisive_evidence(result):
            seen.setdefault(shorten(ev.text), None)
    return list(seen)


LEGEND = "✓ pass · ✗ fail · – missing (not mentioned) · ! error · * accepted (known) verdict · blank: claim does not apply"


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
