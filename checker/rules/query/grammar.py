"""The query language: a query string → an AST of :mod:`.nodes`.

Parsing is done in two steps, so that every error points at the right place:

1. A small scanner walks the query once, left to right, and cuts it into
   tokens.  It owns everything structural: double quotes (straight or curly,
   with ``\\"`` escapes), parentheses, ``/regex/`` slashes, the extents of
   ``NUM(`` / ``DATE(`` / ``QUOTE(`` and the upper-case keywords.  An
   unterminated phrase, an unclosed ``(`` or an unexpected ``)`` is reported
   here, at its own position, before any operator is looked at.
2. A precedence-climbing parser builds the tree from the tokens:
   ``NOT`` (tightest), then ``NEAR/n`` ``W/S`` ``W/P`` (left-associative),
   then ``AND`` / juxtaposition, then ``OR``.  And/Or chains are flattened.

The small argument languages inside ``NUM(...)``, ``DATE(...)`` and the
threshold of ``QUOTE(...)`` are pyparsing grammars with named elements, so
their errors read "expected ...".  Packrat is never enabled: nothing here
backtracks enough to need it, and it is global to pyparsing.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

import pyparsing as pp
import regex

from checker.errors import CheckError
from checker.text.normalize import unify
from checker.text.tokens import words as fold_words

from .nodes import (
    LEAVES,
    And,
    Date,
    Entity,
    Near,
    Node,
    Not,
    Num,
    Or,
    Phrase,
    Quote,
    Regex,
    Term,
    Within,
)

__all__ = ["parse_query", "query_leaves", "entity_refs"]

# Straight and curly double quotes: any of them opens, any of them closes.
QUOTE_CHARS = '"\u201c\u201d\u201e\u201f'
REGEX_FLAGS = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}
MAX_DEPTH = 100  # nesting of parentheses (keeps recursion far from Python's limit)

_ENTITY_NAME = re.compile(r"[A-Za-z0-9_-]+")
_NEAR = re.compile(r"NEAR/(\d+)\Z")


# ---------------------------------------------------------------------------
# errors


def _error(text: str, offset: int, message: str, hint: str | None = None) -> CheckError:
    """A CheckError at ``offset`` of the query, with its line and a caret."""
    offset = max(0, min(offset, len(text)))
    start = text.rfind("\n", 0, offset) + 1
    stop = text.find("\n", offset)
    if stop == -1:
        stop = len(text)
    return CheckError(
        message,
        hint=hint,
        offset=offset,
        source_line=text[start:stop],
        caret=offset - start,
    )


def _end_offset(text: str, end: int) -> int:
    """Where "expected X" goes when the query ran out: after the last non-space."""
    return len(text[:end].rstrip())


# ---------------------------------------------------------------------------
# argument grammars (pyparsing)


_SCALES = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6,
           "billion": Decimal(10) ** 9, "trillion": Decimal(10) ** 12}


class _ArgError(Exception):
    """An error found by a parse action: message and local offset."""

    def __init__(self, loc: int, message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


def _number_action(s: str, loc: int, toks: pp.ParseResults) -> Decimal:
    raw = toks[0]
    body = raw.lstrip("+-")
    integer = body.split(".")[0]
    if "," in integer and not re.fullmatch(r"\d{1,3}(?:,\d{3})+", integer):
        raise _ArgError(loc, f"'{raw}' is not a number: write 1400 or 1,400")
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only numerals
        raise _ArgError(loc, f"'{raw}' is not a number") from None


def _scaled_action(s: str, loc: int, toks: pp.ParseResults) -> Decimal:
    value = toks[0]
    if len(toks) > 1:
        value = value * _SCALES[toks[1].lower()]
    return value


def _build_num_grammar() -> pp.ParserElement:
    number = pp.Regex(r"[-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)").set_name("a number")
    number.set_parse_action(_number_action)
    scale = pp.MatchFirst(pp.CaselessKeyword(w) for w in _SCALES).set_name("a scale")

    def value(name: str) -> pp.ParserElement:
        return (number.copy().set_name(name) + pp.Opt(scale)).set_parse_action(_scaled_action).set_name(name)

    plus_minus = (pp.Literal("±") | pp.Literal("+/-") | pp.Literal("+-")).set_name("'±'")
    percent = pp.Literal("%").set_name("'%'")
    tolerance = plus_minus.suppress() - pp.Group(
        value("a tolerance after '±', as in ±10% or ±50")("amount") + pp.Opt(percent)("percent")
    )("tolerance")
    comparison = pp.one_of(">= <= > < ≥ ≤")("cmp") - value("a number after the comparison")("bound")
    anything = pp.Literal("*")("any")
    first = pp.Located(value("a number"))("first")
    range_end = pp.Literal("..").suppress() - pp.Located(value("a number after '..'"))("second")
    arg = comparison | anything | (first + pp.Opt(range_end | tolerance))
    return arg - pp.StringEnd().set_name("')' to close NUM(")


def _build_quote_tail() -> pp.ParserElement:
    number = pp.Regex(r"\d+(?:\.\d+)?|\.\d+").set_name("a percentage, as in 80%")
    pct = pp.Located(number)("threshold") - pp.Literal("%").set_name("'%' after the threshold")
    threshold = pp.Literal(",").suppress() - pct
    return pp.Opt(threshold) - pp.StringEnd().set_name("')' to close QUOTE(")


def _build_date_grammar() -> pp.ParserElement:
    year = pp.Located(pp.Regex(r"\d{4}(?!\d)").set_name("a year"))("year")
    dash = pp.Literal("-").leave_whitespace()
    month = pp.Located(pp.Regex(r"\d{1,2}(?!\d)").set_name("a month (01-12)").leave_whitespace())("month")
    day = pp.Located(pp.Regex(r"\d{1,2}(?!\d)").set_name("a day (01-31)").leave_whitespace())("day")
    date = year + pp.Opt(dash - month + pp.Opt(dash - day))
    return date - pp.StringEnd().set_name("')' to close DATE(")


_NUM_GRAMMAR = _build_num_grammar()
_QUOTE_TAIL = _build_quote_tail()
_DATE_GRAMMAR = _build_date_grammar()

_NUM_START = "expected a number, a comparison (>=400), a range (1000..1500) or * inside NUM("
_DATE_START = "expected a date as YYYY-MM-DD, YYYY-MM or YYYY inside DATE("
_QUOTE_START = 'expected a quoted text inside QUOTE(, as in QUOTE("...")'


def _run(grammar: pp.ParserElement, text: str, start: int, stop: int, closed: bool,
         first_message: str) -> pp.ParseResults:
    """Parse ``text[start:stop]`` (an argument) with ``grammar``.

    ``closed`` tells whether a ``)`` follows at ``stop``; if not, a complete
    argument still fails with the grammar's "expected ')'" message at the end.
    """
    chunk = text[start:stop]
    try:
        result = grammar.parse_string(chunk, parse_all=False)
    except _ArgError as exc:
        raise _error(text, start + exc.loc, exc.message) from None
    except pp.ParseSyntaxException as exc:
        loc = start + exc.loc
        if exc.loc >= len(chunk.rstrip()) and not closed:
            loc = _end_offset(text, stop)
        raise _error(text, loc, "expected " + exc.msg.removeprefix("Expected ")) from None
    except pp.ParseBaseException:
        loc = start + len(chunk) - len(chunk.lstrip())
        if not chunk.strip() and not closed:
            loc = _end_offset(text, stop)
        raise _error(text, loc, first_message) from None
    if not closed:
        name = grammar.exprs[-1].name if isinstance(grammar, pp.And) else "')'"
        raise _error(text, _end_offset(text, stop), f"expected {name}")
    return result


def _located(r: pp.ParseResults, name: str):
    """(local start, first value) of a ``Located`` result."""
    item = r[name]
    return item["locn_start"], item["value"][0]


def _float(text: str, loc: int, value: Decimal) -> float:
    out = float(value)
    if out in (float("inf"), float("-inf")):
        raise _error(text, loc, "number too large")
    return out


def _parse_num(text: str, start: int, stop: int, closed: bool) -> dict:
    r = _run(_NUM_GRAMMAR, text, start, stop, closed, _NUM_START)
    if "any" in r:
        return {"op": "any"}
    if "cmp" in r:
        op = {">": "gt", ">=": "ge", "≥": "ge", "<": "lt", "<=": "le", "≤": "le"}[r["cmp"]]
        return {"op": op, "value": _float(text, start, r["bound"])}
    first_loc, first_value = _located(r, "first")
    first = _float(text, start + first_loc, first_value)
    if "second" in r:
        second_loc, second_value = _located(r, "second")
        second = _float(text, start + second_loc, second_value)
        if first > second:
            raise _error(
                text, start + first_loc,
                f"invalid range in NUM({text[start:stop].strip()}): "
                f"the low end {_fmt(first)} is above the high end {_fmt(second)}",
            )
        return {"op": "range", "low": first, "high": second}
    if "tolerance" in r:
        tol = r["tolerance"]
        amount = _float(text, start, tol["amount"])
        if "percent" in tol:
            return {"op": "eq", "value": first, "tolerance": amount / 100, "relative": True}
        return {"op": "eq", "value": first, "tolerance": abs(amount)}
    return {"op": "eq", "value": first}


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _parse_date(text: str, start: int, stop: int, closed: bool) -> dict:
    r = _run(_DATE_GRAMMAR, text, start, stop, closed, _DATE_START)
    written = f"DATE({text[start:stop].strip()})"
    y_loc, y = _located(r, "year")
    year = int(y)
    if year < 1:
        raise _error(text, start + y_loc, f"invalid date in {written}: year must be 1-9999")
    out = {"year": year}
    if "month" in r:
        m_loc, m = _located(r, "month")
        month = int(m)
        if not 1 <= month <= 12:
            raise _error(text, start + m_loc, f"invalid date in {written}: month must be 1-12")
        out["month"] = month
        if "day" in r:
            d_loc, d = _located(r, "day")
            day = int(d)
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise _error(
                    text, start + d_loc,
                    f"invalid date in {written}: day must be 1-{last} "
                    f"in {calendar.month_name[month]} {year}",
                )
            out["day"] = day
    return out


# ---------------------------------------------------------------------------
# scanner


@dataclass(slots=True)
class _Tok:
    kind: str  # LP RP AND OR NOT NEAR WS WP LEAF
    pos: int
    end: int
    node: Node | None = None
    distance: int = 0


def _scan_string(text: str, open_at: int, what: str) -> tuple[str, int]:
    """The content of a double-quoted string opening at ``open_at``.

    Returns (unescaped content, offset after the closing quote).  ``\\"`` and
    ``\\\\`` are escapes; any other backslash is kept as written.
    """
    out: list[str] = []
    i = open_at + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and (text[i + 1] in QUOTE_CHARS or text[i + 1] == "\\"):
            out.append(text[i + 1])
            i += 2
            continue
        if ch in QUOTE_CHARS:
            return "".join(out), i + 1
        out.append(ch)
        i += 1
    raise _error(text, open_at, f"unterminated {what}: missing closing '\"'")


def _is_boundary(ch: str) -> bool:
    return ch.isspace() or ch in "()" or ch in QUOTE_CHARS


def _words_node(text: str, raw: str, pos: int, end: int, star_base: int, quoted: bool) -> Node:
    """Term or Phrase for a bare word run or the inside of a phrase.

    ``star_base`` is the offset of ``raw[0]`` in the query (for errors).
    """
    body = raw.rstrip() if quoted else raw
    prefix = False
    if body.endswith("*"):
        core = body[:-1]
        if core and not core.endswith("*") and fold_words(core[-1:]):
            prefix = True
            body = core
    star = body.find("*")
    if star != -1:
        raise _error(
            text, star_base + star,
            "'*' is allowed only at the end of a word, as in prosecut*"
            + (" (in a phrase, only on its last word)" if quoted else ""),
        )
    found = fold_words(body)
    if not found:
        if quoted:
            raise _error(text, pos, "empty phrase: a phrase needs letters or digits")
        raise _error(text, pos, f"'{raw}' is not a word: a term needs letters or digits")
    if len(found) == 1:
        return Term(pos, end, found[0], prefix)
    return Phrase(pos, end, found, prefix)


def _scan(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    opens: list[int] = []  # positions of unclosed '('
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "(":
            if len(opens) >= MAX_DEPTH:
                raise _error(text, i, f"parentheses nested more than {MAX_DEPTH} deep")
            opens.append(i)
            toks.append(_Tok("LP", i, i + 1))
            i += 1
            continue
        if ch == ")":
            if not opens:
                raise _error(text, i, "unexpected ')'")
            opens.pop()
            toks.append(_Tok("RP", i, i + 1))
            i += 1
            continue
        if ch in QUOTE_CHARS:
            content, end = _scan_string(text, i, "phrase")
            toks.append(_Tok("LEAF", i, end, _words_node(text, content, i, end, i + 1, True)))
            i = end
            continue
        if ch == "/":
            i = _scan_regex(text, i, toks)
            continue
        if ch == "@":
            m = _ENTITY_NAME.match(text, i + 1)
            if not m:
                raise _error(text, i + 1, "expected an entity name after '@', as in @maher")
            end = m.end()
            if end < n and not _is_boundary(text[end]):
                raise _error(
                    text, end,
                    f"invalid character {text[end]!r} in entity name "
                    "(names use letters, digits, '_' and '-')",
                )
            toks.append(_Tok("LEAF", i, end, Entity(i, end, m.group().lower())))
            i = end
            continue
        # a bare run: a word, a keyword, or a function name before '('
        j = i
        while j < n and not _is_boundary(text[j]):
            j += 1
        run = text[i:j]
        if j < n and text[j] == "(" and run in ("NUM", "DATE", "QUOTE"):
            i = _scan_function(text, i, j, run, toks)
            continue
        if run in ("AND", "OR", "NOT"):
            toks.append(_Tok(run, i, j))
        elif run == "W/S" or run == "W/P":
            toks.append(_Tok("WS" if run == "W/S" else "WP", i, j))
        elif run == "NEAR" or run.startswith("NEAR/"):
            m = _NEAR.match(run)
            if not m:
                raise _error(text, i + 4 if run == "NEAR" else i + 5,
                             "NEAR needs a distance, as in NEAR/5")
            toks.append(_Tok("NEAR", i, j, distance=int(m.group(1))))
        elif run.startswith("W/"):
            raise _error(
                text, i + 2,
                "W/ needs S (same sentence) or P (same paragraph), as in W/S",
                hint="for a distance in words use NEAR/5",
            )
        else:
            toks.append(_Tok("LEAF", i, j, _words_node(text, run, i, j, i, False)))
        i = j
    if opens:
        raise _error(text, opens[-1], "unbalanced parenthesis: '(' is never closed")
    return toks


def _scan_regex(text: str, i: int, toks: list[_Tok]) -> int:
    n = len(text)
    j = i + 1
    parts: list[str] = []
    index: list[int] = []  # query offset of each pattern character
    while j < n:
        ch = text[j]
        if ch == "\\" and j + 1 < n:
            if text[j + 1] == "/":
                parts.append("/")
                index.append(j)
            else:
                parts.append(ch + text[j + 1])
                index.extend((j, j + 1))
            j += 2
            continue
        if ch == "/":
            break
        parts.append(ch)
        index.append(j)
        j += 1
    else:
        raise _error(text, i, "unterminated regular expression: missing closing '/'")
    pattern = "".join(parts)
    if not pattern:
        raise _error(text, i, "empty regular expression")
    close = j
    j += 1
    flags = ""
    while j < n and not _is_boundary(text[j]):
        if text[j] not in REGEX_FLAGS:
            raise _error(text, j, f"unknown regular expression flag {text[j]!r} (use i, m, s or x)")
        if text[j] not in flags:
            flags += text[j]
        j += 1
    compiled_flags = 0
    for f in flags:
        compiled_flags |= REGEX_FLAGS[f]
    try:
        regex.compile(pattern, compiled_flags)
    except regex.error as exc:
        pos = exc.pos if isinstance(exc.pos, int) else None
        at = index[pos] if pos is not None and pos < len(index) else (close if pos is not None else i)
        raise _error(text, at, f"invalid regular expression: {exc.msg}") from None
    except (OverflowError, ValueError, RecursionError, MemoryError) as exc:
        raise _error(text, i, f"invalid regular expression: {exc}") from None
    toks.append(_Tok("LEAF", i, j, Regex(i, j, pattern, flags)))
    return j


def _scan_function(text: str, i: int, paren: int, name: str, toks: list[_Tok]) -> int:
    n = len(text)
    start = paren + 1
    if name == "QUOTE":
        k = start
        while k < n and text[k].isspace():
            k += 1
        if k >= n or text[k] not in QUOTE_CHARS:
            at = k if k < n else _end_offset(text, n)
            raise _error(text, at, _QUOTE_START)
        content, after = _scan_string(text, k, "quotation")
        close = text.find(")", after)
        closed = close != -1
        stop = close if closed else n
        r = _run(_QUOTE_TAIL, text, after, stop, closed, "expected ')' to close QUOTE(")
        threshold = None
        if "threshold" in r:
            t_loc, t = _located(r, "threshold")
            value = float(t)
            if not 1 <= value <= 100:
                raise _error(text, after + t_loc, "the similarity threshold must be 1-100%")
            threshold = value / 100
        if not content.strip():
            raise _error(text, k, "empty quotation in QUOTE(")
        end = stop + 1
        toks.append(_Tok("LEAF", i, end, Quote(i, end, unify(content), threshold)))
        return end
    close = text.find(")", start)
    closed = close != -1
    stop = close if closed else n
    end = stop + 1
    if name == "NUM":
        node: Node = Num(i, end, **_parse_num(text, start, stop, closed))
    else:
        node = Date(i, end, **_parse_date(text, start, stop, closed))
    toks.append(_Tok("LEAF", i, end, node))
    return end


# ---------------------------------------------------------------------------
# parser (precedence climbing)

_BINARY = {"AND", "OR", "NEAR", "WS", "WP"}
_STARTS = {"LEAF", "LP", "NOT"}


class _Parser:
    def __init__(self, text: str, toks: list[_Tok]) -> None:
        self.text = text
        self.toks = toks
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _op_name(self, tok: _Tok) -> str:
        return self.text[tok.pos:tok.end]

    def _need_right(self, op: _Tok) -> None:
        nxt = self.peek()
        if nxt is None or nxt.kind not in _STARTS:
            if op.kind == "NOT":
                raise _error(self.text, op.pos, "NOT needs something after it, as in NOT a")
            raise _error(self.text, op.pos, f"{self._op_name(op)} needs something on both sides")

    def parse(self) -> Node:
        node = self.parse_or()
        tok = self.peek()
        if tok is not None:  # pragma: no cover - the scanner balances parentheses
            raise _error(self.text, tok.pos, f"unexpected {self._op_name(tok)!r}")
        return node

    def parse_or(self) -> Node:
        operands = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.i += 1
            self._need_right(tok)
            operands.append(self.parse_and())
        if len(operands) == 1:
            return operands[0]
        return Or(operands[0].pos, operands[-1].end, tuple(operands))

    def parse_and(self) -> Node:
        operands = [self.parse_prox()]
        while (tok := self.peek()) is not None and (tok.kind == "AND" or tok.kind in _STARTS):
            if tok.kind == "AND":
                self.i += 1
                self._need_right(tok)
            operands.append(self.parse_prox())
        if len(operands) == 1:
            return operands[0]
        return And(operands[0].pos, operands[-1].end, tuple(operands))

    def parse_prox(self) -> Node:
        left = self.parse_unary()
        while (tok := self.peek()) is not None and tok.kind in ("NEAR", "WS", "WP"):
            self.i += 1
            self._need_right(tok)
            right = self.parse_unary()
            if tok.kind == "NEAR":
                left = Near(left.pos, right.end, left, right, tok.distance)
            else:
                level = "sentence" if tok.kind == "WS" else "paragraph"
                left = Within(left.pos, right.end, left, right, level)
        return left

    def parse_unary(self) -> Node:
        nots: list[_Tok] = []
        while (tok := self.peek()) is not None and tok.kind == "NOT":
            self.i += 1
            self._need_right(tok)
            nots.append(tok)
        node = self.parse_primary()
        for tok in reversed(nots):
            node = Not(tok.pos, node.end, node)
        return node

    def parse_primary(self) -> Node:
        tok = self.peek()
        if tok is None:  # pragma: no cover - callers check first
            raise _error(self.text, len(self.text), "expected a term")
        if tok.kind == "LEAF":
            self.i += 1
            assert tok.node is not None
            return tok.node
        if tok.kind == "LP":
            self.i += 1
            nxt = self.peek()
            if nxt is not None and nxt.kind == "RP":
                raise _error(self.text, tok.pos, "empty parentheses")
            if nxt is not None and nxt.kind in _BINARY:
                raise _error(self.text, nxt.pos, f"{self._op_name(nxt)} needs something on both sides")
            inner = self.parse_or()
            close = self.peek()
            if close is None or close.kind != "RP":  # pragma: no cover - scanner checked
                raise _error(self.text, tok.pos, "unbalanced parenthesis: '(' is never closed")
            self.i += 1
            if isinstance(inner, LEAVES):
                return inner
            return replace(inner, pos=tok.pos, end=close.end)
        if tok.kind == "RP":  # pragma: no cover - '(' ')' handled above
            raise _error(self.text, tok.pos, "unexpected ')'")
        raise _error(self.text, tok.pos, f"{self._op_name(tok)} needs something on both sides")


# ---------------------------------------------------------------------------
# API


def parse_query(text: str) -> Node:
    """Parse a query string into its AST, or raise :class:`CheckError`.

    The error carries ``offset`` (0-based, inside ``text``), ``source_line``
    (the query, or its line holding the offset) and ``caret`` (the column in
    that line); the rule loader places it in the rule file.
    """
    if not isinstance(text, str):
        raise CheckError(f"a query must be a string, not {type(text).__name__}", offset=0)
    if not text.strip():
        raise _error(text, 0, "empty query")
    toks = _scan(text)
    node = _Parser(text, toks).parse()
    _check_depth(text, node)
    return node


def _check_depth(text: str, root: Node) -> None:
    """Refuse trees deeper than MAX_DEPTH (walking them would recurse too far)."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _error(text, node.pos, f"query nested too deeply (more than {MAX_DEPTH} levels)")
        stack.extend((child, depth + 1) for child in node.children())


def query_leaves(node: Node) -> list[Node]:
    """The leaves of a query tree, left to right."""
    return [n for n in node.walk() if isinstance(n, LEAVES)]


def entity_refs(node: Node) -> list[Entity]:
    """Every ``@name`` of a query tree, left to right (with its position)."""
    return [n for n in node.walk() if isinstance(n, Entity)]
