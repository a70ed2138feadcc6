"""``results.jsonl``: one §6 result per line, in input order (SPEC §10).

Each line is the same object as an entry of ``results.json``'s ``results``,
compact, so the file can be read a line at a time (``jq -c``, pandas
``read_json(lines=True)``) while a run is still going.
"""

from __future__ import annotations

from typing import IO

from .json import encoded_lines


class Writer:
    name = "results.jsonl"

    def __init__(self, fh: IO[str], claims, options: dict | None = None) -> None:
        self.fh = fh
        self.shared = (options or {}).get("shared")
        # a text file over a binary one (the sink's temp file): the encoded
        # lines go to its buffer as they are, not decoded to be encoded again
        self.raw = getattr(fh, "buffer", None)
        if self.raw is not None:
            fh.flush()

    def add(self, article, results) -> None:
        if results:
            lines = encoded_lines(results, self.shared)
            if self.raw is not None:
                self.raw.write(lines)
            else:
                self.fh.write(lines.decode("utf-8"))

    def finish(self, tally, errors) -> None:
        pass
