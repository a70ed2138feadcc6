"""``SAID(q)``, ``SAID(q, @entity)``, ``SAID(q, "words")``, ``STATED(q)``,
``HEDGED(q)``, ``NEGATED(q)``: ``q`` counted only through the matches whose
context is the one asked for (SPEC §8).

A context form makes no matcher of its own: it compiles its operand with
the form's constraint on every leaf under it (:class:`~checker.engine.hits.Want`),
so ``SAID(a AND b)`` needs both ``a`` and ``b`` in someone's words, and
``SAID(q)`` inside a ``NEAR`` pairs only those matches.  A form's constraint
takes over from the claim's reading for the fields it sets: ``NEGATED(q)``
in ``expect`` counts the negated matches that the default reading drops.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...rules.query import nodes as n
from ...rules.query.syntax import Function, query_error
from ..hits import Want
from ..matcher import Matcher, Operator

if TYPE_CHECKING:
    from ..registry import Compiler

FORMS = {
    "said": Want(attributed=True),  # someone's words
    "stated": Want(negated=False, hedged=False, attributed=False),  # the article's own voice, as fact
    "hedged": Want(hedged=True),
    "negated": Want(negated=True),
}

_SPEAKERS = (n.Entity, n.Term, n.Phrase)


def build_in_context(node: n.InContext, c: Compiler) -> Matcher:
    want = FORMS[node.form]
    if node.speaker is not None:
        speaker = c.build(node.speaker)  # words, a phrase or an @entity's aliases
        speaker.prepare()
        want = Want(want.negated, want.hedged, want.attributed, (tuple(speaker.leaves()),))
    return c.in_form(want).build(node.operand)


def _syntax(form: str) -> Function:
    name = form.upper()

    def build(text: str, pos: int, end: int, args: list[n.Node], commas: list[int]) -> n.Node:
        if form != "said" and len(args) > 1:
            raise query_error(text, commas[0], f"{name} takes one query, as in {name}(q)",
                              hint="for a speaker use SAID(q, @entity)" if form == "stated" else None)
        if len(args) > 2:
            raise query_error(text, commas[1], "SAID takes a query and a speaker, as in SAID(q, @opposition)")
        speaker = args[1] if len(args) == 2 else None
        if speaker is not None and not isinstance(speaker, _SPEAKERS):
            raise query_error(text, speaker.pos, "the speaker in SAID(q, ...) is an @entity or \"words\"",
                              hint='as in SAID(NUM(1400), @opposition) or SAID(NUM(1400), "opposition")')
        return n.InContext(pos, end, form, args[0], speaker)

    return Function(name, build=build)


OPERATORS = tuple(Operator(n.InContext, build_in_context, _syntax(form)) for form in FORMS)
