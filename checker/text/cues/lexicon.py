"""The cue lexicon for news English: the one table of negation, hedge and
attribution cues, and the word lists their rules consult.

This module is data only (plain tuples and frozensets, cheap to import);
:mod:`checker.text.cues` reads it.  ``docs/context-cues.md`` explains every
column and how to add a cue.

``CUES`` rows are ``(phrase, kind, rule, example)``:

* ``phrase`` -- words as they are matched (case and accents folded, so write
  them in lower case).  Alternatives for one word are joined by ``/``:
  ``"deny/denies/denied"``.  ``n't`` is the contracted "not" of *didn't*.
  Words of a phrase may be separated by spaces or hyphens (``no-one``).
* ``kind`` -- ``negation``, ``hedge``, ``attribution``, or ``pseudo`` (a
  phrase that holds a cue word but is no cue: it only stops the shorter cue
  inside it from being read).
* ``rule`` -- how the cue finds its scope (the words it governs); the rules
  are the registry in :mod:`checker.text.cues.rules`:

  ``forward``    from the cue to the clause boundary after it;
  ``condition``  ``if``/``whether``: forward to the first comma ("If the
                 toll is confirmed, it would..."), or the clause boundary;
  ``clause``     the whole clause around the cue, back to its start (which
                 ``that``/``which``/``who`` or a reporting verb also ends) and
                 forward to the boundary (``not``, ``may``, ``reportedly``);
  ``deny``       forward when the verb has an object (``denied that``),
                 backward when it closes its clause or is passive
                 (``charges Damascus denies``, ``reports ... were denied``);
  ``reject``     like ``deny``, but only about something said: a claim,
                 report, figure... or ``that`` (``rejected claims that``), so
                 ``rejected the appeal`` is no cue;
  ``predicate``  an adjective that judges something said: forward before
                 ``that``/``whether`` or a claim noun (``false reports
                 that``), backward after a copula at the clause end (``...
                 were wrong``);
  ``passive``    only after a copula (``is believed to``, ``is said to``):
                 then like ``clause``;
  ``modal``      ``may``: like ``clause``, but never the month May;
  ``report``     a reporting verb: the speaker is the noun phrase before it
                 (or after it: ``said the prosecutor``); it governs what
                 follows, a quotation it introduces or ends, or the clause
                 before it when it closes the sentence (``..., he said``);
  ``according``  the speaker follows the cue (``according to the UN``); it
                 governs its whole clause;
  ``count``      ``by X's count/estimate``: the speaker sits between ``by``
                 and the cue; it governs its whole clause;
  ``pseudo``     no cue (with kind ``pseudo``).

* ``example`` -- a sentence on the seed story where the cue does its work,
  shown in the docs.

Rows are tried longest phrase first, and for one phrase in table order; a
rule may decline (``alleged`` as an adjective is no reporting verb), and the
next row is tried.
"""

from __future__ import annotations

# fmt: off
CUES: tuple[tuple[str, str, str, str], ...] = (
    # ---- pseudo-cues: hold a cue word, negate nothing ---------------------------------------
    ("not only/just/merely/simply/solely", "pseudo", "pseudo",
     "The warrant names not only Assad but also his brother Maher."),
    ("no doubt/question/wonder/matter", "pseudo", "pseudo",
     "There is no doubt that the attack killed around 1,400 people."),
    ("without doubt/question", "pseudo", "pseudo", "The attack was without doubt the deadliest since 1988."),
    ("no/not fewer/less/more than", "pseudo", "pseudo", "The attack killed no fewer than 1,400 people."),
    ("nothing less/short than/of", "pseudo", "pseudo", "The ruling is nothing short of historic."),
    ("not least", "pseudo", "pseudo", "Several generals were named, not least Maher al-Assad."),
    ("not to mention", "pseudo", "pseudo", "The warrant names Assad, not to mention his brother."),
    ("not surprisingly", "pseudo", "pseudo", "Not surprisingly, Damascus condemned the warrant."),
    ("no sooner", "pseudo", "pseudo", "No sooner was the warrant issued than prosecutors appealed."),
    ("if not", "pseudo", "pseudo", "Hundreds, if not thousands, of people died."),
    ("whether or not", "pseudo", "pseudo", "Whether or not he travels, the warrant stands."),
    ("not far from", "pseudo", "pseudo", "The suburbs lie not far from Damascus."),

    # ---- hedges that contain a negation word: read as hedges, not negations ---------------
    ("not clear/known", "hedge", "forward", "It is not clear whether the warrant names Maher."),
    ("not immediately clear/known", "hedge", "forward", "It was not immediately clear how many people died."),
    ("cannot/not be ruled out", "hedge", "clause", "A wider toll cannot be ruled out."),
    ("not independently verify/verified/confirm/confirmed", "hedge", "forward",
     "AFP could not independently verify the toll of 1,400."),
    ("not verify/confirm", "hedge", "forward", "AFP could not verify the toll."),
    ("not be verified/confirmed", "hedge", "clause", "The toll could not be verified."),
    ("not be independently verified/confirmed", "hedge", "clause",
     "The figure could not be independently confirmed."),
    ("unable to verify/confirm", "hedge", "forward", "AFP was unable to verify the toll."),
    ("could/did/would not rule out", "hedge", "forward", "Prosecutors did not rule out a wider case."),

    # ---- negation ---------------------------------------------------------------------------
    ("not", "negation", "clause", "The warrant does not name Maher al-Assad."),
    ("n't", "negation", "clause", "The warrant doesn't name Maher al-Assad."),
    ("cannot", "negation", "clause", "The court cannot try a sitting head of state."),
    ("never", "negation", "clause", "Assad has never been tried."),
    ("no longer", "negation", "clause", "The warrant is no longer valid."),
    ("no", "negation", "forward", "There was no attack on August 4."),
    ("no one", "negation", "forward", "No one disputes that the attack killed around 1,400 people."),
    ("none/nobody/nothing/nowhere", "negation", "forward", "None have yet commented on the legal action."),
    ("neither/nor", "negation", "forward", "Neither Maher nor Bassam al-Hassan was named."),
    ("without", "negation", "forward", "The court ruled without naming Maher."),
    ("falsely/wrongly/mistakenly/erroneously", "negation", "forward",
     "The minister said the opposition falsely claimed that 1,400 died."),
    ("by no means", "negation", "forward", "This decision is by no means political."),
    ("in no way", "negation", "forward", "The ruling is in no way political."),
    ("lack/lacks/lacked of", "negation", "forward", "Prosecutors cited a lack of evidence that Maher gave orders."),
    ("absence of", "negation", "forward", "The absence of a toll in the report drew criticism."),
    ("failed/fails/fail to", "negation", "forward", "The warrant failed to name Maher al-Assad."),
    ("ruled/rules out", "negation", "forward", "Prosecutors ruled out charges against Maher."),
    ("deny/denies/denied/denying", "negation", "deny",
     "Prosecutors denied that the attack killed around 1,400 people."),
    ("refute/refutes/refuted/refuting/debunk/debunks/debunked", "negation", "deny",
     "Damascus refuted the toll of 1,400."),
    ("reject/rejects/rejected/rejecting/dismiss/dismisses/dismissed/dismissing", "negation", "reject",
     "The ministry rejected claims that the attack killed 1,400 people."),
    ("dispute/disputes/disputed/disputing/contest/contests/contested/contesting", "negation", "reject",
     "The government disputed the opposition's toll of 1,400."),
    ("contradict/contradicts/contradicted/repudiate/repudiated/disavow/disavowed", "negation", "reject",
     "The UN report contradicted claims that sarin was used."),
    ("false/untrue/wrong/incorrect/inaccurate/baseless/unfounded/groundless/fabricated/bogus/erroneous",
     "negation", "predicate", "Reports that the warrants name Maher al-Assad were wrong."),

    # ---- attribution (before the hedges: "alleged" is a reporting verb when it has a speaker) ------
    ("according to", "attribution", "according", "According to the Syrian opposition, the attack killed 1,400."),
    ("put/puts/putting the toll/figure/number at", "attribution", "report",
     "Rescuers put the toll at 1,400."),
    ("put/puts/putting the death toll at", "attribution", "report",
     "The Syrian Observatory put the death toll at 1,400."),
    ("count/estimate/estimates/tally/reckoning/figures", "attribution", "count",
     "The attack killed 1,400 people, by the opposition's count."),
    (("find/finds/found/conclude/concludes/concluded/agree/agrees/agreed/recall/recalls/recalled/"
      "predict/predicts/predicted/consider/considers/considered that"), "attribution", "report",
     "The OPCW found that the Islamic State used mustard agent."),
    (("say/says/said/saying/tell/tells/told/telling/claim/claims/claimed/claiming/stated/"
      "add/adds/added/argue/argues/argued/insist/insists/insisted/allege/alleges/alleged/"
      "announce/announces/announced/warn/warns/warned/write/writes/wrote/confirm/confirms/confirmed/"
      "acknowledge/acknowledges/acknowledged/admit/admits/admitted/note/notes/noted/explain/explains/"
      "explained/stress/stresses/stressed/suggest/suggests/suggested/maintain/maintains/maintained/"
      "contend/contends/contended/testify/testifies/testified/estimate/estimated/believe/believes/"
      "accuse/accuses/accused/reported/assert/asserts/asserted/concede/concedes/conceded"),
     "attribution", "report", "The Syrian opposition say the attack killed around 1,400 people."),

    # ---- hedges -------------------------------------------------------------------------------
    ("may", "hedge", "modal", "The attack may have killed 1,400 people."),
    ("might/could", "hedge", "clause", "The toll could be higher than 1,400."),
    (("possibly/perhaps/maybe/reportedly/allegedly/apparently/probably/purportedly/supposedly/seemingly/"
      "presumably/likely/unlikely"), "hedge", "clause", "The attack reportedly killed 1,400 people."),
    ("appears/appear/appeared/seems/seem/seemed to", "hedge", "clause", "The toll appears to be around 1,400."),
    (("believed/thought/said/reported/alleged/claimed/understood/expected/estimated/rumoured/rumored/"
      "suspected/feared to"), "hedge", "passive", "France is believed to have been the first country."),
    ("believed/thought/said/reported/alleged/claimed/understood/rumoured/rumored/feared that", "hedge",
     "passive", "It is alleged that the general ordered the attack."),
    ("alleged/suspected/purported/apparent/possible/potential/presumed/putative", "hedge", "forward",
     "The warrant concerns the alleged chemical attacks of August 2013."),
    ("unconfirmed/unverified/unsubstantiated", "hedge", "forward", "Unconfirmed reports put the toll at 1,400."),
    ("unclear/uncertain/unknown/doubtful/dubious/questionable/unproven", "hedge", "predicate",
     "It is unclear whether the warrant names Maher."),
    ("whether/if/unless", "hedge", "condition", "If the toll is confirmed, it would be the deadliest attack."),
    ("cast/casts/casting doubt on/upon", "hedge", "forward", "The report cast doubt on the toll of 1,400."),
    ("doubt/doubts/doubted/question/questions/questioned", "hedge", "reject",
     "Experts questioned the toll of 1,400."),

)
# fmt: on

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
