"""``results.jsonl``: one §6 result per line, in input order (SPEC §10).

Each line is the same object as an entry of ``results.json``'s ``results``,
compact, so the file can be read a line at a time (``jq -c``, pandas
``read_json(lines=True)``) while a run is still going.
"""

from __future__ import annotations

from typing import IO

from .json import encode, result_dict


class Writer:
    name = "results.jsonl"

    def __init__(self, fh: IO[str], claims, options: dict | None = None) -> None:
        self.fh = fh

    def add(self, article, results) -> None:
        if results:
            self.fh.write(b"\n".join(encode(result_dict(r)) for r in results).decode("utf-8") + "\n")

    def finish(self, tally, errors) -> None:
        pass
