"""``results.csv``: one row per claim × article, for spreadsheets.

Cells that a spreadsheet would take for a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) are neutralised with a
leading apostrophe, so article text can never run as a formula.  Control
characters (escape sequences, bidi overrides) are written as visible escapes
(``\\x1b``, ``\\u202e``), so printing the file never drives a terminal.
"""

from __future__ import annotations

import io
from typing import IO

from checker.models import Article, Result, RunResult

from . import matrix as mx
from .color import terminal_safe

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    "claim", "story", "severity", "required", "article", "source", "path",
    "verdict", "symbol", "known", "expected", "line", "column", "said",
    "evidence", "message", "claim_text",
]


def neutralise(value: object) -> object:
    """Make a cell safe to open in a spreadsheet (numbers are kept as is)."""
    if not isinstance(value, str):
        return value
    if not value.isprintable():
        value = terminal_safe(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def quote(value: str) -> str:
    """``value`` as one CSV field, exactly as :func:`csv.writer` (``QUOTE_MINIMAL``,
    ``lineterminator="\\r\\n"``) writes it: quoted when it holds a comma, a quote
    or a line break, its quotes doubled.  A few ``in`` tests (C string scans)
    instead of the writer's character-at-a-time loop, which was the largest
    cost of ``results.csv`` (issue #11)."""
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


def _field(value: str) -> str:
    """A cell of article text: made safe (:func:`neutralise`), then quoted
    (:func:`quote`); the two inlined, as this runs for every cell.  Once made
    safe the text holds no line break (``terminal_safe`` escapes them), so
    only quotes and commas are looked for."""
    if not value:
        return ""
    if not value.isprintable():
        value = terminal_safe(value)
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value:
        return '"' + value + '"'
    return value


MESSAGES_KEPT = 4096  # distinct result messages whose cells are kept
EVIDENCE_KEPT = 4096  # distinct evidence texts whose cells are kept

HEADER = ",".join(COLUMNS) + "\r\n"


def _cell(value: str) -> bytes:
    """:func:`_field` as UTF-8 bytes (what the writer joins)."""
    return _field(value).encode("utf-8")


class Writer:
    """``results.csv`` (and ``--format csv``), written a row at a time.

    Rows are built as UTF-8 bytes, their cells joined by :func:`quote` (the
    bytes of :func:`csv.writer`), one write per article.  What is constant is
    encoded once: a claim's leading and trailing cells, an article's cells,
    and the verdict, symbol and known cells of each (verdict, known).

    Bytes, not text: the symbol cell (``✓``) makes every row non-ASCII, and
    a non-ASCII ``str`` costs about twice as much to build and to encode on
    writing as the same bytes (issue #11: joining and writing the rows was
    ~40 % of the writer's time on 1,000 generated articles)."""

    name = "results.csv"

    def __init__(self, fh: IO[str], claims, options: dict | None = None) -> None:
        self.fh = fh
        self.claims = {c.id: c for c in claims}
        self._claim_cells: dict[str, tuple[bytes, bytes]] = {}
        self._verdict_cells: dict[tuple[str, bool], bytes] = {}
        self._messages: dict[str, bytes] = {}  # message -> its cell (at most MESSAGES_KEPT)
        self._evidence: dict[str, bytes] = {}  # evidence text -> its cell (at most EVIDENCE_KEPT)
        self.shared = (options or {}).get("shared")
        fh.write(HEADER)
        # a text file over a binary one (the sink's temp file, standard
        # output): the rows go to its buffer as bytes; else (a StringIO) decoded
        self.raw = getattr(fh, "buffer", None)
        if self.raw is not None:
            fh.flush()

    def _claim(self, claim_id: str) -> tuple[bytes, bytes]:
        """The cells before the article's (claim, story, severity, required)
        and the last one (claim_text), each ending/starting with its comma."""
        cells = self._claim_cells.get(claim_id)
        if cells is None:
            claim = self.claims.get(claim_id)
            head = (
                _field(claim_id),
                _field(claim.story) if claim else "",
                _field(claim.severity) if claim else "",
                "yes" if claim and claim.required else "no",
            )
            tail = _field(mx.one_line(claim.claim)) if claim else ""
            cells = self._claim_cells[claim_id] = ((",".join(head) + ",").encode("utf-8"),
                                                   ("," + tail + "\r\n").encode("utf-8"))
        return cells

    def _verdict(self, verdict: str, known: bool) -> bytes:
        """``,verdict,symbol,known,`` for a result."""
        key = (verdict, known)
        cells = self._verdict_cells.get(key)
        if cells is None:
            cells = self._verdict_cells[key] = (
                "," + ",".join((_field(verdict), _field(mx.symbol(verdict, known)), "yes" if known else "no")) + ","
            ).encode("utf-8")
        return cells

    def add(self, article: Article, results) -> None:
        art = ",".join((_field(article.id), _field(article.source), _field(article.path))).encode("utf-8")
        parts: list[bytes] = []  # every cell of every row, joined once
        put = parts.extend
        results = results if isinstance(results, tuple) else tuple(results)
        roles_of, keys_of = mx.DECISIVE_ROLES, mx.DECISIVE_KEYS
        claim_cells, verdict_cells, messages = self._claim_cells, self._verdict_cells, self._messages
        evidence_cells = self._evidence
        first_position = mx.first_position
        for r, (_, spans) in zip(results, mx.said_of(results, self.shared)):
            head, tail = claim_cells.get(r.claim) or self._claim(r.claim)
            verdict, known = r.verdict, bool(r.known)
            message = messages.get(r.message)
            if message is None:  # messages repeat ("not mentioned"): each made safe once
                if len(messages) >= MESSAGES_KEPT:
                    messages.clear()
                message = messages[r.message] = _cell(mx.one_line(r.message)) if r.message else b""
            cells = verdict_cells.get((verdict, known)) or self._verdict(verdict, known)
            expected = _cell(r.expected) if r.expected else b""
            if not r.evidence:  # nothing found (most missing results): no position, evidence or said
                put((head, art, cells, expected, b",,,,,", message, tail))
                continue
            roles = roles_of.get(verdict, ()) or ("in-scope",)
            pos = first_position(r, roles, keys_of.get(verdict, ()) or ("about",))
            evidence = " / ".join([ev.text for ev in r.evidence if ev.role in roles])  # already one line
            said = _cell(" | ".join(spans)) if spans else b""
            evidence_cell = evidence_cells.get(evidence)
            if evidence_cell is None:  # a sentence is evidence for several claims: made safe once
                if len(evidence_cells) >= EVIDENCE_KEPT:
                    evidence_cells.clear()
                evidence_cell = evidence_cells[evidence] = _cell(evidence)
            put((head, art, cells, expected, b",%d,%d," % pos if pos else b",,,", said, b",", evidence_cell, b",",
                 message, tail))
        if self.raw is not None:
            self.raw.write(b"".join(parts))
        else:
            self.fh.write(b"".join(parts).decode("utf-8"))

    def finish(self, tally, errors) -> None:
        pass


def render(run: RunResult) -> str:
    buf = io.StringIO()
    writer = Writer(buf, run.claims)
    by_article: dict[str, list[Result]] = {}
    for r in run.results:
        by_article.setdefault(r.article, []).append(r)
    for article in run.articles:
        writer.add(article, by_article.get(article.id, ()))
    return buf.getvalue()
