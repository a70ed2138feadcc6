"""Which engine runs an editor's ``/regex/`` (issue #14.4).

**Linear path** — google-re2, whose time is linear in the text whatever the
pattern: every pattern RE2 compiles *with the same meaning* as the ``regex``
module gives it.  Checked on the pattern's syntax, conservatively:

* escapes: punctuation (``\\.``), ``\\n \\t \\r \\f \\v \\a``, ``\\A``,
  ``\\xhh``/``\\x{h…}``, ``\\p{…}``/``\\P{…}``; and ``\\d \\D \\w \\W \\s \\S
  \\b \\B``, which RE2 reads as ASCII: those patterns take the linear path on
  units of plain ASCII text (where both engines agree), the backtracking path
  elsewhere;
* ``$`` without the ``m`` flag also matches before a final newline in
  ``regex``, never in RE2: such a pattern takes the backtracking path on a
  unit that ends with a newline;
* no POSIX class (``[a[:alpha:]]`` is ASCII in RE2), every ``{`` a repeat
  (``{2}``, ``{2,}``, ``{2,5}``; ``a{,5}`` differs), inline flags only
  ``i``, ``m``, ``s``; no ``x`` flag;
* and RE2 must compile it (no backreference, lookaround, possessive or
  atomic group, conditional, ``\\Z``; repeats up to 1,000).

**Backtracking path** — everything else, on the ``regex`` module in a child
process that is killed when the claim's time budget runs out
(:mod:`.regex_worker`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .regex_syntax import (
    LOOKAROUND,
    Branches,
    Esc,
    Flags,
    Group,
    Meta,
    Node,
    Ref,
    Repeat,
    Set,
    Unknown,
    parse,
    walk,
)

_SIMPLE_ESCAPES = set("ntrfvaA")
_ASCII_SENSITIVE = set("dDwWsSbB")
# ASCII characters the two engines' \s disagree on (regex: white space; RE2: not)
_ODD_ASCII = re.compile("[\x0b\x1c-\x1f]")


# A NamedTuple, not a dataclass: the class is created at every start of the gate, ~0.07 ms
# as a NamedTuple, ~0.45 ms as a frozen dataclass (docs/design.md, "The gate").
class LinearPlan(NamedTuple):
    """How to run a pattern on RE2, and on which units it may."""

    source: str  # the pattern with its flags inline, as RE2 compiles it
    ascii_only: bool  # uses \d \w \s \b (or their negations): plain ASCII units only
    dollar: bool  # '$' without the m flag: not on a unit ending with a newline
    caseless: bool  # the i flag: not on a unit with Turkish İ or ı, which regex folds to i and I

    def fits(self, text: str) -> bool:
        """Whether RE2 gives ``regex``'s matches on ``text``."""
        if self.dollar and text.endswith("\n"):
            return False
        if self.caseless and ("\u0130" in text or "\u0131" in text):
            return False
        return not self.ascii_only or (text.isascii() and not _ODD_ASCII.search(text))


def _syntax(pattern: str, flags: str) -> tuple[bool, bool, bool] | None:
    """(uses an ASCII-sensitive escape, uses '$', ignores case) when the syntax is one
    both engines read alike, else None; read off the pattern's tree
    (:mod:`.regex_syntax`)."""
    try:
        branches = parse(pattern)
    except Unknown:
        return None  # includes a POSIX class anywhere in a set: ASCII in RE2
    if _may_match_empty(branches):
        return None
    sensitive = dollar = False
    caseless = "i" in flags
    letters = []
    for node in walk(branches):
        kind = type(node)
        letters.extend(e.letter for e in (node.escapes if kind is Set else (node,) if kind is Esc else ()))
        if kind is Ref:
            return None
        if kind is Meta and node.char == "$":
            dollar = True
        elif kind is Repeat and node.written.startswith("{,"):
            return None  # regex reads {0,5}, RE2 a literal
        elif kind is Flags or (kind is Group and node.kind == "flags"):
            if set(node.flags) - set("ims-"):
                return None
            caseless = caseless or "i" in node.flags
    for letter in letters:
        if letter in _ASCII_SENSITIVE:
            sensitive = True
        elif letter in "pP":
            if caseless:
                return None  # regex folds case into \p classes (ı is \p{Lu} under i), RE2 does not
        elif letter not in _SIMPLE_ESCAPES and letter != "x":
            return None  # \Z, \G, \e, \Q, \C, \N, \u…, an octal escape in a set
    return sensitive, dollar, caseless


def _may_match_empty(branches: Branches) -> bool:
    """Whether some match may be empty.  After an empty match ``regex``
    tries a longer one at the same place and RE2 moves on, so their matches
    of ``\\n*?`` or ``|war`` differ: such patterns take the backtracking path."""
    return any(all(_empty_ok(node) for node in sequence) for sequence in branches)


def _empty_ok(node: Node) -> bool:
    kind = type(node)
    if kind is Repeat:
        return node.low == 0 or _empty_ok(node.item)
    if kind is Group:
        return node.kind in LOOKAROUND or _may_match_empty(node.branches)
    if kind is Meta:
        return node.char != "."
    if kind is Esc:
        return node.letter in "bBAZ"
    return kind is Flags or kind is Ref  # a backreference to an empty group matches empty


@lru_cache(maxsize=1024)
def linear_plan(pattern: str, flags: str) -> LinearPlan | None:
    """The :class:`LinearPlan` of ``/pattern/flags``, or None when the
    pattern needs the backtracking path everywhere.  Remembered: a claim's
    queries are compiled once per reading, and a command asks before
    compiling whether to start the regex child early (:func:`.regex.start_child_early`)."""
    if set(flags) - set("ims"):
        return None
    syntax = _syntax(pattern, flags)
    if syntax is None:
        return None
    source = (f"(?{''.join(sorted(flags))})" if flags else "") + pattern
    try:
        compile_re2(source)
    except ValueError:
        return None
    sensitive, dollar, caseless = syntax
    return LinearPlan(source, sensitive, dollar and "m" not in flags, caseless)


def compile_re2(source: str):
    """``source`` compiled by RE2 (errors are not logged); ValueError when it does not compile."""
    try:
        import re2
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ValueError("google-re2 is not installed") from exc
    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(source, options)
    except re2.error as exc:
        raise ValueError(str(exc)) from None
