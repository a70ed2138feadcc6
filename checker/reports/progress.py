"""A small progress line on standard error, shown only on a terminal.

    progress = Progress(len(articles), sys.stderr)
    for article in articles:
        ...
        progress.advance(label=article.id)
    progress.close()

It is also the engine's progress callback: ``engine.run(..., progress=p)``
calls ``p(done, total, article)`` and finally ``p(total, total, None)``,
which clears the line.  Also a context manager.  When the stream is not a terminal (a pipe, a CI
log, a file) it writes nothing at all.
"""

from __future__ import annotations

import time
from typing import IO


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

    def _draw(self, label: str | None) -> None:
        total = self.total or 1
        pct = min(100, int(self.done * 100 / total))
        width = 20
        filled = min(width, self.done * width // total)
        bar = "#" * filled + "-" * (width - filled)
        text = f"{self.label} [{bar}] {self.done}/{self.total} {pct:3d}%"
        if label:
            text += f" {label}"
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
