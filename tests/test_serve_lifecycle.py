"""``claimcheck serve`` over time: rule reloads, runaway regexes, dead workers,
and stopping cleanly on SIGINT and SIGTERM with requests in flight."""

from __future__ import annotations

import signal
import threading
import time

import pytest
from serve_process import Server, copy_of_rules, needs_extra, serving

pytestmark = needs_extra

RUNAWAY = """\
story: regexes
claims:
  - id: runaway
    claim: A pattern that backtracks forever on some text
    expect: '/^(\\w|\\w\\w)*\\1\\d$/'
  - id: plain
    claim: The warrant names Maher
    expect: Maher
"""
# a sentence on which RUNAWAY's pattern runs out of time (about a second)
SLOW_TEXT = "ab" * 30 + " Maher."


def _wait(predicate, timeout: float = 30, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out waiting")


def test_reload_on_change_and_broken_edits_keep_the_last_good_rules(tmp_path):
    import httpx

    rules = copy_of_rules(tmp_path / "rules")
    extra = rules / "extra.yaml"
    with serving("--rules", str(rules), "--workers", "1", "--reload-interval", "0.2") as server:
        with httpx.Client(base_url=server.url, timeout=30) as c:
            assert c.get("/v1/rules").json()["version"] == 1
            # a new file with a new claim
            extra.write_text("story: extra\nclaims:\n  - id: names-damascus\n    claim: Damascus is named\n"
                             "    expect: Damascus\n", encoding="utf-8")
            doc = _wait(lambda: (d := c.get("/v1/rules").json())["version"] == 2 and d)
            assert doc["error"] is None and "names-damascus" in [x["id"] for x in doc["claims"]]
            answer = c.post("/v1/check", json={"text": "Damascus."}).json()
            assert {"claim": "names-damascus", "verdict": "pass"}.items() <= \
                next(r for r in answer["results"] if r["claim"] == "names-damascus").items()
            assert answer["rules"]["version"] == 2

            # a broken edit: located error, the last good rules keep serving
            extra.write_text("story: extra\nclaims:\n  - id: names-damascus\n    claim: Damascus is named\n"
                             "    expect: NUM(1400 ±10%\n", encoding="utf-8")
            doc = _wait(lambda: (d := c.get("/v1/rules").json())["error"] and d)
            assert doc["error"].startswith(f"{extra}:5:") and "NUM(" in doc["error"]
            assert doc["error_location"]["file"] == str(extra) and doc["error_location"]["line"] == 5
            assert doc["version"] == 2 and "names-damascus" in [x["id"] for x in doc["claims"]]
            answer = c.post("/v1/check", json={"text": "Damascus."}).json()
            assert any(r["claim"] == "names-damascus" and r["verdict"] == "pass" for r in answer["results"])
            assert c.get("/healthz").json()["rules_error"] is True
            assert "still serving the rules loaded at" in server.output

            # a duplicate id across files is an error too
            extra.write_text("story: extra\nclaims:\n  - id: ghouta-toll\n    claim: Again\n    expect: x\n",
                             encoding="utf-8")
            doc = _wait(lambda: (d := c.get("/v1/rules").json())["error"] and "ghouta-toll" in d["error"] and d)
            assert doc["version"] == 2

            # fixed: the error goes, the new rules serve
            extra.unlink()
            doc = _wait(lambda: (d := c.get("/v1/rules").json())["version"] == 3 and d)
            assert doc["error"] is None and "names-damascus" not in [x["id"] for x in doc["claims"]]
            assert len(doc["claims"]) == 29


@pytest.fixture
def runaway_server(tmp_path):
    rules = tmp_path / "regex.yaml"
    rules.write_text(RUNAWAY, encoding="utf-8")
    server = Server("--rules", str(rules), "--workers", "1", "--reload-interval", "0")
    yield server
    server.stop()


def test_a_runaway_regex_is_an_error_verdict_not_a_500(runaway_server):
    import httpx

    with httpx.Client(base_url=runaway_server.url, timeout=60) as c:
        r = c.post("/v1/check", json={"text": SLOW_TEXT})
        assert r.status_code == 200, r.text
        results = {x["claim"]: x for x in r.json()["results"]}
        assert results["runaway"]["verdict"] == "error"
        assert "time budget" in results["runaway"]["message"]
        assert results["plain"]["verdict"] == "pass"
        (problem,) = [p for p in r.json()["problems"] if p["claim"] == "runaway"]
        assert problem["verdict"] == "error" and (problem["offset"], problem["length"]) == (0, 0)
        # and the service goes on answering
        assert c.post("/v1/check", json={"text": "Maher."}).json()["results"][1]["verdict"] == "pass"


@pytest.mark.parametrize("sig, group", [(signal.SIGTERM, False), (signal.SIGINT, False), (signal.SIGINT, True)],
                         ids=["SIGTERM", "SIGINT", "Ctrl+C to the process group"])
def test_stops_cleanly_with_requests_in_flight(runaway_server, sig, group):
    """The slow request started before the signal is answered; then exit 0.
    Ctrl+C in a terminal reaches the workers too: they finish the draft."""
    import httpx

    got: dict = {}

    def slow() -> None:
        with httpx.Client(base_url=runaway_server.url, timeout=60) as c:
            got["response"] = c.post("/v1/check", json={"text": SLOW_TEXT})

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.4)  # the request is in a worker now (it takes about a second)
    assert "response" not in got
    code = runaway_server.stop(sig, group=group)
    t.join(60)
    assert code == 0, runaway_server.output
    assert got["response"].status_code == 200
    assert {r["claim"]: r["verdict"] for r in got["response"].json()["results"]} == \
        {"runaway": "error", "plain": "pass"}
    assert "Traceback" not in runaway_server.output
    assert "claimcheck: stopped" in runaway_server.output


def test_a_dead_worker_is_replaced(tmp_path):
    """Killed (out of memory, by hand): the next requests are answered by new
    workers, and again when one of those dies; then the service stops cleanly."""
    import httpx
    import psutil

    with serving("--rules", str(copy_of_rules(tmp_path / "rules")), "--workers", "2", "--reload-interval", "0") as server:
        with httpx.Client(base_url=server.url, timeout=60) as c:
            for round_ in range(3):
                assert c.post("/v1/check", json={"text": "Maher."}).status_code == 200
                workers = [p for p in psutil.Process(server.proc.pid).children()
                           if "spawn_main" in " ".join(p.cmdline())]
                assert len(workers) == 2
                workers[round_ % 2].kill()
                workers[round_ % 2].wait(10)
                for _ in range(4):
                    r = c.post("/v1/check", json={"text": "Bassam Al-Assad."})
                    assert r.status_code == 200, r.text
            assert server.output.count("a worker process died") == 3


def test_the_socket_listens_before_the_address_is_announced():
    """The ready line names the URL before uvicorn's own listen(): a client that
    connects as soon as it reads that line must not be refused (found bug)."""
    import socket

    from checker.commands.serve import listen

    sock = listen("127.0.0.1", 0)
    try:
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1
        with socket.create_connection(sock.getsockname()[:2], timeout=5):
            pass
    finally:
        sock.close()
