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
* no POSIX class (``[[:alpha:]]`` is ASCII in RE2), every ``{`` a repeat
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

_SIMPLE_ESCAPES = set("ntrfvaA")
_ASCII_SENSITIVE = set("dDwWsSbB")
_REPEAT = re.compile(r"\{\d+(?:,\d*)?\}")
_INLINE_FLAGS = re.compile(r"\(\?([a-zA-Z-]+)[:)]")
# ASCII characters the two engines' \s disagree on (regex: white space; RE2: not)
_ODD_ASCII = re.compile("[\x0b\x1c-\x1f]")


# A NamedTuple, not a dataclass: the class is created at every start of the gate, ~0.07 ms
# as a NamedTuple, ~0.45 ms as a frozen dataclass (docs/design.md, "The gate").
class LinearPlan(NamedTuple):
    """How to run a pattern on RE2, and on which units it may."""

    source: str  # the pattern with its flags inline, as RE2 compiles it
    ascii_only: bool  # uses \d \w \s \b (or their negations): plain ASCII units only
    dollar: bool  # '$' without the m flag: not on a unit ending with a newline

    def fits(self, text: str) -> bool:
        """Whether RE2 gives ``regex``'s matches on ``text``."""
        if self.dollar and text.endswith("\n"):
            return False
        return not self.ascii_only or (text.isascii() and not _ODD_ASCII.search(text))


def _syntax(pattern: str) -> tuple[bool, bool] | None:
    """(uses an ASCII-sensitive escape, uses '$') when the syntax is one
    both engines read alike, else None."""
    sensitive = dollar = False
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= n:
                return None
            nxt = pattern[i + 1]
            i += 2
            if nxt in _ASCII_SENSITIVE:
                sensitive = True
            elif nxt in "pPx":
                if i < n and pattern[i] == "{":
                    close = pattern.find("}", i)
                    if close < 0:
                        return None
                    i = close + 1
            elif nxt.isalnum() or nxt == "_":
                if nxt not in _SIMPLE_ESCAPES:
                    return None  # a backreference, \Z, \G, \e, \Q, \C, \N, \u…
            continue
        if ch == "{":
            m = _REPEAT.match(pattern, i)
            if m is None:
                return None
            i = m.end()
            continue
        if ch == "$":
            dollar = True
        elif ch == "[" and pattern.startswith("[:", i + 1):
            return None
        i += 1
    for m in _INLINE_FLAGS.finditer(pattern):
        if set(m.group(1)) - set("ims-"):
            return None
    return sensitive, dollar


@lru_cache(maxsize=1024)
def linear_plan(pattern: str, flags: str) -> LinearPlan | None:
    """The :class:`LinearPlan` of ``/pattern/flags``, or None when the
    pattern needs the backtracking path everywhere.  Remembered: a claim's
    queries are compiled once per reading, and a command asks before
    compiling whether to start the regex child early (:func:`.regex.start_child_early`)."""
    if set(flags) - set("ims"):
        return None
    syntax = _syntax(pattern)
    if syntax is None:
        return None
    source = (f"(?{''.join(sorted(flags))})" if flags else "") + pattern
    try:
        compile_re2(source)
    except ValueError:
        return None
    sensitive, dollar = syntax
    return LinearPlan(source, sensitive, dollar and "m" not in flags)


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
