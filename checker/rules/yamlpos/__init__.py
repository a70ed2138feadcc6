"""Safe YAML reading with a position for every node.

Rule files, Markdown front matter and ``sources.yaml`` are all read here, in
three passes, none of which constructs anything (so no tag can execute
anything) and none of which recurses (so no depth can exhaust Python's stack):

0. :func:`check_bounds`: size and nesting depth, checked on the text before
   ruamel.yaml's scanner sees it (the scanner is quadratic in depth);
1. a token scan counts nesting exactly and, for rule files, rejects tags,
   ``%TAG`` directives, anchors and aliases at their exact positions.  It
   runs before anything is composed, so an alias bomb ("billion laughs")
   stops at its first anchor;
2. the parser's events are built into a small tree of :class:`YScalar`,
   :class:`YMap` and :class:`YSeq`, each with its start and end character
   index in the (normalised) file text.  Scalars stay strings: the reader
   decides what a value means, so YAML 1.1/1.2 typing surprises (``no``,
   dates) never reach a rule.  A lone surrogate (``"\\ud800"``) in a value
   becomes U+FFFD (see ``checker/files.py``).

:func:`scalar_index_map` re-scans a scalar's source text (quotes, escapes,
line folding, block indentation and chomping) to map each character of the
scalar's value back to its index in the file; the map is checked against the
value ruamel produced, so it is either exact or ``None``.

One module per pass, and one for the tree they share:

* :mod:`.tree`: :class:`Source` (the text, index → line and column) and the
  nodes :class:`YScalar`, :class:`YMap`, :class:`YSeq`, :class:`YAlias`;
* :mod:`.bounds`: pass 0, :func:`check_bounds`;
* :mod:`.parse`: passes 1 and 2, :func:`parse_yaml` (and how ruamel's errors
  are told);
* :mod:`.scalars`: :func:`scalar_index_map`.
"""

from __future__ import annotations

from .bounds import check_bounds
from .parse import parse_yaml
from .scalars import scalar_index_map
from .tree import NULLS, Source, YAlias, YMap, YNode, YScalar, YSeq

__all__ = [
    "Source",
    "YNode",
    "YScalar",
    "YMap",
    "YSeq",
    "YAlias",
    "check_bounds",
    "parse_yaml",
    "scalar_index_map",
    "NULLS",
]
