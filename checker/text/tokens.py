"""Words: maximal runs of letters and digits in folded text.

The same definition serves articles and queries, so that ``"al-Assad"`` in a
query (words ``al``, ``assad``) meets ``Al Assad`` or ``al-Assad`` in text, and
``France`` meets ``France's`` (words ``france``, ``s``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Mapping

from .normalize import fold, unify

WORD_RE = re.compile(r"[^\W_]+")


def words(text: str) -> tuple[str, ...]:
    """The folded words of any text (unifies and folds it first)."""
    return tuple(WORD_RE.findall(fold(unify(text))))


@dataclass(frozen=True, slots=True)
class WordIndex:
    """The words of one folded text, where each starts and ends, and where
    each word occurs (folded word -> token indexes, ascending)."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    postings: Mapping[str, tuple[int, ...]]

    def word_before(self, pos: int) -> int:
        """Index of the last token starting before ``pos`` (-1 if none)."""
        return bisect_left(self.starts, pos) - 1
