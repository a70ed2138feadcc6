"""Frozen, slotted dataclasses built in half the time.

The ``__init__`` :mod:`dataclasses` generates for a frozen class sets each
field with ``object.__setattr__(self, name, value)`` (the class's own
``__setattr__`` refuses): a global lookup, an attribute lookup and a call
by name per field.  :func:`quick_init` gives such a class an ``__init__``
with the same parameters and defaults that sets each field through its slot
(the member descriptor's ``__set__``, bound once): the same object, about
half the time (a :class:`~checker.models.Match` of ten fields, 2.0 → 1.2 µs).
Measured on ``claimcheck serve``'s worker over 1,000-word drafts: building
the models (matches, evidence, results, units, quantities, dates) was ~5% of
a draft's CPU time, py-spy samples.  The class stays frozen (assigning a
field still raises), and pickling (:mod:`checker.pickling`) and
``dataclasses.replace`` call this ``__init__`` as they called the generated one.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import TypeVar

T = TypeVar("T", bound=type)


def quick_init(cls: T) -> T:
    """Class decorator (after ``@dataclass(frozen=True, slots=True)``): an
    ``__init__`` that sets each field through its slot."""
    if "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: quick_init is for slotted dataclasses (slots=True)")
    names: list[str] = []
    params: list[str] = []
    scope: dict[str, object] = {}
    for f in fields(cls):
        if not f.init or f.kw_only is True or f.default_factory is not MISSING:  # pragma: no cover - a misuse
            raise TypeError(f"{cls.__name__}.{f.name}: quick_init needs plain positional fields")
        scope[f"_set_{f.name}"] = cls.__dict__[f.name].__set__  # the slot's member descriptor
        if f.default is MISSING:
            params.append(f.name)
        else:
            scope[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        names.append(f.name)
    if hasattr(cls, "__post_init__"):  # pragma: no cover - a misuse
        raise TypeError(f"{cls.__name__}: quick_init does not call __post_init__")
    body = "".join(f"    _set_{name}(self, {name})\n" for name in names)
    made: dict[str, object] = {}
    exec(f"def __init__(self, {', '.join(params)}):\n{body}", scope, made)  # noqa: S102 - as dataclasses does
    init = made["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[misc]
    return cls


__all__ = ["quick_init"]
