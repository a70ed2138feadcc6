"""``/regex/`` over the original text of each unit, with a time limit (SPEC §4)."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from ...errors import CheckError
from ...rules.query import nodes as n
from ..context import Context
from ..hits import Hit
from ..matcher import Leaf, Matcher, Operator

if TYPE_CHECKING:
    from ..registry import Compiler

REGEX_TIMEOUT = 1.0  # seconds for one /regex/ search over one unit


class RegexMatcher(Leaf):
    """``/regex/`` over the original text of each unit, with a time limit.

    A pattern is searched unit by unit, which is slow for one that starts
    with a character class.  When every match must contain one of a few
    literal strings (:func:`required_literals`), only the units holding one
    of them are searched: the others cannot match."""

    per_unit = True
    may_raise = True

    def __init__(self, node: n.Regex, label: str, key: str) -> None:
        super().__init__(label, key)
        import regex  # imported at first use: start-up time matters to the gate

        flags = 0
        for f in node.flags:
            flags |= {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}[f]
        self.pattern = regex.compile(node.pattern, flags | regex.V0)
        self.sig = ("regex", node.pattern, node.flags)
        self.needles = required_literals(node.pattern, node.flags)

    def _searched(self, src: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The unit spans of ``src`` holding one of the required literals."""
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
                    out.append(ctx.hit(s, max(e, s + 1), self))
            except TimeoutError:
                raise CheckError(
                    f"regular expression {self.label} took longer than {REGEX_TIMEOUT:g}s on one {level}; "
                    "simplify it"
                ) from None
        return out


# ------------------------------------------------------- required literals ---
#
# A conservative reading of the pattern's syntax, enough to find strings one
# of which every match contains.  Whatever it does not know for certain (an
# escape with arguments, inline flags, fuzzy matching, POSIX classes, the
# ``i`` and ``x`` flags) makes it give up: the pattern is then searched in
# every unit, which is slower and never wrong.

_ANCHOR_OR_CLASS_ESCAPES = set("dDsSwWbBAZ")
_REPEAT = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")


class _Unknown(Exception):
    """The pattern uses syntax this reader does not follow."""


class _Reader:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def alternatives(self) -> frozenset[str] | None:
        """``a|b|…`` up to ``)`` or the end: strings one of which every match contains."""
        found = [self.sequence()]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            found.append(self.sequence())
        return frozenset().union(*found) if all(found) else None

    def sequence(self) -> frozenset[str] | None:
        p = self.p
        best: frozenset[str] | None = None
        run: list[str] = []

        def better(req: frozenset[str] | None) -> None:
            nonlocal best
            if req and (best is None or min(map(len, req)) > min(map(len, best))):
                best = req

        def flush() -> None:
            if run:
                better(frozenset(["".join(run)]))
                run.clear()

        while self.i < len(p) and p[self.i] not in "|)":
            literal, req = self.item()
            low = self.quantifier()
            if literal is not None and low is None:
                run.append(literal)
                continue
            flush()
            if low is None or low >= 1:
                better(req)
        flush()
        return best

    def item(self) -> tuple[str | None, frozenset[str] | None]:
        """One item: (its literal character, or None; what it requires)."""
        p = self.p
        ch = p[self.i]
        self.i += 1
        if ch == "\\":
            if self.i >= len(p):
                raise _Unknown
            nxt = p[self.i]
            self.i += 1
            if nxt.isdigit():  # a backreference
                while self.i < len(p) and p[self.i].isdigit():
                    self.i += 1
                return None, None
            if nxt.isalnum() or nxt == "_":
                if nxt in _ANCHOR_OR_CLASS_ESCAPES:
                    return None, None
                raise _Unknown  # an escape with arguments or a meaning of its own
            return nxt, frozenset([nxt])
        if ch == "[":
            self.char_class()
            return None, None
        if ch == "(":
            return None, self.group()
        if ch in ".^$":
            return None, None
        if ch in "*+?{":
            raise _Unknown  # a repeat of nothing, or a brace regex reads its own way
        return ch, frozenset([ch])

    def char_class(self) -> None:
        p = self.p
        if p.startswith("^", self.i):
            self.i += 1
        if p.startswith("]", self.i):
            self.i += 1
        while self.i < len(p):
            ch = p[self.i]
            if ch == "[":
                raise _Unknown  # POSIX classes and nested sets
            self.i += 2 if ch == "\\" else 1
            if ch == "]":
                return
        raise _Unknown

    def group(self) -> frozenset[str] | None:
        p = self.p
        counts = True
        if p.startswith("?", self.i):
            head = p[self.i:self.i + 4]
            if head.startswith(("?:", "?>")):
                self.i += 2
            elif head.startswith(("?=", "?!", "?<=", "?<!")):
                self.i += 3 if head.startswith("?<") else 2
                counts = False
            elif head.startswith(("?P<", "?<")):
                close = p.find(">", self.i)
                if close < 0:
                    raise _Unknown
                self.i = close + 1
            else:
                raise _Unknown  # inline flags, comments, conditionals, branch reset…
        req = self.alternatives()
        if not p.startswith(")", self.i):
            raise _Unknown
        self.i += 1
        return req if counts else None

    def quantifier(self) -> int | None:
        """The least repeat count of a quantifier here (``None``: no quantifier)."""
        p = self.p
        if self.i >= len(p):
            return None
        ch = p[self.i]
        if ch in "*?+":
            self.i += 1
            low = 1 if ch == "+" else 0
        elif ch == "{":
            m = _REPEAT.match(p, self.i)
            if not m or (not m.group(1) and not m.group(2)):
                raise _Unknown
            self.i = m.end()
            low = int(m.group(1) or 0)
        else:
            return None
        if self.i < len(p) and p[self.i] in "?+":  # lazy or possessive
            self.i += 1
        return low


def required_literals(pattern: str, flags: str) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains (``None``:
    unknown, search every unit)."""
    if set(flags) - set("ms"):
        return None
    reader = _Reader(pattern)
    try:
        found = reader.alternatives()
    except _Unknown:
        return None
    if reader.i != len(pattern) or not found:
        return None
    # a literal containing another one adds nothing
    return tuple(sorted(s for s in found if not any(t != s and t in s for t in found)))


def build_regex(node: n.Regex, c: Compiler) -> Matcher:
    return RegexMatcher(node, c.label(node), c.key)


OPERATORS = (Operator(n.Regex, build_regex),)
