"""The one representation of what a query matched: :class:`Hit`.

Every matcher speaks in hits: a leaf finds them (a word, a quantity, a
passage), an operator passes on its operands' hits (``AND``, ``W/S``) or makes
its own from them (a ``NEAR`` pair), the unit masks of the verdict are
worked out from them where postings cannot say it directly, and evidence
turns them into :class:`~checker.models.Match` objects in one place
(:mod:`checker.engine.evidence`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ..models import DateMention, Quantity
    from ..text.cues import MatchContext


class Hit(NamedTuple):
    """A match inside an article: offsets in ``Analysis.text``, the word range
    ``[tok_start, tok_end)``, the query part that matched (a matcher, with its
    ``label`` and ``key``), the quantity or date matched, a note (how a
    ``QUOTE`` passage differs) and the context its sentence gives it.

    A named tuple, not a dataclass: hits are made by the thousand per
    article, and a tuple is made three times faster."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    part: Any  # the Matcher whose match this is
    value: Quantity | DateMention | None = None
    note: str | None = None
    context: MatchContext | None = None  # None: not looked up yet (Context.context_of)


def gap(a: Hit, b: Hit) -> int:
    """Words between two hits (0 when they touch or overlap)."""
    if a.tok_end <= b.tok_start:
        return b.tok_start - a.tok_end
    if b.tok_end <= a.tok_start:
        return a.tok_start - b.tok_end
    return 0


# A NamedTuple, not a dataclass: the class is created at every start of the gate, ~0.07 ms
# as a NamedTuple, ~0.5 ms as the frozen dataclass it was (docs/design.md, "The gate").
class Want(NamedTuple):
    """What a hit's context must be for the hit to count (SPEC §8).

    ``None`` leaves a field free.  ``speakers``: groups of word matchers; for
    each group, one of them must match inside the words that name the
    speaker (``SAID(q, @opposition)``).  ``never``: two constraints that
    cannot both hold (``STATED(NEGATED(q))``): nothing counts.

    Every leaf of a compiled query has one: the claim's reading (negated
    matches do not count, unless ``context: literal``), overridden for the
    operands of a context form (``SAID``, ``STATED``, ``HEDGED``,
    ``NEGATED``) by what the form asks."""

    negated: bool | None = None
    hedged: bool | None = None
    attributed: bool | None = None
    speakers: tuple[tuple[Any, ...], ...] = ()
    never: bool = False

    @property
    def sig(self) -> tuple:
        """What the constraint is, for cache keys (speakers by what they match)."""
        return (self.negated, self.hedged, self.attributed,
                tuple(tuple(m.sig for m in group) for group in self.speakers), self.never)

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds of cue that can change whether a hit counts."""
        kinds = set()
        if self.negated is not None:
            kinds.add("negation")
        if self.hedged is not None:
            kinds.add("hedge")
        if self.attributed is not None or self.speakers:
            kinds.add("attribution")
        return frozenset(kinds)

    @property
    def accepts_plain(self) -> bool:
        """Whether a hit that no cue governs counts."""
        return not (self.never or self.negated or self.hedged or self.attributed or self.speakers)

    def accepts(self, ctx: Any, mc: MatchContext) -> bool:
        """Whether a hit with context ``mc`` counts (``ctx``: the article's
        :class:`~checker.engine.context.Context`, for the speaker's words)."""
        if self.never:
            return False
        if self.negated is not None and mc.negated != self.negated:
            return False
        if self.hedged is not None and mc.hedged != self.hedged:
            return False
        if self.attributed is not None and attributed(mc) != self.attributed:
            return False
        for group in self.speakers:
            span = mc.source_span
            if span is None or not any(m.names(ctx, *span) for m in group):
                return False
        return True

    def both(self, other: "Want") -> "Want":
        """Both constraints (nested context forms); ``never`` when they conflict."""
        fields = {}
        for name in ("negated", "hedged", "attributed"):
            a, b = getattr(self, name), getattr(other, name)
            if a is not None and b is not None and a != b:
                return Want(never=True)
            fields[name] = a if b is None else b
        return Want(**fields, speakers=self.speakers + other.speakers, never=self.never or other.never)

    def under(self, form: "Want") -> "Want":
        """This reading, with what an explicit context form asks taking over."""
        return Want(
            negated=self.negated if form.negated is None else form.negated,
            hedged=self.hedged if form.hedged is None else form.hedged,
            attributed=self.attributed if form.attributed is None else form.attributed,
            speakers=form.speakers, never=form.never,
        )


ANY = Want()


def attributed(mc: MatchContext) -> bool:
    """Whether a match is someone's words rather than the article's own voice."""
    return mc.source is not None or any(c.kind == "attribution" for c in mc.cues)
