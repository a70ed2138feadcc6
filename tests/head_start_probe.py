"""Test helper for the Dask engine's head start (run as a script, in a fresh
process): ``head_start_probe.py RULES ARTICLES CHUNK [DIE_AT [START_DELAY [HEAD_DELAY]]]``.

Runs the rules over the articles on the Dask engine (a local cluster of two
forked workers) in chunks of CHUNK, with the engine's chunk check wrapped to
record, in the head start's process, the first article of each chunk it
checks (and to die, ``os._exit``, at its DIE_AT-th chunk; 0: never).  The
local cluster's start waits START_DELAY seconds first (a slow machine); the
head start takes HEAD_DELAY seconds more for each chunk (a slow head start).
Prints JSON: the articles' ids, the ids the head start recorded, the names
of the run's child processes once its first article is back, and whether the
results equal one process's, in order.  A negative DIE_AT: the run is closed
after its first article; prints the child processes still running, none
expected.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

from checker.articles import read_articles
from checker.rules.loader import load_valid_rules
from checker.runner import dask_engine, dask_local, results


def main(rules_dir: str, articles_dir: str, chunk: str, die_at: str = "0", start_delay: str = "0",
         head_delay: str = "0") -> None:
    rules, _ = load_valid_rules([rules_dir])
    articles, _ = read_articles([articles_dir])
    check_chunk = dask_engine._check_chunk
    start = dask_local.start
    with tempfile.TemporaryDirectory() as tmp:
        record = os.path.join(tmp, "head-start")

        def recording(claims, block):
            if multiprocessing.current_process().name == "claimcheck-head-start":
                with open(record, "a+", encoding="utf-8") as f:
                    f.write(block[0].id + "\n")
                    f.seek(0)
                    if len(f.read().split()) == int(die_at):
                        os._exit(3)
                time.sleep(float(head_delay))
            return check_chunk(claims, block)

        def slow_start(*args, **kwargs):
            time.sleep(float(start_delay))
            return start(*args, **kwargs)

        dask_engine._check_chunk = recording  # the head start's check is made from it (the workers' too)
        dask_local.start = slow_start
        stream = results(rules, iter(articles), engine="dask", jobs=2, chunk=int(chunk))
        if int(die_at) < 0:  # the run stops after its first article (an error, Ctrl-C): its processes with it
            got = [next(stream)]
            stream.close()
            children = [p.pid for p in multiprocessing.active_children()]
            print(json.dumps({"children": children, "first": got[0][0].id == articles[0].id}))
            return
        got = [next(stream)]
        children = sorted(p.name for p in multiprocessing.active_children())
        got += stream
        dask_engine._check_chunk, dask_local.start = check_chunk, start
        seen = Path(record).read_text(encoding="utf-8").split() if os.path.exists(record) else []
    print(json.dumps({"ids": [a.id for a in articles], "head_start": seen, "children": children,
                      "same": got == list(results(rules, iter(articles), jobs=1))}))


if __name__ == "__main__":
    main(*sys.argv[1:])
