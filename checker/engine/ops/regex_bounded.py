"""``/regex/`` patterns whose backtracking search is bounded by their syntax,
searched in this process instead of the regex child (issue #15).

A pattern without any repeat (``* + ? {…}``), backreference or other
construct that can loop — only literals, escapes of one character, classes,
anchors, groups, alternation and lookaround — tries a bounded number of
paths at each start position: :func:`bounded_work` reads that bound off
the pattern (``W``, the sum over its paths of the items each path tests),
so a search over spans of ``n`` characters in all tests at most
``(n + spans) * W`` items.  :class:`~.regex.RegexMatcher` runs such a search
here, on the same ``regex`` module and the same search loop as the child
(:func:`.regex_child.search_spans`), when that bound is at most
:data:`INPROCESS_WORK`: a search that cannot run past a few milliseconds
needs no killable process, and the round trip to the child (the text
encoded as JSON, two pipe transfers, two context switches) cost more than
the search itself: ~0.16 ms of the worker's CPU and ~0.25 ms of the child's
per 1,000-word draft in ``claimcheck serve`` (the default rules' credit
pattern ``\\b(?:AFP|…)(?=[A-Z])|…`` is one).  The claim's budget is charged
the search's CPU time as in the child, and a search that used more than
the claim had left stops the claim as the child's timer would have.

The reader is conservative (no private parser of the standard library):
whatever it does not know for certain (an escape with arguments, inline
flags, a named group, fuzzy matching, POSIX or nested classes, the ``x``
flag) makes the pattern unbounded, and it goes to the child as before.
"""

from __future__ import annotations

from functools import lru_cache

# Items a search here may test at most (see the module's doc): measured
# worst case (an adversarial text that takes every path to its end) about
# 2 ms of CPU on this kind of machine, well under what each article gives a
# claim back (REGEX_PER_ARTICLE, 5 ms).
INPROCESS_WORK = 200_000

_ONE_CHAR_ESCAPES = set("bBdDwWsSAZntrfv")  # an anchor, a class or one character
_CLASS_ESCAPES = set("dDwWsSntrfvb")


class _Unbounded(Exception):
    """The pattern uses syntax that can loop, or syntax this reader does not follow."""


class _Reader:
    """``W`` and the number of paths of a pattern, by recursive descent."""

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def alternatives(self) -> tuple[int, int]:
        """``a|b|…`` up to ``)`` or the end: (paths, items tested over all paths)."""
        paths, work = self.sequence()
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            more_paths, more_work = self.sequence()
            paths, work = paths + more_paths, work + more_work
        return paths, work

    def sequence(self) -> tuple[int, int]:
        paths, work = 1, 0
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            item_paths, item_work = self.item()
            # each path so far continues on each of the item's paths
            paths, work = paths * item_paths, work * item_paths + paths * item_work
        return paths, work

    def item(self) -> tuple[int, int]:
        p, i = self.p, self.i
        ch = p[i]
        if ch in "*+?{}":
            raise _Unbounded  # a repeat (or a literal brace, which may be one)
        if ch == "\\":
            if i + 1 >= len(p):
                raise _Unbounded
            nxt = p[i + 1]
            if nxt.isalnum() or nxt == "_":
                if nxt not in _ONE_CHAR_ESCAPES:
                    raise _Unbounded  # a backreference, \p{…}, \x…, \N{…}, \g…, \G…
            elif not nxt.isascii():
                raise _Unbounded
            self.i = i + 2
            return 1, 1
        if ch == "[":
            return self.klass()
        if ch == "(":
            return self.group()
        if ch == "]":
            raise _Unbounded
        self.i = i + 1  # a literal, '.', '^' or '$'
        return 1, 1

    def klass(self) -> tuple[int, int]:
        """``[…]``: one item, tested in up to as many steps as it is long."""
        p, start = self.p, self.i
        i = start + 1
        if i < len(p) and p[i] == "^":
            i += 1
        if i < len(p) and p[i] == "]":
            i += 1  # a leading ']' is a literal
        while i < len(p) and p[i] != "]":
            if p[i] == "[" or p[i:i + 2] in ("&&", "--", "||", "~~"):
                raise _Unbounded  # a nested set, a POSIX class or a set operation
            if p[i] == "\\":
                if i + 1 >= len(p) or (p[i + 1].isalnum() and p[i + 1] not in _CLASS_ESCAPES):
                    raise _Unbounded
                i += 1
            i += 1
        if i >= len(p):
            raise _Unbounded
        self.i = i + 1
        return 1, self.i - start

    def group(self) -> tuple[int, int]:
        p, i = self.p, self.i + 1
        if p.startswith("?", i):
            for opener in (":", "=", "!", "<=", "<!"):  # non-capturing, lookahead, lookbehind
                if p.startswith(opener, i + 1):
                    i += 1 + len(opener)
                    break
            else:
                raise _Unbounded  # inline flags, a named, atomic or conditional group…
        self.i = i
        paths, work = self.alternatives()
        if self.i >= len(p) or p[self.i] != ")":
            raise _Unbounded
        self.i += 1
        return paths, work


@lru_cache(maxsize=1024)
def bounded_work(pattern: str, flags: str) -> int | None:
    """The items a backtracking search of ``/pattern/flags`` tests at most
    from one start position (over all its paths), or None when the pattern
    may loop or uses syntax this reader does not follow."""
    if set(flags) - set("ims"):
        return None  # 'x' gives blanks and '#' other meanings
    reader = _Reader(pattern)
    try:
        paths, work = reader.alternatives()
    except (_Unbounded, IndexError):
        return None
    if reader.i != len(pattern):
        return None  # an unbalanced ')'
    return max(work, paths, 1)


def search_here(work: int | None, spans: list[tuple[int, int]]) -> bool:
    """Whether a search with :func:`bounded_work` ``work`` over ``spans`` runs
    here: bounded, and bounded by at most :data:`INPROCESS_WORK` items."""
    if work is None:
        return False
    return sum(b - a + 1 for a, b in spans) * work <= INPROCESS_WORK
