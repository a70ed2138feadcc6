"""Exact numbers: what a quantity or a ``NUM(...)`` value is (issue #14.8).

A number is an ``int`` when it is whole and a ``Decimal`` otherwise, never
a float: ``99999999999999999999999999`` stays itself, ``4.35 million`` is
4350000, and comparisons are exact at every edge.  Arithmetic on them (a
scale word, a tolerance) goes through this module, in a context precise
enough for every number claimcheck accepts (:data:`MAX_NUMBER_DIGITS`
digits on each side of the point), so nothing is ever rounded.
"""

from __future__ import annotations

from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from typing import TYPE_CHECKING

from .limits import MAX_NUMBER_DIGITS

if TYPE_CHECKING:  # (``fractions`` is imported where number words are read: ~1 ms of the gate, issue #16)
    from fractions import Fraction

__all__ = ["Exact", "exact", "mul", "add", "sub", "div", "numeral", "too_long", "show", "show_value"]

Exact = int | Decimal

# Products of two accepted numbers (a value and a relative tolerance) have at
# most 4 × MAX_NUMBER_DIGITS digits: this precision never rounds them.
_EXACT = Context(prec=4 * MAX_NUMBER_DIGITS + 64, Emin=-999_999, Emax=999_999,
                 traps=[InvalidOperation, DivisionByZero, Overflow])


def exact(x: int | Decimal | Fraction) -> Exact:
    """``x`` as an ``int`` when whole, else as a ``Decimal`` without trailing zeros."""
    if type(x) is int:
        return x
    if not isinstance(x, Decimal):  # a Fraction
        if x.denominator == 1:
            return int(x.numerator)
        x = _EXACT.divide(Decimal(x.numerator), Decimal(x.denominator))
    if x == x.to_integral_value():
        return int(x)
    return x.normalize(_EXACT)


def mul(a: Exact, b: Exact) -> Exact:
    if type(a) is int and type(b) is int:
        return a * b
    return exact(_EXACT.multiply(Decimal(a), Decimal(b)))


def add(a: Exact, b: Exact) -> Exact:
    if type(a) is int and type(b) is int:
        return a + b
    return exact(_EXACT.add(Decimal(a), Decimal(b)))


def sub(a: Exact, b: Exact) -> Exact:
    if type(a) is int and type(b) is int:
        return a - b
    return exact(_EXACT.subtract(Decimal(a), Decimal(b)))


def div(a: Exact, b: Exact) -> Exact:
    """``a / b`` for a ``b`` whose quotients terminate (a power of ten: ``%``)."""
    return exact(_EXACT.divide(Decimal(a), Decimal(b)))


def too_long(raw: str) -> str | None:
    """Why the numeral ``raw`` (digits, optional ``,`` groups and one ``.``)
    is too long to be a number, or None."""
    whole, _, fraction = raw.lstrip("+-").partition(".")
    if len(whole) - whole.count(",") > MAX_NUMBER_DIGITS:
        return "number too large"
    if len(fraction) > MAX_NUMBER_DIGITS:
        return f"too many digits after the decimal point (at most {MAX_NUMBER_DIGITS})"
    return None


def numeral(raw: str) -> Exact | None:
    """The value of a numeral as written (``1,400``, ``4.35``), or None when
    it is too long to be a number (see :func:`too_long`)."""
    if too_long(raw):
        return None
    digits = raw.replace(",", "")
    if "." not in digits:
        return int(digits)
    return exact(Decimal(digits))


def show(x: Exact) -> str:
    """A number as an editor writes it: ``1400``, ``2.5``, ``0.0000001`` (never ``1E-7``)."""
    return str(x) if type(x) is int else format(x, "f")


def show_value(value: object) -> str:
    """A match's value for a message: a number as :func:`show` writes it, a
    range ``[low, high]`` the same way, a date as it is."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if type(value) is int or isinstance(value, Decimal):
        return show(value)  # type: ignore[arg-type]
    return str(value)
