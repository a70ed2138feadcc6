"""The text of a YAML file with positions, and the tree :func:`~checker.rules.yamlpos.parse_yaml` builds.

Every node keeps the start and end character index of its source text in
:attr:`Source.text`; :meth:`Source.position` turns an index into the 1-based
line and column an editor shows, and :meth:`Source.error` into a located
:class:`CheckError`.  Scalars stay strings.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from checker.errors import CheckError
from checker.files import clean_text

NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class Source:
    """A rule file's text with index → (line, column) conversion (1-based).

    The text is normalised before parsing: a leading BOM is dropped and
    ``\\r\\n`` / ``\\r`` become ``\\n``.  Neither changes any line or column an
    editor shows, and ruamel's indices then match ours exactly.
    """

    def __init__(self, file: str, raw_text: str, first_line: int = 1) -> None:
        text = raw_text[1:] if raw_text.startswith("\ufeff") else raw_text
        text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
        self.file = clean_text(file)
        self.text = text
        self.first_line = first_line  # the file line of the text's first line (front matter)
        self._starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self._starts.append(i + 1)

    def position(self, index: int) -> tuple[int, int]:
        index = max(0, min(index, len(self.text)))
        line = bisect.bisect_right(self._starts, index) - 1
        return line + self.first_line, index - self._starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of 1-based file ``line`` without its line break."""
        line -= self.first_line - 1
        if line < 1 or line > len(self._starts):
            return ""
        start = self._starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]

    def error(self, message: str, index: int, hint: str | None = None) -> CheckError:
        """A :class:`CheckError` at ``index`` with the file line as excerpt."""
        line, column = self.position(index)
        return CheckError(
            message,
            self.file,
            line,
            column,
            hint=hint,
            source_line=self.line_text(line),
            caret=column - 1,
        )


# --------------------------------------------------------------------------
# The tree
# --------------------------------------------------------------------------


@dataclass(eq=False)
class YNode:
    start: int  # character index in Source.text of the node's first character
    end: int
    # an explicit tag (``!!str``, ``!x``): only ever kept by ``parse_yaml(plain=False)``
    tag: str | None = field(default=None, kw_only=True)


@dataclass(eq=False)
class YScalar(YNode):
    value: str = ""
    style: str | None = None  # None (plain), "'", '"', "|", ">"

    @property
    def is_null(self) -> bool:
        return self.style is None and self.value in NULLS

    @property
    def kind(self) -> str:
        return "text"


@dataclass(eq=False)
class YMap(YNode):
    pairs: list[tuple[YNode, YNode]] = field(default_factory=list)
    flow: bool = False

    @property
    def kind(self) -> str:
        return "mapping"


@dataclass(eq=False)
class YAlias(YNode):
    """``*name``: only kept by ``parse_yaml(plain=False)``, and never expanded."""

    name: str = ""

    @property
    def kind(self) -> str:
        return "alias"


@dataclass(eq=False)
class YSeq(YNode):
    items: list[YNode] = field(default_factory=list)
    flow: bool = False

    @property
    def kind(self) -> str:
        return "list"

