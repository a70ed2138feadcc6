"""What every whole-run report shows, gathered as results stream past.

A :class:`Tally` is fed ``add(article, results)`` once per article and keeps
per-claim × per-source aggregates only, so its size is bounded by claims ×
sources (every list in it is capped, what is over a cap counted, or holds at
most one entry per source, as a value group's sources do), never by the
number of articles.  The renderers (terminal table, Markdown, HTML) format
what it holds, so every output reads the same.

* Sources are the distinct ``Article.source`` values, in order of first
  appearance in the run.
* A *cell* is one claim × one source: the verdicts of the claim on the
  source's articles (no cell when the claim applies to none of them).
* A *group* is what a claim's sources say, grouped by value
  (:func:`value_key`): ``NUM`` matches by the quantity as stated, ``DATE`` by
  the date, ``QUOTE`` by the passage found, words and names by their folded
  text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from checker.models import Article, Claim, Match, Result

from . import matrix as mx
from .groups import IDS_CAP, Group, value_key

__all__ = ["EVIDENCE_CAP", "GROUP_CAP", "IDS_CAP", "SPAN_CAP", "Cell", "Group", "Tally", "format_counts",
           "from_run", "value_key"]

SPAN_CAP = 20  # distinct matched texts kept per cell (the rest are counted)
GROUP_CAP = 40  # distinct values kept per claim
EVIDENCE_CAP = 3  # results per cell whose evidence is kept for report.html
UNITS_CAP = 4  # evidence units kept per result


_KEYS = {v: ((v, False), (v, True)) for v in mx.VERDICT_ORDER}  # verdict -> its (verdict, known) keys
_VKEYS = {v: (v,) for v in mx.VERDICT_ORDER}  # verdict -> the value key of a result that says nothing


def _keys(verdict: str) -> tuple[tuple[str, bool], tuple[str, bool]]:
    return (verdict, False), (verdict, True)


class Cell:
    """One claim × one source."""

    __slots__ = ("claim", "counts", "evidence", "first", "keep", "source", "spans", "spans_over", "vset")

    def __init__(self, claim: Claim, source: str, keep: bool = False) -> None:
        self.claim = claim
        self.source = source
        self.keep = keep  # evidence still to be kept for report.html (until EVIDENCE_CAP results)
        self.counts: dict = {}  # (verdict, known) -> n (plain dicts: a run can have 100,000 cells)
        self.first: tuple | None = None  # (verdict, known, spans, message) of the first result
        self.spans: dict = {}  # (verdict, matched text) -> n results that say it
        self.spans_over = 0  # results whose spans were not kept (cap)
        self.evidence: list[tuple] = []  # (article id, verdict, known, expected, message, units)
        self.vset: set[str] = set()  # the verdicts of its results

    @property
    def n(self) -> int:
        """Its results (summed when asked: the tally's loop does not count them twice)."""
        return sum(self.counts.values())

    @property
    def empty(self) -> bool:
        return not self.counts

    def verdicts(self) -> set[str]:
        return self.vset

    def verdict_class(self) -> str:
        vs = self.verdicts()
        if not vs:
            return ""
        return "v-" + next(iter(vs)) if len(vs) == 1 else "v-mixed"

    def text(self) -> str:
        """``✓``, ``✗*``, or counts like ``2✓ 1✗`` for several articles."""
        if not self.n:
            return ""
        if self.n == 1:
            v, known, _, _ = self.first
            return mx.symbol(v, known)
        return format_counts(self.counts)

    def says(self, top: int = 3, width: int = 60) -> str:
        """Only the words of :meth:`said` (no symbols): ``"1,000", "1,400" ×2``."""
        if not self.n:
            return ""
        if self.n == 1:
            v, _, spans, message = self.first
            if v == "error":
                return mx.shorten(message or "error", width)
            return ", ".join(f'"{mx.shorten(x, width)}"' for x in spans[:top])
        return ", ".join(f'"{mx.shorten(x, width)}"' + (f" ×{n}" if n > 1 else "")
                         for x, n in self.span_counts().most_common(top))

    def span_counts(self, verdict: str | None = None) -> Counter:
        """Matched text -> how many results say it (of one verdict, or all)."""
        out: Counter = Counter()
        for (v, text), n in self.spans.items():
            if verdict is None or v == verdict:
                out[text] += n
        return out

    def dissent(self, majority: str | None, width: int = 40, top: int = 2, named: bool = True) -> str:
        """``✗ wire-b "1,000 people"``: each verdict of the source that is not
        the majority's, with what it says (``(1 of 2 articles)`` for several)."""
        parts = []
        for v in mx.VERDICT_ORDER:
            n = self.counts.get((v, False), 0) + self.counts.get((v, True), 0)
            if not n or v == majority:
                continue
            known = not self.counts.get((v, False), 0)
            if self.n == 1:
                says = self.says(top=top, width=width)
            elif v in ("pass", "fail"):
                says = ", ".join(f'"{mx.shorten(x, width)}"' for x, _ in self.span_counts(v).most_common(top))
            else:
                says = ""
            text = mx.symbol(v, known) + (f" {self.source}" if named else "") + (f" {says}" if says else "")
            if self.n > 1:
                text += f" ({n} of {self.n} articles)"
            parts.append(text)
        return "; ".join(parts)

    def said(self, top: int = 3, width: int = 60) -> str:
        """What the source says: ``✗ "1,000 people"``, ``–``; counts for several."""
        if not self.n:
            return ""
        if self.n == 1:
            v, known, spans, message = self.first
            head = mx.symbol(v, known)
            if v == "missing":
                return head
            if v == "error":
                return f"{head} {mx.shorten(message or 'error', width)}".rstrip()
            if not spans:
                return head
            return head + " " + ", ".join(f'"{mx.shorten(s, width)}"' for s in spans[:top])
        head = format_counts(self.counts)
        spans = self.span_counts().most_common(top)
        if not spans:
            return head
        return head + ": " + ", ".join(
            f'"{mx.shorten(s, width)}"' + (f" ×{n}" if n > 1 else "") for s, n in spans
        )


def format_counts(counts) -> str:
    parts = []
    for verdict in mx.VERDICT_ORDER:
        for known in (False, True):
            n = counts.get((verdict, known), 0)
            if n:
                parts.append(f"{n}{mx.symbol(verdict, known)}")
    return " ".join(parts)


# ------------------------------------------------------------------- tally ---


class Tally:
    """Per-claim × per-source aggregates of a run, fed one article at a time."""

    def __init__(self, claims: Sequence[Claim], *, keep_evidence: bool = True, shared: dict | None = None) -> None:
        self.claims: tuple[Claim, ...] = tuple(claims)
        self.shared = shared  # the sink's per-batch memo (what each result says, shared with results.csv)
        self.index = {c.id: i for i, c in enumerate(self.claims)}
        self.sources: list[str] = []
        self._source_index: dict[str, int] = {}
        self.cells: dict[tuple[int, int], Cell] = {}
        self._columns: list[list[Cell | None]] = []  # per source: claim index -> its cell (as in cells)
        self.groups: list[dict[tuple, Group]] = [{} for _ in self.claims]
        self.groups_over = [0] * len(self.claims)
        self._source_counts: list[Counter] = [Counter() for _ in self.claims]  # claim: verdict -> sources  # results whose value group was not kept
        self.articles_per_source: list[int] = []
        self.n_articles = 0
        self.errors: list = []
        self.keep_evidence = keep_evidence
        self.sentences: dict[str, int] = {}  # unit text -> index (deduplicated)
        self._sentence_list: list[str] = []
        self._majority: dict = {}
        self._sums: dict = {}  # totals, counts, known (see _derived)
        self.article_meta: dict[str, tuple] = {}  # id -> (source, path, title) for kept evidence

    # ---------------------------------------------------------------- feed
    def add_errors(self, errors: Iterable) -> None:
        self.errors.extend(errors)

    def _source(self, source: str) -> int:
        j = self._source_index.get(source)
        if j is None:
            j = self._source_index[source] = len(self.sources)
            self.sources.append(source)
            self.articles_per_source.append(0)
            self._columns.append([None] * len(self.claims))
        return j

    def add(self, article: Article, results: Iterable[Result]) -> None:
        """One article's results.  Per result only what cannot be derived
        later: the cell's counts, spans and first result, the value group
        (the run's and each source's totals are summed from the cells when
        asked for, see :attr:`totals`)."""
        j = self._source(article.source)
        self.n_articles += 1
        self.articles_per_source[j] += 1
        results = results if isinstance(results, tuple) else tuple(results)
        source, article_id = article.source, article.id
        index, claims, all_groups = self.index, self.claims, self.groups
        column = self._columns[j]  # claim index -> cell of this source (no (i, j) tuple per result)
        keep = self.keep_evidence
        for r, (matches, spans) in zip(results, mx.said_of(results, self.shared)):
            i = index.get(r.claim)
            if i is None:
                continue
            verdict = r.verdict
            key = (_KEYS.get(verdict) or _keys(verdict))[bool(r.known)]  # no tuple made per result
            cell = column[i]
            if cell is None:  # the cell's first result
                cell = column[i] = self.cells[(i, j)] = Cell(claims[i], source, keep)
                cell.first = (verdict, key[1], tuple(spans[:SPAN_CAP]), r.message)
            counts = cell.counts
            counts[key] = counts.get(key, 0) + 1
            if verdict not in cell.vset:
                cell.vset.add(verdict)
                self._source_counts[i][verdict] += 1
            if spans:  # pass and fail only
                cell_spans = cell.spans
                for text in spans:
                    k = (verdict, text)
                    if k in cell_spans or len(cell_spans) < SPAN_CAP:
                        cell_spans[k] = cell_spans.get(k, 0) + 1
                    else:
                        cell.spans_over += 1
            vkey = value_key(r, matches) if matches else (_VKEYS.get(verdict) or (verdict,))
            groups = all_groups[i]
            group = groups.get(vkey)
            if group is None:
                group = self._new_group(i, vkey, r, matches, spans)
            if group is not None:  # the group's sources (at most the run's); up to IDS_CAP article ids each
                entry = group.sources.get(source)
                if entry is None:
                    entry = group.sources[source] = [0, []]
                entry[0] += 1
                if len(entry[1]) < IDS_CAP:
                    entry[1].append(article_id)
            if cell.keep:
                self._keep_evidence(cell, article, r)

    def _new_group(self, i: int, vkey: tuple, r: Result, matches: list[Match], spans: list[str]) -> Group | None:
        """A claim's new value group, or None past :data:`GROUP_CAP` (counted)."""
        groups = self.groups[i]
        if len(groups) >= GROUP_CAP:
            self.groups_over[i] += 1
            return None
        label = ", ".join(f'"{s}"' for s in spans) if spans else ""
        if r.verdict == "error":
            label = mx.shorten(r.message or "", 60)
        note = next((m.note for m in matches if m.note), None)
        if note and ": " in note:
            note = note.split(": ", 1)[1]
        group = groups[vkey] = Group(vkey, r.verdict, label, note)
        return group

    def _keep_evidence(self, cell: Cell, article: Article, r: Result) -> None:
        units = []
        for ev in r.evidence[:UNITS_CAP]:
            text = mx.unit_text(ev, article.origin)
            sid = self.sentences.setdefault(text, len(self.sentences))
            marks = tuple(
                (s, e, ms[0].key, "; ".join(dict.fromkeys(filter(None, (mx.match_title(m) for m in ms)))))
                for s, e, ms in mx.mark_spans(text, ev.start, ev.matches)
            )
            units.append((ev.role, ev.line, ev.column, sid, marks))
        more = max(0, len(r.evidence) - UNITS_CAP)
        cell.evidence.append((article.id, r.verdict, bool(r.known), r.expected, r.message, tuple(units), more))
        cell.keep = len(cell.evidence) < EVIDENCE_CAP
        self.article_meta.setdefault(article.id, (article.source, article.path, article.title))

    # --------------------------------------------------------------- views
    def _derived(self) -> dict:
        """Sums over the cells, worked out once per state of the tally."""
        cache = self._sums
        if cache.get("at") != self.n_articles:
            totals: list[Counter] = [Counter() for _ in self.sources]
            for (_, j), cell in self.cells.items():
                totals[j].update(cell.counts)
            counts: Counter = Counter()
            known = 0
            for t in totals:
                for (verdict, is_known), n in t.items():
                    counts[verdict] += n
                    known += n if is_known else 0
            cache.clear()
            cache.update(at=self.n_articles, totals=totals, counts=counts, known=known)
        return cache

    @property
    def totals(self) -> list[Counter]:
        """Per source: (verdict, known) -> results."""
        return self._derived()["totals"]

    @property
    def counts(self) -> Counter:
        """Verdict -> results over the run."""
        return self._derived()["counts"]

    @property
    def known(self) -> int:
        """Results whose verdict is the accepted (known) one."""
        return self._derived()["known"]

    def source_index(self, source: str) -> int:
        return self._source_index[source]

    def cell(self, i: int, j: int) -> Cell | None:
        return self.cells.get((i, j))

    def row(self, i: int) -> list[Cell | None]:
        return [self.cells.get((i, j)) for j in range(len(self.sources))]

    def claim_verdicts(self, i: int) -> set[str]:
        return set(self._source_counts[i])

    def discrepant(self, i: int) -> bool:
        """The claim's verdicts differ between the articles it applies to."""
        return len(self.claim_verdicts(i)) > 1

    def discrepancies(self) -> list[int]:
        return [i for i in range(len(self.claims)) if self.discrepant(i)]

    def totals_text(self) -> list[str]:
        return [format_counts(c) for c in self.totals]

    def source_counts(self, i: int) -> Counter:
        """Per verdict, how many sources give the claim that verdict (a source
        with articles of several verdicts counts under each)."""
        return Counter(self._source_counts[i])

    def majority(self, i: int) -> str | None:
        """The verdict most sources give the claim (ties: in the order ✓ ✗ – !)."""
        cache = self._majority
        if cache.get("at") != self.n_articles:
            cache.clear()
            cache["at"] = self.n_articles
        if i not in cache:
            counts = self.source_counts(i)
            best = max(counts.values()) if counts else 0
            cache[i] = next((v for v in mx.VERDICT_ORDER if counts.get(v) == best), None) if counts else None
        return cache[i]

    def dissenters(self, i: int) -> list[Cell]:
        """The cells (sources) whose verdicts are not all the majority's."""
        major = self.majority(i)
        return [c for c in self.row(i) if c is not None and c.verdicts() != {major}]

    def source_dissents(self, j: int) -> list[tuple[int, Cell]]:
        """The claims on which source ``j`` differs from the claim's majority."""
        out = []
        for i in range(len(self.claims)):
            c = self.cells.get((i, j))
            if c is not None and c.verdicts() != {self.majority(i)}:
                out.append((i, c))
        return out

    def value_groups(self, i: int) -> list[Group]:
        """What the claim's sources say, largest group first; the silent
        (``–``) and unevaluated (``!``) groups last."""
        groups = list(self.groups[i].values())
        silent = {"missing": 1, "error": 2}
        return sorted(groups, key=lambda g: (silent.get(g.verdict, 0), -len(g.sources), -g.n))

    def sentence_list(self) -> list[str]:
        """The kept evidence units' texts, by index."""
        if len(self._sentence_list) != len(self.sentences):
            self._sentence_list = list(self.sentences)
        return self._sentence_list

    def summary_line(self) -> str:
        parts = [f"{len(self.claims)} claims", f"{self.n_articles} articles", f"{len(self.sources)} sources"]
        verdicts = ", ".join(f"{self.counts.get(v, 0)} {v}" for v in mx.VERDICT_ORDER)
        text = ", ".join(parts) + f": {verdicts}"
        if self.known:
            text += f" ({self.known} known)"
        return text


def from_run(run) -> Tally:
    """A tally of a whole :class:`RunResult` (articles in their order)."""
    by_article: dict[str, list[Result]] = {}
    for r in run.results:
        by_article.setdefault(r.article, []).append(r)
    tally = Tally(run.claims)
    tally.add_errors(run.errors)
    for article in run.articles:
        tally.add(article, by_article.get(article.id, ()))
    return tally
