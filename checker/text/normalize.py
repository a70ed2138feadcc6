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

:meth:`Normalized.original_span` maps a span of ``text`` back to the
original; :meth:`Normalized.norm_offset` maps an original offset forward.
The map is piecewise (plain runs are copied whole), so normalising a mostly
ASCII megabyte costs little more than copying it.  Nothing here is specific to one article format.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from .patterns import Patterns

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
    """A normalised text with its map back to the original.

    The map is piecewise: ``_seg_norm[k]`` is where segment ``k`` starts in
    ``text`` and ``_seg_orig[k]`` where it starts in the original.  A segment
    with ``_seg_olen[k] == -1`` is an identity run (character ``i`` comes from
    ``_seg_orig[k] + i - _seg_norm[k]``); otherwise it is one replaced
    character (or CRLF, or a letter with its combining accents) whose
    characters all come from ``_seg_orig[k] .. _seg_orig[k] + _seg_olen[k]``.
    """

    original: str
    text: str
    folded: str
    _seg_norm: tuple[int, ...]
    _seg_orig: tuple[int, ...]
    _seg_olen: tuple[int, ...]

    def _span_of(self, index: int) -> tuple[int, int]:
        k = bisect_right(self._seg_norm, index) - 1
        o0, olen = self._seg_orig[k], self._seg_olen[k]
        if olen < 0:
            o = o0 + index - self._seg_norm[k]
            return o, o + 1
        return o0, o0 + olen

    def original_offset(self, index: int) -> int:
        """Original offset of the character at ``index`` (``len(text)`` → end)."""
        if index >= len(self.text):
            return len(self.original)
        return self._span_of(index)[0]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that produced ``text[start:end]``."""
        if end <= start:
            offset = self.original_offset(start)
            return offset, offset
        return self._span_of(start)[0], self._span_of(end - 1)[1]

    def norm_offset(self, original_index: int) -> int:
        """Index in ``text`` of the first character produced at or after
        ``original_index`` of the original (``len(text)`` past the end)."""
        k = bisect_right(self._seg_orig, original_index) - 1
        if k < 0:
            return 0
        n0, o0, olen = self._seg_norm[k], self._seg_orig[k], self._seg_olen[k]
        if olen < 0:
            nxt = self._seg_norm[k + 1] if k + 1 < len(self._seg_norm) else len(self.text)
            return min(n0 + original_index - o0, nxt)
        if original_index == o0:
            return n0
        return self._seg_norm[k + 1] if k + 1 < len(self._seg_norm) else len(self.text)

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


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def fold(text: str) -> str:
    """Fold case and accents of already unified text (same length out)."""
    if text.isascii():
        return text.lower()
    table = dict(_ASCII_LOWER)
    for ch in set(text):
        if not ch.isascii():
            table[ord(ch)] = _fold_char(ch)
    return text.translate(table)


# Anything that is not plain printable ASCII or a newline needs a look: a run
# of such characters.  Written ``[^…][^…]*``, not ``[^…]+``: a pattern that
# starts with a character class lets ``re`` skip to the next such character in
# a tight loop instead of trying the pattern at every position (1 MB: 170M
# instructions to find them, 58M so; callgrind, docs/design.md "Benchmarks").
_SPECIAL = r"[^\x20-\x5f\x61-\x7e\n]"
P = Patterns(special=f"{_SPECIAL}{_SPECIAL}*")


def _replace(ch: str) -> str:
    """What one (non-combining) special character becomes."""
    mapped = _TRANSLATE.get(ch)
    if mapped is not None:
        return mapped
    if ch in _DROP:
        return ""
    compat = unicodedata.normalize("NFKC", ch)
    if compat != ch and compat:
        return "".join(_TRANSLATE.get(c, c) for c in compat)
    return ch


def normalize(original: str) -> Normalized:
    """Unify typography and fold case and accents, keeping an offset map."""
    out: list[str] = []
    seg_norm: list[int] = []
    seg_orig: list[int] = []
    seg_olen: list[int] = []
    n_pos = 0  # length of the normalised text so far

    def identity(a: int, b: int) -> None:
        nonlocal n_pos
        if b > a:
            if seg_olen and seg_olen[-1] < 0 and seg_orig[-1] + (n_pos - seg_norm[-1]) == a:
                pass  # continues the previous identity run
            else:
                seg_norm.append(n_pos)
                seg_orig.append(a)
                seg_olen.append(-1)
            out.append(original[a:b])
            n_pos += b - a

    def special(a: int, olen: int, replacement: str) -> None:
        nonlocal n_pos
        if replacement:
            seg_norm.append(n_pos)
            seg_orig.append(a)
            seg_olen.append(olen)
            out.append(replacement)
            n_pos += len(replacement)

    def compose_with_previous(i: int) -> int:
        """Fold combining marks at ``i`` into the character emitted last;
        returns where the marks end, or ``i`` when they do not compose."""
        if not out or not out[-1]:
            return i
        composed = out[-1][-1]
        k = i
        while k < n and unicodedata.combining(original[k]):
            joined = unicodedata.normalize("NFC", composed + original[k])
            if len(joined) != 1:
                break
            composed = joined
            k += 1
        if k == i:
            return i
        last_norm = n_pos - 1
        seg = len(seg_norm) - 1
        if seg_olen[seg] < 0:  # the base letter ends an identity run: split it off
            base_orig = seg_orig[seg] + last_norm - seg_norm[seg]
            if seg_norm[seg] == last_norm:
                seg_olen[seg] = k - base_orig
            else:
                seg_norm.append(last_norm)
                seg_orig.append(base_orig)
                seg_olen.append(k - base_orig)
        else:
            seg_olen[seg] = k - seg_orig[seg]
        out[-1] = out[-1][:-1] + composed
        return k

    pos = 0
    n = len(original)
    for m in P.special.finditer(original):
        if m.start() < pos:  # the '\n' of a CRLF consumed by the previous match
            continue
        identity(pos, m.start())
        i, j = m.start(), m.end()
        while i < j:
            ch = original[i]
            if ch == "\r":
                if i + 1 < n and original[i + 1] == "\n":
                    special(i, 2, "\n")
                    i += 2
                    continue
                special(i, 1, "\n")
                i += 1
                continue
            if unicodedata.combining(ch):
                k = compose_with_previous(i)
                if k > i:
                    i = k
                    continue
                identity(i, i + 1)
                i += 1
                continue
            rep = _replace(ch)
            if rep == ch:
                identity(i, i + 1)
            else:
                special(i, 1, rep)
            i += 1
        pos = max(j, i)
    identity(pos, n)
    if not seg_norm:
        seg_norm, seg_orig, seg_olen = [0], [0], [-1]
    text = "".join(out)
    return Normalized(original, text, fold(text), tuple(seg_norm), tuple(seg_orig), tuple(seg_olen))


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
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
