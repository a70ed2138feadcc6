"""The child process of the ``/regex/`` backtracking path, run as a script
(``python -I -S regex_child.py REGEX_DIR``) by :mod:`.regex_worker`.

It imports only ``json`` and ``regex`` (not claimcheck, which would cost it
~0.1 s to start), writes an empty line once ``regex`` is imported (ready), then reads one
JSON request per line on standard input
(``{"p": pattern, "f": flags, "t": text, "s": [[start, end], ...], "l": seconds}``) and
answers one line: ``{"m": spans, "c": seconds}``, the spans of the
non-empty matches in each ``text[start:end]`` as offsets in ``text``, and
the CPU time the search took (what the claim's time budget is charged:
not the round trip, not this process's start).  Input and output are UTF-8
whatever the locale.

The search bounds itself by CPU time: a profiling timer (``ITIMER_PROF``,
this process's CPU time) is set to the ``l`` seconds the claim has left,
and its signal, ``SIGPROF``, left at its default action, ends this process
the instant the search has used them, wherever it is in ``regex``'s C code.
The parent sees the end of its pipe and stops the claim.  So the bound is
the claim's CPU time however busy the machine: a search waiting for a core
is not stopped for the wait (the parent's wall-clock wait is only a
backstop).
"""

import json
import sys
import time


def compile_pattern(pattern: str, flags: str):
    """``/pattern/flags`` compiled by ``regex`` (version 0, as ``re`` reads it)."""
    import regex

    flag_of = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}
    value = regex.V0
    for f in flags:
        value |= flag_of[f]
    return regex.compile(pattern, value)


def search_spans(pat, text: str, spans) -> list[list[int]]:
    """The spans of the non-empty matches of ``pat`` in each ``text[a:b]``,
    as offsets in ``text`` (the one search loop, here and in-process:
    :mod:`.regex_bounded`)."""
    found = []
    for a, b in spans:
        found.extend([a + m.start(), a + m.end()] for m in pat.finditer(text[a:b]) if m.end() > m.start())
    return found


def serve(stdin, stdout) -> None:  # pragma: no cover - runs in the child
    import signal  # here, not at the top: `claimcheck check` imports this module and no `signal`

    import regex  # noqa: F401 - imported before the ready line: the start is not a search's

    stdout.write(b"\n")  # ready: the parent's clock for a search starts after this, not at the start
    stdout.flush()
    compiled = {}
    for line in stdin:
        req = json.loads(line.decode("utf-8"))
        key = (req["p"], req["f"])
        pat = compiled.get(key)
        if pat is None:
            pat = compiled[key] = compile_pattern(req["p"], req["f"])
        signal.setitimer(signal.ITIMER_PROF, req["l"])  # SIGPROF ends this process when it is used
        began = time.thread_time()  # (not process_time: coarse to the tick while the timer is set)
        found = search_spans(pat, req["t"], req["s"])
        spent = time.thread_time() - began
        signal.setitimer(signal.ITIMER_PROF, 0)
        stdout.write((json.dumps({"m": found, "c": spent}) + "\n").encode("utf-8"))
        stdout.flush()


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) > 1 and sys.argv[1]:
        sys.path.insert(0, sys.argv[1])  # where the regex module is (-S leaves out site-packages)
    serve(sys.stdin.buffer, sys.stdout.buffer)
