"""Regular expressions compiled at first use.

The finders keep their patterns as source text at module level and compile
each the first time it is used, so importing the text analysis (which every
command and every pytest run does) compiles nothing::

    P = Patterns(word=r"[^\\W_]+", month=(MONTH, re.IGNORECASE))
    P.word.finditer(text)      # compiled on this first use, then kept

The few expressions that repeat long word lists (number words, the date
grammar's days with their count nouns) are also built for the words a text
holds (:func:`for_text`): a short draft compiles a fraction of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


class Patterns:
    """Named patterns (``source`` or ``(source, flags)``), each compiled once,
    the first time its attribute is read; afterwards it is a plain attribute."""

    def __init__(self, **sources: str | bytes | tuple[str | bytes, int]) -> None:
        self.__dict__["_sources"] = sources

    def __getattr__(self, name: str) -> re.Pattern[Any]:
        try:
            source = self._sources[name]
        except KeyError:
            raise AttributeError(name) from None
        compiled = re.compile(*source) if isinstance(source, tuple) else re.compile(source)
        self.__dict__[name] = compiled
        return compiled



# Characters that ``re.IGNORECASE`` matches to an ASCII letter but that
# ``str.lower`` does not turn into that one letter (the test proves the list
# complete over every code point).
_IGNORECASE_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def words_in(text: str, words: Iterable[str]) -> frozenset[str]:
    """Those of ``words`` (lower-case ASCII, or phrases of such words as
    :func:`alternation` writes them) that occur in ``text``, case ignored as
    ``re.IGNORECASE`` ignores it (``\u017f`` is an ``s``): a word not in the
    result cannot be matched anywhere in ``text``, so an expression without
    it matches ``text`` exactly alike.  (A superset: a word may be found
    inside a longer one, a phrase's words apart.)  One pass to lower the
    text, then a substring search per word."""
    folded = fold_ignorecase(text)
    return frozenset(w for w in words if all(part in folded for part in w.split()))


def fold_ignorecase(text: str) -> str:
    """``text`` lower-cased with every character that a case-ignoring match
    (``re.IGNORECASE``, and ``regex``'s, which also takes ``\u0131`` for
    ``I``) pairs with an ASCII letter written as that letter: an ASCII
    literal in lower case occurs in the result wherever it matches in
    ``text`` with case ignored.  (``\u0130`` lowers to two characters
    otherwise; every other character keeps its offset.)"""
    return text.translate(_IGNORECASE_TO_ASCII).lower()


# A process builds an expression for the words of at most this many texts
# (each a small one: a short check's whole need); after them the whole
# expression, built once, serves every text (a run over many articles).
OWN_EXPRESSIONS = 4


def for_text(build: Callable[[frozenset[str] | None], T], words: frozenset[str], text: str) -> T:
    """What ``build`` makes for ``text``: ``build(present)``, the words of
    ``words`` in ``text`` (:func:`words_in`), or ``build(None)`` (all of
    them) once :data:`OWN_EXPRESSIONS` sets have been built.  ``build`` is
    cached with ``functools.cache``; what it builds must match ``text``
    exactly alike either way (it leaves out only branches that need a word
    the text lacks)."""
    if build.cache_info().currsize >= OWN_EXPRESSIONS:  # type: ignore[attr-defined]
        return build(None)
    present = words_in(text, words)
    return build(None if present == words else present)


def alternation(phrases: Iterable[str]) -> str:
    """An alternation of words or phrases (escaped, any whitespace between
    the words of a phrase), to put in a group; of the phrases that match at
    a position the longest is tried first.  Written as a :func:`trie`: the
    engine then tests a letter once for all the phrases that share it,
    instead of each phrase in turn (the number words' expression repeats
    its word lists hundreds of times; docs/design.md, "Benchmarks")."""
    return trie(phrases)


def trie(words: Iterable[str]) -> str:
    """An alternation of ``words`` factored by prefix (``jan|jun|jul`` →
    ``j(?:an|u[ln])``, roughly; a space stands for any whitespace): the
    regular expression engine tries each alternative in turn, so a factored
    one is much faster to scan with.  A word is tried before its own prefix
    (``hundreds`` before ``hundred``), as in an alternation sorted longest
    first: whichever of the two matches the same text, the same is found."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + build(sub)
                for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)
