"""The service's worker pool on its own (no HTTP): answers as the checker
gives them, a long draft holding up no other, a dead worker breaking the
pool without a zombie, closing after the work given."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures.process import BrokenProcessPool

import pytest
from serve_process import ROOT


@pytest.fixture(scope="module")
def rules():
    from checker.rules.loader import load_rules

    return load_rules([ROOT / "rules"])


def drafts(n: int) -> list[str]:
    text = (ROOT / "seeds" / "003_0cc09e80c1cf4d16.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return [f"Draft {i}. " + paragraphs[i % len(paragraphs)] for i in range(n)]


def test_answers_are_the_checkers_own_bytes_in_any_order_of_arrival(rules):
    from checker.serve.answer import Checker, encode
    from checker.serve.drafts import Draft
    from checker.serve.workers import Workers

    texts = drafts(12)

    async def go():
        pool = Workers(rules, 1, 2)
        pids = await pool.start()
        try:
            return pids, await asyncio.gather(*(pool.check(Draft(t, id=f"d{i}")) for i, t in enumerate(texts)))
        finally:
            await pool.close()

    pids, answers = asyncio.run(go())
    assert len(pids) == 2
    checker = Checker(rules)
    for i, (t, (status, body, blocking)) in enumerate(zip(texts, answers)):
        answer = checker.answer(Draft(t, id=f"d{i}"))
        assert (status, body, blocking) == (200, encode(answer), answer["blocking"])


def test_a_long_draft_holds_up_no_draft_another_worker_can_answer(rules):
    """The long draft goes to one worker; every short one sent after it is
    answered by the other before the long one is done (none waits in the
    busy worker's pipe)."""
    from checker.serve.drafts import Draft
    from checker.serve.workers import PIPELINE_LIMIT, Workers

    long_text = "\n".join(drafts(40)) * 40
    assert len(long_text) > 5 * PIPELINE_LIMIT
    done: list[str] = []

    async def go():
        pool = Workers(rules, 1, 2)
        await pool.start()

        async def check(name: str, text: str):
            status, _, _ = await pool.check(Draft(text, id=name))
            assert status == 200
            done.append(name)

        try:
            first = asyncio.create_task(check("long", long_text))
            await asyncio.sleep(0)  # sent first
            await asyncio.gather(first, *(check(f"short{i}", t) for i, t in enumerate(drafts(6))))
        finally:
            await pool.close()

    asyncio.run(go())
    assert done[-1] == "long", done


def test_a_dead_worker_breaks_the_pool_and_is_reaped(rules):
    import psutil

    from checker.serve.drafts import Draft
    from checker.serve.workers import Workers

    async def go():
        pool = Workers(rules, 1, 2)
        pids = await pool.start()
        try:
            psutil.Process(pids[0]).kill()
            for _ in range(200):  # the pipe closes as the process dies
                if pool._broken:
                    break
                await asyncio.sleep(0.05)
            with pytest.raises(BrokenProcessPool):
                await pool.check(Draft("Maher."))
            await pool._reaping
            assert not psutil.pid_exists(pids[0])  # reaped, not a zombie
        finally:
            await pool.close()
        assert not psutil.pid_exists(pids[1])

    asyncio.run(go())


def test_close_answers_the_drafts_given_first(rules):
    from checker.serve.drafts import Draft
    from checker.serve.workers import Workers

    async def go():
        pool = Workers(rules, 1, 2)
        pids = await pool.start()
        given = [asyncio.ensure_future(pool.check(Draft(t))) for t in drafts(9)]
        await asyncio.sleep(0)
        await pool.close()
        return pids, [g.result() for g in given]

    import psutil

    pids, answers = asyncio.run(go())
    assert [status for status, _, _ in answers] == [200] * 9
    assert all(json.loads(body)["schema"] == "claimcheck/check@1" for _, body, _ in answers)
    assert not any(psutil.pid_exists(p) for p in pids)


def test_a_fault_in_a_worker_comes_back_with_its_traceback(rules):
    from checker.serve.workers import RemoteTraceback, Workers

    async def go():
        pool = Workers(rules, 1, 1)
        await pool.start()
        try:
            with pytest.raises(AttributeError) as caught:
                await pool._submit("check", ("not a draft", False), False)
            assert isinstance(caught.value.__cause__, RemoteTraceback)
            assert "in _check" in str(caught.value.__cause__)
            return await pool._submit("ready", (), False)  # and it goes on working
        finally:
            await pool.close()

    assert isinstance(asyncio.run(go()), int)


def test_an_answer_goes_back_in_one_write_of_the_pipes_framing(monkeypatch):
    """``Connection.send_bytes`` writes a message over 16 KB (an answer to a
    1,000-word draft is ~55 KB) as the 4-byte header, then the rest: the
    event loop woke for the header alone (strace of the main process: 2.5
    reads and 3.5 waits a request, 2.0 and 2.8 in one write)."""
    import multiprocessing
    import os
    import threading

    from checker.serve import workers

    ours, theirs = multiprocessing.Pipe(duplex=True)
    writes = []
    real_write = os.write
    monkeypatch.setattr(workers.os, "write", lambda fd, data: writes.append(len(data)) or real_write(fd, data))
    message = bytes(range(256)) * 400  # 100 KB, more than a socket takes in one write here or there
    got = []
    reader = threading.Thread(target=lambda: got.append(ours.recv_bytes()))
    reader.start()
    workers._send_frame(theirs, message)
    reader.join(10)
    assert got == [message]  # multiprocessing.connection's framing, read back whole
    assert writes[0] == len(message) + 4  # header and message in the first write (the rest, if any, follows)
    ours.close()
    theirs.close()
