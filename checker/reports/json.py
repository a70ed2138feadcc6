"""JSON results, ``claimcheck/results@1`` (SPEC §6), and the one JSON encoder.

Fields named in the contract are never renamed or removed; extra fields
(``start``/``end``/``part``/``query``/``note`` on matches, ``role`` on evidence,
``scope``/``required``/``note``/``queries`` on claims,
``expected`` on results, ``errors`` for unreadable articles) are additions.

:func:`match_dict`, :func:`evidence_dict`, :func:`result_dict`,
:func:`article_dict` and :func:`claim_dict` are the single place that turns
models into §6 dicts (the service and the gate use them too).  :func:`encode`
is the single JSON encoder: msgspec's C encoder, which writes
``decimal.Decimal`` values as JSON numbers (exact quantities stay exact).

:class:`Writer` streams ``results.json``: articles, results and counts are
spooled to temporary files as they come and the document is assembled at the
end, so memory does not grow with the number of articles; the bytes are those
of ``json.dumps(doc, indent=2, ensure_ascii=False)`` whatever the batch size.
"""

from __future__ import annotations

import codecs
import shutil
import tempfile
from typing import IO, Any

import msgspec

from ..models import RunResult
from . import per_article

SCHEMA = "claimcheck/results@1"

_ENCODER = msgspec.json.Encoder(decimal_format="number")


def encode(obj: Any) -> bytes:
    """Compact JSON (UTF-8, Decimal as a number)."""
    return _ENCODER.encode(obj)


def pretty(obj: Any, depth: int = 0) -> str:
    """``obj`` as ``json.dumps(obj, indent=2, ensure_ascii=False)`` writes it,
    nested ``depth`` levels deep (every line after the first indented)."""
    text = msgspec.json.format(_ENCODER.encode(obj), indent=2).decode("utf-8")
    if depth:
        text = text.replace("\n", "\n" + "  " * depth)
    return text


def encoded_lines(results, shared: dict | None = None) -> bytes:
    """An article's results as compact JSON, one per line (each ending in
    ``\n``), in one ``Encoder.encode_lines`` call.  Compact JSON holds no raw
    line break (a string's is escaped), so the lines split back into the
    results.  ``shared`` (the sink's memo, passed to writers in their options
    and emptied after each batch of articles) keeps each article's, so
    ``results.json`` and ``results.jsonl`` encode each result once."""
    return per_article(shared, "json.lines", results, _encoded_lines)


def _encoded_lines(results) -> bytes:
    return _ENCODER.encode_lines([result_dict(r) for r in results])


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    """The one JSON text of claimcheck's documents (results, ``check``'s
    document, the service's answers), without a final newline: indented as
    ``json.dumps(obj, indent=2, ensure_ascii=False)`` writes it, or compact
    with ``indent=None``.  Numbers are exact (issue #14.8): an ``int`` of any
    size or a ``Decimal`` is written digit for digit, which ``json.dumps``
    (no Decimal as a number) and orjson (no integer past 64 bits) cannot."""
    if indent is None:
        return _ENCODER.encode(obj).decode("utf-8")
    return pretty(obj)


# ------------------------------------------------------------ model → dict ---


def match_dict(m) -> dict:
    ctx = m.context
    context = {"negated": bool(ctx and ctx.negated), "hedged": bool(ctx and ctx.hedged),
               "source": ctx.source if ctx else None}
    if ctx and ctx.cues:  # SPEC §8: the cue words, when any
        context["cues"] = [c.text for c in ctx.cues]
    return {
        "text": m.text, "line": m.line, "column": m.column, "value": m.value,
        "start": m.start, "end": m.end, "part": m.part, "query": m.key, "note": m.note, "context": context,
    }


def evidence_dict(e) -> dict:
    return {
        "text": e.text, "line": e.line, "column": e.column, "role": e.role,
        "start": e.start, "end": e.end, "matches": [match_dict(m) for m in e.matches],
    }


def result_dict(r) -> dict:
    return {"claim": r.claim, "article": r.article, "verdict": r.verdict,
            "evidence": [evidence_dict(e) for e in r.evidence],
            "known": r.known, "expected": r.expected, "message": r.message}


def article_dict(a) -> dict:
    return {"id": a.id, "source": a.source, "path": a.path, "title": a.title, "date": a.date, "url": a.url}


def claim_dict(c) -> dict:
    return {"id": c.id, "claim": c.claim, "story": c.story, "file": c.file, "line": c.line,
            "severity": c.severity, "scope": c.scope, "required": c.required, "note": c.note,
            "queries": {k: getattr(c, k).source for k in ("about", "expect", "contradict", "forbid")
                        if getattr(c, k) is not None}}


def error_dict(e) -> dict:
    return e.to_dict() if hasattr(e, "to_dict") else {"message": str(e)}


def counts_dict(results) -> dict:
    counts = {"pass": 0, "fail": 0, "missing": 0, "error": 0}
    for r in results:
        counts[r.verdict] = counts.get(r.verdict, 0) + 1
    return counts


# old names, kept for callers outside this package
_match = match_dict
_evidence = evidence_dict


def to_dict(run: RunResult) -> dict:
    """The whole §6 document of a run held in memory (the service, the gate)."""
    counts = {a.id: {"pass": 0, "fail": 0, "missing": 0, "error": 0} for a in run.articles}
    for r in run.results:
        counts.setdefault(r.article, {"pass": 0, "fail": 0, "missing": 0, "error": 0})[r.verdict] += 1
    return {
        "schema": SCHEMA,
        "articles": [article_dict(a) for a in run.articles],
        "claims": [claim_dict(c) for c in run.claims],
        "results": [result_dict(r) for r in run.results],
        "counts": counts,
        "errors": [error_dict(e) for e in run.errors],
    }


def render(run: RunResult) -> str:
    return dumps(to_dict(run)) + "\n"


# ------------------------------------------------------------- streaming ---


class _Spool:
    """Items of one JSON array (or object) written to a temporary file as they
    come, each already indented for its place in the document (at depth 2).
    Bytes throughout: the spool is copied to the report without decoding."""

    def __init__(self) -> None:
        self.fh = tempfile.TemporaryFile("w+b")
        self.n = 0

    def add(self, text: str) -> None:
        self.add_block(text.encode("utf-8"), 1)

    def add_block(self, block: bytes, count: int) -> None:
        """``count`` items already joined by ``,\n    `` (see :func:`_items`)."""
        if count:
            self.fh.write(b",\n    " if self.n else b"\n    ")
            self.fh.write(block)
            self.n += count

    def copy_to(self, out: IO[str], empty: str) -> None:
        if not self.n:
            out.write(empty)
            return
        out.write(empty[0])
        out.flush()
        self.fh.seek(0)
        raw = getattr(out, "buffer", None)
        if raw is not None:  # a text file over a binary one: copy the bytes as they are
            shutil.copyfileobj(self.fh, raw, 1 << 20)
            raw.flush()
        else:  # a StringIO, or the tee to standard output: decode, a character never split
            decoder = codecs.getincrementaldecoder("utf-8")()
            for chunk in iter(lambda: self.fh.read(1 << 20), b""):
                out.write(decoder.decode(chunk))
            out.write(decoder.decode(b"", final=True))
        out.write("\n  " + empty[1])

    def close(self) -> None:
        self.fh.close()


def _items(lines: bytes) -> bytes:
    """Compact JSON items, one per line, indented as ``json.dumps(indent=2)``
    writes them at depth 2 and joined by ``,\n    ``: one
    ``msgspec.json.format`` call for an article's results."""
    # nested in a second list, the items are formatted at depth 2 already:
    # b"[\n  [\n    {...},\n    {...}\n  ]\n]"
    block = msgspec.json.format(b"[[" + lines[:-1].replace(b"\n", b",") + b"]]", indent=2)
    return block[10:-6]


class Writer:
    """``results.json``, the §6 document, streamed (see the module doc)."""

    name = "results.json"

    def __init__(self, fh: IO[str], claims, options: dict | None = None) -> None:
        self.fh = fh
        self.claims = tuple(claims)
        self.articles = _Spool()
        self.results = _Spool()
        self.counts = _Spool()
        self.shared = (options or {}).get("shared")

    def add(self, article, results) -> None:
        self.articles.add(pretty(article_dict(article), 2))
        if results:
            self.results.add_block(_items(encoded_lines(results, self.shared)), len(results))
        self.counts.add(pretty(article.id) + ": " + pretty(counts_dict(results), 2))

    def finish(self, tally, errors) -> None:
        out = self.fh
        out.write('{\n  "schema": ' + pretty(SCHEMA) + ',\n  "articles": ')
        self.articles.copy_to(out, "[]")
        out.write(',\n  "claims": ' + pretty([claim_dict(c) for c in self.claims], 1))
        out.write(',\n  "results": ')
        self.results.copy_to(out, "[]")
        out.write(',\n  "counts": ')
        self.counts.copy_to(out, "{}")
        out.write(',\n  "errors": ' + pretty([error_dict(e) for e in errors], 1) + "\n}\n")
        self.close()

    def close(self) -> None:
        for spool in (self.articles, self.results, self.counts):
            spool.close()
