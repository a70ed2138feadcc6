"""Scalar value offsets → file indices.

:func:`scalar_index_map` re-scans a scalar's source text (quotes, escapes,
line folding, block indentation and chomping) to map each character of the
scalar's value back to its index in the file; the map is checked against the
value ruamel produced, so it is either exact or ``None``.
"""

from __future__ import annotations

from checker.files import clean_text

from .tree import YScalar

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
