"""Failure text: short, and readable by an editor.

What a failed claim or example item shows: the claim, the article, the
verdict and the evidence, each unit with its matched spans marked ``>>…<<``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .state import _State, _state

if TYPE_CHECKING:
    from .items import ClaimItem, ExampleItem

# Failure output limits: keep each failure short (pytest's failure summary
# is quadratic in the number of failures, and editors read these).
MAX_UNITS = 5
MAX_UNIT_CHARS = 400
MAX_MATCHES = 6


_ROLE = {
    "supports": "states it",
    "refutes": "refutes it",
    "forbidden": "forbidden",
    "in-scope": "on the topic",
}


def _clip(text: str, limit: int = MAX_UNIT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _marked(evidence: Any, keys: tuple[str, ...]) -> str:
    """The unit's text with the matched spans of ``keys`` marked ``>>…<<``."""
    text = evidence.text
    spans: list[tuple[int, int]] = []
    for m in evidence.matches:
        if keys and m.key and m.key not in keys:
            continue
        start = m.start - evidence.start
        if not (0 <= start and text[start : start + len(m.text)] == m.text):
            start = text.find(m.text) if m.text else -1
        if start >= 0 and m.text:
            spans.append((start, start + len(m.text)))
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out.append(text[pos:s])
        out.append(">>" + text[s:e] + "<<")
        pos = e
    out.append(text[pos:])
    marked = " ".join("".join(out).split())
    if len(marked) > MAX_UNIT_CHARS and merged:
        # keep the first marked span in view
        first = marked.find(">>")
        lo = max(0, first - MAX_UNIT_CHARS // 3)
        marked = ("…" if lo else "") + marked[lo:]
    return _clip(marked)


def _match_line(m: Any) -> str:
    from ..exact import show_value

    value = f" = {show_value(m.value)}" if m.value is not None else ""
    part = f"{m.key} {m.part}".strip() if (m.key or m.part) else ""
    note = f"; {m.note}" if m.note else ""
    where = f" ({part}{note})" if part or note else ""
    return f'"{m.text}"{value}{where}'


_KEYS_FOR_ROLE = {
    "supports": ("expect",),
    "refutes": ("contradict",),
    "forbidden": ("forbid",),
    "in-scope": ("about",),
}


def _evidence_lines(state: _State, article: Any, evidence: Any) -> list[str]:
    lines: list[str] = []
    shown = list(evidence)[:MAX_UNITS]
    apath = state.display(article.path) if article.path else article.id
    for ev in shown:
        keys = _KEYS_FOR_ROLE.get(ev.role, ())
        lines.append(
            f"  {apath}:{ev.line}:{ev.column}: {_ROLE.get(ev.role, ev.role)}: "
            f"{_marked(ev, keys)}"
        )
        matches = [m for m in ev.matches if not keys or not m.key or m.key in keys]
        for m in matches[:MAX_MATCHES]:
            lines.append(f"      matched {_match_line(m)}")
    if len(evidence) > len(shown):
        lines.append(f"  … and {len(evidence) - len(shown)} more")
    return lines


def _format_result(item: ClaimItem, result: Any, xpass: str | None = None) -> str:
    state = _state(item.config)
    claim, article = item.claim, item.article
    verdict = result.verdict
    why = f": {_clip(result.message, 200)}" if result.message else ""
    if xpass is not None:
        first = (
            f"{claim.file}:{claim.line}: {claim.id}: pass on {article.id}, but `known` "
            f"accepts {xpass} for it: remove or update the `known` entry"
        )
    elif verdict == "missing":
        first = f"{claim.file}:{claim.line}: {claim.id}: missing (required) in {article.id}{why}"
    else:
        first = f"{claim.file}:{claim.line}: {claim.id}: {verdict} on {article.id}{why}"
    lines = [first, f"claim: {claim.claim}"]
    where = state.display(article.path) if article.path else ""
    lines.append(
        f"article: {article.id} (source {article.source}" + (f", {where}" if where else "") + ")"
    )
    known = f", known: {result.expected}" if result.expected and xpass is None else ""
    lines.append(f"verdict: {verdict} (severity {claim.severity}{known})")
    evidence = list(result.evidence)
    if verdict == "missing":
        if evidence:
            lines.append("what the article says on the topic:")
            lines.extend(_evidence_lines(state, article, evidence))
        else:
            lines.append("the article says nothing on the topic")
    elif evidence:
        lines.append("evidence:")
        lines.extend(_evidence_lines(state, article, evidence))
    if claim.note:
        lines.append(f"note: {claim.note}")
    return "\n".join(lines)


def _format_example(item: ExampleItem, result: Any) -> str:
    claim, example = item.claim, item.example
    why = f": {_clip(result.message, 200)}" if result.message else ""
    lines = [
        f"{claim.file}:{example.line}:{example.column}: {claim.id}::example[{item.index}]: "
        f"{result.verdict}, the example declares {example.verdict}{why}",
        f"claim: {claim.claim} ({claim.file}:{claim.line})",
        f"example: {_clip(example.text)}",
    ]
    for ev in list(result.evidence)[:MAX_UNITS]:
        keys = _KEYS_FOR_ROLE.get(ev.role, ())
        lines.append(f"  {_ROLE.get(ev.role, ev.role)}: {_marked(ev, keys)}")
        matches = [m for m in ev.matches if not keys or not m.key or m.key in keys]
        for m in matches[:MAX_MATCHES]:
            lines.append(f"      matched {_match_line(m)}")
    return "\n".join(lines)
