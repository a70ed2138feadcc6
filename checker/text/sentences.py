"""Sentence splitting that survives news copy.

:func:`split_sentences` works on typography-unified text (the ``text`` of
:func:`checker.text.normalize.normalize`: straight quotes, ``-`` dashes, plain
spaces, ``\\n`` line ends) and returns offsets into it, so nothing is lost or
rewritten.  It is rule based and regex driven: one pass finds the few places
that could end a sentence (``.``, ``!``, ``?``, ellipses, footnote marks,
list markers), and a handful of rules decide each one by looking at the word
before and the word after.  Most lines of news copy are a single sentence
with no such place before their last word and no list; one cheap scan
recognises them and returns them whole, without that work.

Rules, in short:

* A line break always ends a sentence; a line without final punctuation
  (a headline, a caption, a list item) is one sentence.
* ``.``/``!``/``?`` (with any closing quotes, brackets and ``[1]`` footnote
  marks after them) end a sentence when the next word starts with a capital
  letter or a digit; never before a lower-case word (``Yahoo! in``,
  ``"Great." she said``).
* Abbreviations: titles (``Dr.``, ``Gen.``, ``Sen.``, ``St.``, ``Mt.``) and
  ``e.g.``, ``i.e.``, ``vs.`` never end a sentence; ``No.``, ``p.``, ``Rs.``
  and any other abbreviation do not before a number (``Aug. 21``, ``p. 55``);
  other abbreviations (``Co.``, ``Inc.``, ``etc.``) end one before a capital,
  unless the next word is itself an acronym (``& Co. KG``).
* Initialisms (``U.S.``, ``U.N.``, ``E.U.``, ``J.C.``) end a sentence only
  before a word that typically begins one (``The``, ``He``, ``In``,
  ``Thousands`` ...), so ``the U.S. Army`` and ``A U.N. chemical weapons
  expert`` stay whole while ``in the U.S. The ...`` splits.  ``a.m.``/``p.m.``
  end one before any capital except a weekday, month or time zone.
* A single capital letter is an initial (``Jonas E. Smith``), except the
  pronoun ``I`` after a lower-case word (``you and I. Did``).
* A sentence is never just one abbreviation, number or list label
  (``1. This is a list item.``), nor a short prepositional phrase ending in an
  abbreviation (``At 5 a.m. Mr. Smith ...``).
* Nothing inside parentheses or brackets, nor inside a quotation that sits in
  a larger sentence, ends a sentence (``"Bohr [...] used"``, ``called out,
  "The Queen! The Queen!" and``).  A quotation that opens a sentence and is
  followed by its attribution (``"... political. It is ... resolved," the
  prosecutor's office said``) is split into the speaker's sentences.
* Ellipses: ``word... Capital`` and ``. . . . Capital`` end a sentence; a
  spaced ``. . .`` inside a sentence does not.
* Numbered and lettered lists inline (``1. A 2. B``, ``a) x b) y``,
  ``(a) ... (b) ...``) split before each label of a consecutive run.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .lists import list_breaks
from .patterns import Patterns
from .spans import Spans
from .vocab import (ABBREVIATIONS, AFTER_TIME, CAPITALISED_ABBREVIATIONS, CURRENCY_SIGNS,
                    NEVER_FINAL, NUMBER_PREFIXES, PREPOSITIONS, SENTENCE_STARTERS, TIMES, TITLES)

__all__ = ["END_MARKS", "split_sentences"]

#: Where a sentence may end: at one of these marks, or at a quotation mark
#: right after a dash (an interrupted quotation: ``to--" At``).  The rules
#: below decide each such place; a line without one before its last letter or
#: digit (and without a list in it) is one sentence.  Everything here that
#: looks for a sentence end is built from this (and so is the quantity
#: finder's idea of where a capital letter is expected).
END_MARKS = ".!?"
_END = rf"[{re.escape(END_MARKS)}]"

_CLOSERS = r"(?:[\"')\]]|\[\d{1,3}\])*"
P = Patterns(
    # A place that may end a sentence, and what kind.  Order matters: longer forms first.
    candidate=(
        rf"""(?=[{re.escape(END_MARKS)}"'])(?:                    # fail fast elsewhere
          (?P<sp4>(?<=\s)\.\ \.\ \.\ \.{_CLOSERS})(?=\s|$)         # spaced 4-dot ellipsis
        | (?P<sp3>(?<=\s)\.\ \.\ \.)                               # spaced ellipsis: never
        | (?P<att>(?<=\S)\.)(?=\ \.\ \.\ \.)                       # word. . . . Next
        | (?P<dots>\.{{2,}}{_CLOSERS})(?=\s|$)                     # word... Next
        | (?P<fn>(?:(?<=[^\W\d_]{{2}})|(?<=\)))\.\d{{1,3}}(?:\ \d{{1,3}})*)(?=\s)  # text.12 Next
        | (?P<glued>(?:(?<=[a-z]{{2}})|(?<=\d))\.)(?=[A-Z][a-z])   # world.Today
        | (?P<dash>(?<=-)["'])(?=\s)                               # interrupted quote: to--" At
        | (?P<term>{_END}+{_CLOSERS})(?=\s|$)                      # . ! ? ?! ." .) .[1]
        )""",
        re.X,
    ),
    # whether there is such a place at all (fast): an end mark, or a dash and a
    # quotation mark; written to start with one character class, so that
    # ``re`` skips to the next candidate character instead of trying the
    # pattern at every position (1 MB: 24M -> 9M instructions, callgrind)
    may_end=rf"[-{re.escape(END_MARKS)}](?:(?<={_END})|[\"'](?<=-.))",
    # a line that is plainly one sentence: no such place before its last
    # letter or digit, and no ")" (see _split_if_needed)
    plain_line=rf"(?:[^{re.escape(END_MARKS)})\-]++|-(?![\"']))*+(?:[^\w)]|_)*+",
    next_word=r"\s*(?:[^\w\s]+\s*){0,3}([^\W_]+)",
    alnum=r"[^\W_]",
    next_char=r"\s*(\S)",
    leading=rf"^[^\w{CURRENCY_SIGNS}%#~+-]+",
    number=rf"[{CURRENCY_SIGNS}%#~+-]?\d[\d.,:/%-]*",
    initialism=r"(?:[A-Za-z]\.){2,}|(?:[A-Za-z]{1,2}\.){2,}",
    last_alnum=(r".*[^\W_]", re.S),
    url_like=(r"@|://|^www\.|\.(?:com|org|net|html?|gov|edu)\b", re.I),
    # quotations and brackets, paired within one line
    double_quote=r'"[^"]*"',
    single_quote=r"(?:(?<=[\s(\[\"-])|^)'(?=[^\W_])[^\n]{0,2000}?(?<=\S)'(?![^\W_])",
    parens=r"\([^()]*\)|\[[^\[\]]*\]",
)

def _opens_sentence(line: str, pos: int) -> bool:
    """Whether only spaces or the end of a sentence come before ``pos``."""
    j = pos
    while j > 0 and line[j - 1].isspace():
        j -= 1
    if j == 0:
        return True
    while j > 0 and line[j - 1] in "\"')]":
        j -= 1
    return j > 0 and line[j - 1] in END_MARKS


def _protected(line: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Spans inside which no sentence ends (brackets and embedded quotations),
    and the end positions of quotations embedded in a larger sentence."""
    spans = [m.span() for m in P.parens.finditer(line)] if ("(" in line or "[" in line) else []
    embedded: list[int] = []
    for pattern, char in ((P.double_quote, '"'), (P.single_quote, "'")):
        if char not in line:
            continue
        for m in pattern.finditer(line):
            qs, qe = m.span()
            if _opens_sentence(line, qs):
                # A quotation that opens a sentence and leads into an attribution
                # ('"... . ...," the office said') is split into its sentences.
                if line[qe - 2] == ",":
                    continue
                rest = line[qe : qe + 3].lstrip()
                if rest[:1].islower():
                    continue
            else:
                embedded.append(qe)
            spans.append((qs, qe))
    return spans, embedded


def _classify(token: str, prev_word: str) -> str:
    """What kind of word ends at a period: word, number, url, initial, title,
    never, time, initialism, abbrev or prefix."""
    lead = P.leading.match(token)
    core = (token[lead.end() :] if lead else token).rstrip(")]}\"'")
    if not core:
        return "word"
    if P.url_like.search(core):
        return "url"
    if P.number.fullmatch(core):
        return "number"
    lower = core.lower()
    if lower in NEVER_FINAL:
        return "never"
    if lower in TIMES:
        return "time"
    if lower in TITLES:
        return "title"
    if lower in NUMBER_PREFIXES:
        return "prefix"
    if "." in core and P.initialism.fullmatch(core + "."):
        return "initialism"
    if len(core) == 1 and core.isalpha():
        if core.isupper():
            if core == "I" and prev_word[:1].islower():
                return "word"
            return "initial"
        return "abbrev"
    if lower in ABBREVIATIONS or core in CAPITALISED_ABBREVIATIONS:
        return "abbrev"
    return "word"


def _ends_sentence(line: str, pos: int, end: int, sent_start: int) -> bool:
    """Decide an ordinary ``.``/``!``/``?`` at ``line[pos]`` (its run and
    closers end at ``end``)."""
    m = P.next_word.match(line, end)
    if m is None:
        return False
    nxt = m.group(1)
    first = nxt[0]
    if first.islower():
        return False
    upper = not first.isdigit()
    if line[pos] != "." or line[pos + 1 : pos + 2] in ("!", "?"):
        return True  # ! ? ?! before a capital or a number
    # Period: look at the word before it.
    tok_start = line.rfind(" ", sent_start, pos) + 1
    if tok_start <= sent_start:
        tok_start = sent_start
    token = line[tok_start:pos]
    first_token = P.alnum.search(line, sent_start, tok_start) is None
    prev_word = ""
    if not first_token and "I" in token:  # only "I." looks at the word before
        before = line[sent_start:tok_start].split()
        prev_word = before[-1] if before else ""
    kind = _classify(token, prev_word)
    if kind in ("word", "url"):
        return True
    if kind == "number":
        return not first_token
    if first_token or kind in ("never", "title", "initial"):
        return False
    if not upper:
        return False  # an abbreviation before a number: "Aug. 21", "p. 55"
    # An abbreviation before a capitalised word.
    head = line[sent_start:tok_start].split()
    if len(head) <= 2 and head and head[0].lower() in PREPOSITIONS:
        return False  # "At 5 a.m. Mr. Smith ...": a phrase, not a sentence
    if kind == "initialism":
        return nxt.lower() in SENTENCE_STARTERS
    if kind == "time":
        return nxt.lower() not in AFTER_TIME
    # abbrev / prefix
    return not (len(nxt) >= 2 and nxt.isupper())


def _next_is_capital(line: str, pos: int) -> bool:
    m = P.next_word.match(line, pos)
    return m is not None and m.group(1)[0].isupper()


def _split_line(
    line: str, offset: int, out: list[tuple[int, int]], labels: list[int], first: int = 0
) -> None:
    """Append the sentence spans of one line (no newline inside), given the
    starts of its inline list labels (:func:`~checker.text.lists.list_breaks`) and a position
    ``first`` no later than the start of its first candidate."""
    breaks: list[int] = []
    has_punct = "." in line or "!" in line or "?" in line or '"' in line or "'" in line
    if has_punct:
        protected, embedded = _protected(line)
        merged = Spans(protected)
        embedded.sort()
        sent_start = 0
        li = 0
        nlabels = len(labels)
        for m in P.candidate.finditer(line, first):
            pos = m.start()
            # List labels before this candidate start new sentences.
            while li < nlabels and labels[li] <= pos:
                if labels[li] > sent_start and P.alnum.search(line, sent_start, labels[li]):
                    breaks.append(labels[li])
                    sent_start = labels[li]
                li += 1
            group = m.lastgroup
            end = m.end()
            if protected and merged.strictly_inside(end):
                continue
            if pos and line[pos - 1] in "([":
                continue  # "[...]", "(?)": an omission or a query, not an end
            if (
                embedded
                and bisect_right(embedded, end) > bisect_right(embedded, pos)
                and (after_quote := P.next_char.match(line, end)) is not None
                and after_quote.group(1) == "("
            ):
                # "..., 'after such a fall ... house!' (Which was true.)": an aside
                # after a quotation that ends a sentence begun outside it.
                continue
            if group == "sp3":
                continue
            if group == "term":
                ok = _ends_sentence(line, pos, end, sent_start)
            elif group == "att":
                # "compounds. . . . The": the period ends it, ". . ." opens the next
                after = end + 6
                ok = line[after : after + 1].isspace() and _next_is_capital(line, after)
            elif group == "glued":
                tok_start = line.rfind(" ", 0, pos) + 1
                tok_end = line.find(" ", pos)
                token = line[tok_start : tok_end if tok_end != -1 else len(line)]
                ok = not P.url_like.search(token) and _classify(line[tok_start:pos], "") in ("word", "number")
            else:  # sp4, dots, fn, dash
                ok = _next_is_capital(line, end)
            if ok and P.alnum.search(line, sent_start, end):
                breaks.append(end)
                sent_start = end
        for start in labels[li:]:
            if start > sent_start and P.alnum.search(line, sent_start, start):
                breaks.append(start)
                sent_start = start
    else:
        breaks = [b for b in labels if b > 0]
    # Cut, trim and emit.
    prev = 0
    for cut in breaks + [len(line)]:
        seg = line[prev:cut]
        stripped = seg.strip()
        if stripped:
            s = prev + (len(seg) - len(seg.lstrip()))
            out.append((offset + s, offset + s + len(stripped)))
        prev = cut


def _split_if_needed(text: str, pos: int, line_end: int, out: list[tuple[int, int]]) -> bool:
    """Split the line ``text[pos:line_end]`` into ``out`` unless it is plainly
    one sentence (then return False and leave ``out`` alone).

    A sentence ends only where one may (see :data:`END_MARKS`) with a letter
    or digit somewhere after it, and an inline list needs two labels, each
    holding a letter or digit and ending in ``.`` or ``)`` before whitespace.
    So a line with no such place before its last letter or digit and no
    ``)`` is one sentence, and so is one with no list whose first candidate
    comes after that letter or digit."""
    m = P.last_alnum.match(text, pos, line_end)
    if m is None:
        return False
    last = m.end() - 1
    may_end = P.may_end.search(text, pos, last) is not None
    if not may_end and text.find(")", pos, line_end) < 0:
        return False
    line = text[pos:line_end]
    labels = list_breaks(line)
    first = P.candidate.search(line) if may_end else None
    if labels or (first is not None and first.start() < last - pos):
        _split_line(line, pos, out, labels, first.start() if first else 0)
        return True
    return False


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text[start:end]``, offsets into
    ``text``, each trimmed of surrounding whitespace; together they cover
    every non-space character of the range."""
    n = len(text)
    if end is None or end > n:
        end = n
    elif end < 0:
        end = 0
    if start > end:
        start = end
    elif start < 0:
        start = 0
    spans: list[tuple[int, int]] = []
    find = text.find
    plain = P.plain_line.fullmatch
    pos = start
    while pos < end:
        line_end = find("\n", pos, end)
        if line_end < 0:
            line_end = end
        if line_end > pos and (plain(text, pos, line_end) is not None
                                or not _split_if_needed(text, pos, line_end, spans)):
            # The whole line is one sentence.
            a, b = pos, line_end
            if text[a].isspace() or text[b - 1].isspace():
                line = text[a:b]
                stripped = line.strip()
                if stripped:
                    a += len(line) - len(line.lstrip())
                    spans.append((a, a + len(stripped)))
            else:
                spans.append((a, b))
        pos = line_end + 1
    return spans
