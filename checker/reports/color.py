"""Terminal colour: only on a terminal, never when ``NO_COLOR`` is set; and
untrusted text made safe to print (:func:`terminal_safe`)."""

from __future__ import annotations

import os
import re
from functools import cache
from typing import IO

RESET = "\033[0m"
STYLES = {
    "pass": "\033[32m",  # green
    "fail": "\033[1;31m",  # bold red
    "missing": "\033[2m",  # dim
    "error": "\033[35m",  # magenta
    "error-severity": "\033[1;31m",
    "warning": "\033[33m",
    "info": "\033[36m",
    "mark": "\033[7m",  # reverse video
    "bold": "\033[1m",
    "dim": "\033[2m",
}


def use_color(stream: IO | None) -> bool:
    """True when ``stream`` is a terminal and ``NO_COLOR`` is unset or empty.

    ``FORCE_COLOR`` (non-empty) forces colour; ``TERM=dumb`` disables it.
    """
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        return False


def paint(text: str, style: str, enabled: bool) -> str:
    if not enabled or not text or style not in STYLES:
        return text
    return f"{STYLES[style]}{text}{RESET}"


@cache
def _unsafe() -> re.Pattern:
    """C0 controls but tab, DEL, C1 controls, and the bidi embeddings,
    overrides and isolates (they reorder what follows them on the line)."""
    return re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every character that a terminal or log viewer would act
    on (escape sequences, bells, backspaces, line breaks, bidi overrides)
    written as a visible escape (``\\x1b``, ``\\u202e``): article and
    rule text is untrusted, and must never drive the reader's terminal."""
    if text.isprintable():  # none of them is printable: nothing to escape (no pattern compiled, #16)
        return text
    return _unsafe().sub(_escape, text)
