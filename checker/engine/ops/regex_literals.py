"""Strings one of which every match of a ``/regex/`` contains, read off the
pattern: a unit holding none of them cannot match, so it is not searched
(:class:`.regex.RegexMatcher`).

Read off the pattern's tree (:mod:`.regex_syntax`, the one reader of
``/regex/`` syntax).  Whatever it does not know for certain (syntax the
reader does not follow, an escape with arguments, inline flags, the ``x``
flag) makes it give up: the pattern is then searched in
every unit, which is slower and never wrong.

Under the ``i`` flag a literal matches in any case: the literals are then
lower-cased ASCII, looked for in the unit as :func:`caseless` folds it (a
pattern with a literal beyond ASCII gives up).
"""

from __future__ import annotations

from functools import lru_cache

from ...text.patterns import fold_ignorecase
from .regex_syntax import (
    LOOKAROUND,
    Branches,
    Esc,
    Flags,
    Group,
    Lit,
    Node,
    Repeat,
    Unknown,
    parse,
)

_ANCHOR_OR_CLASS_ESCAPES = set("dDsSwWbBAZ")


def _branches(branches: Branches) -> frozenset[str] | None:
    """``a|b|…``: strings one of which every match contains (each branch must give some)."""
    found = [_sequence(sequence) for sequence in branches]
    return frozenset().union(*found) if all(found) else None


def _sequence(sequence: tuple[Node, ...]) -> frozenset[str] | None:
    """The longest run of literal characters, or a required item's strings
    if those are longer: the strings found with the longest shortest one."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def better(req: frozenset[str] | None) -> None:
        nonlocal best
        if req and (best is None or min(map(len, req)) > min(map(len, best))):
            best = req

    for node in sequence:
        if type(node) is Lit:
            run.append(node.char)
            continue
        if run:
            better(frozenset(["".join(run)]))
            run.clear()
        if type(node) is Repeat:
            req = _required(node.item)
            if node.low >= 1:
                better(req)
        else:
            better(_required(node))
    if run:
        better(frozenset(["".join(run)]))
    return best


def _required(node: Node) -> frozenset[str] | None:
    """What one item requires; raises Unknown where the answer is not certain."""
    kind = type(node)
    if kind is Lit:
        return frozenset([node.char])
    if kind is Esc:
        if node.letter in _ANCHOR_OR_CLASS_ESCAPES and not node.arg:
            return None
        raise Unknown  # an escape with arguments or a meaning of its own
    if kind is Group:
        if node.kind == "flags":
            raise Unknown  # (?i:…) changes what a literal matches
        req = _branches(node.branches)
        return None if node.kind in LOOKAROUND else req
    if kind is Flags:
        raise Unknown  # (?i) changes what a literal matches
    return None  # a set, '.', '^', '$', a backreference


@lru_cache(maxsize=1024)
def required_literals(pattern: str, flags: str) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains (``None``:
    unknown, search every unit); under the ``i`` flag lower-cased, to be
    looked for in :func:`caseless` text.  Remembered, as
    :func:`.regex_paths.linear_plan` is: a claim compiles its queries once
    per reading."""
    if set(flags) - set("ims"):
        return None
    try:
        found = _branches(parse(pattern))
    except Unknown:
        return None
    if not found:
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
