"""Passes 1 and 2: ruamel.yaml's events built into the positioned tree, nothing constructed.

:func:`parse_yaml` reads the parser's events once: it counts nesting exactly,
rejects (for rule files) tags, ``%TAG`` directives, anchors and aliases at
their positions, and builds :class:`~checker.rules.yamlpos.tree.YNode` s;
ruamel's syntax and reader errors become located :class:`CheckError` s with a
hint.  ruamel.yaml is imported when a text is parsed, not before.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checker.errors import CheckError
from checker.files import clean_text
from checker.limits import MAX_YAML_DEPTH

from .bounds import _depth_error
from .tree import Source, YAlias, YMap, YNode, YScalar, YSeq

if TYPE_CHECKING:  # ruamel.yaml is imported when a text is parsed, not before (a warm `check` never parses)
    from ruamel.yaml import events as ev
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.reader import ReaderError

_QUOTE_HINT = "a value that begins with @, `, \", ' or another YAML sign must be quoted as a whole"


def _syntax_error(src: Source, exc: MarkedYAMLError) -> CheckError:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    index = getattr(mark, "index", None) if mark is not None else None
    if index is None:
        index = 0
        if mark is not None:  # fall back on line/column
            line = min(mark.line, len(src._starts) - 1)
            index = src._starts[line] + mark.column
    hint = None
    if "cannot start any token" in problem:
        if "'\\t'" in problem:
            hint = "indent with spaces, not tabs"
        else:
            hint = _QUOTE_HINT
    elif "mapping values are not allowed" in problem:
        hint = "quote the value if it contains ': '"
    elif "expected <block end>, but found '<scalar>'" in problem:
        hint = "quote the whole value, e.g. '\"a b\" OR c' (a quoted string ends at its closing quote)"
    elif exc.context and exc.context_mark is not None and exc.problem_mark is not None:
        cline = exc.context_mark.line + 1
        hint = f"{exc.context.strip()} started at line {cline}"
    return src.error(f"invalid YAML: {problem}", index, hint)


def _reader_error(src: Source, exc: ReaderError) -> CheckError:
    ch = exc.character
    if isinstance(ch, int):
        name = f"U+{ch:04X}"
    else:
        name = repr(ch)
    index = exc.position if isinstance(exc.position, int) else 0
    return src.error(
        f"invalid character {name} in YAML",
        index,
        "control characters are not allowed in a rule file",
    )


def parse_yaml(src: Source, *, plain: bool = True, max_depth: int = MAX_YAML_DEPTH) -> YNode | None:
    """Parse ``src`` into a tree; ``None`` for an empty document.

    Call :func:`check_bounds` first.  Raises :class:`CheckError` for syntax
    errors, nesting deeper than ``max_depth``, a second document and, when
    ``plain`` (rule files), tags, anchors and aliases.  With ``plain=False``
    (front matter and ``sources.yaml``, which other tools write too) an
    explicit tag is kept on its node and an alias is a :class:`YAlias` leaf,
    never expanded: the reader decides what it accepts.
    """
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.reader import ReaderError

    try:
        return _build(src, plain, max_depth)
    except MarkedYAMLError as exc:
        raise _syntax_error(src, exc) from None
    except ReaderError as exc:
        raise _reader_error(src, exc) from None


_TAG_HINT = "rule files hold plain text, lists and mappings; quote a value that starts with '!'"
_ANCHOR_HINT = "write the value out in full; quote a value that starts with '&' or '*'"
_TAG_DIRECTIVE = re.compile(r"^%TAG\b", re.M)


def _tag(src: Source, event: ev.NodeEvent, plain: bool) -> str | None:
    """The node's explicit tag; with ``plain``, a tag or an anchor is an error."""
    tag = getattr(event, "tag", None)
    if plain and tag is not None:
        raise src.error("YAML tags are not allowed", event.start_mark.index, _TAG_HINT)
    if plain and event.anchor is not None:
        raise src.error("YAML anchors and aliases are not allowed", event.start_mark.index, _ANCHOR_HINT)
    return None if tag is None else str(tag)


def _build(src: Source, plain: bool, max_depth: int) -> YNode | None:
    """One pass over the parser's events: the tree, the exact nesting depth
    and (``plain``) no tags, anchors or aliases, each error at its position.
    Nothing is composed, so an alias bomb ("billion laughs") stops at its
    first anchor, and an alias never expands."""
    from ruamel.yaml import YAML
    from ruamel.yaml import events as ev

    stack: list[YNode] = []
    pending_key: list[YNode | None] = []  # per open mapping: key awaiting value
    root: YNode | None = None
    documents = 0

    def attach(node: YNode) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, YSeq):
            parent.items.append(node)
        else:
            assert isinstance(parent, YMap)
            key = pending_key[-1]
            if key is None:
                pending_key[-1] = node
            else:
                if isinstance(node, YScalar) and node.style is None and node.value == "":
                    # an empty value has no position of its own: point at its key
                    node.start = node.end = key.start
                parent.pairs.append((key, node))
                pending_key[-1] = None

    def open_collection(node: YNode) -> None:
        if len(stack) >= max_depth:
            raise _depth_error(src, node.start, max_depth)
        attach(node)
        stack.append(node)
        pending_key.append(None)

    for event in YAML(typ="safe", pure=True).parse(src.text):
        if isinstance(event, ev.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise src.error(
                    "a rule file holds one YAML document",
                    event.start_mark.index,
                    "put each story in a file of its own, or remove the '---' line",
                )
            if plain and event.tags:
                directive = _TAG_DIRECTIVE.search(src.text)
                raise src.error("YAML tags are not allowed", directive.start() if directive else 0,
                                "remove the %TAG directive")
        elif isinstance(event, ev.ScalarEvent):
            value = event.value
            if event.style == ">":  # ruamel marks fold points with BEL; never real text
                value = value.replace("\a", "")
            tag = _tag(src, event, plain)
            # a "\ud800" escape gives a lone surrogate: U+FFFD, as for articles
            attach(YScalar(event.start_mark.index, event.end_mark.index, clean_text(value), event.style,
                           tag=tag))
        elif isinstance(event, ev.MappingStartEvent):
            open_collection(YMap(event.start_mark.index, event.end_mark.index,
                                 flow=bool(event.flow_style), tag=_tag(src, event, plain)))
        elif isinstance(event, ev.SequenceStartEvent):
            open_collection(YSeq(event.start_mark.index, event.end_mark.index,
                                 flow=bool(event.flow_style), tag=_tag(src, event, plain)))
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            node = stack.pop()
            pending_key.pop()
            node.end = event.end_mark.index
        elif isinstance(event, ev.AliasEvent):
            if plain:
                raise src.error("YAML anchors and aliases are not allowed", event.start_mark.index,
                                _ANCHOR_HINT)
            attach(YAlias(event.start_mark.index, event.end_mark.index, str(event.anchor)))
    return root


