"""The child process of the ``/regex/`` backtracking path, run as a script
(``python -I -S regex_child.py REGEX_DIR``) by :mod:`.regex_worker`.

It imports only ``json`` and ``regex`` (not claimcheck, which would cost it
~0.1 s to start), writes an empty line once ``regex`` is imported (ready), then reads one
JSON request per line on standard input
(``{"p": pattern, "f": flags, "t": text, "s": [[start, end], ...]}``) and
answers one line: ``{"m": spans, "c": seconds}``, the spans of the
non-empty matches in each ``text[start:end]`` as offsets in ``text``, and
the CPU time the search took (what the claim's time budget is charged:
not the round trip, not this process's start).  Input and output are UTF-8
whatever the locale.
"""

import json
import sys
import time


def serve(stdin, stdout) -> None:  # pragma: no cover - runs in the child
    import regex

    stdout.write(b"\n")  # ready: the parent's clock for a search starts after this, not at the start
    stdout.flush()
    flag_of = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}
    compiled = {}
    for line in stdin:
        req = json.loads(line.decode("utf-8"))
        key = (req["p"], req["f"])
        pat = compiled.get(key)
        if pat is None:
            flags = regex.V0
            for f in req["f"]:
                flags |= flag_of[f]
            pat = compiled[key] = regex.compile(req["p"], flags)
        text = req["t"]
        found = []
        began = time.process_time()
        for a, b in req["s"]:
            found.extend([a + m.start(), a + m.end()] for m in pat.finditer(text[a:b]) if m.end() > m.start())
        spent = time.process_time() - began
        stdout.write((json.dumps({"m": found, "c": spent}) + "\n").encode("utf-8"))
        stdout.flush()


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) > 1 and sys.argv[1]:
        sys.path.insert(0, sys.argv[1])  # where the regex module is (-S leaves out site-packages)
    serve(sys.stdin.buffer, sys.stdout.buffer)
