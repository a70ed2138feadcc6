"""Strings one of which every match of a ``/regex/`` contains, read off the
pattern: a unit holding none of them cannot match, so it is not searched
(:class:`.regex.RegexMatcher`).

A conservative reading of the pattern's syntax (no private parser of the
standard library), enough to find such strings.  Whatever it does not know
for certain (an escape with arguments, inline flags, fuzzy matching, POSIX
classes, the ``x`` flag) makes it give up: the pattern is then searched in
every unit, which is slower and never wrong.

Under the ``i`` flag a literal matches in any case: the literals are then
lower-cased ASCII, looked for in the unit as :func:`caseless` folds it (a
pattern with a literal beyond ASCII gives up).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...text.patterns import fold_ignorecase

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


@lru_cache(maxsize=1024)
def required_literals(pattern: str, flags: str) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains (``None``:
    unknown, search every unit); under the ``i`` flag lower-cased, to be
    looked for in :func:`caseless` text.  Remembered, as
    :func:`.regex_paths.linear_plan` is: a claim compiles its queries once
    per reading."""
    if set(flags) - set("ims"):
        return None
    reader = _Reader(pattern)
    try:
        found = reader.alternatives()
    except _Unknown:
        return None
    if reader.i != len(pattern) or not found:
        return None
    if "i" in flags:
        if not all(s.isascii() for s in found):
            return None  # (a letter beyond ASCII has case partners this module does not list)
        found = frozenset(s.lower() for s in found)
    # a literal containing another one adds nothing
    return tuple(sorted(s for s in found if not any(t != s and t in s for t in found)))


def caseless(text: str) -> str | None:
    """``text`` as the ``i`` flag sees it next to an ASCII literal: every
    character either engine takes for an ASCII letter in another case
    written as that letter in lower case, at the same offset (``None`` if
    an offset would move: then search every unit).

    The characters besides ASCII letters are ``İ`` (``regex`` takes it for
    ``i``), ``ı`` (``regex`` takes it for ``I``), ``ſ`` (both engines:
    ``s``) and the Kelvin sign (``k``, which ``str.lower`` gives);
    ``tests/test_regex_caseless.py`` checks every code point against both
    engines.  The fold is :func:`checker.text.patterns.fold_ignorecase`,
    the one the text finders use for Python's ``re``.  Another character
    folded to a letter would only search a unit for nothing."""
    folded = fold_ignorecase(text)
    return folded if len(folded) == len(text) else None
