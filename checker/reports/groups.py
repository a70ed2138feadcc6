"""What a claim's sources say, grouped by value (issue #12, item 2).

A result falls in the group of its verdict and of what its decisive matches
say (:func:`value_key`): ``NUM`` matches by the quantity as written,
``DATE`` by the date, ``QUOTE`` by the passage found, words and names by
their folded text.  A :class:`Group` lists its sources (with article ids,
capped) and counts the rest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from checker.models import Match, Result

from . import matrix as mx

IDS_CAP = 5  # article ids kept per source in a group

_DIGIT_SEP = re.compile(r"(?<=\d)[,\u202f\u00a0 ](?=\d{3}\b)")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Case-folded, accents dropped, whitespace collapsed."""
    if text.isascii():
        return " ".join(text.split()).casefold()
    decomposed = unicodedata.normalize("NFKD", mx.one_line(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def match_key(m: Match) -> tuple:
    """What one match says, as a comparable value.

    ``NUM``: the quantity as stated (``around 1,400`` and ``around 1400`` are
    one value; ``more than 1,000`` and ``1,000`` are two).  ``DATE``: the
    date.  ``QUOTE``: the passage exactly as found (``manoeuvre`` and
    ``maneuver`` differ).  Anything else: the folded matched text.
    """
    value = m.value
    if isinstance(value, str):
        kind = value
    else:
        kind = value is not None and not isinstance(value, bool)
    return _match_key(m.part or "", m.text, kind)


@lru_cache(maxsize=8192)
def _match_key(part: str, text: str, kind: str | bool) -> tuple:
    """:func:`match_key` of a match of ``part`` and ``text`` whose value is
    the date ``kind`` (a str), a number (True) or neither (False); the same
    few values recur across an archive, so each is worked out once."""
    if part.lstrip("(").startswith("QUOTE("):
        return ("quote", mx.one_line(text))
    if isinstance(kind, str):
        return ("date", kind)
    if kind:
        return ("num", _DIGIT_SEP.sub("", fold(text)))
    return ("text", fold(text))


def value_key(result: Result, matches: Sequence[Match]) -> tuple:
    """The group a result falls in: its verdict and what its matches say."""
    verdict = result.verdict
    if verdict in ("missing", "error"):
        return (verdict,)
    if len(matches) == 1:  # the common case: no list or dict of keys
        m = matches[0]
        return (verdict, match_key(m)) if m.text else (verdict,)
    return (verdict, *dict.fromkeys([match_key(m) for m in matches if m.text]))


class Group:
    """Sources that say the same thing about a claim (filled in by
    :meth:`checker.reports.tally.Tally.add`, once per result)."""

    __slots__ = ("key", "label", "note", "sources", "verdict")

    def __init__(self, key: tuple, verdict: str, label: str, note: str | None = None) -> None:
        self.key = key
        self.verdict = verdict
        self.label = label  # what the first of its results says: '"around 1,400"'
        self.note = note  # how a QUOTE passage differs: 'manoeuvre → maneuver'
        self.sources: dict[str, list] = {}  # source -> [n articles, kept article ids]

    @property
    def n(self) -> int:
        """Results (articles) in the group, summed over its sources."""
        return sum(entry[0] for entry in self.sources.values())

    def source_labels(self, ids: bool = True) -> list[str]:
        """``wire-a``, or ``wire-b (2 articles: id1, id2)`` for several
        (``wire-b (2)`` without ``ids``)."""
        out = []
        for source, (n, kept) in self.sources.items():
            if n == 1:
                out.append(source)
            elif not ids:
                out.append(f"{source} ({n})")
            else:
                ids_ = kept
                shown = ", ".join(ids_) + (", …" if n > len(ids_) else "")
                out.append(f"{source} ({n} articles: {shown})")
        return out
