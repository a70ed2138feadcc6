"""``/regex/`` patterns whose backtracking search their syntax bounds run in
this process, not in the regex child (issue #15): the same matches, the
same budget, no round trip.  Found cost: every 1,000-word draft the service
answered made a round trip to the child for the default rules' credit
pattern (``\\b(?:AFP|…)(?=[A-Z])|…``, a lookahead RE2 cannot run), ~0.4 ms
of CPU of the ~5.3 ms a draft cost."""

from __future__ import annotations

import psutil
import pytest

from checker.engine.ops.regex_bounded import INPROCESS_WORK, bounded_work, search_here

CREDIT = r"\b(?:AFP|AP:Associated Press|Reuters|Corbis|Getty|GettyA)(?=[A-Z])|[a-z](?:Rex)\b"


@pytest.mark.parametrize("pattern,flags,work", [
    ("AFP(?=[A-Z])", "", 8),             # 3 letters, a lookahead holding a 5-character set
    ("(a|b)(c|d)", "", 8),               # 4 paths of 2 items
    ("(?<=x)y|(?<!z)w", "i", 4),
    (r"\[\/caption\]", "", 10),
    ("[]a]b", "", 5),                    # a leading ']' is a member
    (CREDIT, "", 91),
    ("a?b", "", 3),                      # a bounded repeat: with the a (2 items) or without (1)
    ("a{2}", "", 2),
    ("(?i)a", "", 1), ("(?i:a)", "", 1), ("(?P<x>a)", "", 1), ("(?>a)", "", 1), (r"\p{L}", "", 1),
    ("a+", "", None),                    # unbounded repeats
    ("a*b", "", None),
    ("(?:AFP)+(?=[A-Z])", "", None),
    ("a{1000}", "", None),               # finite, but too long to count copy by copy
    ("(?:){0,100000}", "", None),
    ("(?:a|b){30}", "", None),           # 2**30 paths: past what a search here may test
    ("a{e<=1}", "", None),               # fuzzy matching in regex
    (r"(a)\1", "", None),                # a backreference
    ("(?x)a", "", None), ("(?-i:a)", "", None), ("(?f)ss", "", None),  # flags other than i, m, s
    (r"\X", "", None),                   # a grapheme: more than one character
    ("[[:alpha:]]", "", None),           # a POSIX class
    ("a b", "x", None),                  # blanks mean something else under x
    ("(a", "", None), ("a)", "", None), ("[a", "", None), ("a\\", "", None),
])
def test_which_patterns_the_syntax_bounds(pattern, flags, work):
    assert bounded_work(pattern, flags) == work


def test_only_a_small_bound_runs_here():
    w = bounded_work(CREDIT, "")
    n = INPROCESS_WORK // w - 1
    assert search_here(w, [(0, n)])
    assert not search_here(w, [(0, n + 1)])
    assert not search_here(None, [(0, 1)])


TEXTS = ["AFPSyria's president", "x AP:Associated PressDamascus, ReutersX, GettyAB Corbis Rex; aRex bRex\n",
         "afpsyria AFPé Reuters\u00a0X", "ǅ Ǆ ǆ K k K ſ s AFPǄ", "", "\n\n"]
PATTERNS = [(CREDIT, ""), (CREDIT, "i"), ("AFP(?=[A-Z])", "i"), ("(?<=[a-z])Rex|^a|s$", "m"),
            (r"\b.(?!\w)", "s"), (r"[^\W\d](?:ss|ß)", "i"), (r"(?:AFP|Getty)s?(?=[A-Z])|R.{0,3}x", "i")]


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_here_and_in_the_child_the_matches_are_the_same(pattern, flags):
    from checker.engine.ops.regex_child import compile_pattern, search_spans
    from checker.engine.ops.regex_worker import RegexWorker

    assert bounded_work(pattern, flags) is not None
    text = " | ".join(TEXTS)
    spans = [(0, len(text))] + [(i, i + 7) for i in range(0, len(text), 5)]
    worker = RegexWorker()
    try:
        child, _ = worker.search(pattern, flags, text, spans, 5.0)
    finally:
        worker.close()
    here = [tuple(m) for m in search_spans(compile_pattern(pattern, flags), text, spans)]
    assert here == child


def _claim(tmp_path, query: str, here: bool = True):
    from checker.engine import compile_claim
    from checker.rules.loader import load_rules

    rule = tmp_path / "r.yaml"
    rule.write_text(f"story: s\nclaims:\n  - id: glued\n    claim: no glued credit\n    forbid: '{query}'\n",
                    encoding="utf-8")
    cc = compile_claim(load_rules([rule]).claims[0])
    cc.regex_budget.bounded_here = here  # as the service's workers set it
    return cc


def _evaluate(cc, text: str):
    from checker.engine import evaluate_article
    from checker.models import Article
    from checker.text.analysis import analyze

    return evaluate_article([cc], analyze(Article("a", "s", "a.txt", text, text)))[0]


def test_a_bounded_search_starts_no_child_and_is_charged(tmp_path):
    from checker.engine.ops.regex_worker import shared_worker

    cc = _claim(tmp_path, f"/{CREDIT}/")
    shared_worker().close()
    mine = psutil.Process()
    before = {p.pid for p in mine.children()}
    result = _evaluate(cc, "Photo AFPSyria's president, by ReutersX.")
    assert result.verdict == "fail"
    assert [m.text for e in result.evidence for m in e.matches] == ["AFP", "Reuters"]
    assert {p.pid for p in mine.children()} - before == set()
    assert 0 < cc.regex_budget.left < cc.regex_budget.seconds  # charged its CPU time


def test_a_long_text_still_goes_to_the_child(tmp_path):
    """Past :data:`INPROCESS_WORK` the bound is no longer small: the child,
    killable, searches it."""
    from checker.engine.ops.regex_worker import shared_worker

    cc = _claim(tmp_path, f"/{CREDIT}/")
    shared_worker().close()
    mine = psutil.Process()
    before = {p.pid for p in mine.children()}
    text = "Reuters report. " * (INPROCESS_WORK // 91 // 16 + 10) + "AFPSyria"
    assert _evaluate(cc, text).verdict == "fail"
    assert len({p.pid for p in mine.children()} - before) == 1
    shared_worker().close()


def test_a_bounded_search_past_the_budget_stops_the_claim(tmp_path):
    """A search here cannot be stopped midway, but it is bounded: one that
    used more than the claim had left stops the claim as the child's timer
    would have, with the same message, for the rest of the run."""
    cc = _claim(tmp_path, f"/{CREDIT}/")
    cc.regex_budget.seconds = cc.regex_budget.left = 1e-9  # (what each article gives back included)
    first = _evaluate(cc, "AFPSyria")
    assert first.verdict == "error" and "time budget" in first.message
    assert _evaluate(cc, "AFPSyria").message == first.message


def test_by_default_every_backtracking_search_goes_to_the_child(tmp_path):
    """``claimcheck check`` answers one draft: importing ``regex`` here would
    cost it more than the child, which it starts early on the other core
    (docs/design.md, "The gate"), so the bounded path is the service's choice."""
    from checker.engine.ops.regex import needs_backtracking
    from checker.engine.ops.regex_worker import shared_worker

    cc = _claim(tmp_path, f"/{CREDIT}/", here=False)
    assert needs_backtracking([cc.claim])  # the gate still starts the child early for it
    shared_worker().close()
    mine = psutil.Process()
    before = {p.pid for p in mine.children()}
    assert _evaluate(cc, "Photo AFPSyria's president.").verdict == "fail"
    assert len({p.pid for p in mine.children()} - before) == 1
    shared_worker().close()


def test_the_service_searches_bounded_patterns_here(tmp_path):
    """A worker of ``claimcheck serve`` answers draft after draft: the default
    rules' credit pattern is searched in the worker, with no child."""
    from pathlib import Path

    from checker.engine.ops.regex_worker import shared_worker
    from checker.rules.loader import load_rules
    from checker.serve.answer import Checker
    from checker.serve.drafts import Draft

    checker = Checker(load_rules([Path(__file__).resolve().parents[1] / "rules"]))
    assert checker.budgets and all(b.bounded_here for b in checker.budgets)
    shared_worker().close()
    mine = psutil.Process()
    before = {p.pid for p in mine.children()}
    answer = checker.answer(Draft("Photo AFPSyria's President Bashar al-Assad, by ReutersX.\n"))
    glued = [r for r in answer["results"] if r["claim"] == "no-glued-photo-credits"]
    assert [r["verdict"] for r in glued] == ["fail"]
    assert {p.pid for p in mine.children()} - before == set()
