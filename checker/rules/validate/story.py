"""A rule file's tree validated into a :class:`~checker.models.Story`: the story and its claims.

The keys a rule file, its ``defaults``, a claim and an example may hold are
listed here; :class:`FileValidator` reads each and builds the
:class:`~checker.models.Claim` s, collecting every error it finds.
"""

from __future__ import annotations

import re

from checker.models import CERTAINTIES, READINGS, SCOPES, SEVERITIES, VERDICTS, Claim, Example, Query, Story
from checker.rules.yamlpos import YMap, YNode, YScalar, YSeq

from .queries import QueryChecks

TOP_KEYS = ("story", "title", "entities", "defaults", "claims")
DEFAULT_KEYS = ("scope", "severity", "required", "sources", "context", "certainty")
CLAIM_KEYS = (
    "id", "claim", "about", "expect", "contradict", "forbid", "scope", "severity",
    "required", "sources", "known", "note", "examples", "context", "certainty",
)
EXAMPLE_KEYS = ("text", "verdict")
QUERY_KEYS = ("about", "expect", "contradict", "forbid")
EXAMPLE_VERDICTS = ("pass", "fail", "missing")

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
ENTITY_NAME = re.compile(r"[A-Za-z0-9_-]+\Z")  # what the query grammar accepts after '@'

_SLUG_HINT = "use lower-case letters, digits and '-', starting with a letter or digit"


def _slug_suggestion(value: str) -> str | None:
    s = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return f"did you mean '{s}'? {_SLUG_HINT}" if s and SLUG.match(s) and s != value else None


class FileValidator(QueryChecks):
    """Validates one rule file (``story``), collecting every error in ``errors``."""

    # ---- the file --------------------------------------------------------

    def story(self, root: YNode | None) -> Story | None:
        if root is None:
            self.error("empty rule file", 0, "a rule file needs 'story:' and 'claims:'")
            return None
        if not isinstance(root, YMap):
            self.error(
                f"a rule file must be a mapping with 'story' and 'claims', not a {root.kind}",
                root, "start the file with 'story: my-story' and 'claims:'",
            )
            return None
        top = self.keys(root, TOP_KEYS, "the rule file", {k: f"'{k}' belongs to a claim, under 'claims:'"
                                                          for k in CLAIM_KEYS if k not in TOP_KEYS})

        slug = None
        if "story" not in top:
            self.error("missing required key 'story'", root, "add 'story: my-story-slug' at the top")
        else:
            slug = self.text("story", top["story"][1], what="a slug")
            if slug is not None and not SLUG.match(slug):
                self.error(f"invalid story slug '{slug}'", top["story"][1], _slug_suggestion(slug) or _SLUG_HINT)
                slug = None

        title = None
        if "title" in top:
            title = self.text("title", top["title"][1])

        entities: tuple[tuple[str, tuple[str, ...]], ...] = ()
        if "entities" in top:
            entities = self.entities(top["entities"][1])

        defaults: dict = {}
        if "defaults" in top:
            defaults = self.defaults(top["defaults"][1])

        claims: list[Claim] = []
        if "claims" not in top:
            self.error("missing required key 'claims'", root, "add 'claims:' with a list of claims")
        else:
            node = top["claims"][1]
            if not isinstance(node, YSeq):
                self.error("'claims' must be a list of claims", node, "start each claim with '- id: ...'")
            elif not node.items:
                self.error("'claims' must list at least one claim", node)
            else:
                for item in node.items:
                    claim = self.claim(item, slug or "", entities, defaults)
                    if claim is not None:
                        claims.append(claim)
        if self.errors:
            return None
        return Story(slug=slug or "", file=self.file, claims=tuple(claims), title=title, entities=entities)

    def entities(self, node: YNode) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if not isinstance(node, YMap):
            self.error("'entities' must be a mapping of names to alias lists", node,
                       "e.g. maher: [\"Maher al-Assad\", \"Maher\"]")
            return ()
        out: dict[str, tuple[str, ...]] = {}
        where: dict[str, YScalar] = {}
        for key, value in node.pairs:
            if not isinstance(key, YScalar) or key.is_null:
                self.error("invalid entity name", key, "names use letters, digits, '_' and '-'")
                continue
            name = key.value
            if not ENTITY_NAME.match(name):
                self.error(f"invalid entity name '{name}'", key, "names use letters, digits, '_' and '-'")
                continue
            folded = name.lower()  # '@Maher' and '@maher' are the same reference
            if folded in where:
                line, col = self.pos(where[folded])
                self.error(f"duplicate key '{name}'" if name == where[folded].value
                           else f"duplicate entity '{name}'", key,
                           f"'{where[folded].value}' is already defined at line {line}:{col}")
                continue
            where[folded] = key
            aliases: list[str] = []
            if isinstance(value, YScalar):
                if value.is_null or not value.value.strip():
                    self.error(f"entity '{name}' has no aliases", value if not value.is_null else key,
                               "give a list of names, e.g. [\"Maher al-Assad\", \"Maher\"]")
                    continue
                aliases.append(value.value)
            elif isinstance(value, YSeq):
                if not value.items:
                    self.error(f"entity '{name}' has no aliases", value)
                    continue
                for item in value.items:
                    if not isinstance(item, YScalar) or item.is_null or not item.value.strip():
                        self.error(f"each alias of entity '{name}' must be non-empty text", item)
                        continue
                    aliases.append(item.value)
            else:
                self.error(f"entity '{name}' must be a list of aliases, not a {value.kind}", value)
                continue
            out[folded] = tuple(aliases)
        return tuple(out.items())

    def defaults(self, node: YNode) -> dict:
        if not isinstance(node, YMap):
            self.error("'defaults' must be a mapping", node, "e.g. defaults: {scope: sentence, severity: error}")
            return {}
        keys = self.keys(node, DEFAULT_KEYS, "'defaults'")
        out: dict = {}
        if "scope" in keys:
            out["scope"] = self.choice("scope", keys["scope"][1], SCOPES, "scope")
        if "severity" in keys:
            out["severity"] = self.choice("severity", keys["severity"][1], SEVERITIES, "severity")
        if "required" in keys:
            out["required"] = self.boolean("required", keys["required"][1])
        if "sources" in keys:
            out["sources"] = self.globs("sources", keys["sources"][1])
        out.update(self.reading(keys))
        return {k: v for k, v in out.items() if v is not None}

    def reading(self, keys: dict[str, tuple[YScalar, YNode]]) -> dict:
        """``context`` and ``certainty`` (SPEC §8), from a claim or ``defaults``."""
        out: dict = {}
        if "context" in keys:
            out["context"] = self.choice("context", keys["context"][1], READINGS, "context reading")
        if "certainty" in keys:
            out["certainty"] = self.choice("certainty", keys["certainty"][1], CERTAINTIES, "certainty")
        if out.get("context") == "literal" and out.get("certainty") == "stated":
            self.error("'certainty: stated' has no effect with 'context: literal'", keys["certainty"][0],
                       "'context: literal' reads every match as stated (SPEC §3); remove one of the two")
        return out

    # ---- claims ----------------------------------------------------------

    def claim(self, node: YNode, story: str, entities, defaults: dict) -> Claim | None:
        if not isinstance(node, YMap):
            self.error(f"each claim must be a mapping, not a {node.kind}", node,
                       "start a claim with '- id: my-claim' and give 'claim:' and 'expect:' or 'forbid:'")
            return None
        n_errors = len(self.errors)
        keys = self.keys(node, CLAIM_KEYS, "a claim", {
            "entities": "'entities' goes at the top of the file",
            "story": "'story' goes at the top of the file",
            "title": "'title' goes at the top of the file",
            "defaults": "'defaults' goes at the top of the file",
        })
        line, column = self.pos(node)

        cid = None
        if "id" not in keys:
            self.error("missing required key 'id'", node, "add 'id: my-claim', a slug unique over all rule files")
        else:
            knode = keys["id"][1]
            cid = self.text("id", knode, what="a slug")
            if cid is not None:
                if not SLUG.match(cid):
                    self.error(f"invalid claim id '{cid}'", knode, _slug_suggestion(cid) or _SLUG_HINT)
                    cid = None
                else:
                    first = self.seen.ids.get(cid)
                    if first is not None:
                        self.error(f"duplicate claim id '{cid}' (first defined at {first[0]}:{first[1]}:{first[2]})",
                                   knode, "claim ids must be unique over all rule files")
                        cid = None
                    else:
                        self.seen.ids[cid] = (self.file, *self.pos(knode))

        text = None
        if "claim" not in keys:
            self.error("missing required key 'claim'", node, "add 'claim:' with the editor's sentence")
        else:
            text = self.text("claim", keys["claim"][1])

        # expect / forbid / contradict
        has_expect, has_forbid = "expect" in keys, "forbid" in keys
        if has_expect and has_forbid:
            later = max(keys["expect"][0], keys["forbid"][0], key=lambda k: k.start)
            self.error("a claim has either 'expect' or 'forbid', not both", later,
                       "split it into two claims")
        elif not has_expect and not has_forbid:
            self.error("a claim needs 'expect' or 'forbid'", node,
                       "add 'expect:' with what supports the claim, or 'forbid:' with what must not be said")
        if "contradict" in keys and has_forbid and not has_expect:
            self.error("'contradict' goes with 'expect', not with 'forbid'", keys["contradict"][0],
                       "a 'forbid' claim fails on any match; remove 'contradict'")

        names = [name for name, _ in entities]
        queries: dict[str, Query | None] = {}
        for qkey in QUERY_KEYS:
            if qkey in keys:
                queries[qkey] = self.query(qkey, keys[qkey][1], names)

        settings: dict = dict(defaults)
        if "scope" in keys:
            settings["scope"] = self.choice("scope", keys["scope"][1], SCOPES, "scope")
        if "severity" in keys:
            settings["severity"] = self.choice("severity", keys["severity"][1], SEVERITIES, "severity")
        if "required" in keys:
            settings["required"] = self.boolean("required", keys["required"][1])
        if "sources" in keys:
            settings["sources"] = self.globs("sources", keys["sources"][1])
        settings.update(self.reading(keys))
        known: tuple[tuple[str, str], ...] = ()
        if "known" in keys:
            known = self.known(keys["known"][1])
        note = None
        if "note" in keys:
            note = self.text("note", keys["note"][1])
        examples: tuple[Example, ...] = ()
        if "examples" in keys:
            examples = self.examples(keys["examples"][1])

        if len(self.errors) > n_errors:
            return None
        return Claim(
            id=cid, claim=text, story=story, file=self.file, line=line, column=column,
            expect=queries.get("expect"), forbid=queries.get("forbid"),
            about=queries.get("about"), contradict=queries.get("contradict"),
            scope=settings.get("scope") or "sentence",
            severity=settings.get("severity") or "error",
            required=bool(settings.get("required", False)),
            sources=tuple(settings.get("sources") or ()),
            known=known, note=note, examples=examples, entities=tuple(entities),
            context=settings.get("context") or "aware", certainty=settings.get("certainty") or "any",
        )

    def known(self, node: YNode) -> tuple[tuple[str, str], ...]:
        if not isinstance(node, YMap):
            self.error("'known' must be a mapping of article id or source to verdict", node,
                       "e.g. known: {tabloid-c: fail}")
            return ()
        out: list[tuple[str, str]] = []
        seen: dict[str, YScalar] = {}
        for key, value in node.pairs:
            if not isinstance(key, YScalar) or key.is_null or not key.value.strip():
                self.error("each key of 'known' must be an article id, source or glob", key)
                continue
            if key.value in seen:
                line, col = self.pos(seen[key.value])
                self.error(f"duplicate key '{key.value}'", key, f"'{key.value}' is already set at line {line}:{col}")
                continue
            seen[key.value] = key
            verdict = self.choice(key.value, value, VERDICTS, "verdict")
            if verdict is not None:
                out.append((key.value, verdict))
        return tuple(out)

    def examples(self, node: YNode) -> tuple[Example, ...]:
        if not isinstance(node, YSeq):
            self.error("'examples' must be a list of {text, verdict}", node,
                       "e.g. - {text: \"The attack killed 1,400 people.\", verdict: pass}")
            return ()
        out: list[Example] = []
        for item in node.items:
            if not isinstance(item, YMap):
                self.error(f"each example must be a mapping with 'text' and 'verdict', not a {item.kind}", item,
                           "e.g. - {text: \"The attack killed 1,400 people.\", verdict: pass}")
                continue
            keys = self.keys(item, EXAMPLE_KEYS, "an example")
            text = verdict = None
            for k in EXAMPLE_KEYS:
                if k not in keys:
                    self.error(f"missing required key '{k}'", item,
                               "an example has 'text' and 'verdict': pass, fail or missing")
            if "text" in keys:
                text = self.text("text", keys["text"][1])
            if "verdict" in keys:
                verdict = self.choice("verdict", keys["verdict"][1], EXAMPLE_VERDICTS, "verdict")
            if text is not None and verdict is not None:
                line, col = self.pos(item)
                out.append(Example(text=text, verdict=verdict, line=line, column=col))
        return tuple(out)
