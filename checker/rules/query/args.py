"""The small argument languages of ``NUM(...)``, ``DATE(...)`` and ``QUOTE(...)``.

Each is a pyparsing grammar with named elements, so its errors read
"expected ...", and each reader is the ``scan`` of a leaf
:class:`~.syntax.Function`: given the query, the offset of the function's
name and of its ``(``, it returns the node and the offset after the ``)``.
Packrat is never enabled: nothing here backtracks enough to need it, and it
is global to pyparsing.  pyparsing is imported, and each grammar built, when
a query first needs it: a run whose rules come from the compiled-rule cache
parses no query and never imports it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from checker.exact import Exact, div, exact, mul, show, too_long
from checker.text.normalize import unify

from .nodes import Date, Node, Num, Quote
from .syntax import QUOTE_CHARS, end_offset, query_error, scan_string

if TYPE_CHECKING:
    import pyparsing as pp

_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


class _ArgError(Exception):
    """An error found by a parse action: message and local offset."""

    def __init__(self, loc: int, message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


def _number_action(s: str, loc: int, toks: pp.ParseResults) -> Exact:
    """A numeral's exact value (an int, or a Decimal when not whole)."""
    raw = toks[0]
    body = raw.lstrip("+-")
    integer = body.split(".")[0]
    if "," in integer and not re.fullmatch(r"\d{1,3}(?:,\d{3})+", integer):
        raise _ArgError(loc, f"'{raw}' is not a number: write 1400 or 1,400")
    why = too_long(raw)
    if why:
        raise _ArgError(loc, why)
    try:
        return exact(Decimal(raw.replace(",", "")))
    except InvalidOperation:  # pragma: no cover - the regex admits only numerals
        raise _ArgError(loc, f"'{raw}' is not a number") from None


def _scaled_action(s: str, loc: int, toks: pp.ParseResults) -> Exact:
    value = toks[0]
    if len(toks) > 1:
        value = mul(value, _SCALES[toks[1].lower()])
    return value


@functools.cache
def _num_grammar() -> pp.ParserElement:
    import pyparsing as pp

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


@functools.cache
def _quote_tail() -> pp.ParserElement:
    import pyparsing as pp

    number = pp.Regex(r"\d+(?:\.\d+)?|\.\d+").set_name("a percentage, as in 80%")
    pct = pp.Located(number)("threshold") - pp.Literal("%").set_name("'%' after the threshold")
    threshold = pp.Literal(",").suppress() - pct
    return pp.Opt(threshold) - pp.StringEnd().set_name("')' to close QUOTE(")


@functools.cache
def _date_grammar() -> pp.ParserElement:
    import pyparsing as pp

    year = pp.Located(pp.Regex(r"\d{4}(?!\d)").set_name("a year"))("year")
    dash = pp.Literal("-").leave_whitespace()
    month = pp.Located(pp.Regex(r"\d{1,2}(?!\d)").set_name("a month (01-12)").leave_whitespace())("month")
    day = pp.Located(pp.Regex(r"\d{1,2}(?!\d)").set_name("a day (01-31)").leave_whitespace())("day")
    date = year + pp.Opt(dash - month + pp.Opt(dash - day))
    return date - pp.StringEnd().set_name("')' to close DATE(")


_NUM_START = "expected a number, a comparison (>=400), a range (1000..1500) or * inside NUM("
_DATE_START = "expected a date as YYYY-MM-DD, YYYY-MM or YYYY inside DATE("
_QUOTE_START = 'expected a quoted text inside QUOTE(, as in QUOTE("...")'


def _run(build: Callable[[], pp.ParserElement], text: str, start: int, stop: int, closed: bool,
         first_message: str) -> pp.ParseResults:
    """Parse ``text[start:stop]`` (an argument) with the grammar ``build()``
    returns (built once, on first use).

    ``closed`` tells whether a ``)`` follows at ``stop``; if not, a complete
    argument still fails with the grammar's "expected ')'" message at the end.
    """
    import pyparsing as pp

    grammar = build()
    chunk = text[start:stop]
    try:
        result = grammar.parse_string(chunk, parse_all=False)
    except _ArgError as exc:
        raise query_error(text, start + exc.loc, exc.message) from None
    except pp.ParseSyntaxException as exc:
        loc = start + exc.loc
        if exc.loc >= len(chunk.rstrip()) and not closed:
            loc = end_offset(text, stop)
        raise query_error(text, loc, "expected " + exc.msg.removeprefix("Expected ")) from None
    except pp.ParseBaseException:
        loc = start + len(chunk) - len(chunk.lstrip())
        if not chunk.strip() and not closed:
            loc = end_offset(text, stop)
        raise query_error(text, loc, first_message) from None
    if not closed:
        name = grammar.exprs[-1].name if isinstance(grammar, pp.And) else "')'"
        raise query_error(text, end_offset(text, stop), f"expected {name}")
    return result


def _located(r: pp.ParseResults, name: str):
    """(local start, first value) of a ``Located`` result."""
    item = r[name]
    return item["locn_start"], item["value"][0]




def _argument(text: str, paren: int) -> tuple[int, int, bool]:
    """(start, stop, closed) of a function's argument: up to the next ``)``."""
    start = paren + 1
    close = text.find(")", start)
    return start, (close if close != -1 else len(text)), close != -1


# ------------------------------------------------------------------ NUM ---


def _num_fields(text: str, start: int, stop: int, closed: bool) -> dict:
    r = _run(_num_grammar, text, start, stop, closed, _NUM_START)
    if "any" in r:
        return {"op": "any"}
    if "cmp" in r:
        op = {">": "gt", ">=": "ge", "≥": "ge", "<": "lt", "<=": "le", "≤": "le"}[r["cmp"]]
        return {"op": op, "value": r["bound"]}
    first_loc, first = _located(r, "first")
    if "second" in r:
        _, second = _located(r, "second")
        if first > second:
            raise query_error(
                text, start + first_loc,
                f"invalid range in NUM({text[start:stop].strip()}): "
                f"the low end {show(first)} is above the high end {show(second)}",
            )
        return {"op": "range", "low": first, "high": second}
    if "tolerance" in r:
        tol = r["tolerance"]
        amount = tol["amount"]
        if "percent" in tol:
            return {"op": "eq", "value": first, "tolerance": div(amount, 100), "relative": True}
        return {"op": "eq", "value": first, "tolerance": abs(amount)}
    return {"op": "eq", "value": first}


def scan_num(text: str, pos: int, paren: int) -> tuple[Node, int]:
    """``NUM(...)``: a number, a tolerance, a comparison, a range or ``*``."""
    start, stop, closed = _argument(text, paren)
    return Num(pos, stop + 1, **_num_fields(text, start, stop, closed)), stop + 1


# ----------------------------------------------------------------- DATE ---


def _date_fields(text: str, start: int, stop: int, closed: bool) -> dict:
    r = _run(_date_grammar, text, start, stop, closed, _DATE_START)
    written = f"DATE({text[start:stop].strip()})"
    y_loc, y = _located(r, "year")
    year = int(y)
    if year < 1:
        raise query_error(text, start + y_loc, f"invalid date in {written}: year must be 1-9999")
    out = {"year": year}
    if "month" in r:
        m_loc, m = _located(r, "month")
        month = int(m)
        if not 1 <= month <= 12:
            raise query_error(text, start + m_loc, f"invalid date in {written}: month must be 1-12")
        out["month"] = month
        if "day" in r:
            d_loc, d = _located(r, "day")
            day = int(d)
            import calendar  # (only a day needs it: a warm gate imports this module but parses nothing)

            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise query_error(
                    text, start + d_loc,
                    f"invalid date in {written}: day must be 1-{last} "
                    f"in {calendar.month_name[month]} {year}",
                )
            out["day"] = day
    return out


def scan_date(text: str, pos: int, paren: int) -> tuple[Node, int]:
    """``DATE(YYYY-MM-DD)``, ``DATE(YYYY-MM)`` or ``DATE(YYYY)``."""
    start, stop, closed = _argument(text, paren)
    return Date(pos, stop + 1, **_date_fields(text, start, stop, closed)), stop + 1


# ---------------------------------------------------------------- QUOTE ---


def scan_quote(text: str, pos: int, paren: int) -> tuple[Node, int]:
    """``QUOTE("text")`` or ``QUOTE("text", 80%)``."""
    n = len(text)
    k = paren + 1
    while k < n and text[k].isspace():
        k += 1
    if k >= n or text[k] not in QUOTE_CHARS:
        at = k if k < n else end_offset(text, n)
        raise query_error(text, at, _QUOTE_START)
    content, after = scan_string(text, k, "quotation")
    close = text.find(")", after)
    closed = close != -1
    stop = close if closed else n
    r = _run(_quote_tail, text, after, stop, closed, "expected ')' to close QUOTE(")
    threshold = None
    if "threshold" in r:
        t_loc, t = _located(r, "threshold")
        value = float(t)
        if not 1 <= value <= 100:
            raise query_error(text, after + t_loc, "the similarity threshold must be 1-100%")
        threshold = value / 100
    if not content.strip():
        raise query_error(text, k, "empty quotation in QUOTE(")
    end = stop + 1
    return Quote(pos, end, unify(content), threshold), end
