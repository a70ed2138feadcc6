"""A query string in a rule file: parsed by the query grammar, its errors located in the file.

A query's errors point at the character inside the query, which may be
quoted, escaped or folded over lines in the YAML (:func:`scalar_index_map`);
an ``@entity`` it names must be defined under ``entities:``.
"""

from __future__ import annotations

from checker.errors import CheckError
from checker.models import Query
from checker.rules.yamlpos import YNode, YScalar, scalar_index_map

from .values import ValueChecks, did_you_mean


class QueryChecks(ValueChecks):
    """The checks of a query value: grammar, entity names, positions in the file."""

    def _query_position(self, node: YScalar, offset: int) -> tuple[int, int]:
        """1-based file position of the character at ``offset`` of the query."""
        mapping = scalar_index_map(self.src.text, node)
        if mapping is None:
            return self.pos(node)
        value = node.value
        offset = max(0, min(offset, len(value)))
        if offset >= len(value.rstrip("\n")):  # past the end: just after the last character
            offset = len(value.rstrip("\n"))
        return self.src.position(mapping[offset])

    def query(self, key: str, node: YNode, entity_names: list[str]) -> Query | None:
        from checker.rules.query import grammar

        if not isinstance(node, YScalar):
            self.error(f"'{key}' must be a query string, not a {node.kind}", node,
                       "quote the query if it starts with '[' or '{'")
            return None
        if node.is_null:
            self.error(f"'{key}' has no value", node, "give it a query, or remove the key")
            return None
        source = node.value
        try:
            parsed = grammar.parse_query(source)
        except CheckError as exc:
            offset = exc.offset if exc.offset is not None else 0
            line, col = self._query_position(node, offset)
            self.errors.append(exc.located(self.file, line, col, prefix=f"in '{key}': "))
            return None
        ok = True
        for ref in grammar.entity_refs(parsed):
            if ref.name in entity_names:
                continue
            ok = False
            written = source[ref.pos + 1 : ref.end] or ref.name
            line, col = self._query_position(node, ref.pos)
            if entity_names:
                hint = did_you_mean(written, entity_names, prefix="@") or (
                    "defined entities: " + ", ".join("@" + n for n in entity_names))
            else:
                hint = "define it under 'entities:' at the top of the file"
            start = source.rfind("\n", 0, ref.pos) + 1
            stop = source.find("\n", ref.pos)
            self.errors.append(CheckError(
                f"in '{key}': undefined entity '@{written}'", self.file, line, col, hint=hint,
                source_line=source[start: stop if stop >= 0 else len(source)], caret=ref.pos - start,
            ))
        if not ok:
            return None
        line, col = self._query_position(node, 0)
        return Query(source=source, node=parsed, key=key, file=self.file, line=line, column=col)
