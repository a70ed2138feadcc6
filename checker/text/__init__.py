"""Text analysis: normalise with an offset map, words, paragraphs, sentences,
quantities and dates.  ``checker.text.analyze(article)`` is the entry point."""

from __future__ import annotations

from typing import Any

__all__ = ["analyze", "Analysis"]


def __getattr__(name: str) -> Any:  # lazy, so submodules import cheaply
    if name in __all__:
        from . import analysis

        return getattr(analysis, name)
    raise AttributeError(name)
