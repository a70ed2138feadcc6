"""Results cross process boundaries (``--jobs``, Dask) pickled as their
constructor call (checker/pickling.py): the round trip gives equal objects."""

from __future__ import annotations

import pickle
from pathlib import Path

from checker.articles import read_articles
from checker.engine import check_article, compile_claim
from checker.models import Article, Evidence, Match, Result
from checker.rules.loader import load_rules
from checker.text.cues import Cue, MatchContext

ROOT = Path(__file__).resolve().parents[1]


def _seed_run():
    loaded = load_rules([ROOT / "rules"])
    rules = loaded[0] if isinstance(loaded, tuple) else loaded
    compiled = [compile_claim(c) for c in rules.claims]
    articles, _ = read_articles([ROOT / "seeds"])
    return articles, [check_article(compiled, a) for a in articles]


def test_seed_results_and_articles_survive_a_round_trip():
    articles, results = _seed_run()
    back = pickle.loads(pickle.dumps((articles, results), protocol=pickle.HIGHEST_PROTOCOL))
    assert back == (articles, results)
    contexts = [m.context for rs in results for r in rs for e in r.evidence for m in e.matches]
    assert any(c is not None and c.cues for c in contexts)  # the seeds' matches carry cues: those went through too


def test_each_model_is_pickled_as_its_constructor_call():
    ctx = MatchContext(negated=True, source="Syrian opposition", source_span=(3, 20),
                       cues=(Cue("negation", "denied", 1, 7, 8, 30),))
    match = Match("1,400", 10, 15, 1, 11, 1400, "NUM(1400)", "expect", None, ctx)
    evidence = Evidence("refutes", "they denied 1,400", 0, 17, 1, 1, (match,))
    result = Result("toll", "a1", "fail", (evidence,), True, "refuted", "fail")
    article = Article("a1", "wire", "a1.txt", "text", "text", title="T")
    for obj in (ctx, ctx.cues[0], match, evidence, result, article):
        fn, args = obj.__reduce__()
        assert fn is type(obj) and fn(*args) == obj
        assert pickle.loads(pickle.dumps(obj)) == obj
