"""Every word list of the text analysis, in one place.

The finders (:mod:`.numwords`, :mod:`.quantities`, :mod:`.dates`,
:mod:`.sentences`) build their patterns from these lists and from nothing
else, so a word is added here once and every finder that needs it sees it.
All words are lower case unless a list says otherwise; a phrase is written
with single spaces (the finders accept any run of spaces between its words).
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# Calendar
# --------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12,
}
#: Written with or without a period (``Aug.``, ``Aug``).
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
#: Month names that are also common words (``May said``, ``march on``): a
#: month only next to a day or a year.
MONTHS_ONLY_WITH_A_NUMBER = frozenset({"may", "march"})

WEEKDAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)
WEEKDAY_ABBREVIATIONS = frozenset("mon tue tues wed thu thurs fri sat sun".split())

TIME_ZONES = frozenset("et est edt ct cst cdt mt mst mdt pt pst pdt gmt utc bst cet cest".split())

# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

UNITS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
TEENS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
#: Scale words (``hundred`` multiplies a group; the others close one).
SCALES: dict[str, int] = {
    "hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}
#: Spoken digits after ``point`` (``twelve point nine nine``).
DIGIT_WORDS: dict[str, int] = {"zero": 0, "o": 0, "oh": 0, **UNITS}
#: Every word that can start a cardinal number.
NUMBER_START_WORDS: tuple[str, ...] = ("zero", *UNITS, *TEENS, *TENS, *SCALES)

#: Scale suffixes glued to digits (``5bn``).
SCALE_SUFFIXES: dict[str, int] = {"bn": 10**9, "tn": 10**12, "mn": 10**6}
#: Scale suffixes glued to digits only after a currency sign (``$5m``, ``£10k``).
CURRENCY_SCALE_SUFFIXES: dict[str, int] = {"m": 10**6, "k": 10**3}
CURRENCY_SIGNS = "$£€¥"
#: Units glued to digits that keep them a quantity (``10km``).
UNIT_SUFFIXES = frozenset(
    "km kg m cm mm g mg kw mw gw kwh mwh gwh ft lb lbs mph kph kmh ha ml l sq mi".split()
)
#: After a number: a percentage (``35%`` is one too).  Not ``pc``: ``10 PC
#: games``, ``two PC officers``.
PERCENT_WORDS: tuple[str, ...] = ("percent", "per cent", "pct")
#: After a number, a hedge (``1,000 or more``).
HEDGES_AFTER: tuple[str, ...] = ("or more", "or so")

#: Before a number, a hedge: kept in the mention, the value stays the number
#: as printed (``more than 1,000`` is 1000 with the hedge ``more than``).
HEDGES: tuple[str, ...] = (
    "no more than", "no fewer than", "no less than", "not more than", "not less than",
    "more than", "fewer than", "less than", "at least", "at most", "up to",
    "as many as", "as few as", "as much as", "close to", "upwards of", "in excess of",
    "an estimated", "estimated", "just over", "just under", "well over", "well under",
    "nearly", "almost", "around", "about", "approximately", "roughly", "some",
    "over", "under",
)

#: Vague plurals: (phrase, low, high); the value of the mention is ``low``.
VAGUE_AMOUNTS: tuple[tuple[str, int, int], ...] = (
    ("tens of thousands", 20_000, 99_999),
    ("hundreds of thousands", 200_000, 999_999),
    ("tens of millions", 20_000_000, 99_999_999),
    ("hundreds of millions", 200_000_000, 999_999_999),
    ("tens of billions", 20_000_000_000, 99_999_999_999),
    ("hundreds of billions", 200_000_000_000, 999_999_999_999),
    *[(f"{few} {scale}", low, high) for few in ("several", "a few")
      for scale, low, high in (("dozen", 24, 99), ("hundred", 200, 999), ("thousand", 2_000, 9_999),
                               ("million", 2_000_000, 9_999_999),
                               ("billion", 2_000_000_000, 9_999_999_999))],
    ("dozens", 24, 99),
    ("hundreds", 200, 999),
    ("thousands", 2_000, 9_999),
    ("millions", 2_000_000, 9_999_999),
    ("billions", 2_000_000_000, 9_999_999_999),
)

#: Number words that are ordinals or fractions, not counts (``the fourth``,
#: ``two-thirds``); ``-teenth`` and ``-tieth`` words are ordinals too.
ORDINALS: tuple[str, ...] = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "hundredth", "thousandth", "millionth", "billionth",
    "halves", "thirds", "quarters", "fourths", "fifths", "sixths", "sevenths", "eighths",
    "ninths", "tenths",
)
ORDINAL_ENDINGS: tuple[str, ...] = ("teenth", "tieth")

#: ``one`` is a pronoun after these (``the one``, ``no one``) ...
ONE_PRONOUN_BEFORE = frozenset("the this that which any every no each someone anyone".split())
#: ... and before these (``one may``, ``one another``, ``one's``).
ONE_PRONOUN_AFTER = frozenset("may might can could should must would will another else".split())

#: After a number, a time of day (``10 a.m.``, ``5 o'clock``).
TIME_OF_DAY = ("a.m.", "p.m.", "am", "pm", "o'clock", "hrs", "gmt", "utc")

# --------------------------------------------------------------------------
# Counts, names and codes (numbers that look like years or days)
# --------------------------------------------------------------------------

#: After a number, a counted noun: ``2013 people`` is not a year, ``21
#: people`` not a day.
COUNT_NOUNS: tuple[str, ...] = (
    "people", "persons", "dead", "deaths", "children", "civilians", "victims", "injured",
    "wounded", "soldiers", "troops", "fighters", "rebels", "militants", "refugees", "migrants",
    "residents", "men", "women", "families", "homes", "houses", "buildings", "casualties",
    "cases", "members", "lives", "protesters", "workers", "employees", "jobs", "votes", "voters",
    "others", "more", "km", "kilometres", "kilometers", "miles", "metres", "meters", "feet", "ft",
    "kg", "tonnes", "tons", "hectares", "acres", "square", "dollars", "euros", "pounds",
    "rockets", "missiles", "shells", "times", "of them", "of whom", "of which", "of those",
    "or so",
)
#: ``-strong``, ``-year`` ...: a number in such a compound is a count.
COUNT_COMPOUNDS: tuple[str, ...] = (
    "plus", "odd", "strong", "year", "member", "man", "page", "mile", "seat", "bed",
)
#: Before a number, words that make it a count, not a year (besides the
#: hedges): ``killed 1500``, ``a toll of 2000``.
COUNT_WORDS_BEFORE = frozenset(
    "approx. kill killed killing injuring injured wounding wounded displacing displaced".split()
)
COUNT_PHRASES_BEFORE = frozenset({"total of", "toll of", "tally of"})
#: Before a number, words that make it a code, not a year or a count
#: (``Branch 4500``, ``Resolution 2118``).
CODE_WORDS = frozenset(
    "branch room flight route highway unit no. nos. number resolution article section "
    "page chapter code model bus platform gate suite apartment box ext ext. tel tel. phone "
    "pin ref ref. reference batch lot serial".split()
)
#: Before a number, these never make it a code (with the hedges' words and
#: the number words): ``the 450``, ``In 2013``.
NOT_CODE_WORDS = frozenset("a an the and or to of by from between i at in on for as".split())
#: After these a year stays a year even before a count noun (``in 2013 people fled``).
TIME_PREPOSITIONS = frozenset("in since during until till from before after".split())
#: Joining the days of a list (``4, 5 and 21 August``, ``4 to 21 August``).
DAY_LIST_WORDS: tuple[str, ...] = ("and", "or", "to", "through", "until")

# --------------------------------------------------------------------------
# Sentences: abbreviations and the words around them
# --------------------------------------------------------------------------

#: Titles and other words that precede a name: never the end of a sentence.
TITLES = frozenset(
    """
    mr mrs ms messrs mme mlle dr prof gen sen sens rep reps gov govs lt col maj
    capt cpt cmdr comdr adm brig sgt cpl pvt spc rev hon pres supt insp det amb
    atty st mt ft fr
    """.split()
)
#: Never the end of a sentence, whatever follows.
NEVER_FINAL = frozenset("e.g i.e viz cf vs v f.e et al".split())
#: Before a number these never end a sentence (``No. 5``, ``p. 55``).
NUMBER_PREFIXES = frozenset(
    """
    no nos n° nº p pp vol vols fig figs art arts ch sec secs para rs op ed eds
    tel ext nr approx ca c
    """.split()
)
#: Ordinary abbreviations (any case): end a sentence before a capital.
ABBREVIATIONS = frozenset(
    """
    co corp inc ltd llc plc bros jr sr esq dept depts univ assn assoc est etc
    min max med govt intl natl dist div mfg mgr yr yrs hr hrs mo mos wk wks lbs
    oz gal ave blvd rd hwy apt bldg btw misc approx ref refs abbr
    """.split()
    + list(MONTH_ABBREVIATIONS) + ["tues", "thurs"]
)
#: Abbreviations only when capitalised (US states, weekdays): ``Wash.``, ``Ind.``.
CAPITALISED_ABBREVIATIONS = frozenset(
    """
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich
    Minn Miss Mo Mont Neb Nev Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo
    Mon Tue Wed Thu Fri
    """.split()
)
#: ``a.m.``/``p.m.`` (as written before their last period).
TIMES = frozenset(["a.m", "p.m"])
#: Words that commonly begin a sentence (closed-class words, quantifiers):
#: after an initialism (``in the U.S. The ...``) they start a new one.
SENTENCE_STARTERS = frozenset(
    """
    a an the this that these those there here it its he she they we i you his
    her their our my your him them us me one but and or so yet nor if when
    whenever while after before as at in on by for from with without to of
    since until although though because however meanwhile moreover
    furthermore nevertheless nonetheless instead also still then now thus
    hence therefore indeed even only just already how what why who whom whose
    where which whether all some many most more much few fewer several both
    each every either neither no none nobody nothing not other others another
    such any anyone everyone someone two three four five six seven eight nine
    ten dozens hundreds thousands millions billions tens scores later earlier
    last next today yesterday tomorrow tonight
    """.split()
)
#: A short phrase led by one of these and ending in an abbreviation is not a
#: sentence (``At 5 a.m. Mr. Smith ...``).
PREPOSITIONS = frozenset(
    "at by in on from until till since before after around about near during".split()
)
#: After ``a.m.``/``p.m.`` these continue the sentence (``9 a.m. Tuesday``).
AFTER_TIME = frozenset(
    [*WEEKDAYS, *WEEKDAY_ABBREVIATIONS, *MONTHS, *MONTH_ABBREVIATIONS, *TIME_ZONES, "local"]
)
