"""checker.frozen.quick_init: frozen slotted models built through their slots,
the same objects as the generated ``__init__`` builds."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from checker.frozen import quick_init
from checker.models import DateMention, Evidence, Match, Quantity, Result, Unit


def _plain(cls):
    """The same fields as a dataclass with the generated ``__init__``."""
    return dataclasses.make_dataclass(
        "Plain" + cls.__name__, [(f.name, f.type, dataclasses.field(default=f.default)) if f.default is not
                                 dataclasses.MISSING else (f.name, f.type) for f in dataclasses.fields(cls)],
        frozen=True, slots=True)


@pytest.mark.parametrize("cls", [Unit, Quantity, DateMention, Match, Evidence, Result])
def test_the_models_keep_their_parameters_and_defaults(cls):
    plain = inspect.signature(_plain(cls).__init__)
    quick = inspect.signature(cls.__init__)
    assert [(p.name, p.default, p.kind) for p in quick.parameters.values()] == \
           [(p.name, p.default, p.kind) for p in plain.parameters.values()]


def test_a_quick_model_is_the_same_frozen_object():
    m = Match("words", 1, 6, 2, 3, part="war", key="expect")
    assert m == Match(text="words", start=1, end=6, line=2, column=3, value=None, part="war", key="expect")
    assert (m.value, m.note, m.context) == (None, None, None)
    assert hash(m) == hash(Match("words", 1, 6, 2, 3, None, "war", "expect"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.text = "other"  # type: ignore[misc]
    assert dataclasses.replace(m, text="other").text == "other"
    assert pickle.loads(pickle.dumps(m)) == m
    e = Evidence("supports", "words", 1, 6, 2, 3, (m,))
    assert pickle.loads(pickle.dumps(Result("c", "a", "pass", (e,)))) == Result("c", "a", "pass", (e,))
    with pytest.raises(TypeError):
        Match("words", 1, 6, 2)  # a missing field is still an error
    with pytest.raises(TypeError):
        Match("words", 1, 6, 2, 3, colour="red")  # type: ignore[call-arg]


def test_it_refuses_a_class_without_slots():
    @dataclasses.dataclass(frozen=True)
    class Loose:
        a: int
        b: int = 0

    with pytest.raises(TypeError, match="slotted"):
        quick_init(Loose)
