"""A set of text spans, for asking whether a position falls in one of them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class Spans:
    """Spans ``(start, end)`` of one text, merged where they overlap (empty
    ones dropped), looked up by bisection."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for s, e in sorted((int(s), int(e)) for s, e in spans if e > s):
            if starts and s < ends[-1]:
                ends[-1] = max(ends[-1], e)
            else:
                starts.append(s)
                ends.append(e)
        self.starts = starts
        self.ends = ends

    def __bool__(self) -> bool:
        return bool(self.starts)

    def __contains__(self, pos: int) -> bool:
        """Whether ``start <= pos < end`` for one of the spans."""
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]

    def strictly_inside(self, pos: int) -> bool:
        """Whether ``start < pos < end`` for one of the spans (``pos`` is not
        at the start of a span)."""
        i = bisect_left(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]
