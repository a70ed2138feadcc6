"""The query language: a query string → an AST of :mod:`.nodes`.

Parsing is done in two steps, so that every error points at the right place:

1. A small scanner walks the query once, left to right, and cuts it into
   tokens.  It owns everything structural: double quotes (straight or curly,
   with ``\\"`` escapes), parentheses, ``/regex/`` slashes, ``@entities``,
   the extents of leaf functions (``NUM(`` ``DATE(`` ``QUOTE(``, which read
   their own arguments) and the commas between the arguments of operator
   functions (``SAID(q, @who)``).  An unterminated phrase, an unclosed ``(``
   or an unexpected ``)`` is reported here, at its own position, before any
   operator is looked at.
2. A precedence-climbing parser builds the tree from the tokens, level by
   level (:data:`~.syntax.LEVELS`, loosest first: ``OR``, then ``AND`` and
   juxtaposition, then ``NEAR/n`` ``W/S`` ``W/P``), prefix operators
   (``NOT``) binding tightest.  N-ary operators are flattened.

Which words are operators, at which level, and what node each builds is not
written here: it is the operator table of :mod:`.syntax`, declared by each
operator family of the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from checker.errors import CheckError
from checker.text.tokens import words as fold_words

from .nodes import Entity, Node, Phrase, Regex, Term
from .syntax import (
    LEVELS,
    QUOTE_CHARS,
    Function,
    Infix,
    Prefix,
    Table,
    query_error,
    scan_string,
    table,
)

__all__ = ["entity_refs", "parse_query", "query_leaves"]

REGEX_FLAGS = "imsx"
MAX_DEPTH = 100  # nesting of parentheses (keeps recursion far from Python's limit)

_ENTITY_NAME = re.compile(r"[A-Za-z0-9_-]+")


# ---------------------------------------------------------------------------
# scanner


@dataclass(slots=True)
class _Tok:
    kind: str  # LP RP COMMA LEAF FUNC INFIX PREFIX
    pos: int
    end: int
    node: Node | None = None
    op: Function | Infix | Prefix | None = None
    param: object = None


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
        raise query_error(
            text, star_base + star,
            "'*' is allowed only at the end of a word, as in prosecut*"
            + (" (in a phrase, only on its last word)" if quoted else ""),
        )
    found = fold_words(body)
    if not found:
        if quoted:
            raise query_error(text, pos, "empty phrase: a phrase needs letters or digits")
        raise query_error(text, pos, f"'{raw}' is not a word: a term needs letters or digits")
    if len(found) == 1:
        return Term(pos, end, found[0], prefix)
    return Phrase(pos, end, found, prefix)


class _Scanner:
    def __init__(self, text: str, syntax: Table) -> None:
        self.text = text
        self.syntax = syntax
        self.toks: list[_Tok] = []
        self.opens: list[tuple[int, bool]] = []  # unclosed '(': (position, opens a function's arguments)

    def boundary(self, ch: str) -> bool:
        """Whether ``ch`` ends a bare word (a comma does between a function's arguments)."""
        return (ch.isspace() or ch in "()" or ch in QUOTE_CHARS
                or (ch == "," and bool(self.opens) and self.opens[-1][1]))

    def open(self, at: int, call: bool) -> None:
        if len(self.opens) >= MAX_DEPTH:
            raise query_error(self.text, at, f"parentheses nested more than {MAX_DEPTH} deep")
        self.opens.append((at, call))

    def scan(self) -> list[_Tok]:
        text, toks = self.text, self.toks
        n = len(text)
        i = 0
        while i < n:
            ch = text[i]
            if ch.isspace():
                i += 1
            elif ch == "(":
                self.open(i, False)
                toks.append(_Tok("LP", i, i + 1))
                i += 1
            elif ch == ")":
                if not self.opens:
                    raise query_error(text, i, "unexpected ')'")
                self.opens.pop()
                toks.append(_Tok("RP", i, i + 1))
                i += 1
            elif ch == "," and self.opens and self.opens[-1][1]:
                toks.append(_Tok("COMMA", i, i + 1))
                i += 1
            elif ch in QUOTE_CHARS:
                content, end = scan_string(text, i, "phrase")
                toks.append(_Tok("LEAF", i, end, _words_node(text, content, i, end, i + 1, True)))
                i = end
            elif ch == "/":
                i = self.regex(i)
            elif ch == "@":
                i = self.entity(i)
            else:
                i = self.word(i)
        if self.opens:
            raise query_error(text, self.opens[-1][0], "unbalanced parenthesis: '(' is never closed")
        return toks

    def entity(self, i: int) -> int:
        text = self.text
        m = _ENTITY_NAME.match(text, i + 1)
        if not m:
            raise query_error(text, i + 1, "expected an entity name after '@', as in @maher")
        end = m.end()
        if end < len(text) and not self.boundary(text[end]):
            raise query_error(
                text, end,
                f"invalid character {text[end]!r} in entity name (names use letters, digits, '_' and '-')",
            )
        self.toks.append(_Tok("LEAF", i, end, Entity(i, end, m.group().lower())))
        return end

    def word(self, i: int) -> int:
        """A bare run: a word, an operator, or a function name before '('."""
        text, syntax = self.text, self.syntax
        n = len(text)
        j = i
        while j < n and not self.boundary(text[j]):
            j += 1
        run = text[i:j]
        fn = syntax.functions.get(run) if j < n and text[j] == "(" else None
        if fn is not None:
            if fn.scan is not None:  # a leaf: it reads its own argument
                node, end = fn.scan(text, i, j)
                self.toks.append(_Tok("LEAF", i, end, node))
                return end
            self.open(j, True)
            self.toks.append(_Tok("FUNC", i, j + 1, op=fn))
            return j + 1
        prefix = syntax.prefix.get(run)
        if prefix is not None:
            self.toks.append(_Tok("PREFIX", i, j, op=prefix))
            return j
        infix = syntax.infix_for(run)
        if infix is not None:
            param = infix.read(text, i, j, run) if infix.read is not None else None
            self.toks.append(_Tok("INFIX", i, j, op=infix, param=param))
            return j
        self.toks.append(_Tok("LEAF", i, j, _words_node(text, run, i, j, i, False)))
        return j

    def regex(self, i: int) -> int:
        import regex  # the engine that runs /regex/ queries: its syntax, its errors

        text = self.text
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
            raise query_error(text, i, "unterminated regular expression: missing closing '/'")
        pattern = "".join(parts)
        if not pattern:
            raise query_error(text, i, "empty regular expression")
        close = j
        j += 1
        flags = ""
        while j < n and not self.boundary(text[j]):
            if text[j] not in REGEX_FLAGS:
                raise query_error(text, j, f"unknown regular expression flag {text[j]!r} (use i, m, s or x)")
            if text[j] not in flags:
                flags += text[j]
            j += 1
        compiled_flags = 0
        for f in flags:
            compiled_flags |= {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}[f]
        try:
            regex.compile(pattern, compiled_flags)
        except regex.error as exc:
            pos = exc.pos if isinstance(exc.pos, int) else None
            at = index[pos] if pos is not None and pos < len(index) else (close if pos is not None else i)
            raise query_error(text, at, f"invalid regular expression: {exc.msg}") from None
        except (OverflowError, ValueError, RecursionError, MemoryError) as exc:
            raise query_error(text, i, f"invalid regular expression: {exc}") from None
        self.toks.append(_Tok("LEAF", i, j, Regex(i, j, pattern, flags)))
        return j


# ---------------------------------------------------------------------------
# parser (precedence climbing)

_STARTS = {"LEAF", "LP", "PREFIX", "FUNC"}


class _Parser:
    def __init__(self, text: str, toks: list[_Tok], syntax: Table) -> None:
        self.text = text
        self.toks = toks
        self.syntax = syntax
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _op_name(self, tok: _Tok) -> str:
        return self.text[tok.pos:tok.end]

    def _need_right(self, op: _Tok) -> None:
        nxt = self.peek()
        if nxt is None or nxt.kind not in _STARTS:
            if op.kind == "PREFIX":
                raise query_error(self.text, op.pos, op.op.missing or f"{self._op_name(op)} needs something after it")
            raise query_error(self.text, op.pos, f"{self._op_name(op)} needs something on both sides")

    def parse(self) -> Node:
        node = self.parse_level(0)
        tok = self.peek()
        if tok is not None:  # pragma: no cover - the scanner balances parentheses
            raise query_error(self.text, tok.pos, f"unexpected {self._op_name(tok)!r}")
        return node

    def parse_level(self, k: int) -> Node:
        """Operands joined by the infix operators of ``LEVELS[k]`` (and tighter)."""
        if k == len(LEVELS):
            return self.parse_unary()
        level = LEVELS[k]
        implicit = self.syntax.implicit(level)
        left = self.parse_level(k + 1)
        operands = [left]
        n_ary: Infix | None = None
        while (tok := self.peek()) is not None:
            if tok.kind == "INFIX" and tok.op.level == level:
                self.i += 1
                self._need_right(tok)
                op, param = tok.op, tok.param
            elif implicit is not None and tok.kind in _STARTS:
                op, param = implicit, None
            else:
                break
            right = self.parse_level(k + 1)
            if op.n_ary:
                n_ary = op
                operands.append(right)
            else:
                left = op.build(left.pos, right.end, (left, right), param)
                operands = [left]
        if n_ary is None or len(operands) == 1:
            return operands[0]
        return n_ary.build(operands[0].pos, operands[-1].end, tuple(operands), None)

    def parse_unary(self) -> Node:
        prefixes: list[_Tok] = []
        while (tok := self.peek()) is not None and tok.kind == "PREFIX":
            self.i += 1
            self._need_right(tok)
            prefixes.append(tok)
        node = self.parse_primary()
        for tok in reversed(prefixes):
            node = tok.op.build(tok.pos, node.end, node)
        return node

    def parse_primary(self) -> Node:
        tok = self.peek()
        if tok is None:  # pragma: no cover - callers check first
            raise query_error(self.text, len(self.text), "expected a term")
        if tok.kind == "LEAF":
            self.i += 1
            assert tok.node is not None
            return tok.node
        if tok.kind == "LP":
            self.i += 1
            nxt = self.peek()
            if nxt is not None and nxt.kind == "RP":
                raise query_error(self.text, tok.pos, "empty parentheses")
            if nxt is not None and nxt.kind == "INFIX":
                raise query_error(self.text, nxt.pos, f"{self._op_name(nxt)} needs something on both sides")
            inner = self.parse_level(0)
            close = self.peek()
            if close is None or close.kind != "RP":  # pragma: no cover - scanner checked
                raise query_error(self.text, tok.pos, "unbalanced parenthesis: '(' is never closed")
            self.i += 1
            if not inner.children():  # a leaf keeps its own span
                return inner
            return replace(inner, pos=tok.pos, end=close.end)
        if tok.kind == "FUNC":
            return self.parse_call(tok)
        if tok.kind == "COMMA":
            raise query_error(self.text, tok.pos, "expected a query before ','")
        if tok.kind == "RP":  # pragma: no cover - '(' ')' handled above
            raise query_error(self.text, tok.pos, "unexpected ')'")
        raise query_error(self.text, tok.pos, f"{self._op_name(tok)} needs something on both sides")

    def parse_call(self, tok: _Tok) -> Node:
        """``NAME(q, ...)``: comma-separated queries, handed to the function's ``build``."""
        fn: Function = tok.op  # type: ignore[assignment]
        self.i += 1
        args: list[Node] = []
        commas: list[int] = []
        nxt = self.peek()
        if nxt is not None and nxt.kind == "RP":
            raise query_error(self.text, nxt.pos, f"expected a query inside {fn.name}(")
        while True:
            args.append(self.parse_level(0))
            nxt = self.peek()
            if nxt is None or nxt.kind != "COMMA":
                break
            commas.append(nxt.pos)
            self.i += 1
            after = self.peek()
            if after is None or after.kind in ("RP", "COMMA"):
                raise query_error(self.text, nxt.pos, "expected a query after ','")
        close = self.peek()
        if close is None or close.kind != "RP":  # pragma: no cover - scanner checked
            raise query_error(self.text, tok.pos, "unbalanced parenthesis: '(' is never closed")
        self.i += 1
        assert fn.build is not None
        return fn.build(self.text, tok.pos, close.end, args, commas)


# ---------------------------------------------------------------------------
# API


def parse_query(text: str, syntax: Table | None = None) -> Node:
    """Parse a query string into its AST, or raise :class:`CheckError`.

    The error carries ``offset`` (0-based, inside ``text``), ``source_line``
    (the query, or its line holding the offset) and ``caret`` (the column in
    that line); the rule loader places it in the rule file.  ``syntax``: the
    operator table (the language's own, :func:`~.syntax.table`, by default).
    """
    if not isinstance(text, str):
        raise CheckError(f"a query must be a string, not {type(text).__name__}", offset=0)
    if not text.strip():
        raise query_error(text, 0, "empty query")
    syntax = syntax or table()
    toks = _Scanner(text, syntax).scan()
    node = _Parser(text, toks, syntax).parse()
    _check_depth(text, node)
    return node


def _check_depth(text: str, root: Node) -> None:
    """Refuse trees deeper than MAX_DEPTH (walking them would recurse too far)."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise query_error(text, node.pos, f"query nested too deeply (more than {MAX_DEPTH} levels)")
        stack.extend((child, depth + 1) for child in node.children())


def query_leaves(node: Node) -> list[Node]:
    """The leaves of a query tree, left to right."""
    return [n for n in node.walk() if not n.children()]


def entity_refs(node: Node) -> list[Entity]:
    """Every ``@name`` of a query tree, left to right (with its position)."""
    return [n for n in node.walk() if isinstance(n, Entity)]
