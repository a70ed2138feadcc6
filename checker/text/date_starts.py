"""Where a date may start: a fast scan for :mod:`.dates`.

A date starts at a number of one, two or four digits, or at a month or
weekday word (at a word start, or glued to a lower-case letter: caption
debris such as ``ReutersAugust``).  :func:`date_starts` finds all of them in
one pass; the date finder confirms each on the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .patterns import Patterns, trie
from .vocab import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS

__all__ = ["WEEKDAY_PREFIXES", "date_starts"]

# The text is scanned as bytes with the same offsets: encoded to ASCII (one
# byte a character), translated so that letters are lower case, digits "0"
# and everything else a space, with one space put in front.  A word start is
# then a space followed by the word, so the scan pattern starts with a
# literal space, which the regular expression engine searches for fast (an
# alternation of words is tried at every position).
_LOWER = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 48 if 48 <= c <= 57 else 32
    for c in range(256)
)
_START = re.Match.start
_PREFIXES = sorted({w[:3] for w in (*MONTHS, *MONTH_ABBREVIATIONS, *WEEKDAYS)})
WEEKDAY_PREFIXES = frozenset(w[:3].encode() for w in WEEKDAYS)
# Caption debris ("ReutersAugust": a lower-case letter, then an upper-case
# one, is a word edge too): lower-case letters become "a", the upper-case
# initials of months and weekdays "J", everything else a space.
_INITIALS = {ord(p[0].upper()) for p in _PREFIXES}
_SHAPE = bytes(97 if 97 <= c <= 122 else 74 if c in _INITIALS else 32 for c in range(256))

P = Patterns(
    # at a word start: a four-digit number, a one- or two-digit number, or
    # the first three letters of a month or weekday
    scan=rb" (?:0000(?!0)|00?(?!0)|" + trie(_PREFIXES).encode() + rb")",
    prefix=trie(_PREFIXES).encode(),
    glued=rb"J(?<=aJ)",
)


def _debris_starts(low: bytes, shape: bytes) -> list[int]:
    """Month/weekday prefixes glued to a lower-case letter ("ReutersAugust").

    Only those a plain scan (non-overlapping prefix matches over the whole
    lower-cased text) reports: "JaNov" gives "jan", not "Nov".  That scan is
    replayed from the start of the letter run.  ``low`` is padded: text index
    ``i`` is ``low[i + 1]``.
    """
    out: list[int] = []
    for glued in P.glued.finditer(shape):
        i = glued.start()  # the upper-case letter
        if P.prefix.match(low, i + 1):
            r = i
            while 97 <= low[r] <= 122:  # low[r] is text[r - 1]; low[0] is a space
                r -= 1
            for hit in P.prefix.finditer(low, r + 1, i + 4):
                if hit.start() >= i + 1:
                    if hit.start() == i + 1:
                        out.append(i)
                    break
    return out


def date_starts(text: str) -> tuple[bytes, Iterable[int]]:
    """Every place a date may start, in order, and the translated text
    ``low`` that tells what starts there (``low[i + 1]`` is ``text[i]``): a
    four-digit number, a one- or two-digit number, or three letters of a
    month or weekday, at a word start or glued to a lower-case letter.  The
    caller confirms each on the text."""
    encoded = text.encode("ascii", "replace")
    low = b" " + encoded.translate(_LOWER)
    hits: Iterable[int] = map(_START, P.scan.finditer(low))
    shape = encoded.translate(_SHAPE)
    if P.glued.search(shape) is not None:
        debris = _debris_starts(low, shape)
        if debris:
            hits = sorted([*hits, *debris])
    return low, hits
