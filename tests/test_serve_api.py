"""``claimcheck serve`` over HTTP: a real uvicorn server on a free local port.

Every endpoint, every error status with its message, the security headers,
batches, and what the answers say compared with ``claimcheck run`` and
``claimcheck check`` on the same text.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from serve_process import ROOT, copy_of_rules, needs_extra, serving

pytestmark = needs_extra

SEED = ROOT / "seeds" / "003_0cc09e80c1cf4d16.txt"  # the tabloid-c article: several failures
SECURITY = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    rules = copy_of_rules(tmp_path_factory.mktemp("rules"))
    with serving("--rules", str(rules), "--workers", "1", "--reload-interval", "0") as s:
        yield s


@pytest.fixture(scope="module")
def client(server):
    import httpx

    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def _secure(response) -> None:
    for name, value in SECURITY.items():
        assert response.headers.get(name) == value, (response.request.url, name)
    csp = response.headers.get("content-security-policy", "")
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp


def _error(response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    _secure(response)
    body = response.json()
    assert set(body) >= {"error"} and isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in response.text
    return body["error"]


# ------------------------------------------------------------ endpoints ---


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    _secure(r)
    assert r.json()["status"] == "ok" and r.json()["claims"] == 29


def test_rules_are_the_loaded_claims_as_in_results_json(client, server):
    from checker.models import RunResult
    from checker.reports import json as json_report
    from checker.rules.loader import load_rules

    r = client.get("/v1/rules")
    assert r.status_code == 200
    _secure(r)
    doc = r.json()
    rules_dir = Path(doc["files"][0]).parent
    expected = json_report.to_dict(RunResult((), load_rules([str(rules_dir)]).claims, ()))["claims"]
    assert doc["claims"] == expected
    assert doc["error"] is None and doc["version"] == 1
    assert [s["story"] for s in doc["stories"]] == ["assad-warrant"]


def test_check_says_what_run_and_check_say(client):
    """The answer's results are the §6 results `run` gives for the same article,
    and its problems the lines `check` prints, each with its offset."""
    from checker.articles import read_articles
    from checker.engine import run
    from checker.problems import gate
    from checker.reports import json as json_report
    from checker.rules.loader import load_rules

    text = SEED.read_text(encoding="utf-8")
    r = client.post("/v1/check", json={"text": text, "id": "003_0cc09e80c1cf4d16", "source": "tabloid-c"})
    assert r.status_code == 200, r.text
    _secure(r)
    answer = r.json()
    assert answer["schema"] == "claimcheck/check@1"
    assert answer["article"]["id"] == "003_0cc09e80c1cf4d16" and answer["article"]["source"] == "tabloid-c"

    articles, _ = read_articles([SEED.parent])
    (article,) = [a for a in articles if a.id == "003_0cc09e80c1cf4d16"]
    expected_run = run(load_rules([ROOT / "rules"]), [article])
    expected = json_report.to_dict(expected_run)["results"]
    for got, want in zip(answer["results"], expected, strict=True):
        assert got == want
    problems, _ = gate(expected_run)
    assert [(p["line"], p["column"], p["claim"], p["message"], p["known"]) for p in answer["problems"]] == \
        sorted((p.line, p.column, p.claim, p.message, p.known) for p in problems)
    assert answer["blocking"] is True
    assert any(p["known"] for p in answer["problems"])  # tabloid-c's accepted verdict


def _line_col(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_problem_offsets_point_into_the_submitted_text(client):
    text = SEED.read_text(encoding="utf-8")
    answer = client.post("/v1/check", json={"text": text}).json()
    spanned = [p for p in answer["problems"] if p["length"]]
    assert len(spanned) >= 5
    for p in spanned:
        assert text[p["offset"]:p["offset"] + p["length"]] == p["text"]
        assert _line_col(text, p["offset"]) == (p["line"], p["column"])
    assert "1,000" in [p["text"] for p in spanned]


@pytest.mark.parametrize("fmt, text", [
    ("md", "---\ntitle: Draft\n---\n# Warrants\n\nThe generals **Ghassan Abbas** and *Bassam Al-Assad* are named.\n"),
    ("html", '<html><head><script>var x = "Bassam Al-Assad";</script></head><body>'
             "<p>The generals Ghassan Abbas and <b>Bassam&nbsp;Al-Assad</b> are named.</p></body></html>"),
    ("txt", "The generals Ghassan Abbas and Bassam Al-Assad are named.\r\nNothing else. \U0001F600 Bassam Al-Assad"),
])
def test_offsets_count_characters_of_the_draft_in_each_format(client, fmt, text):
    answer = client.post("/v1/check", json={"text": text, "format": fmt}).json()
    assert answer["article"]["format"] == fmt
    forbidden = [p for p in answer["problems"] if p["claim"] == "no-bassam-al-assad"]
    assert forbidden, answer["problems"]
    for p in forbidden:
        assert p["text"] == "Bassam Al-Assad"  # the words as a reader sees them
        assert text[p["offset"]:p["offset"] + p["length"]].replace("&nbsp;", " ") == p["text"]
        assert _line_col(text, p["offset"]) == (p["line"], p["column"])
    if fmt == "html":  # words inside <script> are not the article's
        assert len(forbidden) == 1 and text.index("Bassam&nbsp;") == forbidden[0]["offset"]
    if fmt == "txt":  # an emoji is one character
        assert len(forbidden) == 2


def test_front_matter_and_request_metadata(client):
    draft = "---\nsource: wire-a\ntitle: From the front matter\n---\nThe warrant names Maher al-Assad.\n"
    a = client.post("/v1/check", json={"text": draft, "format": "md", "id": "story-1"}).json()
    assert a["article"] == {"id": "story-1", "source": "wire-a", "path": "story-1",
                            "title": "From the front matter", "date": None, "url": None, "format": "md"}
    b = client.post("/v1/check", json={"text": draft, "format": "md", "id": "s.v2", "source": "tabloid-c",
                                       "title": "Given"}).json()
    assert (b["article"]["id"], b["article"]["source"], b["article"]["title"]) == ("s.v2", "tabloid-c", "Given")
    bad = client.post("/v1/check", json={"text": "---\nsource: [\n---\ntext\n", "format": "md", "id": "d"})
    message = _error(bad, 400)
    assert message.startswith("d:3:1: invalid YAML"), message


def test_explanations_on_request(client):
    from checker.commands.explain import explain_text
    from checker.engine import compile_claim, explain
    from checker.rules.loader import load_rules
    from checker.serve.answer import draft_article
    from checker.serve.drafts import Draft
    from checker.text import analyze

    text = "Two generals, Ghassan Abbas and Bassam Al-Assad, are named."
    plain = client.post("/v1/check", json={"text": text}).json()
    assert all("explanation" not in r for r in plain["results"])
    answer = client.post("/v1/check", json={"text": text, "explain": True}).json()
    by_claim = {r["claim"]: r for r in answer["results"]}
    rules = client.get("/v1/rules").json()["files"]
    claim = next(c for c in load_rules(rules).claims if c.id == "general-bassam-al-hassan")
    article = draft_article(Draft(text))
    want = explain_text(claim, article, explain(compile_claim(claim), analyze(article)))
    assert by_claim[claim.id]["explanation"] == want
    assert "Verdict: fail" in want


def test_batch(client):
    texts = ["The warrant names Maher al-Assad.", "Bassam Al-Assad is named.", "Nothing."]
    r = client.post("/v1/check", json={"articles": [{"text": t} for t in texts[:2]]
                                       + [{"text": texts[2], "id": "third", "source": "wire-b"}]})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["schema"] == "claimcheck/batch@1" and doc["blocking"] is True
    assert [c["article"]["id"] for c in doc["checks"]] == ["draft-1", "draft-2", "third"]
    assert doc["checks"][2]["article"]["source"] == "wire-b"
    for text, check in zip(texts, doc["checks"]):
        single = client.post("/v1/check", json={"text": text, "id": check["article"]["id"],
                                                "source": check["article"]["source"]}).json()
        assert check == single
    hundred = client.post("/v1/check", json={"articles": [{"text": f"Draft {i}."} for i in range(100)]})
    assert hundred.status_code == 200 and len(hundred.json()["checks"]) == 100


def test_batch_keeps_the_others_when_one_draft_cannot_be_read(client):
    r = client.post("/v1/check", json={"articles": [
        {"text": "Bassam Al-Assad.", "id": "good"},
        {"text": "---\ntitle: [\n---\nx", "format": "md", "id": "broken"},
    ]})
    assert r.status_code == 200
    good, broken = r.json()["checks"]
    assert good["article"]["id"] == "good" and good["problems"]
    assert broken["article"] == {"id": "broken"} and broken["error"].startswith("broken:3:1: invalid YAML")


# --------------------------------------------------------------- errors ---


@pytest.mark.parametrize("body, message", [
    (b"{not json", "invalid JSON at line 1, column 2"),
    (b"", "the body is empty"),
    (b"\xff\xfe", "not UTF-8"),
    (b"[" * 100_000, "nested too deeply"),
    (b'{"text": "a", "text": "b"}', "duplicate field 'text'"),
    (b'["text"]', "must be a JSON object (got a list)"),
    (b'{"txt": "a"}', "unknown field 'txt' (did you mean 'text'?)"),
    (b'{"id": "a"}', "text: missing"),
    (b'{"text": 12}', "text: must be a string (got a number)"),
    (b'{"text": null}', "text: must be a string (got null)"),
    (b'{"text": "a", "format": "docx"}', "format: must be one of txt, md, html (got 'docx')"),
    (b'{"text": "a", "format": ["md"]}', "format: must be one of txt, md, html (got a list)"),
    (b'{"text": "a", "fromat": "md"}', "unknown field 'fromat' (did you mean 'format'?)"),
    (b'{"text": "a", "id": ""}', "id: must not be empty"),
    (b'{"text": "a", "source": 3}', "source: must be a string (got a number)"),
    (b'{"text": "a", "explain": "yes"}', "explain: must be true or false (got a string)"),
    (b'{"articles": {"text": "a"}}', "articles: must be a list (got an object)"),
    (b'{"articles": []}', "articles: must hold 1 to 100 drafts (got 0)"),
    (b'{"articles": [{"text": "a"}], "text": "b"}', "a batch holds its drafts in 'articles'"),
    (b'{"articles": ["a"]}', "articles[0]: must be an object (got a string)"),
    (b'{"articles": [{"text": "a"}, {"text": 1}]}', "articles[1].text: must be a string (got a number)"),
    (b'{"articles": [{"text": "a", "txt": 1}]}', "articles[0]: unknown field 'txt' (did you mean 'text'?)"),
    (b'{"articles": [{"text": "a", "format": "pdf"}]}', "articles[0].format: must be one of txt, md, html"),
    (b'{"articles": [{"text": "a", "id": "x"}, {"text": "b", "id": "x"}]}',
     "articles[1].id: duplicate id 'x' (also articles[0])"),
])
def test_bad_requests_get_400_with_the_reason(client, body, message):
    assert message in _error(client.post("/v1/check", content=body), 400)


def test_large_bodies_are_read_off_the_event_loop_with_the_same_messages(client):
    """Bodies over 64 KB are parsed by a worker: same answers, same 400s."""
    big = "The warrant names Maher al-Assad. " * 3000
    assert len(big) > 64 * 1024
    for body, message in [
        ({"text": big, "format": "docx"}, "format: must be one of txt, md, html (got 'docx')"),
        ({"articles": [{"text": big[:40_000]}, {"text": big[:40_000], "fromat": "md"}]},
         "articles[1]: unknown field 'fromat' (did you mean 'format'?)"),
    ]:
        assert message in _error(client.post("/v1/check", json=body), 400)
    assert "invalid JSON at line 1" in _error(client.post("/v1/check", content=json.dumps({"text": big})[:-1]), 400)
    answer = client.post("/v1/check", json={"text": big}).json()
    assert answer["counts"]["pass"] >= 1
    assert any(r["claim"] == "warrant-names-maher" and r["verdict"] == "pass" for r in answer["results"])


def test_more_than_100_drafts(client):
    r = client.post("/v1/check", json={"articles": [{"text": "a"}] * 101})
    assert "must hold 1 to 100 drafts (got 101)" in _error(r, 400)


def test_body_over_2_mb_is_413(client):
    big = json.dumps({"text": "word " * 420_000}).encode()
    assert len(big) > 2 * 1024 * 1024
    assert "larger than 2 MB" in _error(client.post("/v1/check", content=big), 413)

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(40):
            yield b"x" * 65536

    assert "larger than 2 MB" in _error(client.post("/v1/check", content=chunks()), 413)
    just_under = json.dumps({"text": "w" * (2 * 1024 * 1024 - 20)}).encode()
    assert len(just_under) <= 2 * 1024 * 1024
    assert client.post("/v1/check", content=just_under).status_code == 200


def test_unknown_endpoint_and_method(client):
    assert "no such endpoint: GET /v1/nothing" in _error(client.get("/v1/nothing"), 404)
    assert "GET is not allowed on /v1/check" in _error(client.get("/v1/check"), 405)
    assert "DELETE is not allowed" in _error(client.delete("/v1/rules"), 405)


def test_a_request_never_names_a_file_the_service_reads(client):
    """Ids, sources and formats are labels: nothing in a request is opened."""
    for name in ("/etc/passwd", "../rules/assad-warrant.yaml", str(SEED)):
        answer = client.post("/v1/check", json={"text": "", "id": name, "source": name}).json()
        assert answer["article"]["path"] == name
        assert all(not r["evidence"] for r in answer["results"])
        assert answer["counts"]["fail"] == 0
    assert "format" in _error(client.post("/v1/check", json={"text": "", "format": "/etc/passwd"}), 400)
    for path in ("/static/../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/page.py",
                 "/static/", "/index.html", "//etc/passwd"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "[project]" not in r.text and "root:" not in r.text


def test_unpaired_surrogates_keep_their_place(client):
    # a JS string cut inside an emoji: one character, replaced by U+FFFD
    body = b'{"text": "\\ud83d Bassam Al-Assad"}'
    r = client.post("/v1/check", content=body)
    assert r.status_code == 200, r.text
    (p,) = [p for p in r.json()["problems"] if p["claim"] == "no-bassam-al-assad"]
    assert (p["offset"], p["length"]) == (2, 15)


def test_every_response_carries_the_security_headers(client):
    responses = [client.get("/"), client.get("/static/page.js"), client.get("/static/page.css"),
                 client.get("/healthz"), client.get("/v1/rules"), client.get("/nothing"),
                 client.post("/v1/check", json={"text": "a"}), client.post("/v1/check", content=b"{")]
    for r in responses:
        _secure(r)
    assert responses[6].headers["cache-control"] == "no-store"


def test_not_even_http_gets_the_security_headers(server):
    """The 400 the HTTP server itself answers to bytes that are not HTTP."""
    pytest.importorskip("httptools")  # uvicorn's pure-Python parser adds no headers there
    host, port = server.url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    head = reply.split(b"\r\n\r\n")[0].decode().lower()
    assert head.startswith("http/1.1 400")
    assert "x-content-type-options: nosniff" in head and "content-security-policy: default-src 'none'" in head


def test_each_header_once(client):
    r = client.get("/healthz")
    for name in ("content-security-policy", "x-content-type-options", "cache-control"):
        assert len(r.headers.get_list(name)) == 1, name


def test_page_and_its_files(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script src="/static/page.js"' in page.text and "/static/page.css" in page.text
    assert "<script>" not in page.text and "http://" not in page.text and "https://" not in page.text
    assert client.get("/static/page.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/page.css").headers["content-type"].startswith("text/css")


def test_no_cors_unless_asked(client):
    r = client.options("/v1/check", headers={"Origin": "https://cms.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in r.headers


# ------------------------------------------------------------ the command ---


def test_serves_this_machine_only_by_default():
    from checker.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def test_broken_rules_at_start_are_a_located_error(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.yaml"
    bad.write_text("story: s\nclaims:\n  - id: a\n    claim: A\n    expect: NUM(1400\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "checker", "serve", "--rules", str(bad), "--port", "0"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert p.stderr.startswith(f"{bad}:5:") and "Traceback" not in p.stderr


def test_port_in_use_is_a_clean_error():
    import subprocess
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        p = subprocess.run([sys.executable, "-m", "checker", "serve", "--port", str(port)],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in p.stderr and "Traceback" not in p.stderr


def test_missing_extra_names_it():
    import subprocess
    import sys

    code = ("import sys; sys.modules['starlette'] = None\n"
            "from checker.cli import main\nsys.exit(main(['serve']))\n")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert 'pip install "claimcheck[serve]"' in p.stderr and "Traceback" not in p.stderr
