"""Normalisation that never loses a position.

:func:`normalize` turns an article's text into two strings of equal length:

* ``text`` — typography unified: curly quotes and apostrophes become straight
  ones, every dash becomes ``-``, odd spaces become a space, CRLF and other
  line separators become ``\\n``, ligatures and compatibility forms are
  expanded (NFKC), a BOM, soft hyphens and zero-width characters are dropped,
  and a letter followed by combining accents is composed (NFC).  Case and
  accents are kept: ``QUOTE("...")`` compares against this text.
* ``folded`` — the same text with case and accents folded, character by
  character, so that it has exactly the same offsets as ``text``.  Words are
  matched against this one.

``starts[i]``/``ends[i]`` give the span of the original text that produced
character ``i`` of ``text``; :meth:`Normalized.original_span` maps a span
back.  Nothing here is specific to one article format.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Characters replaced one for one.
_TRANSLATE = {
    # quotes and apostrophes
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u02bc": "'", "\u0060": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
    # dashes and minus signs
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    # spaces
    "\t": " ", "\u00a0": " ", "\u1680": " ", "\u202f": " ", "\u205f": " ",
    "\u3000": " ",
    # line separators
    "\u000b": "\n", "\u000c": "\n", "\u0085": "\n", "\u2028": "\n", "\u2029": "\n",
}
for _cp in range(0x2000, 0x200B):  # en quad .. hair space
    _TRANSLATE[chr(_cp)] = " "

# Characters dropped (they carry no letters and would split words).
_DROP = {"\ufeff", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060"}


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text with its map back to the original."""

    original: str
    text: str
    folded: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_offset(self, index: int) -> int:
        """Original offset of the character at ``index`` (``len(text)`` → end)."""
        if index >= len(self.text):
            return len(self.original)
        return self.starts[index]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that produced ``text[start:end]``."""
        if end <= start:
            offset = self.original_offset(start)
            return offset, offset
        return self.starts[start], self.ends[end - 1]


def _fold_char(ch: str) -> str:
    """Case and accent fold one character, keeping it one character long."""
    decomposed = unicodedata.normalize("NFD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(base) != 1:
        base = ch
    lowered = base.lower()
    if len(lowered) == 1:
        return lowered
    lowered = ch.lower()
    return lowered if len(lowered) == 1 else ch


_FOLD_CACHE: dict[str, str] = {}


def fold(text: str) -> str:
    """Fold case and accents of already unified text (same length out)."""
    if text.isascii():
        return text.lower()
    out = []
    for ch in text:
        folded = _FOLD_CACHE.get(ch)
        if folded is None:
            folded = _FOLD_CACHE[ch] = _fold_char(ch)
        out.append(folded)
    return "".join(out)


def normalize(original: str) -> Normalized:
    """Unify typography and fold case and accents, keeping an offset map."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(original)
    translate = _TRANSLATE
    drop = _DROP
    i = 0
    while i < n:
        ch = original[i]
        if ch.isascii() and ch not in "\r\t\x0b\x0c`":
            out.append(ch)
            starts.append(i)
            ends.append(i + 1)
            i += 1
            continue
        if ch == "\r":
            if i + 1 < n and original[i + 1] == "\n":
                out.append("\n")
                starts.append(i)
                ends.append(i + 2)
                i += 2
            else:
                out.append("\n")
                starts.append(i)
                ends.append(i + 1)
                i += 1
            continue
        if ch in drop:
            i += 1
            continue
        mapped = translate.get(ch)
        if mapped is not None:
            out.append(mapped)
            starts.append(i)
            ends.append(i + 1)
            i += 1
            continue
        if unicodedata.combining(ch):
            if out:
                composed = unicodedata.normalize("NFC", out[-1] + ch)
                if len(composed) == 1:
                    out[-1] = composed
                    ends[-1] = i + 1
                    i += 1
                    continue
            out.append(ch)
            starts.append(i)
            ends.append(i + 1)
            i += 1
            continue
        compat = unicodedata.normalize("NFKC", ch)
        if compat != ch and compat:
            compat = "".join(translate.get(c, c) for c in compat)
            for c in compat:
                out.append(c)
                starts.append(i)
                ends.append(i + 1)
        else:
            out.append(ch)
            starts.append(i)
            ends.append(i + 1)
        i += 1
    text = "".join(out)
    return Normalized(original, text, fold(text), tuple(starts), tuple(ends))


def unify(text: str) -> str:
    """Typography-unified text (no map): for queries and expected strings."""
    return normalize(text).text


class LineIndex:
    """Turns 0-based offsets of a text into 1-based (line, column)."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        from bisect import bisect_right

        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
