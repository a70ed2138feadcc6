"""The validator's base: where problems are recorded, and reading one value of each kind.

:class:`ValueChecks` keeps the errors of one file, each a :class:`CheckError`
at the node's position with a hint, and reads a mapping's keys (unknown and
duplicate keys), text, a choice among names, a boolean and globs.
:func:`did_you_mean` is the hint for a misspelt name (also used by
``explain`` and ``serve``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from checker.errors import CheckError
from checker.rules.yamlpos import Source, YMap, YNode, YScalar, YSeq

TRUE = ("true", "True", "TRUE")
FALSE = ("false", "False", "FALSE")


def did_you_mean(word: str, choices, prefix: str = "") -> str | None:
    """``did you mean 'x'?`` for the closest of ``choices``, or ``None``."""
    choices = list(choices)
    lower = {c.lower(): c for c in choices}
    if word.lower() in lower and lower[word.lower()] != word:
        return f"did you mean '{prefix}{lower[word.lower()]}'?"
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(word.lower(), list(lower), n=1, cutoff=0.6)
        close = [lower[c] for c in close]
    return f"did you mean '{prefix}{close[0]}'?" if close else None


@dataclass
class Seen:
    """Where each claim id was first defined, across all files of a load."""

    ids: dict[str, tuple[str, int, int]] = field(default_factory=dict)


class ValueChecks:
    """The errors of one file, and the checks of a single key or value."""

    def __init__(self, src: Source, seen: Seen) -> None:
        self.src = src
        self.file = src.file
        self.seen = seen
        self.errors: list[CheckError] = []

    # ---- helpers ---------------------------------------------------------

    def error(self, message: str, node_or_index, hint: str | None = None) -> None:
        index = node_or_index if isinstance(node_or_index, int) else node_or_index.start
        self.errors.append(self.src.error(message, index, hint))

    def pos(self, node: YNode) -> tuple[int, int]:
        return self.src.position(node.start)

    def keys(self, mapping: YMap, allowed: tuple[str, ...], where: str,
             elsewhere: dict[str, str] | None = None) -> dict[str, tuple[YScalar, YNode]]:
        """The mapping's entries by key; reports unknown and duplicate keys."""
        out: dict[str, tuple[YScalar, YNode]] = {}
        for key, value in mapping.pairs:
            if not isinstance(key, YScalar) or key.is_null:
                self.error(f"invalid key in {where}", key, "keys are plain names such as 'claim'")
                continue
            name = key.value
            if name in out:
                line, col = self.pos(out[name][0])
                self.error(f"duplicate key '{name}'", key, f"'{name}' is already set at line {line}:{col}")
                continue
            if name not in allowed:
                hint = did_you_mean(name, allowed)
                if hint is None and elsewhere and name in elsewhere:
                    hint = elsewhere[name]
                if hint is None:
                    hint = "allowed keys: " + ", ".join(allowed)
                self.error(f"unknown key '{name}'", key, hint)
                continue
            out[name] = (key, value)
        return out

    def text(self, name: str, node: YNode, *, what: str = "text") -> str | None:
        if isinstance(node, YScalar):
            if node.is_null:
                self.error(f"'{name}' has no value", node, f"give it {what}, or remove the key")
                return None
            if not node.value.strip():
                self.error(f"'{name}' is empty", node)
                return None
            return node.value
        self.error(f"'{name}' must be {what}, not a {node.kind}", node)
        return None

    def choice(self, name: str, node: YNode, choices: tuple[str, ...], noun: str) -> str | None:
        value = self.text(name, node, what="one of " + ", ".join(choices))
        if value is None:
            return None
        if value not in choices:
            hint = did_you_mean(value, choices) or f"use one of: {', '.join(choices)}"
            self.error(f"unknown {noun} '{value}'", node, hint)
            return None
        return value

    def boolean(self, name: str, node: YNode) -> bool | None:
        if isinstance(node, YScalar) and node.style is None:
            if node.value in TRUE:
                return True
            if node.value in FALSE:
                return False
        hint = None
        if isinstance(node, YScalar):
            if node.style is not None and node.value in TRUE + FALSE:
                hint = f"write {node.value.lower()} without quotes"
            elif node.value.lower() in ("yes", "no", "on", "off", "y", "n"):
                hint = "write true or false; YAML 1.2 reads yes/no/on/off as text"
        self.error(f"'{name}' must be true or false", node, hint)
        return None

    def globs(self, name: str, node: YNode) -> tuple[str, ...] | None:
        if isinstance(node, YScalar):
            value = self.text(name, node, what="a glob or a list of globs")
            return None if value is None else (value,)
        if isinstance(node, YSeq):
            out = []
            for item in node.items:
                if not isinstance(item, YScalar) or item.is_null or not item.value.strip():
                    self.error(f"each entry of '{name}' must be a non-empty article id, source or glob", item)
                    continue
                out.append(item.value)
            return tuple(out)
        self.error(f"'{name}' must be a list of article ids, sources or globs", node)
        return None

