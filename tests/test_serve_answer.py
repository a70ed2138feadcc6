"""The service's answers, in-process: the JSON they are sent as, and the
draft that an answer is about (no server needed)."""

from __future__ import annotations

import json

import pytest
from serve_process import ROOT


def test_encoded_answers_read_back_the_same_with_either_encoder(monkeypatch):
    from checker.rules.loader import load_rules
    from checker.serve import answer as answer_module
    from checker.serve.answer import Checker
    from checker.serve.drafts import Draft

    checker = Checker(load_rules([ROOT / "rules"]))
    text = (ROOT / "seeds" / "003_0cc09e80c1cf4d16.txt").read_text(encoding="utf-8") + "\n“Quoted” — é 😀"
    answer = checker.answer(Draft(text, source="tabloid-c"), True)
    fast = answer_module.encode(answer)
    monkeypatch.setattr(answer_module, "orjson", None)
    plain = answer_module.encode(answer)
    assert json.loads(fast) == json.loads(plain) == json.loads(json.dumps(answer))
    assert answer_module.encode({"t": "“é” 😀"}) == '{"t":"“é” 😀"}'.encode()  # UTF-8, not \\u escapes


def test_integers_beyond_64_bits_are_still_encoded():
    from checker.serve.answer import encode

    assert json.loads(encode({"value": 10**30})) == {"value": 10**30}


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_a_draft_is_never_a_file(fmt, tmp_path):
    from checker.serve.answer import draft_article
    from checker.serve.drafts import Draft

    secret = tmp_path / "secret.txt"
    secret.write_text("Bassam Al-Assad", encoding="utf-8")
    article = draft_article(Draft("words", id=str(secret), source=str(secret), format=fmt))
    assert article.path == str(secret) and article.id == str(secret)
    assert "Bassam" not in article.text and article.origin == "words"


def test_the_app_carries_its_security_headers_under_any_server():
    """Mounted in another ASGI server, the application adds the headers itself."""
    import asyncio

    httpx = pytest.importorskip("httpx")
    pytest.importorskip("starlette")
    from checker.serve.app import SECURITY_HEADERS, create_app
    from checker.serve.service import Service

    app = create_app(Service([str(ROOT / "rules")]))  # no lifespan: no workers needed for these

    async def get(path: str):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
            return await c.get(path)

    for path in ("/healthz", "/nothing"):
        r = asyncio.run(get(path))
        for name, value in SECURITY_HEADERS:
            assert r.headers.get_list(name.decode()) == [value.decode()]
        assert r.headers["cache-control"] == "no-store"


def test_each_request_gets_its_own_regex_budget(tmp_path):
    """The /regex/ budget is per claim per run; for the service a run is one
    request. A draft that uses up a claim's budget makes that claim an
    ``error`` on that draft only: the next draft is checked in full."""
    from checker.rules.loader import load_rules
    from checker.serve.answer import Checker
    from checker.serve.drafts import Draft

    n = 3000
    rule = tmp_path / "slow.yaml"
    rule.write_text(
        "story: s\nclaims:\n"
        f"  - id: slow\n    claim: a backtracking pattern\n    expect: '/{'a?' * n}{'a' * n}(?=x)?/'\n",
        encoding="utf-8",
    )
    checker = Checker(load_rules([rule]))
    for cc in checker.compiled:
        cc.regex_budget.seconds = 0.3  # a short budget, so the test is quick
    first = checker.answer(Draft("a" * n + "\n"))
    assert [r["verdict"] for r in first["results"]] == ["error"]
    assert "time budget" in first["results"][0]["message"]
    second = checker.answer(Draft("no letters of that kind here: 1,400"))
    assert [r["verdict"] for r in second["results"]] == ["missing"], second["results"]


def test_a_problems_evidence_is_its_results_and_the_gates():
    """The answer's problems reuse the dicts of their results' evidence: the
    same data the gate (``claimcheck check --format json``) writes for them."""
    from checker.reports.gate import evidence_dicts
    from checker.rules.loader import load_rules
    from checker.serve.answer import Checker, draft_article, shared_evidence
    from checker.serve.drafts import Draft
    from checker.text.analysis import analyze

    checker = Checker(load_rules([ROOT / "rules"]))
    text = (ROOT / "seeds" / "003_0cc09e80c1cf4d16.txt").read_text(encoding="utf-8")
    answer = checker.answer(Draft(text), False)
    with_evidence = [p for p in answer["problems"] if p["evidence"]]
    assert with_evidence
    by_claim = {rd["claim"]: rd for rd in answer["results"]}
    for p in with_evidence:
        assert all(e in by_claim[p["claim"]]["evidence"] for e in p["evidence"])
    # the dicts found are those the gate makes for the problem's units
    from checker.engine import evaluate_article
    from checker.problems import problems_of
    from checker.reports import json as json_report

    article = draft_article(Draft(text))
    results = evaluate_article(checker.compiled, analyze(article))
    docs = [json_report.result_dict(r) for r in results]
    held = {r.claim: (r, rd) for r, rd in zip(results, docs)}
    problems = [p for r in results for p in problems_of(checker.by_id[r.claim].claim, article, r)]
    assert any(p.evidence for p in problems)
    for p in problems:
        assert shared_evidence(p, held) == evidence_dicts(p)
    assert shared_evidence(problems[0], {}) is None  # not held: the caller serialises it
