"""One article in, one finished :class:`Analysis` out.

This is the only place an article's text is read for matching: normalisation
(with the offset map), words, paragraphs and sentences, quantities and dates
are all computed here, once.  The rule engine then evaluates every claim on
the finished analysis and never looks at the raw text again (except
``/regex/`` queries, which by contract see a unit's original text).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate, compress, count
from operator import add
from types import MappingProxyType
from typing import Mapping

from ..models import Article, DateMention, Quantity, Unit
from .cues import NO_CUES, Cues, find_cues
from .dates import find_dates
from .normalize import LineIndex, Normalized, normalize
from .patterns import Patterns
from .quantities import find_quantities
from .sentences import split_sentences
from .tokens import WORD_RE, WordIndex

P = Patterns(
    split_words=f"({WORD_RE.pattern})",
    blank_lines=r"\n[ \t]*\n\s*",
    non_space=r"\S",
)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the engine needs to know about one article."""

    article: Article
    norm: Normalized
    words: tuple[str, ...]  # folded words, in text order
    sentences: tuple[Unit, ...]
    paragraphs: tuple[Unit, ...]
    whole: Unit
    quantities: tuple[Quantity, ...]
    dates: tuple[DateMention, ...]
    postings: Mapping[str, tuple[int, ...]]  # folded word -> token indexes (read only)
    token_starts: tuple[int, ...]  # offsets in ``text`` of each word
    token_ends: tuple[int, ...]
    lines: LineIndex
    cues: Cues = NO_CUES  # negation, hedge and attribution cues (checker.text.cues)

    # ---- convenience ------------------------------------------------------

    @property
    def text(self) -> str:
        """Typography-unified text (case kept)."""
        return self.norm.text

    @property
    def folded(self) -> str:
        """Unified text with case and accents folded (same offsets)."""
        return self.norm.folded

    def units(self, level: str) -> tuple[Unit, ...]:
        if level == "sentence":
            return self.sentences
        if level == "paragraph":
            return self.paragraphs
        return (self.whole,)

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Word indexes ``[first, last)`` overlapping ``text[start:end]``."""
        first = bisect_right(self.token_starts, start) - 1
        if first < 0 or self.token_ends[first] <= start:
            first += 1
        return first, max(first, bisect_left(self.token_starts, end))

    # ---- positions in the original ---------------------------------------

    def text_span(self, start: int, end: int) -> tuple[int, int]:
        """Span of ``Article.text`` that produced ``self.text[start:end]``."""
        return self.norm.original_span(start, end)

    def origin_span(self, start: int, end: int) -> tuple[int, int]:
        """Span of ``Article.origin`` that produced ``self.text[start:end]``."""
        a, b = self.norm.original_span(start, end)
        offsets = self.article.offsets
        if offsets is None:
            return a, b
        if b <= a:
            return offsets[a], offsets[a]
        return offsets[a], offsets[b - 1] + 1

    def position(self, start: int) -> tuple[int, int]:
        """1-based (line, column) in ``Article.origin`` of ``self.text[start]``."""
        end = start + 1 if start < len(self.norm.text) else start
        return self.lines.position(self.origin_span(start, end)[0])

    def locate(self, start: int, end: int) -> tuple[str, int, int, int, int]:
        """Everything evidence needs about ``self.text[start:end]`` in one go:
        the article's own words there, the span in ``origin``, and the
        1-based line and column of its start in ``origin``."""
        a, b = self.norm.original_span(start, end)
        words = self.article.text[a:b]
        offsets = self.article.offsets
        if offsets is not None:
            a, b = (offsets[a], offsets[b - 1] + 1) if b > a else (offsets[a], offsets[a])
        line, column = self.lines.position(a)
        return words, a, b, line, column

    def norm_offset(self, text_offset: int) -> int:
        """Index in ``self.text`` of the character from ``Article.text[text_offset]``."""
        return self.norm.norm_offset(text_offset)


def _paragraph_spans(text: str, kind: str) -> list[tuple[int, int]]:
    """Paragraphs: lines (txt, html, jsonl) or blank-line separated blocks (md)."""
    spans: list[tuple[int, int]] = []
    if kind == "md":
        pieces = []
        pos = 0
        for m in P.blank_lines.finditer(text):
            pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, len(text)))
    else:
        pieces = []
        pos = 0
        while True:
            nl = text.find("\n", pos)
            if nl == -1:
                pieces.append((pos, len(text)))
                break
            pieces.append((pos, nl))
            pos = nl + 1
    for a, b in pieces:
        m = P.non_space.search(text, a, b)
        if not m:
            continue
        a = m.start()
        while b > a and text[b - 1].isspace():
            b -= 1
        spans.append((a, b))
    return spans


def word_index(folded: str) -> WordIndex:
    """The words of folded text, where each starts and ends, and its postings."""
    words, starts, ends = _tokenize(folded)
    return WordIndex(words, starts, ends, _postings(words))


# ASCII characters that are not word characters (``WORD_RE``), to blank out.
_BLANK_NON_WORD = {c: " " for c in range(128) if not WORD_RE.fullmatch(chr(c))}


def _tokenize(folded: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """Words of folded text with their start and end offsets, in one pass:
    splitting on words (kept) gives separators and words alternately, and
    their running lengths are the offsets.

    ASCII text (most news, once folded) is split by ``str`` methods instead,
    to the same words and offsets: with every non-word character blanked
    out, splitting at each space gives the words and an empty string for
    each further separator character, so a piece starts at the lengths of
    the pieces before it plus one space each.  The regular expression pays
    per match (1 MB: 482M instructions for this function, 400M so;
    callgrind; docs/design.md, "Benchmarks")."""
    if folded.isascii():
        pieces = folded.translate(_BLANK_NON_WORD).split(" ")
        words = tuple(filter(None, pieces))
        at = map(add, accumulate(map(len, pieces), initial=0), count())
        starts = tuple(compress(at, pieces))
        return words, starts, tuple(map(add, starts, map(len, words)))
    parts = P.split_words.split(folded)  # sep, word, sep, word, ..., sep
    bounds = list(accumulate(map(len, parts)))  # end of each part
    words = tuple(parts[1::2])
    return words, tuple(bounds[0:-1:2]), tuple(bounds[1::2])


def _postings(words: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """Folded word -> the indexes of its tokens, ascending.  Tuples, not lists:
    tuples of ints drop out of the cyclic garbage collector's sight, and a
    run keeps every article's index alive."""
    lists: dict[str, list[int]] = {}
    get = lists.get
    for i, word in enumerate(words):
        found = get(word)
        if found is None:
            lists[word] = [i]
        else:
            found.append(i)
    return {word: tuple(found) for word, found in lists.items()}


def analyze(article: Article) -> Analysis:
    """Analyse an article once: units, words, quantities, dates, offsets."""
    norm = normalize(article.text)
    text, folded = norm.text, norm.folded

    index = word_index(folded)
    words, token_starts = index.words, index.starts

    paragraphs: list[Unit] = []
    sentences: list[Unit] = []
    for p_index, (a, b) in enumerate(_paragraph_spans(text, article.kind)):
        paragraphs.append(Unit("paragraph", p_index, a, b, bisect_left(token_starts, a),
                               bisect_left(token_starts, b), p_index))
        for sa, sb in split_sentences(text, a, b):
            sentences.append(Unit("sentence", len(sentences), sa, sb, bisect_left(token_starts, sa),
                                  bisect_left(token_starts, sb), p_index))
    whole = Unit("article", 0, 0, len(text), 0, len(words), 0)

    dates = tuple(find_dates(text))
    quantities = tuple(find_quantities(text, [(d.start, d.end) for d in dates], index=index))

    return Analysis(
        article=article,
        norm=norm,
        words=words,
        sentences=tuple(sentences),
        paragraphs=tuple(paragraphs),
        whole=whole,
        quantities=quantities,
        dates=dates,
        postings=MappingProxyType(index.postings),
        token_starts=token_starts,
        token_ends=index.ends,
        lines=LineIndex(article.origin),
        cues=find_cues(text, folded, index, sentences, paragraphs),
    )
