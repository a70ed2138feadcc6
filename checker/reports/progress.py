"""A small progress line on standard error, shown only on a terminal.

    progress = Progress(len(articles), sys.stderr)
    for article in articles:
        ...
        progress.advance(label=article.id)
    progress.close()

``claimcheck run`` hands :meth:`Progress.at` to the runner, which calls it
with the number of articles done so far, whatever the engine; the line shows
articles done (of the total when it is known), the rate and the time left::

    checking [########------------] 6400/16000  40% 812/s ETA 0:12

It is also the engine's progress callback: ``engine.run(..., progress=p)``
calls ``p(done, total, article)`` and finally ``p(total, total, None)``,
which clears the line.  :meth:`message` prints a line (an error found on the
way) above the bar.  Also a context manager.  When the stream is not a
terminal (a pipe, a CI log, a file) it writes nothing at all.
"""

from __future__ import annotations

import time
from typing import IO

from .color import terminal_safe


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    def __init__(self, total: int = 0, stream: IO | None = None, *, label: str = "checking",
                 enabled: bool | None = None, interval: float = 0.1) -> None:
        self.total = max(0, int(total))
        self.stream = stream
        self.label = label
        self.done = 0
        self.interval = interval
        self._last = 0.0
        self._width = 0
        self._started = time.monotonic()
        if enabled is None:
            try:
                enabled = bool(stream is not None and stream.isatty())
            except (AttributeError, ValueError):
                enabled = False
        self.enabled = enabled

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, n: int = 1, label: str | None = None) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if self.done < self.total and now - self._last < self.interval:
            return
        self._last = now
        self._draw(label)

    update = advance

    def at(self, done: int) -> None:
        """Runner callback: ``done`` articles so far (the total may be passed)."""
        self.advance(max(0, int(done)) - self.done)

    def __call__(self, done: int, total: int, article: object = None) -> None:
        """Engine callback: ``done`` of ``total`` articles, ``article`` next."""
        self.total = max(0, int(total))
        self.done = max(0, int(done))
        if not self.enabled:
            return
        if article is None and self.done >= self.total:
            self.close()
            return
        now = time.monotonic()
        if now - self._last < self.interval and self.done:
            return
        self._last = now
        self._draw(getattr(article, "id", None))

    def message(self, text: str) -> None:
        """Print ``text`` on its own line (the stream itself when not a
        terminal), above the bar, which comes back with the next update."""
        if self.stream is None:
            return
        self.close()
        try:
            self.stream.write(text + "\n")
            self.stream.flush()
        except (OSError, ValueError):
            pass

    def _draw(self, label: str | None) -> None:
        elapsed = time.monotonic() - self._started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        speed = f" {rate:.0f}/s" if self.done and elapsed >= 0.5 else ""
        if self.total and self.done <= self.total:
            pct = min(100, int(self.done * 100 / self.total))
            width = 20
            filled = min(width, self.done * width // self.total)
            bar = "#" * filled + "-" * (width - filled)
            text = f"{self.label} [{bar}] {self.done}/{self.total} {pct:3d}%{speed}"
            if speed and rate > 0 and self.done < self.total:
                text += f" ETA {_clock((self.total - self.done) / rate)}"
        else:
            text = f"{self.label} {self.done} articles{speed}"
        if label:
            text += f" {terminal_safe(label)}"
        text = text[:100]
        pad = max(0, self._width - len(text))
        self._width = len(text)
        try:
            self.stream.write("\r" + text + " " * pad)
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = False

    def close(self) -> None:
        if not self.enabled or self._width == 0:
            return
        try:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
        except (OSError, ValueError):
            pass
        self._width = 0
