"""The running service: its rules, their reloading, and its workers.

:class:`Service` loads the rule files once (a broken file at start is a
located error and the service does not start), hands the rule set to a
:class:`~checker.serve.workers.Workers` pool, and watches the files: every
``interval`` seconds it compares each rule file's size, modification time and
inode (and the list of files) with what it loaded.  On a change it loads and
compiles the files again, off the event loop; if that works a new pool with
the new rules replaces the old one (requests in flight finish on the old
one), and if it fails the last good rules keep serving and the located error
(``FILE:LINE:COL: message``) is reported by ``GET /v1/rules`` until a later
edit loads.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime

from ..engine import compile_claim
from ..errors import CheckError
from ..models import RuleSet, RunResult
from ..reports import json as json_report
from ..rules.loader import find_rule_files, load_rules
from .answer import encode
from .drafts import CheckRequest, parse_body
from .workers import Workers

BATCH_SCHEMA = "claimcheck/batch@1"
# Bodies up to this size are read on the event loop (well under a millisecond);
# larger ones, up to 2 MB (20-30 ms of JSON), by a worker, so the loop never stalls.
INLINE_BODY = 64 * 1024

Signature = tuple[tuple[object, ...], ...]


def signature(paths: Sequence[str]) -> Signature:
    """What the rule files look like now: each file's size, modification time
    and inode, or the error finding them gives."""
    try:
        files = find_rule_files(paths)
    except CheckError as err:
        return (("error", str(err)),)
    out: list[tuple[object, ...]] = []
    for f in files:
        try:
            st = os.stat(f)
        except OSError as exc:
            out.append((f, "gone", exc.errno))
        else:
            out.append((f, st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(out)


def load(paths: Sequence[str]) -> RuleSet:
    """The rule set under ``paths``, every query compiled once to find what
    only compiling finds; raises the first located :class:`CheckError`."""
    rules = load_rules(list(paths))
    for claim in rules.claims:
        compile_claim(claim)
    return rules


@dataclass(frozen=True, slots=True)
class Loaded:
    """One good rule set and what ``GET /v1/rules`` says of it."""

    rules: RuleSet
    version: int
    files: tuple[str, ...]
    loaded_at: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def log(message: str) -> None:
    print(f"claimcheck: {message}", file=sys.stderr, flush=True)


class Service:
    def __init__(self, rule_paths: Sequence[str], *, processes: int = 2, interval: float = 1.0) -> None:
        self.paths = [os.fspath(p) for p in rule_paths]
        self.processes = max(1, processes)
        self.interval = interval
        self.seen = signature(self.paths)  # taken before loading: a change during it is seen later
        rules = load(self.paths)  # a broken rule file stops the start here
        self.loaded = Loaded(rules, 1, tuple(find_rule_files(self.paths)), _now())
        self.error: CheckError | None = None
        self.workers: Workers | None = None
        self._replacing = asyncio.Lock()
        self._watcher: asyncio.Task | None = None

    # -------------------------------------------------------------- life ---

    async def start(self) -> None:
        self.workers = Workers(self.loaded.rules, self.loaded.version, self.processes)
        await self.workers.start()
        if self.interval > 0:
            self._watcher = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            try:
                await self._watcher
            except asyncio.CancelledError:
                pass
        if self.workers is not None:
            await self.workers.close()

    # ------------------------------------------------------------- rules ---

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                if await asyncio.to_thread(signature, self.paths) != self.seen:
                    await self.reload()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the watcher must outlive any surprise
                log(f"rule watcher: {type(exc).__name__}: {exc}")

    async def reload(self) -> bool:
        """Load the rule files again; on success serve them, else keep the old."""
        seen = await asyncio.to_thread(signature, self.paths)  # before loading, as at the start
        try:
            rules = await asyncio.to_thread(load, self.paths)
        except CheckError as err:
            self.seen, self.error = seen, err  # tried again on the next change
            log(f"{err}\nclaimcheck: still serving the rules loaded at {self.loaded.loaded_at}")
            return False
        files = tuple(await asyncio.to_thread(find_rule_files, self.paths))
        loaded = Loaded(rules, self.loaded.version + 1, files, _now())
        workers = Workers(rules, loaded.version, self.processes)
        try:
            await workers.start()
        except BaseException:  # stopped (or failed) while starting: leave no process behind
            await asyncio.shield(workers.close())
            raise
        old, self.workers, self.loaded, self.seen, self.error = self.workers, workers, loaded, seen, None
        log(f"reloaded {len(rules.claims)} claims from {', '.join(files)} (rules version {loaded.version})")
        if old is not None:
            await old.close()
        return True

    def rules_doc(self) -> dict:
        """``GET /v1/rules``: the loaded claims (§6 ``claims``) and the last reload error."""
        loaded = self.loaded
        claims = json_report.to_dict(RunResult((), loaded.rules.claims, ()))["claims"]
        return {
            "schema": "claimcheck/rules@1",
            "version": loaded.version,
            "loaded_at": loaded.loaded_at,
            "files": list(loaded.files),
            "stories": [{"story": s.slug, "title": s.title, "file": s.file, "claims": len(s.claims)}
                        for s in loaded.rules.stories],
            "claims": claims,
            "error": str(self.error) if self.error else None,
            "error_location": self.error.to_dict() if self.error else None,
        }

    # ------------------------------------------------------------ checks ---

    async def _run(self, task: str, *args):
        """``Workers.<task>(*args)`` on the current workers; if a worker has
        died (killed, out of memory), on fresh ones, once."""
        workers = self.workers
        assert workers is not None, "the service is not started"
        try:
            return await getattr(workers, task)(*args)
        except BrokenProcessPool:
            await self._replace(workers)
            return await getattr(self.workers, task)(*args)

    async def _replace(self, broken: Workers) -> None:
        async with self._replacing:
            if self.workers is not broken:
                return  # another request replaced it already
            log("a worker process died; starting new ones")
            fresh = Workers(self.loaded.rules, self.loaded.version, self.processes)
            await fresh.start()
            self.workers = fresh
        await broken.close()

    async def parse(self, body: bytes) -> CheckRequest:
        """The drafts a body asks to check, or :class:`~checker.serve.drafts.BadRequest`."""
        if len(body) <= INLINE_BODY:
            return parse_body(body)
        return await self._run("parse", body)

    async def check(self, request: CheckRequest) -> tuple[int, bytes]:
        """``(status, body)`` of a check: one answer, or a batch of them in order."""
        if not request.batch:
            status, body, _ = await self._run("check", request.drafts[0], request.explain)
            return status, body
        answers = await asyncio.gather(*(self._run("check", d, request.explain) for d in request.drafts))
        head = encode({"schema": BATCH_SCHEMA, "blocking": any(b for _, _, b in answers)})
        return 200, head[:-1] + b',"checks":[' + b",".join(body for _, body, _ in answers) + b"]}"
