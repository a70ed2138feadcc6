"""``/regex/`` patterns whose backtracking search is bounded by their syntax,
searched in this process instead of the regex child (issue #15).

A pattern without an unbounded repeat, a backreference or other construct
that can loop — literals, escapes of one character, sets, anchors, groups,
alternation, lookaround and repeats with an upper bound — tries a bounded
number of paths at each start position: :func:`bounded_work` reads that
bound off the pattern's tree (:mod:`.regex_syntax`, the one reader of the
syntax): ``W``, the sum over its paths of the items each path tests, so a
search over spans of ``n`` characters in all tests at most
``(n + spans) * W`` items.  A :class:`~.regex.RegexMatcher` whose budget
asks for it (``bounded_here``: the service's workers) runs such a search
here, on the same ``regex`` module and the same search loop as the child
(:func:`.regex_child.search_spans`), when that bound is at most
:data:`INPROCESS_WORK`: a search that cannot run past a few milliseconds
needs no killable process, and the round trip to the child (the text
encoded as JSON, two pipe transfers, two context switches) cost more than
the search itself: ~0.2 ms of the worker's CPU and ~0.2–0.25 ms of the
child's per 1,000-word draft in ``claimcheck serve`` (the default rules'
credit pattern ``\\b(?:AFP|…)(?=[A-Z])|…`` is one).  The claim's budget is
charged the search's CPU time as in the child, and a search that used more
than the claim had left stops the claim as the child's timer would have.

Whatever the reader does not follow (:class:`~.regex_syntax.Unknown`), and
every flag but ``i``, ``m`` and ``s`` (``x`` gives blanks and ``#`` other
meanings), makes the pattern unbounded: it goes to the child as before.
"""

from __future__ import annotations

from functools import lru_cache

from .regex_syntax import (
    Esc,
    Flags,
    Group,
    Lit,
    Meta,
    Node,
    Repeat,
    Set,
    Unknown,
    parse,
)

# Items a search here may test at most (see the module's doc): measured
# worst case (an adversarial text that takes every path to its end) about
# 1 ms of CPU on this kind of machine, a fifth of what each article gives a
# claim back (REGEX_PER_ARTICLE, 5 ms).
INPROCESS_WORK = 200_000

_FLAGS = frozenset("ims")
_ONE_CHAR_ESCAPES = frozenset("bBdDwWsSAZntrfvaxpP")  # an anchor, a class or one character
_MAX_REPEAT = 100  # a longer finite repeat is not counted copy by copy: unbounded here
_GROUPS = frozenset({"capture", "named", "noncapture", "atomic", "ahead", "not-ahead", "behind", "not-behind"})


class _Unbounded(Exception):
    """The pattern has syntax that can loop, or a bound past :data:`INPROCESS_WORK`."""


def _branches(branches: tuple[tuple[Node, ...], ...]) -> tuple[int, int]:
    """``a|b|…``: (paths, items tested over all paths)."""
    paths = work = 0
    for sequence in branches:
        p, w = _sequence(sequence)
        paths, work = paths + p, work + w
    return paths, work


def _sequence(sequence: tuple[Node, ...]) -> tuple[int, int]:
    paths, work = 1, 0
    for node in sequence:
        p, w = _node(node)
        # each path so far continues on each of the node's paths
        paths, work = paths * p, work * p + paths * w
        if work > INPROCESS_WORK:
            raise _Unbounded  # (never run here whatever the text: stop counting)
    return paths, work


def _node(node: Node) -> tuple[int, int]:
    kind = type(node)
    if kind is Lit or kind is Meta:
        return 1, 1
    if kind is Esc:
        if node.letter not in _ONE_CHAR_ESCAPES:
            raise _Unbounded  # \X (a grapheme), \G, \K, \N{…}, \m…
        return 1, 1
    if kind is Set:
        return 1, len(node.source)  # tested in up to as many steps as it is long
    if kind is Flags:
        if set(node.flags) - _FLAGS:
            raise _Unbounded
        return 1, 0
    if kind is Group:
        if node.kind not in _GROUPS and not (node.kind == "flags" and not set(node.flags) - _FLAGS):
            raise _Unbounded
        return _branches(node.branches)
    if kind is Repeat and node.high is not None and node.high <= _MAX_REPEAT:
        # k copies for each k from low to high, each a sequence of k items
        _node(node.item)  # (its own kind checked even where no copy is made)
        paths = work = 0
        for k in range(node.low, node.high + 1):
            p, w = _sequence((node.item,) * k) if k else (1, 0)
            paths, work = paths + p, work + w
            if work > INPROCESS_WORK:
                raise _Unbounded
        return paths, work
    raise _Unbounded  # a backreference, an unbounded repeat


@lru_cache(maxsize=1024)
def bounded_work(pattern: str, flags: str) -> int | None:
    """The items a backtracking search of ``/pattern/flags`` tests at most
    from one start position (over all its paths), or None when the pattern
    may loop, its bound is past :data:`INPROCESS_WORK`, or it uses syntax
    the reader does not follow."""
    if set(flags) - _FLAGS:
        return None
    try:
        paths, work = _branches(parse(pattern))
    except (Unknown, _Unbounded):
        return None
    return max(work, paths, 1)


def search_here(work: int | None, spans: list[tuple[int, int]]) -> bool:
    """Whether a search with :func:`bounded_work` ``work`` over ``spans`` runs
    here: bounded, and bounded by at most :data:`INPROCESS_WORK` items."""
    if work is None:
        return False
    return sum(b - a + 1 for a, b in spans) * work <= INPROCESS_WORK
