"""Inline lists: ``1. A 2. B``, ``a) x b) y``, ``(a) ... (b) ...``.

The sentence splitter starts a new sentence at each label of a consecutive
run of labels of one style (``1.`` ``2.``; ``a)`` ``b)``; ``(i)`` ``(ii)``).
"""

from __future__ import annotations

from .patterns import Patterns

__all__ = ["list_breaks"]

P = Patterns(
    # 1. 1.) 1) (1) a. a.) a) (a) A) (A) iv) (iv), with an optional bullet
    label=(
        r"(?:(?<=\s)|^)(?P<bullet>[•⁃▪◦‣*-]\s*)?"
        r"(?P<label>\((?:\d{1,2}|[a-zA-Z]|[ivx]{1,4})\)|(?:\d{1,2}|[a-z])(?:\.\)|\.|\))|[A-Z]\)|[ivx]{1,4}\))"
        r"(?=\s+\S)"
    ),
    label_core=r"[0-9A-Za-z]+",
    label_end=r"[.)]\s",
    next_char=r"\s*(\S)",
)
_ROMAN = {"i": 1, "v": 5, "x": 10}


def _roman(s: str) -> int | None:
    total = 0
    prev = 0
    for ch in reversed(s):
        value = _ROMAN.get(ch)
        if value is None:
            return None
        if value < prev:
            total -= value
        else:
            total += value
            prev = value
    return total


def _label_keys(label: str) -> list[tuple[str, int]]:
    """(style, value) readings of a list label; ``i)`` reads as a letter and a numeral."""
    core = label.strip("().")
    shape = P.label_core.sub("#", label)
    if core.isdigit():
        return [("1" + shape, int(core))]
    keys: list[tuple[str, int]] = []
    if len(core) == 1:
        keys.append(("a" + shape if core.islower() else "A" + shape, ord(core)))
    if core.islower():
        value = _roman(core)
        if value is not None:
            keys.append(("i" + shape, value))
    return keys


def list_breaks(line: str) -> list[int]:
    """Start positions of the labels in ``line`` that belong to a consecutive inline list."""
    first_end = P.label_end.search(line)  # a list needs two labels: cheap test first
    if first_end is None or P.label_end.search(line, first_end.end()) is None:
        return []
    found: list[tuple[int, str, int]] = []  # (start, style, value)
    for m in P.label.finditer(line):
        label = m.group("label")
        nxt = P.next_char.match(line, m.end())
        after = nxt.group(1) if nxt else ""
        for style, value in _label_keys(label):
            if style == "1#." and not after.isupper():  # "for 1. above" is a reference
                continue
            found.append((m.start(), style, value))
    if len(found) < 2:
        return []
    by_style: dict[str, list[tuple[int, int]]] = {}
    for start, style, value in found:
        by_style.setdefault(style, []).append((start, value))
    starts: set[int] = set()
    for items in by_style.values():
        for (s1, v1), (s2, v2) in zip(items, items[1:]):
            if v2 == v1 + 1:
                starts.add(s1)
                starts.add(s2)
    return sorted(starts)
