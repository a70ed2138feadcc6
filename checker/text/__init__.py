"""Text analysis: normalise with an offset map, words, paragraphs, sentences,
quantities and dates.  ``checker.text.analyze(article)`` is the entry point;
its :class:`Analysis` is what the rule engine reads.

The stages, each in its own module: :mod:`.normalize` (typography and the
offset map), :mod:`.tokens` (words), :mod:`.sentences` (with :mod:`.lists`),
:mod:`.dates` (with :mod:`.date_starts`), :mod:`.quantities` (with
:mod:`.quantity_grammar` and :mod:`.numwords`); every word list is in
:mod:`.vocab`; :mod:`.analysis` runs them once per article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when used, so that importing a submodule stays cheap
    from .analysis import Analysis, analyze

__all__ = ["Analysis", "analyze"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import analysis

        return getattr(analysis, name)
    raise AttributeError(name)
