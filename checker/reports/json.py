"""JSON results, ``claimcheck/results@1`` (SPEC §6).

Fields named in the contract are never renamed or removed; extra fields
(``start``/``end``/``part``/``query``/``note`` on matches, ``role`` on evidence,
``scope``/``required``/``note``/``queries`` on claims,
``expected`` on results, ``errors`` for unreadable articles) are additions.
"""

from __future__ import annotations

from functools import cache

from ..models import RunResult

SCHEMA = "claimcheck/results@1"


def _match(m) -> dict:
    ctx = m.context
    context = {"negated": bool(ctx and ctx.negated), "hedged": bool(ctx and ctx.hedged),
               "source": ctx.source if ctx else None}
    if ctx and ctx.cues:  # SPEC §8: the cue words, when any
        context["cues"] = [c.text for c in ctx.cues]
    return {
        "text": m.text, "line": m.line, "column": m.column, "value": m.value,
        "start": m.start, "end": m.end, "part": m.part, "query": m.key, "note": m.note, "context": context,
    }


def _evidence(e) -> dict:
    return {
        "text": e.text, "line": e.line, "column": e.column, "role": e.role,
        "start": e.start, "end": e.end, "matches": [_match(m) for m in e.matches],
    }


def to_dict(run: RunResult) -> dict:
    counts = {a.id: {"pass": 0, "fail": 0, "missing": 0, "error": 0} for a in run.articles}
    for r in run.results:
        counts.setdefault(r.article, {"pass": 0, "fail": 0, "missing": 0, "error": 0})[r.verdict] += 1
    return {
        "schema": SCHEMA,
        "articles": [
            {"id": a.id, "source": a.source, "path": a.path, "title": a.title, "date": a.date, "url": a.url}
            for a in run.articles
        ],
        "claims": [
            {"id": c.id, "claim": c.claim, "story": c.story, "file": c.file, "line": c.line,
             "severity": c.severity, "scope": c.scope, "required": c.required, "note": c.note,
             "queries": {k: getattr(c, k).source for k in ("about", "expect", "contradict", "forbid")
                         if getattr(c, k) is not None}}
            for c in run.claims
        ],
        "results": [
            {"claim": r.claim, "article": r.article, "verdict": r.verdict,
             "evidence": [_evidence(e) for e in r.evidence],
             "known": r.known, "expected": r.expected, "message": r.message}
            for r in run.results
        ],
        "counts": counts,
        "errors": [e.to_dict() if hasattr(e, "to_dict") else {"message": str(e)} for e in run.errors],
    }


@cache
def _encoder():
    import msgspec  # a core dependency; imported at first use (start-up time matters to the gate)

    return msgspec.json.Encoder(decimal_format="number")


def dumps(doc: object, *, indent: int | None = 2) -> str:
    """The one JSON encoding of claimcheck's documents (results, ``check``'s
    document, the service's answers).

    Numbers are exact (issue #14.8): a quantity's ``value`` is an ``int`` of
    any size or a ``Decimal``, and both are written as JSON numbers digit for
    digit (``99999999999999999999999999``, ``2.5``).  ``json.dumps`` cannot
    write a ``Decimal`` as a number and refuses integers past 4,300 digits;
    orjson refuses integers past 64 bits; msgspec does both.  Text is UTF-8,
    not escaped to ASCII; ``indent=2`` gives the same text as
    ``json.dumps(doc, ensure_ascii=False, indent=2)`` for the same data."""
    raw = _encoder().encode(doc)
    if indent:
        import msgspec

        raw = msgspec.json.format(raw, indent=indent)
    return raw.decode("utf-8")


def render(run: RunResult) -> str:
    return dumps(to_dict(run)) + "\n"
