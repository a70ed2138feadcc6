"""The cue lexicon for news English: the one table of negation, hedge and
attribution cues, and the word lists their rules consult.

The table is data in a file of its own, ``lexicon.tsv`` beside this module
(shipped as package data): one cue a line, four columns separated by tabs
(phrase, kind, rule, example), ``#`` comments.  Its header explains every
column; ``docs/context-cues.md`` says how to add a cue.  :data:`CUES` is that
table as Python reads it, read once when this module is first imported
(which importing :mod:`checker.text.analysis` does not do): a tuple of
``(phrase, kind, rule, example)`` rows in file order, split with ``str``
methods -- reading it executes nothing.

The word lists below are plain frozensets, cheap to import;
:mod:`checker.text.cues` and its rules read them.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import CheckError

LEXICON_FILE = "lexicon.tsv"

CueRow = tuple[str, str, str, str]  # (phrase, kind, rule, example)


def read_cues(text: str, file: str = LEXICON_FILE) -> tuple[CueRow, ...]:
    """The rows of a lexicon file's ``text``: every line that is neither
    blank nor a ``#`` comment, split at its tabs into four non-empty fields
    (a :class:`~checker.errors.CheckError` at ``file:line:column`` if not)."""
    rows: list[CueRow] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise CheckError(f"a cue takes 4 fields separated by tabs (phrase, kind, rule, example), "
                             f"not {len(fields)}", file, number, 1)
        column = 1
        for field in fields:
            if not field or field != field.strip():
                raise CheckError("empty field, or spaces around it", file, number, column)
            column += len(field) + 1
        rows.append((fields[0], fields[1], fields[2], fields[3]))
    return tuple(rows)


# Read beside this module (package data), not through importlib.resources: that module and the
# tempfile it imports cost a warm `claimcheck check` its start (tests/test_rule_cache.py).
CUES: tuple[CueRow, ...] = read_cues(Path(__file__).with_name(LEXICON_FILE).read_text(encoding="utf-8"))

# ---- word lists the rules consult (one home for each) -------------------------------------------

# Linking verbs before a predicate adjective or a passive ("were wrong", "is believed to").
COPULAS = frozenset(
    "is are was were be been being am 's remain remains remained prove proves proved proven "
    "seem seems seemed appear appears appeared become becomes became".split()
)

# Auxiliaries that belong to the negation after them: the cue reads "did not", "doesn't", "was never".
AUXILIARIES = frozenset(
    "do does did don doesn didn is are was were isn aren wasn weren has have had hasn haven hadn "
    "will would wo won can could ca couldn should shouldn must mustn may might need".split()
)

# Adverbs allowed between a copula and its adjective ("is entirely false").
DEGREE_ADVERBS = frozenset(
    "entirely completely totally simply patently clearly plainly utterly wholly largely partly "
    "also still now flatly demonstrably very so too quite first widely initially originally previously "
    "later reportedly officially publicly independently".split()
)

# Things said: what `reject`/`predicate` cues must be about to deny anything.
PROPOSITION_NOUNS = frozenset(
    "claim claims report reports allegation allegations accusation accusations charge charges "
    "suggestion suggestions rumour rumours rumor rumors assertion assertions statement statements "
    "account accounts version story stories idea notion figure figures toll tolls number numbers "
    "estimate estimates finding findings conclusion conclusions evidence information narrative "
    "reporting assessment assessments count counts tally".split()
)

# Words that open a complement clause after a verb or adjective.
COMPLEMENTIZERS = frozenset("that whether if how who what why".split())

# Objects of "told" that name the audience, not what was said ("told AFP").
AUDIENCES = frozenset(
    "afp reuters ap bbc cnn reporters journalists me us him her them court parliament "
    "lawmakers congress newspaper agency broadcaster television radio tv the press a an "
    "associated le monde guardian times post".split()
)

# Words before a reporting word that make it a noun ("false claims", "the report").
NOUN_MARKERS = frozenset(
    "the a an these those this that such his her their its our your my any all no some "
    "false baseless unfounded unconfirmed unverified new recent earlier previous similar "
    "of by for with to in on from several many numerous media press official initial".split()
)

# Words trimmed from the start of a speaker ("But the ministry said" -> "the ministry").
SPEAKER_LEAD = frozenset(
    "and but so yet or however then also with as while because since meanwhile now later if when "
    "earlier separately".split()
)

# Words trimmed from the end of a speaker ("the watchdog later accused" -> "the watchdog").
SPEAKER_TAIL = frozenset(
    "has have had will would could should may might must did does do also later earlier since "
    "again then now still already once first last on in at this "
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight "
    "separately previously repeatedly publicly officially initially recently reportedly "
    "not never t didn doesn don hasn haven is are was were be been falsely wrongly mistakenly "
    "erroneously".split()
)

# First words of the adverbials that may follow a closing "..., X said" ("in a statement").
TAIL_STARTS = frozenset(
    "on in at during late early earlier later last this yesterday today tonight after before "
    "when while adding citing monday tuesday wednesday thursday friday saturday sunday to".split()
)

# Words that tell a sentence-internal "May" is the month, not the modal.
MONTH_NEIGHBOURS = frozenset("in on of since until by early late mid last next this from".split())

# ---- clause boundaries (where scopes stop; see the table in checker/text/cues/marks.py) -------------

# Words that end every cue's reach: a new clause that contrasts.
BREAK_WORDS = frozenset("but although though whereas however while".split())

# Words after a comma that join a new clause to the sentence (", and the court...").
COORDINATORS = frozenset("and or so".split())

# Words after a comma that open a new clause: negation and hedges stop there, reported speech does not.
CLAUSE_OPENERS = frozenset(
    "which who whom whose where when as since because after before if unless until "
    "he she they it we i you there".split()
)

# Words that open a subordinate clause: a cue of the clause after them does not reach back past them.
SUBORDINATORS = frozenset("that which who whom whose whether".split())

# Words of a phrase that are too common to look a phrase up by ("by no means" is found from "no").
COMMON_WORDS = frozenset("in by the a an it is of to on at".split())
