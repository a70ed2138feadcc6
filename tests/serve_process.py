"""A real ``claimcheck serve`` in a child process, for the service tests.

The server is started on port 0 (the kernel picks a free local port) and
announces its address on standard error once its workers hold the rules;
:class:`Server` waits for that line.  Skipped (with the reason) when the
``serve`` extra is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
URL = re.compile(r"on (http://\S+/) with")

needs_extra = pytest.mark.skipif(
    any(__import__("importlib").util.find_spec(m) is None for m in ("starlette", "uvicorn", "httpx")),
    reason='the "serve" extra is not installed (pip install ".[test]")',
)


class Server:
    """``claimcheck serve ARGS --port 0`` until :meth:`stop`."""

    def __init__(self, *args: str, cwd: Path = ROOT, timeout: float = 60) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "checker", "serve", "--port", "0", *args],
            cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, encoding="utf-8",
            start_new_session=True,  # its own process group, as a terminal gives a command
        )
        self.lines: list[str] = []
        self._ready = threading.Event()
        self.url: str | None = None
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(timeout) or self.url is None:
            self.stop()
            raise RuntimeError("claimcheck serve did not start:\n" + "".join(self.lines))

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)
            found = URL.search(line)
            if found and self.url is None:
                self.url = found.group(1)
                self._ready.set()
        self._ready.set()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for_output(self, text: str, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output:
                return True
            time.sleep(0.05)
        return False

    def send(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30, *, group: bool = False) -> int:
        """Send ``sig`` (to the whole process group, as Ctrl+C in a terminal
        does, when ``group``) and wait for the exit code."""
        if self.proc.poll() is None:
            if group:
                os.killpg(self.proc.pid, sig)
            else:
                self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise


def copy_of_rules(folder: Path) -> Path:
    """``folder`` holding a copy of the default rules (for a server whose
    rule files a test may edit)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "rules" / "assad-warrant.yaml", folder)
    return folder


@contextmanager
def serving(*args: str) -> Iterator[Server]:
    """A :class:`Server` for the ``with`` block; it must then stop with exit 0."""
    server = Server(*args)
    try:
        yield server
    finally:
        code = server.stop()
    assert code == 0, server.output
