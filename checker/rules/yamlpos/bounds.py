"""Pass 0: size and nesting depth, checked on the text before ruamel.yaml's scanner sees it.

The scanner is quadratic in nesting depth and its composer recursive, so a
linear pre-scan (:func:`check_bounds`) stops a file that nests too deep at its
first too-deep collection; :func:`~checker.rules.yamlpos.parse_yaml` enforces
the same limit exactly on the scanner's own tokens.
"""

from __future__ import annotations

import re

from checker.errors import CheckError
from checker.files import too_large
from checker.limits import MAX_YAML_DEPTH

from .tree import Source

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
