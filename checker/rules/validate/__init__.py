"""Validate one rule file's YAML tree into a :class:`~checker.models.Story`.

Every problem becomes a :class:`CheckError` at the exact 1-based line and
column of the offending key (unknown or duplicate keys) or value (bad
values); a query's errors point at the character inside the query.  The
validator collects every error it can find in a file instead of stopping at
the first, for ``claimcheck lint``.

One module per concern, each class building on the one before:

* :mod:`.values`: where problems are recorded (:class:`ValueChecks`), reading
  keys and values of each kind (text, choice, boolean, globs), and the
  ``did you mean`` hints;
* :mod:`.queries`: a query string, parsed and located (:class:`QueryChecks`):
  its errors point at the character inside the query;
* :mod:`.story`: the file itself (:class:`FileValidator`): the story, its
  entities and defaults, each claim, its ``known`` entries and examples.
"""

from __future__ import annotations

from .story import FileValidator
from .values import Seen, did_you_mean

__all__ = ["FileValidator", "Seen", "did_you_mean"]
