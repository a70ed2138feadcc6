"""Compile a query AST into matchers over an analysed article.

Each matcher answers two questions for a unit level (sentence, paragraph,
article) of one article:

* ``units(ctx, level)`` — the set of unit indexes it matches, computed
  set-wise from the article's word postings, quantities and dates, so a claim
  costs a few set operations per article, not a pass over its text;
* ``spans(ctx, level, index)`` — the positive leaf hits inside one unit, for
  evidence, ``NEAR`` distances and ``explain``.

Queries are parsed once (by the rule loader) and compiled once per claim; a
leaf's hits are cached in the article's :class:`~checker.engine.context.Context`.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from typing import Any, Iterable, Mapping

import regex as _regex
from rapidfuzz import fuzz

from ..errors import CheckError
from ..rules.query import nodes as n
from ..text.normalize import fold, unify
from ..text.tokens import words as split_words
from .context import LEVELS, Context, Hit

REGEX_TIMEOUT = 1.0  # seconds for one /regex/ search over one unit


class Matcher:
    """``sig`` describes what a matcher matches, independent of the claim it
    is written in: equal sub-queries of different claims share their unit
    sets in the article's context."""

    label: str = ""
    key: str = ""
    sig: tuple = ()

    def _key(self, what: str, level: str) -> str:
        # cache keys are strings: their hash is computed once, a tuple's every time
        return f"{what}\x00{level}\x00{self.sig!r}"

    def units(self, ctx: Context, level: str) -> frozenset[int]:
        try:
            cache_key = self._unit_keys[level]
        except AttributeError:
            self._unit_keys = {lv: self._key("units", lv) for lv in ("sentence", "paragraph", "article")}
            cache_key = self._unit_keys[level]
        got = ctx.cache.get(cache_key)
        if got is None:
            got = ctx.cache[cache_key] = self._units(ctx, level)
        return got

    def _units(self, ctx: Context, level: str) -> frozenset[int]:
        raise NotImplementedError

    def spans(self, ctx: Context, level: str, index: int) -> list[tuple[Hit, "Leaf"]]:
        raise NotImplementedError

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

    def find(self, ctx: Context, level: str) -> list[Hit]:
        raise NotImplementedError

    def hits(self, ctx: Context, level: str) -> tuple[list[Hit], list[int]]:
        try:
            cache_key = self._hit_keys[level]
        except AttributeError:
            self._hit_keys = {lv: self._key("hits", lv if self.per_unit else "")
                              for lv in ("sentence", "paragraph", "article")}
            cache_key = self._hit_keys[level]
        got = ctx.cache.get(cache_key)
        if got is None:
            found = sorted(self.find(ctx, level), key=lambda h: (h.start, h.end))
            got = ctx.cache[cache_key] = (found, [h.start for h in found])
        return got

    def _units(self, ctx: Context, level: str) -> frozenset[int]:
        found = set()
        units = ctx.units(level)
        for h in self.hits(ctx, level)[0]:
            i = ctx.unit_of(level, h.start)
            if i is not None and h.end <= units[i].end:  # wholly inside the unit
                found.add(i)
        return frozenset(found)

    def spans(self, ctx: Context, level: str, index: int) -> list[tuple[Hit, "Leaf"]]:
        hits, starts = self.hits(ctx, level)
        return [(h, self) for h in ctx.hits_in(hits, starts, level, index)]

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
        self.sig = ("words", words, prefix)

    def _positions(self, ctx: Context, word: str, prefix: bool) -> list[int]:
        postings = ctx.analysis.postings
        if not prefix:
            return postings.get(word, ())
        cache_key = "prefix\x00" + word
        got = ctx.cache.get(cache_key)
        if got is None:
            vocab = ctx.vocabulary()
            lo = bisect_left(vocab, word)
            hi = bisect_left(vocab, word + "\U0010ffff", lo)
            got = sorted(i for w in vocab[lo:hi] for i in postings[w])
            ctx.cache[cache_key] = got
        return got

    def starts(self, ctx: Context) -> list[int]:
        """Word indexes where the word or phrase begins."""
        words = self.words
        last = len(words) - 1
        first = self._positions(ctx, words[0], self.prefix and last == 0)
        if last == 0:
            return first
        try:
            cache_key = self._starts_key
        except AttributeError:
            cache_key = self._starts_key = self._key("starts", "")
        got = ctx.cache.get(cache_key)
        if got is None:
            words_of = ctx.analysis.words
            n = len(words_of)
            got = []
            for i in first:
                if i + last >= n:
                    continue
                for k in range(1, last + 1):
                    tok = words_of[i + k]
                    if not (tok.startswith(words[k]) if (k == last and self.prefix) else tok == words[k]):
                        break
                else:
                    got.append(i)
            ctx.cache[cache_key] = got
        return got

    def _units(self, ctx: Context, level: str) -> frozenset[int]:
        tok_unit = ctx.tok_unit(level)
        last = len(self.words) - 1
        if last == 0:
            return frozenset([tok_unit[i] for i in self.starts(ctx)])
        # a phrase counts only when its first and last words share the unit
        return frozenset([tok_unit[i] for i in self.starts(ctx) if tok_unit[i] == tok_unit[i + last]])

    def spans(self, ctx: Context, level: str, index: int) -> list[tuple[Hit, "Leaf"]]:
        # only the unit's hits, straight from the sorted word positions
        unit = ctx.units(level)[index]
        positions = self.starts(ctx)
        last = len(self.words) - 1
        a = bisect_left(positions, unit.tok_start)
        b = bisect_left(positions, unit.tok_end - last)
        if a >= b:
            return []
        ts, te = ctx.analysis.token_starts, ctx.analysis.token_ends
        return [(Hit(ts[i], te[i + last], i, i + last + 1), self) for i in positions[a:b]]


def _num_ok(node: n.Num, lo: float, hi: float) -> bool:
    """Does a mention meaning anything in [lo, hi] satisfy NUM(...)?"""
    op = node.op
    if op == "any":
        return True
    if op == "eq":
        v = node.value
        tol = 0.0
        if node.tolerance is not None:
            tol = abs(v) * node.tolerance if node.relative else node.tolerance
        eps = 1e-9 * max(1.0, abs(v))
        return lo <= v + tol + eps and hi >= v - tol - eps
    if op == "gt":
        return hi > node.value
    if op == "ge":
        return hi >= node.value
    if op == "lt":
        return lo < node.value
    if op == "le":
        return lo <= node.value
    if op == "range":
        return lo <= node.high and hi >= node.low
    raise ValueError(op)


class MentionMatcher(Leaf):
    """A leaf over the quantities or dates found when the article was analysed."""

    kind = ""  # the Analysis attribute: "quantities" or "dates"

    def accepts(self, mention: Any) -> bool:
        raise NotImplementedError

    def matching(self, ctx: Context) -> list[int]:
        """Indexes of the article's mentions this leaf accepts (cached)."""
        try:
            cache_key = self._matching_key
        except AttributeError:
            cache_key = self._matching_key = self._key("matching", "")
        got = ctx.cache.get(cache_key)
        if got is None:
            accepts = self.accepts
            got = ctx.cache[cache_key] = [i for i, m in enumerate(getattr(ctx.analysis, self.kind)) if accepts(m)]
        return got

    def _units(self, ctx: Context, level: str) -> frozenset[int]:
        where = ctx.mention_units(self.kind, level)
        return frozenset(u for u in (where[i] for i in self.matching(ctx)) if u >= 0)

    def find(self, ctx: Context, level: str) -> list[Hit]:
        a = ctx.analysis
        mentions = getattr(a, self.kind)
        return [_hit(a, mentions[i].start, mentions[i].end, mentions[i]) for i in self.matching(ctx)]


class NumMatcher(MentionMatcher):
    kind = "quantities"

    def __init__(self, node: n.Num, label: str, key: str) -> None:
        super().__init__(label, key)
        self.node = node
        self.sig = ("num", node.op, node.value, node.low, node.high, node.tolerance, node.relative)

    def accepts(self, q: Any) -> bool:
        # a plain number has low == high == value; a range, a vague plural
        # ("thousands") or a percentage range matches when it overlaps
        return _num_ok(self.node, q.low, q.high)


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
        self.sig = ("fuzzy-quote", self.folded, threshold)
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


class RegexMatcher(Leaf):
    """``/regex/`` over the original text of each unit, with a time limit."""

    per_unit = True

    def __init__(self, node: n.Regex, label: str, key: str) -> None:
        super().__init__(label, key)
        flags = 0
        for f in node.flags:
            flags |= {"i": _regex.IGNORECASE, "m": _regex.MULTILINE, "s": _regex.DOTALL, "x": _regex.VERBOSE}.get(f, 0)
        self.pattern = _regex.compile(node.pattern, flags | _regex.V0)
        self.sig = ("regex", node.pattern, node.flags)

    def find(self, ctx: Context, level: str) -> list[Hit]:
        a = ctx.analysis
        src = a.article.text
        out = []
        for unit in a.units(level):
            ta, tb = a.text_span(unit.start, unit.end)
            try:
                for m in self.pattern.finditer(src[ta:tb], timeout=REGEX_TIMEOUT):
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

    def _units(self, ctx: Context, level: str) -> frozenset[int]:
        return ctx.all_units(level) - self.operand.units(ctx, level)

    def spans(self, ctx, level, index):
        return []


class AndMatcher(Matcher):
    def __init__(self, operands: list[Matcher], label: str) -> None:
        self.operands = operands
        self.label = label
        self.sig = (type(self).__name__, tuple(op.sig for op in operands))

    def _units(self, ctx: Context, level: str) -> frozenset[int]:
        result = None
        for op in self.operands:
            got = op.units(ctx, level)
            result = got if result is None else result & got
            if not result:
                break
        return frozenset(result or ())

    def spans(self, ctx, level, index):
        return [s for op in self.operands for s in op.spans(ctx, level, index)]

    def leaves(self):
        for op in self.operands:
            yield from op.leaves()


class OrMatcher(AndMatcher):
    def _units(self, ctx: Context, level: str) -> frozenset[int]:
        result: set[int] = set()
        for op in self.operands:
            result |= op.units(ctx, level)
        return frozenset(result)

    def spans(self, ctx, level, index):
        out = []
        for op in self.operands:
            if index in op.units(ctx, level):
                out.extend(op.spans(ctx, level, index))
        return out


class WithinMatcher(Matcher):
    """``a W/S b`` / ``a W/P b``: both inside one sentence / paragraph."""

    def __init__(self, left: Matcher, right: Matcher, level: str, label: str) -> None:
        self.left, self.right, self.level, self.label = left, right, level, label
        self.sig = ("within", level, left.sig, right.sig)

    def _inner(self, ctx: Context, level: str) -> str | None:
        return self.level if LEVELS[self.level] < LEVELS[level] else None

    def _both(self, ctx: Context, level: str) -> frozenset[int]:
        return self.left.units(ctx, level) & self.right.units(ctx, level)

    def _units(self, ctx: Context, level: str) -> frozenset[int]:
        inner = self._inner(ctx, level)
        if inner is None:
            return self._both(ctx, level)
        return frozenset(ctx.parent(inner, i, level) for i in self._both(ctx, inner))

    def spans(self, ctx, level, index):
        inner = self._inner(ctx, level)
        if inner is None:
            return self.left.spans(ctx, level, index) + self.right.spans(ctx, level, index)
        both = self._both(ctx, inner)
        out = []
        for j in ctx.children(level, index, inner):
            if j in both:
                out += self.left.spans(ctx, inner, j) + self.right.spans(ctx, inner, j)
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

    def _negated(self) -> tuple[Matcher, Matcher] | None:
        """``a NEAR/k NOT b`` (either order): (the positive side, ``b``)."""
        if isinstance(self.right, NotMatcher):
            return self.left, self.right.operand
        if isinstance(self.left, NotMatcher):
            return self.right, self.left.operand
        return None

    def _both(self, ctx: Context, level: str) -> frozenset[int]:
        negated = self._negated()
        if negated is not None:
            return negated[0].units(ctx, level)
        return self.left.units(ctx, level) & self.right.units(ctx, level)

    @staticmethod
    def _gap(a: Hit, b: Hit) -> int:
        """Words between two hits (0 when they touch or overlap)."""
        if a.tok_end <= b.tok_start:
            return b.tok_start - a.tok_end
        if b.tok_end <= a.tok_start:
            return a.tok_start - b.tok_end
        return 0

    def _pairs(self, ctx, level, index):
        k = self.distance
        negated = self._negated()
        if negated is not None:
            # a match of the positive side with no match of the other within k words
            positive, other = negated
            others = other.spans(ctx, level, index) if index in other.units(ctx, level) else []
            return [(p, p) for p in positive.spans(ctx, level, index)
                    if all(self._gap(p[0], o[0]) > k for o in others)]
        lefts = self.left.spans(ctx, level, index)
        rights = self.right.spans(ctx, level, index)
        return [(lh, rh) for lh in lefts for rh in rights if self._gap(lh[0], rh[0]) <= k]

    def _units(self, ctx: Context, level: str) -> frozenset[int]:
        return frozenset(i for i in sorted(self._both(ctx, level)) if self._pairs(ctx, level, i))

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
    """Turn a parsed query into a matcher.  ``source`` labels the leaves."""

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

    return build(node)
