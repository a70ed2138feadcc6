"""Running ``claimcheck`` as a user does, under a hang and memory guard.

Used by the hostile-input tests: each run is a real process (real standard
streams with their real encoding, a real exit code), killed when it outlives
``timeout`` seconds and limited to ``memory`` bytes of address space, so a
regression that blocks on a FIFO or reads ``/dev/zero`` fails its test
instead of hanging the suite or eating the shared machine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEMORY = 3 << 30


@dataclass
class Ran:
    argv: list[str]
    code: int | None  # None when killed by the hang guard
    out: str
    err: str
    utf8: bool = True  # both streams were valid UTF-8

    @property
    def hung(self) -> bool:
        return self.code is None

    def describe(self) -> str:
        state = "HUNG (killed by the hang guard)" if self.hung else f"exit {self.code}"
        return (f"claimcheck {' '.join(self.argv)}: {state}\n--- stdout ---\n{self.out[-3000:]}"
                f"\n--- stderr ---\n{self.err[-3000:]}")


def _limits(memory: int):
    def apply() -> None:
        os.setsid()
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        except (ImportError, ValueError, OSError):  # pragma: no cover - not on this platform
            pass

    return apply


def claimcheck(*argv: str, cwd: str | os.PathLike = ROOT, timeout: float = 60,
               memory: int = MEMORY, env: dict[str, str] | None = None) -> Ran:
    """Run ``python -m checker ARGV`` in ``cwd``; never hangs the caller."""
    e = dict(os.environ)
    for var in ("FORCE_COLOR", "PYTHONIOENCODING", "PYTHONUTF8"):
        e.pop(var, None)
    e["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), e.get("PYTHONPATH", "")) if p)
    e["LC_ALL"] = "C.UTF-8"
    e.update(env or {})
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", *argv], cwd=cwd, env=e, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_limits(memory),
    )
    try:
        out, err = proc.communicate(timeout=timeout)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        code = None
    try:
        return Ran(list(argv), code, out.decode("utf-8"), err.decode("utf-8"))
    except UnicodeDecodeError:
        return Ran(list(argv), code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), False)
