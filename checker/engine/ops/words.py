"""Words, prefixes, phrases and ``@entities`` (SPEC §4), from the article's
word postings: no pass over the text."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from ...rules.query import nodes as n
from ...text.tokens import words as split_words
from ..context import Context
from ..hits import Hit
from ..matcher import Leaf, Matcher, Operator, cache_key
from .logic import OrMatcher

if TYPE_CHECKING:
    from ..registry import Compiler


class WordMatcher(Leaf):
    """A word, a prefix (``prosecut*``) or a phrase (``"arrest warrant"``)."""

    ordered = True  # one hit per start position, in order

    def __init__(self, words: tuple[str, ...], prefix: bool, label: str, key: str) -> None:
        super().__init__(label, key)
        self.words = words
        self.prefix = prefix
        self.plain = len(words) == 1 and not prefix  # one whole word: its postings
        self.sig = ("words", words, prefix)

    def prepare(self) -> None:
        super().prepare()
        self._starts_key = cache_key("starts", "", self.literal_sig)

    def starts(self, ctx: Context) -> list[int] | tuple[int, ...]:
        """Word indexes where the word or phrase begins (cached, except a
        plain word's: its postings)."""
        postings = ctx.analysis.postings
        if self.plain:
            return postings.get(self.words[0], ())
        got = ctx.cache.get(self._starts_key)
        if got is None:
            got = ctx.cache[self._starts_key] = self._find_starts(ctx)
        return got

    def _find_starts(self, ctx: Context) -> list[int]:
        postings = ctx.analysis.postings
        words = self.words
        last = len(words) - 1
        if last == 0:  # a prefix: every word of the article that starts with it
            vocab = ctx.vocabulary()
            lo = bisect_left(vocab, words[0])
            hi = bisect_left(vocab, words[0] + "\U0010ffff", lo)
            return sorted(i for w in vocab[lo:hi] for i in postings[w])
        words_of = ctx.analysis.words
        n_words = len(words_of)
        found = []
        for i in postings.get(words[0], ()):
            if i + last >= n_words:
                continue
            for k in range(1, last + 1):
                tok = words_of[i + k]
                if not (tok.startswith(words[k]) if (k == last and self.prefix) else tok == words[k]):
                    break
            else:
                found.append(i)
        return found

    def _units(self, ctx: Context, level: str) -> int:
        positions = self.starts(ctx)
        if not positions:
            return 0
        tok_unit = ctx.tok_unit(level)
        last = len(self.words) - 1
        if last == 0:
            found = set(map(tok_unit.__getitem__, positions))
        else:
            # a phrase counts only when its first and last words share the unit
            found = {tok_unit[i] for i in positions if tok_unit[i] == tok_unit[i + last]}
        return ctx.mask(level, found)

    def _in_unit(self, ctx: Context, level: str, index: int) -> list[int] | tuple[int, ...]:
        """The word indexes where the word or phrase starts inside a unit."""
        unit = ctx.unit_lists[level][index]
        positions = self.starts(ctx)
        a = bisect_left(positions, unit.tok_start)
        b = bisect_left(positions, unit.tok_end - len(self.words) + 1)
        return positions[a:b]

    def _hits(self, ctx: Context, level: str, index: int) -> list[Hit]:
        # only the unit's hits, straight from the sorted word positions
        last = len(self.words) - 1
        ts, te = ctx.analysis.token_starts, ctx.analysis.token_ends
        return [Hit(ts[i], te[i + last], i, i + last + 1, self) for i in self._in_unit(ctx, level, index)]

    def names(self, ctx: Context, start: int, end: int) -> bool:
        """Whether the word or phrase occurs inside ``Analysis.text[start:end]``
        (the words naming a speaker, for ``SAID(q, @entity)``)."""
        first, last = ctx.analysis.token_range(start, end)
        positions = self.starts(ctx)
        i = bisect_left(positions, first)
        return i < len(positions) and positions[i] + len(self.words) <= last


def build_term(node: n.Term, c: Compiler) -> Matcher:
    return WordMatcher((node.word,), node.prefix, c.label(node), c.key)


def build_phrase(node: n.Phrase, c: Compiler) -> Matcher:
    return WordMatcher(tuple(node.words), node.prefix, c.label(node), c.key)


def build_entity(node: n.Entity, c: Compiler) -> Matcher:
    """Any alias of the entity, each alias a phrase."""
    label = c.label(node)
    alternatives = [WordMatcher(ws, False, label, c.key) for ws in (split_words(a) for a in c.aliases(node)) if ws]
    return alternatives[0] if len(alternatives) == 1 else OrMatcher(alternatives, label)


OPERATORS = (
    Operator(n.Term, build_term),
    Operator(n.Phrase, build_phrase),
    Operator(n.Entity, build_entity),
)
