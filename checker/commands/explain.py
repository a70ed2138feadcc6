"""``claimcheck explain CLAIM-ID ARTICLE``: why a claim gets its verdict.

For one claim and one article (or each article of a ``.jsonl`` file or a
directory): the claim's queries, every unit that a query touches with the
matched words marked ``[[like this]]`` (reverse video on a terminal), which
part of each query matched where, and the reasoning from those matches to
the verdict, in plain language (SPEC §3).

Article and rule text is untrusted: every piece of it is printed through
:func:`~checker.reports.color.terminal_safe` (``_t``), so an escape sequence
shows as ``\x1b`` and never drives the terminal; only claimcheck's own
colours are sent raw.
"""

from __future__ import annotations

import argparse
import sys

from ..exact import show_value
from ..errors import CheckError
from ..models import Claim, Evidence, Match
from ..reports import matrix as mx
from ..reports.color import paint, terminal_safe, use_color
from . import print_errors

HELP = "show why a claim gets its verdict on an article"
DESCRIPTION = ("For one claim and one article: the in-scope units, what matched each "
               "part of the claim's queries, and why the verdict follows.")

KEY_ORDER = ("about", "expect", "contradict", "forbid")
KEY_MEANING = {
    "about": "is on the topic",
    "expect": "states the claim",
    "contradict": "contradicts the claim",
    "forbid": "says the forbidden thing",
}
OPEN, CLOSE = "[[", "]]"
_t = terminal_safe  # every piece of article or rule text goes through it


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("claim_id", metavar="CLAIM-ID", help="the claim's id")
    p.add_argument("article", metavar="ARTICLE", help="an article file (or a .jsonl file / directory)")
    p.add_argument("--rules", action="append", metavar="P",
                   help="rule file or directory (repeatable; default rules/)")


def _find_claim(claims, claim_id: str, rule_paths) -> Claim:
    for c in claims:
        if c.id == claim_id:
            return c
    from ..rules.validate import did_you_mean

    hint = did_you_mean(claim_id, [c.id for c in claims])
    where = ", ".join(str(p) for p in rule_paths)
    raise CheckError(f"no claim with id '{claim_id}'", file=where, hint=hint)


def mark(text: str, start: int, matches, color: bool) -> str:
    """``text`` (one line) with every matched span marked."""
    out, pos = [], 0
    for s, e, _ in mx.mark_spans(text, start, matches):
        out.append(_t(mx.squash(text[pos:s])))
        span = _t(mx.squash(text[s:e]))
        out.append(paint(span, "mark", True) if color else f"{OPEN}{span}{CLOSE}")
        pos = e
    out.append(_t(mx.squash(text[pos:])))
    return "".join(out).strip()


def _describe(m: Match) -> str:
    text = f'"{_t(mx.one_line(m.text))}"'
    if m.value is not None:
        text += f" (= {show_value(m.value)})"
    if m.note:
        text += f" [{_t(m.note)}]"
    context = describe_context(m)
    if context:
        text += f" [{context}]"
    return text


def describe_context(m: Match) -> str:
    """What the sentence says about a match (SPEC §8), e.g. ``negated by
    'did not'; said by "The Syrian opposition"``; empty when plain."""
    ctx = m.context
    if ctx is None:
        return ""
    parts = []
    for flag, kind, word in ((ctx.negated, "negation", "negated"), (ctx.hedged, "hedge", "hedged")):
        if flag:
            cues = ", ".join(f"'{_t(mx.one_line(c.text))}'" for c in ctx.cues if c.kind == kind)
            parts.append(f"{word} by {cues}" if cues else word)
    if ctx.source:
        parts.append(f'said by "{_t(mx.one_line(ctx.source))}"')
    return "; ".join(parts)


def _cue_line(cue: dict) -> str:
    """One cue of a unit and its reach, for the unit's listing."""
    who = f', speaker "{_t(mx.one_line(cue["speaker"]))}" at {cue["speaker_line"]}:{cue["speaker_column"]}' \
        if cue.get("speaker") else ""
    return (f"cue '{_t(mx.one_line(cue['text']))}' ({cue['kind']}, {cue['line']}:{cue['column']}{who}) "
            f'reaches "{_t(mx.one_line(cue["reach"]))}"')


def _by_part(matches: list[Match]) -> list[str]:
    parts: dict[str, list[str]] = {}
    for m in matches:
        parts.setdefault(_t(m.part or "?"), []).append(_describe(m))
    return [f"{part} → {', '.join(dict.fromkeys(ds))}" for part, ds in parts.items()]


def _wrap(text: str, indent: str, width: int = 100) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False) or [indent]


def explain_text(claim: Claim, article, data: dict, *, color: bool = False, applies: bool = True) -> str:
    result = data["result"]
    scope = data.get("scope", claim.scope)
    queries: dict = data.get("queries", {})
    units: list[dict] = data.get("units", [])
    lines: list[str] = []
    bold = lambda s: paint(s, "bold", color)  # noqa: E731

    lines.append(bold(f"{claim.id}: {_t(mx.one_line(claim.claim))}"))
    flags = [f"scope: {scope}", f"severity: {claim.severity}"]
    if claim.required:
        flags.append("required")
    if claim.context != "aware":
        flags.append(f"context: {claim.context}")
    if claim.certainty != "any":
        flags.append(f"certainty: {claim.certainty}")
    lines.append(f"  rule {_t(claim.file)}:{claim.line} · " + " · ".join(flags))
    title = f" — {_t(mx.one_line(article.title))}" if article.title else ""
    lines.append(f"  article {_t(article.path)} (id {_t(article.id)}, source {_t(article.source)}){title}")
    if not applies:
        lines.append(f"  note: the claim's sources ({_t(', '.join(claim.sources))}) do not include this "
                     "article; `run` and `check` skip it. Explained anyway:")
    lines.append("")
    lines.append("Queries:")
    for key in KEY_ORDER:
        if key in queries:
            lines.append(f"  {key:<11}{_t(mx.one_line(queries[key]))}   — a unit that matches it {KEY_MEANING[key]}")
    if "about" not in queries:
        lines.append(f"  (no 'about': every {scope} is in scope)")
    lines.append("")

    # Units, numbered in text order.
    in_scope = [u for u in units if u["evidence"].role == "in-scope"]
    numbered = {id(u): i + 1 for i, u in enumerate(units)}
    if not units:
        lines.append(f"No {scope} of the article matches any of the queries.")
    else:
        lines.append(f"Units ({scope}s) that any query matches, matched words marked "
                     f"{'in reverse video' if color else OPEN + 'like this' + CLOSE}:")
    origin = getattr(article, "origin", None)
    for u in units:
        ev: Evidence = u["evidence"]
        n = numbered[id(u)]
        all_matches = [m for k in KEY_ORDER for m in u["matches"].get(k, ())]
        status = "in scope" if ev.role == "in-scope" else "out of scope (does not match 'about')"
        lines.append("")
        lines.append(f"  [{n}] line {ev.line}, column {ev.column} — {status}")
        lines.extend(_wrap(mark(mx.unit_text(ev, origin), ev.start, all_matches, color), "      "))
        for key in KEY_ORDER:
            if key not in u["matched"]:
                continue
            ok = u["matched"][key]
            parts = _by_part(list(u["matches"].get(key, ())))
            verdict = "matches" if ok else "does not match"
            detail = f": {'; '.join(parts)}" if parts else ""
            if key == "expect" and u.get("denied"):
                verdict = "matches only through negated matches"
            elif not ok and parts:
                detail = f" (only some parts matched: {'; '.join(parts)})"
            lines.append(f"      {key:<11}{verdict}{detail}")
        for cue in u.get("cues", ()):
            lines.extend(_wrap(_cue_line(cue), "      ", 100))
    lines.append("")

    # Why the verdict follows (SPEC §3).
    def nums(us) -> str:
        return ", ".join(f"[{numbered[id(u)]}]" for u in us)

    def verb(us, one: str, many: str) -> str:
        return one if len(us) == 1 else many

    verdict = result.verdict
    lines.append(bold(f"Verdict: {verdict}") + (f" — {_t(result.message)}" if result.message else ""))
    why: list[str] = []
    has_about = "about" in queries
    scope_word = f"{scope}s"
    if verdict == "error":
        why.append(f"The claim could not be evaluated on this article: {_t(result.message)}.")
    elif "forbid" in queries:
        hits = [u for u in in_scope if u["matched"].get("forbid")]
        if hits:
            why.append(f"In-scope {verb(hits, 'unit', 'units')} {nums(hits)} {verb(hits, 'matches', 'match')} 'forbid', so the claim fails.")
        else:
            why.append("No in-scope unit matches 'forbid', so the claim passes.")
    else:
        if has_about:
            if in_scope:
                why.append(f"{len(in_scope)} {scope if len(in_scope) == 1 else scope_word} "
                           f"{verb(in_scope, 'matches', 'match')} 'about' and {verb(in_scope, 'is', 'are')} in scope: {nums(in_scope)}.")
            else:
                why.append(f"No {scope} matches 'about', so nothing in the article is on the topic.")
        supporting = [u for u in in_scope if u["matched"].get("expect")]
        refuting = [u for u in in_scope if u["matched"].get("contradict") and not u["matched"].get("expect")]
        denying = [u for u in in_scope if u.get("denied") and u not in refuting]
        both = [u for u in in_scope if u["matched"].get("contradict") and u["matched"].get("expect")]
        outside = [u for u in units if u["evidence"].role != "in-scope"
                   and (u["matched"].get("expect") or u["matched"].get("contradict"))]
        if supporting:
            why.append(f"Supporting: {nums(supporting)} {verb(supporting, 'matches', 'match')} 'expect'.")
        if both:
            why.append(f"{nums(both)} {verb(both, 'matches', 'match')} 'contradict' too, but a unit that matches 'expect' never refutes.")
        if refuting:
            why.append(f"Refuting: {nums(refuting)} {verb(refuting, 'matches', 'match')} 'contradict' and not 'expect'.")
        if denying:
            why.append(f"Denying: {nums(denying)} {verb(denying, 'matches', 'match')} 'expect' only through "
                       "negated matches: the article says the opposite of the claim there, which refutes it.")
        if outside:
            why.append(f"{nums(outside)} {verb(outside, 'matches', 'match')} 'expect' or 'contradict' but "
                       f"{verb(outside, 'is', 'are')} not on the topic (no 'about' match), so "
                       f"{verb(outside, 'it does', 'they do')} not count.")
        contextual = any(m.context is not None and (m.context.negated or m.context.hedged or m.context.source)
                         for u in in_scope for ms in u["matches"].values() for m in ms)
        if data.get("context") == "aware" and contextual:
            why.append("Negated matches never support or refute (SPEC §8); hedged and attributed ones count as "
                       + ("nothing (certainty: stated)." if data.get("certainty") == "stated" else "stated."))
        if verdict == "fail":
            why.append("A refuting unit makes the claim fail, whatever else the article says.")
        elif verdict == "pass":
            why.append("No unit refutes the claim and at least one states it, so it passes.")
        elif verdict == "missing":
            why.append("No in-scope unit states or refutes the claim, so it is missing"
                       + (" — and it is required, so `claimcheck check` fails." if claim.required else "."))
    if result.expected:
        if result.known:
            why.append(f"'{verdict}' is the accepted (known) verdict for this article: it never fails the gate.")
        else:
            why.append(f"The accepted (known) verdict for this article is '{result.expected}', "
                       f"but it now gets '{verdict}'.")
    for w in why:
        lines.extend(_wrap(w, "  "))
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from ..engine import applies_to, compile_claim, explain
    from ..pipeline import DEFAULT_RULES, load_inputs
    from ..text import analyze

    rule_paths = list(args.rules or [DEFAULT_RULES])
    rules, articles, errors = load_inputs(rule_paths, [args.article])
    claim = _find_claim(rules.claims, args.claim_id, rule_paths)
    if print_errors(errors):
        return 2
    if not articles:
        raise CheckError("no article found", file=args.article)
    compiled = compile_claim(claim)
    color = use_color(sys.stdout)
    out = []
    for article in articles:
        data = explain(compiled, analyze(article))
        out.append(explain_text(claim, article, data, color=color, applies=applies_to(claim, article)))
    sys.stdout.write("\n".join(out))
    return 0
