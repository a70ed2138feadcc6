"""``/regex/`` over the original text of each unit (SPEC §4), on a path
that cannot hang a run (issue #14.4).

A pattern RE2 runs with the same meaning takes the linear path (google-re2,
time linear in the text); the rest takes the backtracking path (the
``regex`` module in a killable child process) under a **time budget per
claim per run**: :data:`REGEX_BUDGET` seconds of search, of which each
article checked gives back up to :data:`REGEX_PER_ARTICLE` (never above the
whole budget).  When a search runs past what is left, it is stopped and the
claim gets ``error`` on every remaining article, with one message.  So a
runaway pattern is stopped within seconds, and a quick one runs on every
article of an archive however long.  Which
pattern takes which path: :mod:`.regex_paths`.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left
from typing import TYPE_CHECKING, Iterable

from ...errors import CheckError
from ...rules.query import nodes as n
from ..context import Context
from ..hits import Hit
from ..matcher import Leaf, Matcher, Operator
from .regex_bounded import bounded_work, search_here
from .regex_child import compile_pattern, search_spans
from .regex_literals import caseless, required_literals
from .regex_paths import compile_re2, linear_plan
from .regex_worker import RegexTimeout, shared_worker

if TYPE_CHECKING:
    from ...models import Claim
    from ..registry import Compiler

_CASELESS_KEY = "regex-caseless-text"  # the context cache's entry: the article's text as regex_literals.caseless folds it
REGEX_BUDGET = 5.0  # seconds of backtracking search per claim per run, at most
REGEX_PER_ARTICLE = 0.005  # seconds each article checked gives back to the claim's budget


class RegexBudget:
    """The backtracking time a claim has left in this run (shared by the
    claim's ``/regex/`` leaves; one per compiled claim).  The searches run
    in the process's one regex child (:func:`.regex_worker.shared_worker`),
    or, with ``bounded_here``, those whose syntax bounds them (and small
    enough: :func:`.regex_bounded.search_here`) in this process.  That
    pays in a process that searches draft after draft (the service's
    workers: no round trip per draft); for one draft (``claimcheck
    check``) importing ``regex`` here costs more than the child, which
    starts on the other core while the draft is read (docs/design.md)."""

    def __init__(self, seconds: float | None = None, bounded_here: bool = False) -> None:
        self.seconds = REGEX_BUDGET if seconds is None else seconds
        self.bounded_here = bounded_here
        self.left = self.seconds
        self.spent_by: str | None = None  # the pattern that used it up: stopped for the rest of the run
        self.article: str | None = None  # the last article that gave time back
        self.lock = threading.Lock()

    def spend(self, seconds: float) -> None:
        with self.lock:
            self.left -= seconds

    def give_back(self, article: str) -> None:
        """A new article is being checked: :data:`REGEX_PER_ARTICLE` more
        seconds, up to the whole budget; nothing once it is used up (the claim
        is then stopped for the rest of the run).  (A budget of 5 s per run in
        all ran out on archives: 16,000 articles' searches add up to seconds.)"""
        with self.lock:
            if article != self.article and self.spent_by is None and self.left > 0:
                self.article = article
                self.left = min(self.seconds, self.left + REGEX_PER_ARTICLE)

    def __reduce__(self):
        # A claim compiled once and sent to worker processes (Dask pickles
        # it): the lock stays here; each worker gets a whole budget of its
        # own, shared by the claim's queries there.
        return (RegexBudget, (self.seconds, self.bounded_here))

    def renew(self) -> None:
        """A new run: the whole budget again (the service renews it per
        request; a command's run is one run)."""
        with self.lock:
            self.left = self.seconds
            self.spent_by = None
            self.article = None


def needs_backtracking(claims: Iterable[Claim]) -> bool:
    """Whether one of ``claims`` has a ``/regex/`` that takes the
    backtracking path on every unit (RE2 cannot run it at all)."""
    for claim in claims:
        for q in (claim.about, claim.expect, claim.contradict, claim.forbid):
            if q is not None and any(isinstance(node, n.Regex) and linear_plan(node.pattern, node.flags) is None
                                     for node in q.node.walk()):
                return True
    return False


def start_child_early(claims: Iterable[Claim]) -> bool:
    """Start this process's regex child now when ``claims`` will need it
    (:func:`needs_backtracking`), so that its interpreter starts on another
    core while this one reads and analyses the articles; True when started.
    For a command that runs its claims here (``claimcheck check``), not for
    one that sends them to worker processes: each makes its own child."""
    if not needs_backtracking(claims):
        return False
    shared_worker().start()
    return True


class RegexMatcher(Leaf):
    """``/regex/`` over the original text of each unit, on the linear path
    where RE2 gives the same matches, else on the bounded backtracking path.

    A pattern whose backtracking search its syntax bounds (no repeat, no
    backreference: :mod:`.regex_bounded`) is searched in this process when
    the bound is small and the budget says so (``bounded_here``), not in
    the child.

    A pattern is searched unit by unit, which is slow for one that starts
    with a character class.  When every match must contain one of a few
    literal strings (:func:`.regex_literals.required_literals`, in any case
    under the ``i`` flag), only the units holding one of them are searched:
    the others cannot match."""

    per_unit = True
    may_raise = True

    def __init__(self, node: n.Regex, label: str, key: str, budget: RegexBudget | None = None) -> None:
        super().__init__(label, key)
        self.source = node.pattern
        self.flags = node.flags
        self.sig = ("regex", node.pattern, node.flags)
        self.needles = required_literals(node.pattern, node.flags)
        self.caseless = "i" in node.flags  # the needles are then looked for in caseless() text
        self.plan = linear_plan(node.pattern, node.flags)
        self.work = bounded_work(node.pattern, node.flags)  # for the units RE2 does not take
        self.budget = budget if budget is not None else RegexBudget()
        self._re2 = None  # compiled at first use
        self._here = None  # the pattern compiled by ``regex`` in this process, at first use

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_re2"] = state["_here"] = None  # compiled again at first use where the matcher lands
        return state

    @property
    def path(self) -> str:
        """``linear``, ``mixed`` (linear on the units it fits) or ``backtracking``."""
        if self.plan is None:
            return "backtracking"
        return "mixed" if (self.plan.ascii_only or self.plan.dollar) else "linear"

    def _searched(self, ctx: Context, src: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The unit spans of ``src`` (the article's text) holding one of the required literals."""
        if self.caseless:
            cache = ctx.cache
            if _CASELESS_KEY not in cache:  # (once per article, for all its /regex/i leaves)
                cache[_CASELESS_KEY] = caseless(src)
            src = cache[_CASELESS_KEY]
            if src is None:
                return spans
        found = []
        for s in self.needles:
            i = src.find(s)
            while i >= 0:
                found.append((i, i + len(s)))
                i = src.find(s, i + 1)
        if not found:
            return []
        found.sort()
        starts = [a for a, _ in found]
        out = []
        for ta, tb in spans:
            k = bisect_left(starts, ta)
            while k < len(found) and found[k][0] < tb:
                if found[k][1] <= tb:  # wholly inside the unit
                    out.append((ta, tb))
                    break
                k += 1
        return out

    def _exhausted(self) -> CheckError:
        b = self.budget
        return CheckError(
            f"regular expression {b.spent_by or self.label} used up the claim's time budget "
            f"({b.seconds:g}s per run) and was stopped; the claim is not checked on the remaining "
            "articles: simplify it (a pattern without backreferences or lookaround runs in linear time)"
        )

    def _backtrack(self, src: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        b = self.budget
        if b.spent_by is not None or b.left <= 0:
            b.spent_by = b.spent_by or self.label
            raise self._exhausted()
        if b.bounded_here and search_here(self.work, spans):
            return self._search_here(src, spans)
        try:
            found, seconds = shared_worker().search(self.source, self.flags, src, spans, b.left)
        except RegexTimeout:
            b.spent_by = b.spent_by or self.label
            b.left = 0
            raise self._exhausted() from None
        b.spend(seconds)  # the search's own time in the child: not the round trip, not the child's start
        return found

    def _search_here(self, src: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """A bounded search (:func:`.regex_bounded.search_here`) in this
        process, charged its CPU time as the child would charge it; one that
        used more than the claim had left stops the claim, as the child's
        timer would have stopped the search."""
        if self._here is None:
            self._here = compile_pattern(self.source, self.flags)
        b = self.budget
        began = time.thread_time()
        found = search_spans(self._here, src, spans)
        seconds = time.thread_time() - began
        if seconds > b.left:
            b.spent_by = b.spent_by or self.label
            b.left = 0
            raise self._exhausted()
        b.spend(seconds)
        return [(s, e) for s, e in found]

    def find(self, ctx: Context, level: str) -> list[Hit]:
        a = ctx.analysis
        src = a.article.text
        spans = ctx.text_spans(level)
        if self.needles is not None:
            spans = self._searched(ctx, src, spans)
        found: list[tuple[int, int]] = []
        slow: list[tuple[int, int]] = []
        plan = self.plan
        for ta, tb in spans:
            text = src[ta:tb]
            if plan is None or not plan.fits(text):
                slow.append((ta, tb))
                continue
            if self._re2 is None:
                self._re2 = compile_re2(plan.source)
            found.extend((ta + m.start(), ta + m.end()) for m in self._re2.finditer(text) if m.end() > m.start())
        if slow:
            self.budget.give_back(a.article.id)
            found.extend(self._backtrack(src, slow))
            found.sort()
        out = []
        for s, e in found:
            s, e = a.norm_offset(s), a.norm_offset(e)
            out.append(ctx.hit(s, max(e, s + 1), self))
        return out


def build_regex(node: n.Regex, c: Compiler) -> Matcher:
    return RegexMatcher(node, c.label(node), c.key, c.regex_budget)


OPERATORS = (Operator(n.Regex, build_regex),)
