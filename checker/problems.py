"""The pre-publication gate's problems: what one result tells an editor to fix.

Shared by the faces that report problems (``claimcheck check`` in every
format, the service): one :class:`Problem` per refuting unit of a ``fail``,
per ``required`` claim that is ``missing``, and per ``error``; ``blocking``
when it should stop publication (SPEC §5).  ``start``/``end`` are character
offsets in the article's original text (``Article.origin``) of the words
the problem points at, when it points at words; ``end_line``/``end_column``
are the position just after them (1-based, the column after the last
character, as SARIF's ``endColumn``).  ``evidence`` holds the units the
problem is about: the refuting unit of a ``fail``, what the article says on
the topic for a ``missing``.

How each format prints problems is in :mod:`checker.reports.gate`.
"""

from __future__ import annotations

from typing import NamedTuple

from .models import Article, Claim, Evidence, Result, RunResult
from .reports import matrix as mx
from .reports.color import paint, terminal_safe
from .text.normalize import LineIndex


# A NamedTuple, not a dataclass: the class is created at every start of the gate, ~0.07 ms as
# a NamedTuple, ~0.6 ms as the dataclass it was (docs/design.md, "The gate").
class Problem(NamedTuple):
    """One line of the gate: a problem at a place in an article."""

    path: str
    line: int
    column: int
    severity: str
    claim: str
    article: str
    verdict: str
    message: str
    known: bool = False
    blocking: bool = False
    text: str | None = None  # the refuting words, when there are any
    start: int | None = None  # their span in the article's original text
    end: int | None = None
    end_line: int | None = None  # the position just after them
    end_column: int | None = None
    evidence: tuple[Evidence, ...] = ()

    def line_text(self, color: bool = False) -> str:
        sev = paint(self.severity, "error-severity" if self.severity == "error" else self.severity, color)
        loc = terminal_safe(f"{self.path}:{self.line}:{self.column}")
        return f"{paint(loc, 'bold', color)}: {sev}: {self.claim}: {terminal_safe(self.message)}"


def _quote(text: str, width: int = 80) -> str:
    return '"' + mx.shorten(text, width) + '"'


def _claim_text(claim: Claim) -> str:
    return mx.shorten(claim.claim, 100)


def located_in_file(article: Article) -> bool:
    """Whether an article's lines and columns are those of its file (for
    ``.jsonl`` they count inside the article's own text)."""
    return article.kind != "jsonl"


def _end(lines: LineIndex, start: int, end: int) -> tuple[int, int]:
    """The (line, column) just after ``origin[start:end]``: the column after
    its last character, on that character's line."""
    line, column = lines.position(max(start, end - 1))
    return line, column + (1 if end > start else 0)


def problems_of(claim: Claim, article: Article, r: Result, lines: LineIndex | None = None) -> list[Problem]:
    """The problems one result raises (none for pass and plain missing).

    ``lines`` indexes ``article.origin`` (made here when not given)."""
    known = bool(r.known)
    blocking = (claim.severity == "error" and not known
                and (r.verdict == "fail" or (r.verdict == "missing" and claim.required)))
    base = {"path": article.path, "severity": claim.severity, "claim": claim.id,
            "article": article.id, "verdict": r.verdict, "known": known, "blocking": blocking}
    # said after each message (built with the problem, not by a _replace of every problem after)
    suffix = f" (known: accepted verdict {r.expected or r.verdict})" if known else ""
    out: list[Problem] = []
    if r.verdict == "fail":
        units = [ev for ev in r.evidence if ev.role in ("refutes", "forbidden")]
        for ev in units:
            ms = [m for m in ev.matches if m.key in ("contradict", "forbid")] or \
                 [m for m in ev.matches if m.key != "about"] or list(ev.matches)
            if ms:
                first = min(ms, key=lambda m: (m.line, m.column))
                said = ", ".join(dict.fromkeys(_quote(m.text, 60) for m in ms))
                line, col, text, span = first.line, first.column, first.text, (first.start, first.end)
            else:
                said = _quote(ev.text, 60)
                line, col, text, span = ev.line, ev.column, ev.text, (ev.start, ev.end)
            denied = [m for m in ms if m.key == "expect" and m.context is not None and m.context.negated]
            if claim.forbid is not None or ev.role == "forbidden":
                msg = f"says {said}, which is forbidden: {_claim_text(claim)}"
            elif denied:  # SPEC §8: the claim's words, under a negation
                cues = dict.fromkeys(f"'{mx.one_line(c.text)}'" for m in denied for c in m.context.cues
                                     if c.kind == "negation")
                said = ", ".join(dict.fromkeys(_quote(m.text, 60) for m in denied))
                line, col, text, span = denied[0].line, denied[0].column, denied[0].text, (denied[0].start, denied[0].end)
                msg = f"denies {said} ({', '.join(cues) or 'negated'}), which the claim states: {_claim_text(claim)}"
            else:
                msg = f"says {said}, which contradicts: {_claim_text(claim)}"
            lines = lines or LineIndex(article.origin)
            end_line, end_col = _end(lines, *span)
            out.append(Problem(line=line, column=col, message=msg + suffix, text=text, start=span[0], end=span[1],
                               end_line=end_line, end_column=end_col, evidence=(ev,), **base))
        if not units:
            out.append(Problem(line=1, column=1, message=(r.message or f"contradicts: {_claim_text(claim)}") + suffix,
                               **base))
    elif r.verdict == "missing" and claim.required:
        near = [ev for ev in r.evidence if ev.role == "in-scope"]
        msg = f"required claim not stated: {_claim_text(claim)}"
        if near:
            msg += f" (the article discusses it at line {near[0].line} without stating it)"
        out.append(Problem(line=1, column=1, message=msg + suffix, evidence=tuple(near), **base))
    elif r.verdict == "error":
        out.append(Problem(line=1, column=1,
                           message=f"could not be evaluated: {mx.one_line(r.message or 'unknown error')}{suffix}",
                           **base))
    return out


def gate(run: RunResult) -> tuple[list[Problem], int]:
    """All problems of a run, sorted by place, and the gate's exit code (0/1)."""
    claims = {c.id: c for c in run.claims}
    articles = {a.id: a for a in run.articles}
    problems: list[Problem] = []
    order = {a.id: i for i, a in enumerate(run.articles)}
    lines: dict[str, LineIndex] = {}
    for r in run.results:
        claim, article = claims.get(r.claim), articles.get(r.article)
        if claim is None or article is None or r.verdict == "pass":
            continue
        index = lines.get(article.id)
        if index is None and r.verdict == "fail":
            index = lines[article.id] = LineIndex(article.origin)
        problems.extend(problems_of(claim, article, r, index))
    problems.sort(key=lambda p: (order.get(p.article, 0), p.path, p.line, p.column, p.claim))
    code = 1 if any(p.blocking for p in problems) else 0
    return problems, code


