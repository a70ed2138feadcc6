"""Compile a query AST into matchers over an analysed article.

Each matcher answers two questions for a unit level (sentence, paragraph,
article) of one article:

* ``units(ctx, level)`` — the units it matches, as a bit mask (bit ``i``:
  unit ``i``; see :mod:`checker.engine.context`), computed from the article's
  word postings, quantities and dates, so a claim costs a few integer
  operations per article, not a pass over its text;
* ``spans(ctx, level, index)`` — the positive leaf hits inside one unit, for
  evidence, ``NEAR`` distances and ``explain``.

Queries are parsed once (by the rule loader) and compiled once per claim.
What a matcher computes on an article is cached in the article's
:class:`~checker.engine.context.Context` under keys made from its ``sig``
(what it matches, independent of the claim it is written in), so equal
sub-queries of different claims are evaluated once per article.  The keys are
strings made once at compile time (:meth:`Matcher.prepare`): a string's hash
is computed once, a tuple's every time.
"""

from __future__ import annotations

import difflib
import re
import sys
import warnings
from bisect import bisect_left
from operator import attrgetter
from typing import Any, Iterable, Mapping

import regex as _regex
from rapidfuzz import fuzz

from ..errors import CheckError
from ..models import Match
from ..rules.query import nodes as n
from ..text.normalize import fold, unify
from ..text.tokens import words as split_words
from .context import LEVELS, Context, Hit, match_value

try:  # the standard library's regular expression parser (for /regex/ prefilters)
    from re import _parser as _re_parser
except ImportError:  # pragma: no cover - a Python without it just runs every regex
    _re_parser = None

REGEX_TIMEOUT = 1.0  # seconds for one /regex/ search over one unit

_BY_SPAN = attrgetter("start", "end")


def _key(what: str, level: str, sig: tuple) -> str:
    """A context cache key.  Interned: equal sub-queries of different claims
    then hold the same string, found in the cache by identity."""
    return sys.intern(f"{what}\x00{level}\x00{sig!r}")


class Matcher:
    """``sig`` describes what a matcher matches, independent of the claim it
    is written in: equal sub-queries of different claims share their unit
    masks in the article's context.  ``esig`` adds what the evidence shows
    (the labels and keys of the parts that produce spans), so equal evidence
    is shared too.  ``may_raise``: evaluating it can fail with a
    :class:`CheckError` (a ``/regex/`` that times out), so it is never skipped
    when the original order of evaluation would have run it."""

    label: str = ""
    key: str = ""
    sig: tuple = ()
    esig: str = ""
    may_raise: bool = False

    def children(self) -> tuple["Matcher", ...]:
        return ()

    def prepare(self) -> None:
        """Fix the cache keys once the tree is built (children first)."""
        for child in self.children():
            child.prepare()
        self.may_raise = self.may_raise or any(c.may_raise for c in self.children())
        self.esig = self._esig()
        self._unit_keys = {lv: _key("units", lv, self.sig) for lv in LEVELS}

    def _esig(self) -> str:
        return repr((type(self).__name__, self.sig, tuple(c.esig for c in self.children())))

    def units(self, ctx: Context, level: str) -> int:
        """The mask of the units at ``level`` this matcher matches (cached)."""
        key = self._unit_keys[level]
        got = ctx.cache.get(key)
        if got is None:
            got = ctx.cache[key] = self._units(ctx, level)
        return got

    def _units(self, ctx: Context, level: str) -> int:
        raise NotImplementedError

    def spans(self, ctx: Context, level: str, index: int) -> list[tuple[Hit, "Leaf"]]:
        raise NotImplementedError

    # whether :meth:`unit_hits` are distinct and in text order (longest first)
    ordered = False

    def unit_hits(self, ctx: Context, level: str, index: int) -> list[tuple[int, int, str, Match]]:
        """What evidence shows of this matcher inside one unit: for each of
        :meth:`spans`, in order, the hit's span, the label of the part that
        matched and its :class:`Match`.  Operators combine their operands'
        lists; the evidence built from them is cached (see ``verdict``)."""
        locate = ctx.locate
        return [(h.start, h.end, part.label,
                 Match(*locate(h.start, h.end), match_value(h.value), part.label, part.key, h.note))
                for h, part in self.spans(ctx, level, index)]

    def unit_matches(self, ctx: Context, level: str, index: int) -> tuple[Match, ...]:
        """The matches inside one unit, in text order (longest first), each
        span and part once: what a unit's evidence shows."""
        found = self.unit_hits(ctx, level, index)
        if len(found) == 1 or self.ordered:
            return tuple([h[3] for h in found])
        seen: set[tuple[int, int, str]] = set()
        out = []
        for start, end, label, match in found:
            ident = (start, end, label)
            if ident not in seen:
                seen.add(ident)
                # by start, longest first; the running count keeps the sort stable
                out.append((start, -end, len(out), match))
        out.sort()
        return tuple([t[3] for t in out])

    def tok_ranges(self, ctx: Context, level: str, index: int) -> list[tuple[int, int]]:
        """The word ranges ``(tok_start, tok_end)`` of :meth:`spans` (for ``NEAR``)."""
        return [(h.tok_start, h.tok_end) for h, _ in self.spans(ctx, level, index)]

    def leaves(self) -> Iterable["Leaf"]:
        return ()


# ---------------------------------------------------------------- leaves ---


class Leaf(Matcher):
    """A matcher with hits; ``per_unit`` leaves are searched unit by unit.

    ``sig`` says what the leaf matches, independent of where it is written,
    so that equal leaves of different claims share their results in the
    article's context (``@deaths`` used by two claims is looked up once).
    """

    per_unit = False

    def __init__(self, label: str, key: str) -> None:
        self.label = label
        self.key = key

    def prepare(self) -> None:
        super().prepare()
        self._hit_keys = {lv: _key("hits", lv if self.per_unit else "", self.sig) for lv in LEVELS}

    def _esig(self) -> str:
        # a leaf's matches carry its label and key
        return repr((type(self).__name__, self.sig, self.label, self.key))

    def find(self, ctx: Context, level: str) -> list[Hit]:
        raise NotImplementedError

    def hits(self, ctx: Context, level: str) -> tuple[list[Hit], list[int]]:
        """The leaf's hits sorted by position, and their starts (cached)."""
        key = self._hit_keys[level]
        got = ctx.cache.get(key)
        if got is None:
            found = sorted(self.find(ctx, level), key=_BY_SPAN)
            got = ctx.cache[key] = (found, [h.start for h in found])
        return got

    def _units(self, ctx: Context, level: str) -> int:
        units = ctx.unit_lists[level]
        unit_of = ctx.unit_of
        mask = 0
        for h in self.hits(ctx, level)[0]:
            i = unit_of(level, h.start)
            if i is not None and h.end <= units[i].end:  # wholly inside the unit
                mask |= 1 << i
        return mask

    def spans(self, ctx: Context, level: str, index: int) -> list[tuple[Hit, "Leaf"]]:
        hits, starts = self.hits(ctx, level)
        return [(h, self) for h in ctx.hits_in(hits, starts, level, index)]

    def unit_hits(self, ctx: Context, level: str, index: int) -> list[tuple[int, int, str, Match]]:
        hits, starts = self.hits(ctx, level)
        locate, label, key = ctx.locate, self.label, self.key
        return [(h.start, h.end, label, Match(*locate(h.start, h.end), match_value(h.value), label, key, h.note))
                for h in ctx.hits_in(hits, starts, level, index)]

    def leaves(self) -> Iterable["Leaf"]:
        yield self


def _hit(analysis: Any, start: int, end: int, value: Any = None, note: str | None = None) -> Hit:
    ts, te = analysis.token_range(start, end)
    return Hit(start, end, ts, te, value, note)


class WordMatcher(Leaf):
    """A word, a prefix (``prosecut*``) or a phrase (``"arrest warrant"``)."""

    def __init__(self, words: tuple[str, ...], prefix: bool, label: str, key: str) -> None:
        super().__init__(label, key)
        self.words = words
        self.prefix = prefix
        self.plain = len(words) == 1 and not prefix  # one whole word: its postings
        self.ordered = True  # one hit per start position, in order
        self.sig = ("words", words, prefix)

    def prepare(self) -> None:
        super().prepare()
        self._starts_key = _key("starts", "", self.sig)

    def starts(self, ctx: Context) -> list[int]:
        """Word indexes where the word or phrase begins (cached, except a
        plain word's: its postings)."""
        postings = ctx.analysis.postings
        if self.plain:
            return postings.get(self.words[0], ())
        got = ctx.cache.get(self._starts_key)
        if got is None:
            got = ctx.cache[self._starts_key] = self._find_starts(ctx, postings)
        return got

    def _find_starts(self, ctx: Context, postings: Any) -> list[int]:
        words = self.words
        last = len(words) - 1
        if last == 0:  # a prefix: every word of the article that starts with it
            vocab = ctx.vocabulary()
            lo = bisect_left(vocab, words[0])
            hi = bisect_left(vocab, words[0] + "\U0010ffff", lo)
            return sorted(i for w in vocab[lo:hi] for i in postings[w])
        words_of = ctx.analysis.words
        n = len(words_of)
        found = []
        for i in postings.get(words[0], ()):
            if i + last >= n:
                continue
            for k in range(1, last + 1):
                tok = words_of[i + k]
                if not (tok.startswith(words[k]) if (k == last and self.prefix) else tok == words[k]):
                    break
            else:
                found.append(i)
        return found

    def _units(self, ctx: Context, level: str) -> int:
        positions = self.starts(ctx)
        if not positions:
            return 0
        tok_unit = ctx.tok_unit(level)
        last = len(self.words) - 1
        if last == 0:
            found = set(map(tok_unit.__getitem__, positions))
        else:
            # a phrase counts only when its first and last words share the unit
            found = {tok_unit[i] for i in positions if tok_unit[i] == tok_unit[i + last]}
        return ctx.mask(level, found)

    def _in_unit(self, ctx: Context, level: str, index: int) -> list[int]:
        """The word indexes where the word or phrase starts inside a unit."""
        unit = ctx.unit_lists[level][index]
        positions = self.starts(ctx)
        a = bisect_left(positions, unit.tok_start)
        b = bisect_left(positions, unit.tok_end - len(self.words) + 1)
        return positions[a:b]

    def spans(self, ctx: Context, level: str, index: int) -> list[tuple[Hit, "Leaf"]]:
        # only the unit's hits, straight from the sorted word positions
        last = len(self.words) - 1
        ts, te = ctx.analysis.token_starts, ctx.analysis.token_ends
        return [(Hit(ts[i], te[i + last], i, i + last + 1), self) for i in self._in_unit(ctx, level, index)]

    def tok_ranges(self, ctx: Context, level: str, index: int) -> list[tuple[int, int]]:
        n = len(self.words)
        return [(i, i + n) for i in self._in_unit(ctx, level, index)]

    def unit_hits(self, ctx: Context, level: str, index: int) -> list[tuple[int, int, str, Match]]:
        # :meth:`spans` without making hits
        last = len(self.words) - 1
        ts, te = ctx.analysis.token_starts, ctx.analysis.token_ends
        locate, label, key = ctx.locate, self.label, self.key
        return [(ts[i], te[i + last], label, Match(*locate(ts[i], te[i + last]), None, label, key, None))
                for i in self._in_unit(ctx, level, index)]


def _num_test(node: n.Num) -> tuple[str, tuple[float, ...]]:
    """What a quantity's ``low``/``high`` are compared with for NUM(...):
    ``overlap`` (``low <= top and high >= bottom``), or one bound for
    ``gt``/``ge`` (``high``), ``lt``/``le`` (``low``), or ``any``.  Computed
    once per query; a mention meaning anything in [low, high] matches."""
    op = node.op
    if op == "eq":
        v = node.value
        tol = 0.0
        if node.tolerance is not None:
            tol = abs(v) * node.tolerance if node.relative else node.tolerance
        eps = 1e-9 * max(1.0, abs(v))
        return "overlap", (v + tol + eps, v - tol - eps)
    if op == "range":
        return "overlap", (node.high, node.low)
    if op in ("gt", "ge", "lt", "le"):
        return op, (node.value,)
    if op == "any":
        return op, ()
    raise ValueError(op)


def _num_accepts(op: str, bounds: tuple[float, ...], quantities: list[tuple[float, float]]) -> list[int]:
    """Indexes of the ``(low, high)`` pairs that pass a :func:`_num_test`."""
    if op == "overlap":
        top, bottom = bounds
        return [i for i, (lo, hi) in enumerate(quantities) if lo <= top and hi >= bottom]
    if op == "any":
        return list(range(len(quantities)))
    (v,) = bounds
    if op == "gt":
        return [i for i, (_, hi) in enumerate(quantities) if hi > v]
    if op == "ge":
        return [i for i, (_, hi) in enumerate(quantities) if hi >= v]
    if op == "lt":
        return [i for i, (lo, _) in enumerate(quantities) if lo < v]
    return [i for i, (lo, _) in enumerate(quantities) if lo <= v]  # le


class MentionMatcher(Leaf):
    """A leaf over the quantities or dates found when the article was analysed."""

    kind = ""  # the Analysis attribute: "quantities" or "dates"

    def prepare(self) -> None:
        super().prepare()
        self._matching_key = _key("matching", "", self.sig)

    def accepts(self, mention: Any) -> bool:
        raise NotImplementedError

    def matching(self, ctx: Context) -> list[int]:
        """Indexes of the article's mentions this leaf accepts (cached)."""
        got = ctx.cache.get(self._matching_key)
        if got is None:
            accepts = self.accepts
            got = ctx.cache[self._matching_key] = [
                i for i, m in enumerate(getattr(ctx.analysis, self.kind)) if accepts(m)
            ]
        return got

    def _units(self, ctx: Context, level: str) -> int:
        matching = self.matching(ctx)
        if not matching:
            return 0
        bits = ctx.mention_bits(self.kind, level)
        mask = 0
        for i in matching:
            mask |= bits[i]
        return mask

    def find(self, ctx: Context, level: str) -> list[Hit]:
        a = ctx.analysis
        mentions = getattr(a, self.kind)
        return [_hit(a, mentions[i].start, mentions[i].end, mentions[i]) for i in self.matching(ctx)]

    def _inside(self, ctx: Context, level: str, index: int) -> list[Any]:
        """The accepted mentions wholly inside one unit, in the order of
        :meth:`Leaf.spans` (by position), without making every hit."""
        unit = ctx.unit_lists[level][index]
        start, end = unit.start, unit.end
        mentions = getattr(ctx.analysis, self.kind)
        inside = [m for m in map(mentions.__getitem__, self.matching(ctx))
                  if start <= m.start < end and m.end <= end]
        if len(inside) > 1:
            inside.sort(key=_BY_SPAN)
        return inside

    def spans(self, ctx: Context, level: str, index: int) -> list[tuple[Hit, "Leaf"]]:
        a = ctx.analysis
        return [(_hit(a, m.start, m.end, m), self) for m in self._inside(ctx, level, index)]

    def unit_hits(self, ctx: Context, level: str, index: int) -> list[tuple[int, int, str, Match]]:
        locate, label, key = ctx.locate, self.label, self.key
        return [(m.start, m.end, label, Match(*locate(m.start, m.end), match_value(m), label, key, None))
                for m in self._inside(ctx, level, index)]


class NumMatcher(MentionMatcher):
    kind = "quantities"

    def __init__(self, node: n.Num, label: str, key: str) -> None:
        super().__init__(label, key)
        self.node = node
        self.sig = ("num", node.op, node.value, node.low, node.high, node.tolerance, node.relative)
        self.test = _num_test(node)

    def accepts(self, q: Any) -> bool:
        # a plain number has low == high == value; a range, a vague plural
        # ("thousands") or a percentage range matches when it overlaps
        return bool(_num_accepts(*self.test, [(q.low, q.high)]))

    def matching(self, ctx: Context) -> list[int]:
        """:meth:`accepts` for every quantity at once, on the article's
        ``(low, high)`` pairs: one comprehension, no call per quantity."""
        got = ctx.cache.get(self._matching_key)
        if got is None:
            got = ctx.cache[self._matching_key] = _num_accepts(*self.test, ctx.quantity_bounds())
        return got


class DateMatcher(MentionMatcher):
    kind = "dates"

    def __init__(self, node: n.Date, label: str, key: str) -> None:
        super().__init__(label, key)
        self.node = node
        self.sig = ("date", node.year, node.month, node.day)

    def accepts(self, d: Any) -> bool:
        """At least as precise as the query, and equal on the query's fields."""
        q = self.node
        if d.precision == "none" or d.year != q.year:
            return False
        if q.month is not None and (d.precision == "year" or d.month != q.month):
            return False
        return q.day is None or (d.precision == "day" and d.day == q.day)


class QuoteMatcher(Leaf):
    """``QUOTE("...")``: verbatim after typography is unified (case kept)."""

    def __init__(self, text: str, label: str, key: str) -> None:
        super().__init__(label, key)
        parts = unify(text).split()
        self.pattern = re.compile(r"\s+".join(re.escape(p) for p in parts)) if parts else None
        self.sig = ("quote", tuple(parts))

    def find(self, ctx: Context, level: str) -> list[Hit]:
        if self.pattern is None:
            return []
        a = ctx.analysis
        return [_hit(a, m.start(), m.end()) for m in self.pattern.finditer(a.text)]


def _word_diff(expected: str, found: str) -> str | None:
    """How ``found`` differs from ``expected``, word by word: ``a → b``."""
    exp, got = expected.split(), found.split()
    changes = []
    sm = difflib.SequenceMatcher(a=[w.lower() for w in exp], b=[w.lower() for w in got], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        old = " ".join(exp[i1:i2]) or "∅"
        new = " ".join(got[j1:j2]) or "∅"
        changes.append(f"{old} → {new}")
    return "; ".join(changes) if changes else None


_WORD_EDGE = re.compile(r"\w")


class FuzzyQuoteMatcher(Leaf):
    """``QUOTE("...", N%)``: the best passage of each unit, if similar enough."""

    per_unit = True

    def __init__(self, text: str, threshold: float, label: str, key: str) -> None:
        super().__init__(label, key)
        self.expected = " ".join(unify(text).split())
        self.folded = fold(self.expected)
        self.cutoff = threshold * 100.0
        # the hits' notes quote ``expected``, so it is part of what the leaf matches
        self.sig = ("fuzzy-quote", self.folded, threshold, self.expected)
        # Only units sharing a third of the quotation's words are compared:
        # an altered quotation keeps most of its words, and comparing every
        # unit of a long article would dominate the run.
        self.cue_words = tuple(sorted({w for w in split_words(text) if len(w) >= 3}))
        self.cues_needed = max(1, len(self.cue_words) // 3)

    def _candidates(self, ctx: Context, level: str) -> list[int]:
        tok_unit = ctx.tok_unit(level)
        postings = ctx.analysis.postings
        counts: dict[int, int] = {}
        for w in self.cue_words:
            for u in {tok_unit[i] for i in postings.get(w, ())}:
                counts[u] = counts.get(u, 0) + 1
        return sorted(u for u, c in counts.items() if c >= self.cues_needed and u >= 0)

    def find(self, ctx: Context, level: str) -> list[Hit]:
        a = ctx.analysis
        folded_text = a.folded
        out = []
        q = self.folded
        units = a.units(level)
        for ui in self._candidates(ctx, level):
            unit = units[ui]
            s = folded_text[unit.start:unit.end]
            if len(s) < len(q):
                score = fuzz.ratio(q, " ".join(s.split()), score_cutoff=self.cutoff)
                if not score:
                    continue
                start, end = unit.start, unit.end
            else:
                al = fuzz.partial_ratio_alignment(q, s, score_cutoff=self.cutoff)
                if al is None or not al.score:
                    continue
                score = al.score
                start, end = unit.start + al.dest_start, unit.start + al.dest_end
                # widen to whole words
                while start > unit.start and _WORD_EDGE.match(folded_text[start - 1]):
                    start -= 1
                while end < unit.end and _WORD_EDGE.match(folded_text[end]):
                    end += 1
                # a passage starts and ends with words, not quotation marks
                while start < end and folded_text[start] in "\"' ":
                    start += 1
                while end > start and folded_text[end - 1] in "\"' ,":
                    end -= 1
            found = " ".join(a.text[start:end].split())
            diff = _word_diff(self.expected, found.strip("\"'"))
            note = f"{score:.0f}% similar" + (f": {diff}" if diff else "")
            out.append(_hit(a, start, end, None, note))
        return out


# A /regex/ is searched unit by unit, which is slow for a pattern that starts
# with a character class.  When every match of the pattern must contain one
# of a few literal strings, a unit (or a whole article) without any of them
# cannot match and is not searched.  The literals are read off the pattern's
# parse by the standard library's ``re`` parser, only for patterns whose
# syntax means the same to ``re`` and to ``regex`` (version 0): no flags that
# change literals (``i``, ``x``), no ``regex``-only syntax (fuzzy ``{e<=1}``,
# POSIX ``[[:alpha:]]``, letter escapes ``re`` reads differently).
_ESCAPED_LETTER = re.compile(r"\\(?![dDsSwWbBAZ])\w")
_BRACE_NOT_REPEAT = re.compile(r"\{(?!\d*(?:,\d*)?\})")


def _required_literals(pattern: str, flags: str) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains (``None``:
    unknown, search every unit)."""
    if _re_parser is None or set(flags) - set("ms"):
        return None
    if "[[" in pattern or "[:" in pattern or _ESCAPED_LETTER.search(pattern) or _BRACE_NOT_REPEAT.search(pattern):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed = _re_parser.parse(pattern, 0)
    except Exception:  # not re syntax (or re would read it differently): no prefilter
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE | re.LOCALE):
        return None
    found = _literals_of(parsed)
    if not found:
        return None
    # a literal containing another one adds nothing
    return tuple(sorted(s for s in found if not any(t != s and t in s for t in found)))


def _literals_of(items: Any) -> frozenset[str] | None:
    """For a parsed ``re`` sequence: strings one of which every match contains."""
    c = _re_parser
    best: frozenset[str] | None = None

    def better(req: frozenset[str] | None) -> None:
        nonlocal best
        if req and (best is None or min(map(len, req)) > min(map(len, best))):
            best = req

    run: list[str] = []
    for op, av in items:
        if op == c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            better(frozenset(["".join(run)]))
            run = []
        if op == c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            better(None if add_flags or del_flags else _literals_of(sub))
        elif op == c.ATOMIC_GROUP:
            better(_literals_of(av))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            better(_literals_of(sub) if low >= 1 else None)
        elif op == c.BRANCH:
            alternatives = [_literals_of(b) for b in av[1]]
            if all(alternatives):
                better(frozenset().union(*alternatives))
        # any other item (classes, anchors, lookarounds, backreferences)
        # requires no literal, and breaks a run of literals
    if run:
        better(frozenset(["".join(run)]))
    return best


class RegexMatcher(Leaf):
    """``/regex/`` over the original text of each unit, with a time limit."""

    per_unit = True
    may_raise = True

    def __init__(self, node: n.Regex, label: str, key: str) -> None:
        super().__init__(label, key)
        flags = 0
        for f in node.flags:
            flags |= {"i": _regex.IGNORECASE, "m": _regex.MULTILINE, "s": _regex.DOTALL, "x": _regex.VERBOSE}.get(f, 0)
        self.pattern = _regex.compile(node.pattern, flags | _regex.V0)
        self.sig = ("regex", node.pattern, node.flags)
        self.needles = _required_literals(node.pattern, node.flags)

    def _searched(self, src: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The unit spans of ``src`` holding one of the required literals:
        in the others no match is possible."""
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

    def find(self, ctx: Context, level: str) -> list[Hit]:
        a = ctx.analysis
        src = a.article.text
        spans = ctx.text_spans(level)
        if self.needles is not None:
            spans = self._searched(src, spans)
        out = []
        for ta, tb in spans:
            text = src[ta:tb]
            try:
                for m in self.pattern.finditer(text, timeout=REGEX_TIMEOUT):
                    if m.end() == m.start():
                        continue
                    s, e = a.norm_offset(ta + m.start()), a.norm_offset(ta + m.end())
                    out.append(_hit(a, s, max(e, s + 1)))
            except TimeoutError:
                raise CheckError(
                    f"regular expression {self.label} took longer than {REGEX_TIMEOUT:g}s on one {level}; "
                    "simplify it"
                ) from None
        return out


# ------------------------------------------------------------- operators ---


class NotMatcher(Matcher):
    def __init__(self, operand: Matcher, label: str) -> None:
        self.operand = operand
        self.label = label
        self.sig = ("not", operand.sig)

    def children(self) -> tuple[Matcher, ...]:
        return (self.operand,)

    def _esig(self) -> str:
        return "not"  # no spans

    def _units(self, ctx: Context, level: str) -> int:
        return ctx.full(level) & ~self.operand.units(ctx, level)

    def spans(self, ctx, level, index):
        return []

    def unit_hits(self, ctx, level, index):
        return []


class AndMatcher(Matcher):
    def __init__(self, operands: list[Matcher], label: str) -> None:
        self.operands = operands
        self.label = label
        self.sig = (type(self).__name__, tuple(op.sig for op in operands))

    def children(self) -> tuple[Matcher, ...]:
        return tuple(self.operands)

    def _units(self, ctx: Context, level: str) -> int:
        result = None
        for op in self.operands:
            got = op.units(ctx, level)
            result = got if result is None else result & got
            if not result:
                break
        return result or 0

    def spans(self, ctx, level, index):
        return [s for op in self.operands for s in op.spans(ctx, level, index)]

    def unit_hits(self, ctx, level, index):
        return [h for op in self.operands for h in op.unit_hits(ctx, level, index)]

    def leaves(self):
        for op in self.operands:
            yield from op.leaves()


class OrMatcher(AndMatcher):
    def _units(self, ctx: Context, level: str) -> int:
        result = 0
        for op in self.operands:
            result |= op.units(ctx, level)
        return result

    def _matching(self, ctx: Context, level: str, index: int) -> list[Matcher]:
        """The operands that match unit ``index``."""
        bit = ctx.bit(level, index)
        cache = ctx.cache
        out = []
        for op in self.operands:
            mask = cache.get(op._unit_keys[level])
            if mask is None:
                mask = op.units(ctx, level)
            if mask >> bit & 1:
                out.append(op)
        return out

    def spans(self, ctx, level, index):
        return [s for op in self._matching(ctx, level, index) for s in op.spans(ctx, level, index)]

    def unit_hits(self, ctx, level, index):
        return [h for op in self._matching(ctx, level, index) for h in op.unit_hits(ctx, level, index)]


class WithinMatcher(Matcher):
    """``a W/S b`` / ``a W/P b``: both inside one sentence / paragraph."""

    def __init__(self, left: Matcher, right: Matcher, level: str, label: str) -> None:
        self.left, self.right, self.level, self.label = left, right, level, label
        self.sig = ("within", level, left.sig, right.sig)

    def children(self) -> tuple[Matcher, ...]:
        return (self.left, self.right)

    def _inner(self, ctx: Context, level: str) -> str | None:
        return self.level if LEVELS[self.level] < LEVELS[level] else None

    def _both(self, ctx: Context, level: str) -> int:
        left = self.left.units(ctx, level)
        if not left and not self.right.may_raise:
            return 0  # the right side cannot change an empty result
        return left & self.right.units(ctx, level)

    def _units(self, ctx: Context, level: str) -> int:
        inner = self._inner(ctx, level)
        if inner is None:
            return self._both(ctx, level)
        return ctx.up(inner, self._both(ctx, inner), level)

    def spans(self, ctx, level, index):
        inner = self._inner(ctx, level)
        if inner is None:
            return self.left.spans(ctx, level, index) + self.right.spans(ctx, level, index)
        both = self._both(ctx, inner)
        out = []
        for j in ctx.children(level, index, inner):
            if (both >> j) & 1:
                out += self.left.spans(ctx, inner, j) + self.right.spans(ctx, inner, j)
        return out

    def unit_hits(self, ctx, level, index):
        # as :meth:`spans`
        inner = self._inner(ctx, level)
        if inner is None:
            return self.left.unit_hits(ctx, level, index) + self.right.unit_hits(ctx, level, index)
        both = self._both(ctx, inner)
        out = []
        for j in ctx.children(level, index, inner):
            if (both >> j) & 1:
                out += self.left.unit_hits(ctx, inner, j) + self.right.unit_hits(ctx, inner, j)
        return out

    def leaves(self):
        yield from self.left.leaves()
        yield from self.right.leaves()


class NearMatcher(WithinMatcher):
    """``a NEAR/k b``: a match of each with at most k words between them."""

    def __init__(self, left: Matcher, right: Matcher, distance: int, label: str) -> None:
        super().__init__(left, right, "sentence", label)
        self.distance = distance
        self.sig = ("near", distance, left.sig, right.sig)

    def _esig(self) -> str:
        # its spans are its own (one per pair), with its label and key
        return repr((type(self).__name__, self.sig, self.label, self.key))

    unit_hits = Matcher.unit_hits  # its own hits (not its operands')

    def _negated(self) -> tuple[Matcher, Matcher] | None:
        """``a NEAR/k NOT b`` (either order): (the positive side, ``b``)."""
        if isinstance(self.right, NotMatcher):
            return self.left, self.right.operand
        if isinstance(self.left, NotMatcher):
            return self.right, self.left.operand
        return None

    def _both(self, ctx: Context, level: str) -> int:
        negated = self._negated()
        if negated is not None:
            return negated[0].units(ctx, level)
        return super()._both(ctx, level)

    @staticmethod
    def _gap(a: Hit, b: Hit) -> int:
        """Words between two hits (0 when they touch or overlap)."""
        if a.tok_end <= b.tok_start:
            return b.tok_start - a.tok_end
        if b.tok_end <= a.tok_start:
            return a.tok_start - b.tok_end
        return 0

    def prepare(self) -> None:
        super().prepare()
        self._pair_keys = {lv: _key("pairs", lv, self.sig) for lv in LEVELS}

    def _pairs(self, ctx, level, index):
        """The matching pairs of spans inside one unit (cached per unit:
        computed for the unit mask, used again for evidence)."""
        key = self._pair_keys[level]
        by_index = ctx.cache.get(key)
        if by_index is None:
            by_index = ctx.cache[key] = {}
        got = by_index.get(index)
        if got is None:
            got = by_index[index] = self._find_pairs(ctx, level, index)
        return got

    def _find_pairs(self, ctx, level, index):
        k = self.distance
        gap = self._gap
        negated = self._negated()
        if negated is not None:
            # a match of the positive side with no match of the other within k words
            positive, other = negated
            others = other.spans(ctx, level, index) if ctx.has(level, other.units(ctx, level), index) else []
            return [(p, p) for p in positive.spans(ctx, level, index)
                    if all(gap(p[0], o[0]) > k for o in others)]
        lefts = self.left.spans(ctx, level, index)
        rights = self.right.spans(ctx, level, index)
        return [(lh, rh) for lh in lefts for rh in rights if gap(lh[0], rh[0]) <= k]

    def _near(self, ctx: Context, level: str, index: int) -> bool:
        """Whether :meth:`_find_pairs` finds a pair in the unit, from the
        token ranges of the spans alone (no pairs, no hits made)."""
        k = self.distance
        negated = self._negated()
        if negated is not None:
            positive, other = negated
            others = other.tok_ranges(ctx, level, index) if ctx.has(level, other.units(ctx, level), index) else ()
            for a0, a1 in positive.tok_ranges(ctx, level, index):
                for b0, b1 in others:
                    if (b0 - a1 if a1 <= b0 else a0 - b1 if b1 <= a0 else 0) <= k:
                        break
                else:
                    return True
            return False
        lefts = self.left.tok_ranges(ctx, level, index)
        rights = self.right.tok_ranges(ctx, level, index)
        for a0, a1 in lefts:
            for b0, b1 in rights:
                if (b0 - a1 if a1 <= b0 else a0 - b1 if b1 <= a0 else 0) <= k:
                    return True
        return False

    def _units(self, ctx: Context, level: str) -> int:
        both = self._both(ctx, level)
        if not both:
            return 0
        mask = 0
        for i in ctx.indices(level, both):
            if self._near(ctx, level, i):
                mask |= 1 << ctx.bit(level, i)
        return mask

    def spans(self, ctx, level, index):
        """One span per matching pair, from the first word to the last, so
        evidence reads ``Bassam Al-Assad`` rather than two loose words."""
        seen, out = set(), []
        for (a, _), (b, _) in self._pairs(ctx, level, index):
            value = a.value if a.value is not None else b.value
            hit = Hit(min(a.start, b.start), max(a.end, b.end), min(a.tok_start, b.tok_start),
                      max(a.tok_end, b.tok_end), value, a.note or b.note)
            if (hit.start, hit.end) not in seen:
                seen.add((hit.start, hit.end))
                out.append((hit, self))
        return out


# -------------------------------------------------------------- compiler ---


def compile_query(
    node: n.Node, source: str, key: str, entities: Mapping[str, tuple[str, ...]]
) -> Matcher:
    """Turn a parsed query into a matcher (with its cache keys made, see
    :meth:`Matcher.prepare`).  ``source`` labels the leaves."""

    def label(x: n.Node) -> str:
        return source[x.pos:x.end] if source else type(x).__name__

    def build(x: n.Node) -> Matcher:
        m = make(x)
        m.key = key
        return m

    def make(x: n.Node) -> Matcher:
        if isinstance(x, n.Term):
            return WordMatcher((x.word,), x.prefix, label(x), key)
        if isinstance(x, n.Phrase):
            return WordMatcher(tuple(x.words), x.prefix, label(x), key)
        if isinstance(x, n.Entity):
            aliases = entities.get(x.name)
            if aliases is None:
                raise CheckError(f"undefined entity '@{x.name}'", offset=x.pos)
            alts = [WordMatcher(ws, False, label(x), key) for ws in (split_words(a) for a in aliases) if ws]
            return alts[0] if len(alts) == 1 else OrMatcher(alts, label(x))
        if isinstance(x, n.Num):
            return NumMatcher(x, label(x), key)
        if isinstance(x, n.Date):
            return DateMatcher(x, label(x), key)
        if isinstance(x, n.Quote):
            if x.threshold is None:
                return QuoteMatcher(x.text, label(x), key)
            return FuzzyQuoteMatcher(x.text, x.threshold, label(x), key)
        if isinstance(x, n.Regex):
            return RegexMatcher(x, label(x), key)
        if isinstance(x, n.Not):
            return NotMatcher(build(x.operand), label(x))
        if isinstance(x, n.And):
            return AndMatcher([build(o) for o in x.operands], label(x))
        if isinstance(x, n.Or):
            return OrMatcher([build(o) for o in x.operands], label(x))
        if isinstance(x, n.Within):
            return WithinMatcher(build(x.left), build(x.right), x.level, label(x))
        if isinstance(x, n.Near):
            return NearMatcher(build(x.left), build(x.right), x.distance, label(x))
        raise TypeError(f"unknown query node {type(x).__name__}")

    matcher = build(node)
    matcher.prepare()
    return matcher
