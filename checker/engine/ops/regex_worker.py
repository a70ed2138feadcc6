"""The backtracking path of ``/regex/``: the ``regex`` module in a child
process that is killed when it runs past its time (issue #14.4).

Only patterns that google-re2 cannot run with the same meaning (a
backreference, a lookaround, a possessive or atomic group, ``\\Z``…) come
here.  The ``regex`` module's own ``timeout`` is checked only now and then:
``/a?…a?a…a(?=x)?/`` with 3,000 of each ran 17 s under a 1 s timeout, and
the overrun grows with the pattern and the text.  A process can be stopped
at any instant, so the bound holds whatever the pattern: the parent waits
for the answer at most the time left, then kills the child (a new one
starts when next needed).

The child reads one JSON request per line (``{"p": pattern, "f": flags,
"t": text, "s": [[start, end], ...]}``) and answers one line: the spans of
the non-empty matches in each ``text[start:end]``, as offsets in ``text``.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import threading
import time


class RegexTimeout(Exception):
    """The search ran past its time; the child was killed."""


def _serve() -> None:  # pragma: no cover - runs in the child
    import regex

    flag_of = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}
    compiled: dict[tuple[str, str], object] = {}
    out = sys.stdout
    for line in sys.stdin:
        req = json.loads(line)
        key = (req["p"], req["f"])
        pat = compiled.get(key)
        if pat is None:
            flags = regex.V0
            for f in req["f"]:
                flags |= flag_of[f]
            pat = compiled[key] = regex.compile(req["p"], flags)
        text = req["t"]
        found = []
        for a, b in req["s"]:
            found.extend([a + m.start(), a + m.end()] for m in pat.finditer(text[a:b]) if m.end() > m.start())
        out.write(json.dumps(found) + "\n")
        out.flush()


class RegexWorker:
    """One child process running ``regex`` searches, killed on overrun.

    Owned by one matcher (no state shared between claims); thread-safe; the
    child starts at the first search and is killed when the worker is
    closed or garbage-collected."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def _start(self) -> subprocess.Popen:
        env = dict(os.environ)
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        env["PYTHONIOENCODING"] = "utf-8"
        return subprocess.Popen(
            [sys.executable, "-c", "from checker.engine.ops.regex_worker import _serve; _serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        )

    def search(self, pattern: str, flags: str, text: str, spans: list[tuple[int, int]],
               seconds: float) -> list[tuple[int, int]]:
        """The non-empty matches in each span of ``text``; :class:`RegexTimeout`
        when the answer takes more than ``seconds`` (the child is then killed)."""
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = self._start()
            proc = self._proc
            request = json.dumps({"p": pattern, "f": flags, "t": text, "s": spans}) + "\n"
            deadline = time.monotonic() + max(seconds, 0.0)
            try:
                proc.stdin.write(request.encode("utf-8"))  # type: ignore[union-attr]
                proc.stdin.flush()  # type: ignore[union-attr]
                answer = self._read_line(proc, deadline)
            except (BrokenPipeError, OSError, RegexTimeout):
                self._kill()
                raise RegexTimeout from None
            return [(a, b) for a, b in json.loads(answer)]

    @staticmethod
    def _read_line(proc: subprocess.Popen, deadline: float) -> bytes:
        fd = proc.stdout.fileno()  # type: ignore[union-attr]
        chunks = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RegexTimeout
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                raise RegexTimeout
            chunk = os.read(fd, 1 << 16)
            if not chunk:  # the child died (memory limit, signal)
                raise RegexTimeout
            chunks.append(chunk)
            if chunk.endswith(b"\n"):
                return b"".join(chunks)

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream.close()  # type: ignore[union-attr]
                except OSError:
                    pass

    def close(self) -> None:
        with self._lock:
            self._kill()

    def __del__(self) -> None:
        try:
            self._kill()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass
