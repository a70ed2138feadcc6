"""The one representation of what a query matched: :class:`Hit`.

Every matcher speaks in hits: a leaf finds them (a word, a quantity, a
passage), an operator passes on its operands' hits (``AND``, ``W/S``) or makes
its own from them (a ``NEAR`` pair), the unit masks of the verdict are
worked out from them where postings cannot say it directly, and evidence
turns them into :class:`~checker.models.Match` objects in one place
(:mod:`checker.engine.evidence`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ..models import DateMention, Quantity


class Hit(NamedTuple):
    """A match inside an article: offsets in ``Analysis.text``, the word range
    ``[tok_start, tok_end)``, the query part that matched (a matcher, with its
    ``label`` and ``key``), the quantity or date matched, a note (how a
    ``QUOTE`` passage differs) and the context its sentence gives it.

    A named tuple, not a dataclass: hits are made by the thousand per
    article, and a tuple is made three times faster."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    part: Any  # the Matcher whose match this is
    value: Quantity | DateMention | None = None
    note: str | None = None
    context: Any = None


def gap(a: Hit, b: Hit) -> int:
    """Words between two hits (0 when they touch or overlap)."""
    if a.tok_end <= b.tok_start:
        return b.tok_start - a.tok_end
    if b.tok_end <= a.tok_start:
        return a.tok_start - b.tok_end
    return 0
