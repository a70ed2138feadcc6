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
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checker.errors import CheckError
from checker.files import clean_text, too_large
from checker.limits import MAX_YAML_DEPTH

if TYPE_CHECKING:  # ruamel.yaml is imported when a text is parsed, not before (a warm `check` never parses)
    from ruamel.yaml import events as ev
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.reader import ReaderError

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

NULLS = frozenset({"", "~", "null", "Null", "NULL"})


# --------------------------------------------------------------------------
# Source text and positions
# --------------------------------------------------------------------------


class Source:
    """A rule file's text with index → (line, column) conversion (1-based).

    The text is normalised before parsing: a leading BOM is dropped and
    ``\\r\\n`` / ``\\r`` become ``\\n``.  Neither changes any line or column an
    editor shows, and ruamel's indices then match ours exactly.
    """

    def __init__(self, file: str, raw_text: str, first_line: int = 1) -> None:
        text = raw_text[1:] if raw_text.startswith("\ufeff") else raw_text
        text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
        self.file = clean_text(file)
        self.text = text
        self.first_line = first_line  # the file line of the text's first line (front matter)
        self._starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self._starts.append(i + 1)

    def position(self, index: int) -> tuple[int, int]:
        index = max(0, min(index, len(self.text)))
        line = bisect.bisect_right(self._starts, index) - 1
        return line + self.first_line, index - self._starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of 1-based file ``line`` without its line break."""
        line -= self.first_line - 1
        if line < 1 or line > len(self._starts):
            return ""
        start = self._starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]

    def error(self, message: str, index: int, hint: str | None = None) -> CheckError:
        """A :class:`CheckError` at ``index`` with the file line as excerpt."""
        line, column = self.position(index)
        return CheckError(
            message,
            self.file,
            line,
            column,
            hint=hint,
            source_line=self.line_text(line),
            caret=column - 1,
        )


# --------------------------------------------------------------------------
# The tree
# --------------------------------------------------------------------------


@dataclass(eq=False)
class YNode:
    start: int  # character index in Source.text of the node's first character
    end: int
    # an explicit tag (``!!str``, ``!x``): only ever kept by ``parse_yaml(plain=False)``
    tag: str | None = field(default=None, kw_only=True)


@dataclass(eq=False)
class YScalar(YNode):
    value: str = ""
    style: str | None = None  # None (plain), "'", '"', "|", ">"

    @property
    def is_null(self) -> bool:
        return self.style is None and self.value in NULLS

    @property
    def kind(self) -> str:
        return "text"


@dataclass(eq=False)
class YMap(YNode):
    pairs: list[tuple[YNode, YNode]] = field(default_factory=list)
    flow: bool = False

    @property
    def kind(self) -> str:
        return "mapping"


@dataclass(eq=False)
class YAlias(YNode):
    """``*name``: only kept by ``parse_yaml(plain=False)``, and never expanded."""

    name: str = ""

    @property
    def kind(self) -> str:
        return "alias"


@dataclass(eq=False)
class YSeq(YNode):
    items: list[YNode] = field(default_factory=list)
    flow: bool = False

    @property
    def kind(self) -> str:
        return "list"


# --------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------

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


# --------------------------------------------------------------------------
# Bounds, checked before ruamel's scanner sees the text
# --------------------------------------------------------------------------

# What the pre-scan stops at: brackets, quotes, comments, line breaks.
_STRUCT = re.compile(r"""[\[\]{}'"#\n]""")
_SINGLE = re.compile(r"'[^']*(?:''[^']*)*'")
_DOUBLE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_COMPACT = re.compile(r"(?:[-?:](?:[ \t]+|$))+")
_BLOCK_SCALAR = re.compile(r"(?:^|[ \t])[|>][-+0-9]*[ \t]*(?:#.*)?$")
_FLOW_TOKEN_START = frozenset("[{,:?")
_BLOCK_TOKEN_START = frozenset(":-?")


def check_bounds(src: Source, what: str, max_bytes: int, max_depth: int = MAX_YAML_DEPTH) -> None:
    """Size and nesting depth of ``src``, before any YAML scanner sees it.

    ruamel.yaml's scanner is quadratic in nesting depth (10,000 nested
    brackets took 107 s) and its composer recursive; this pass is linear and
    reports the first place where collections (flow brackets, and block
    collections by their indentation and ``- `` entries) nest more than
    ``max_depth`` deep.  It reads YAML the way its scanner does for quotes,
    comments and block scalars; :func:`parse_yaml` enforces the same limit
    exactly on the scanner's own tokens for anything this pass reads
    differently.  One check for rule files, front matter and ``sources.yaml``.
    """
    size = len(src.text.encode("utf-8"))
    if size > max_bytes:
        raise too_large(src.file, what, size, max_bytes)
    at = _too_deep_at(src.text, max_depth)
    if at is not None:
        raise _depth_error(src, at, max_depth)


def _depth_error(src: Source, index: int, max_depth: int) -> CheckError:
    return src.error(
        f"YAML nested too deeply (more than {max_depth} levels)",
        index,
        "rule files, front matter and sources.yaml nest a few levels at most (see docs/security.md)",
    )


def _too_deep_at(text: str, max_depth: int) -> int | None:
    """Index where nesting first goes past ``max_depth``, or None."""
    indents: list[int] = []  # columns of the open block collections
    flow = 0
    block = 0
    scalar_indent = -1  # inside a block scalar: lines indented more than this
    line_start = 0
    n = len(text)
    pos = 0
    at_line_start = True
    while pos <= n:
        if at_line_start:
            at_line_start = False
            eol = text.find("\n", line_start)
            eol = n if eol < 0 else eol
            line = text[line_start:eol]
            body = line.lstrip(" ")
            col = len(line) - len(body)
            if scalar_indent >= 0 and (not body.strip() or col > scalar_indent):
                line_start = pos = eol + 1
                at_line_start = True
                continue
            scalar_indent = -1
            if flow == 0 and body.strip() and not body.startswith("#"):
                while indents and indents[-1] >= col:
                    indents.pop()
                indents.append(col)
                compact = _COMPACT.match(body)  # "- - x": a collection per indicator
                block = len(indents) + (len(compact.group().split()) if compact else 0)
                if block > max_depth:
                    return line_start + col
                if _BLOCK_SCALAR.search(body.split(" #", 1)[0] if " #" in body else body):
                    scalar_indent = col
            pos = line_start + col
        m = _STRUCT.search(text, pos)
        if m is None:
            return None
        i = m.start()
        ch = text[i]
        if ch == "\n":
            line_start = pos = i + 1
            at_line_start = True
            continue
        # Can a token start here?  In block context only after an indicator
        # ("key: [", "- ["), in flow context also after "[", "{" and ",";
        # anywhere else the character is part of a plain scalar.
        before = text[line_start:i].rstrip(" \t")
        token_start = not before or before[-1] in (_FLOW_TOKEN_START if flow else _BLOCK_TOKEN_START)
        if ch == "#":
            if i == line_start or text[i - 1] in " \t":
                nl = text.find("\n", i)
                if nl < 0:
                    return None
                pos = nl
            else:
                pos = i + 1
            continue
        if ch in "'\"":
            if not token_start:
                pos = i + 1
                continue
            q = (_SINGLE if ch == "'" else _DOUBLE).match(text, i)
            if q is None:
                return None  # never closed: the scanner stops with an error here
            pos = q.end()
            nl = text.rfind("\n", i, pos)
            if nl >= 0:
                line_start = nl + 1
            continue
        pos = i + 1
        if ch in "[{":
            if flow or token_start:
                flow += 1
                if block + flow > max_depth:
                    return i
        elif flow:
            flow -= 1
    return None


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


# --------------------------------------------------------------------------
# Scalar value offsets → file indices
# --------------------------------------------------------------------------

_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n",
    "v": "\x0b", "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"',
    "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX = {"x": 2, "u": 4, "U": 8}


def scalar_index_map(text: str, node: YScalar) -> list[int] | None:
    """File index of each character of ``node.value``, plus one for its end.

    ``result[i]`` is where ``node.value[i]`` comes from (for an escape, the
    backslash; for a folded line break, the break); ``result[len(value)]`` is
    just past the last character.  ``None`` if the re-scan does not reproduce
    the value exactly (then callers fall back on the node's start).
    """
    try:
        if node.style in ("|", ">"):
            got = _block_candidates(text, node)
        else:
            got = [_flow(text, node)]
    except (IndexError, ValueError):
        return None
    for chars, idx, end in got:
        if clean_text("".join(chars)) == node.value:
            return idx + [end]
    return None


def _flow(text: str, node: YScalar) -> tuple[list[str], list[int], int]:
    style = node.style
    chars: list[str] = []
    idx: list[int] = []
    if style in ("'", '"'):
        i, stop = node.start + 1, node.end - 1
    else:
        i, stop = node.start, node.end
    last = i
    while i < stop:
        ch = text[i]
        if style == "'" and ch == "'" and text[i + 1] == "'":
            chars.append("'")
            idx.append(i)
            i += 2
        elif style == '"' and ch == "\\":
            nxt = text[i + 1]
            if nxt in _ESCAPES:
                chars.append(_ESCAPES[nxt])
                idx.append(i)
                i += 2
            elif nxt in _HEX:
                n = _HEX[nxt]
                chars.append(chr(int(text[i + 2 : i + 2 + n], 16)))
                idx.append(i)
                i += 2 + n
            elif nxt == "\n":  # escaped line break: joins the lines
                i += 2
                i = _flow_breaks(text, i, stop, chars, idx)
            else:
                raise ValueError("unknown escape")
        elif ch in " \t\n":
            j = i
            while j < stop and text[j] in " \t":
                j += 1
            if j < stop and text[j] == "\n":
                brk = j
                n_before = len(chars)
                k = _flow_breaks(text, j + 1, stop, chars, idx)
                if len(chars) == n_before:
                    chars.append(" ")
                    idx.append(brk)
                i = k
            else:
                for p in range(i, j):
                    chars.append(text[p])
                    idx.append(p)
                i = j
        else:
            chars.append(ch)
            idx.append(i)
            i += 1
        last = i
    return chars, idx, last


def _flow_breaks(text: str, i: int, stop: int, chars: list[str], idx: list[int]) -> int:
    """Skip indentation of continuation lines; each empty line is a '\\n'."""
    while True:
        while i < stop and text[i] in " \t":
            i += 1
        if i < stop and text[i] == "\n":
            chars.append("\n")
            idx.append(i)
            i += 1
        else:
            return i


def _block_candidates(text: str, node: YScalar):
    folded = node.style == ">"
    i = node.start + 1
    chomp = "clip"
    explicit: int | None = None
    while i < len(text) and text[i] in "+-0123456789":
        if text[i] == "+":
            chomp = "keep"
        elif text[i] == "-":
            chomp = "strip"
        else:
            explicit = int(text[i])
        i += 1
    nl = text.find("\n", i)
    if nl < 0:
        return []
    body = text[nl + 1 : node.end]
    lines: list[tuple[int, str, int | None]] = []  # (start index, text, break index or None)
    pos = nl + 1
    for piece in body.split("\n"):
        lines.append((pos, piece, pos + len(piece)))
        pos += len(piece) + 1
    # the last piece has no break of its own inside the node
    if lines:
        s, t, _ = lines[-1]
        if t.strip(" ") == "":
            lines.pop()
        else:
            brk = s + len(t)
            lines[-1] = (s, t, brk if brk < len(text) and text[brk] == "\n" else None)
    first = next((len(t) - len(t.lstrip(" ")) for _, t, _ in lines if t.strip(" ")), 1)
    indents = [first] if explicit is None else []
    indents += [n for n in range(1, 41) if n not in indents]
    return [_block(lines, n, folded, chomp) for n in indents]


def _block(lines, indent: int, folded: bool, chomp: str):
    chars: list[str] = []
    idx: list[int] = []
    breaks: list[int] = []
    prev_break: int | None = None
    prev_nonspace = False
    seen = False
    end = lines[0][0] if lines else 0
    for start, line, brk in lines:
        lead = 0
        while lead < indent and lead < len(line) and line[lead] == " ":
            lead += 1
        rest = line[lead:]
        if rest == "":
            breaks.append(brk if brk is not None else start + len(line))
            continue
        if lead < indent:  # would have ended the scalar
            break
        if seen:
            if folded and prev_nonspace and rest[0] not in " \t":
                if not breaks:
                    chars.append(" ")
                    idx.append(prev_break)
            else:
                chars.append("\n")
                idx.append(prev_break)
        for b in breaks:
            chars.append("\n")
            idx.append(b)
        breaks = []
        for k, ch in enumerate(rest):
            chars.append(ch)
            idx.append(start + lead + k)
        end = start + len(line)
        prev_break = brk
        prev_nonspace = rest[0] not in " \t"
        seen = True
    if seen:
        if chomp != "strip" and prev_break is not None:
            chars.append("\n")
            idx.append(prev_break)
            end = prev_break + 1
        if chomp == "keep":
            for b in breaks:
                chars.append("\n")
                idx.append(b)
                end = b + 1
    elif chomp == "keep":
        for b in breaks:
            chars.append("\n")
            idx.append(b)
    return chars, idx, end
