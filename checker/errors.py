"""The one error type of claimcheck: a message located in a file.

Every problem a user can cause (a bad rule file, a broken query, an unreadable
article, a bad command line) is a :class:`CheckError`.  It prints as
``FILE:LINE:COL: message`` (the form editors, compilers and CI understand),
optionally followed by the offending source line with a caret under the
column, and a hint.  Printed, it is terminal-safe: a control character or
escape sequence from a file's name or text shows as ``\x1b`` (the
message itself, and :meth:`CheckError.to_dict`, keep the text exact).
"""

from __future__ import annotations


class CheckError(Exception):
    """A user-facing error with a location.

    ``line`` and ``column`` are 1-based.  ``offset`` is used while a query is
    being parsed, before its position in the rule file is known: it is the
    0-based character offset inside the query string, and the rule loader
    turns it into ``line``/``column`` of the file with :meth:`located`.
    """

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        *,
        hint: str | None = None,
        source_line: str | None = None,
        caret: int | None = None,
        offset: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint
        self.source_line = source_line
        self.caret = caret
        self.offset = offset

    def located(
        self,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        *,
        prefix: str | None = None,
        source_line: str | None = None,
        caret: int | None = None,
    ) -> "CheckError":
        """A copy of this error placed at ``file:line:column``."""
        message = f"{prefix}{self.message}" if prefix else self.message
        return CheckError(
            message,
            file if file is not None else self.file,
            line if line is not None else self.line,
            column if column is not None else self.column,
            hint=self.hint,
            source_line=source_line if source_line is not None else self.source_line,
            caret=caret if caret is not None else self.caret,
            offset=self.offset,
        )

    @property
    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        from .reports.color import terminal_safe  # the one home of terminal-safe text

        text = terminal_safe(f"{self.location}: {self.message}" + (f" ({self.hint})" if self.hint else ""))
        if self.source_line is not None and self.caret is not None:
            line = self.source_line.rstrip("\n")
            # the caret moves with the escapes before it (\x1b is four columns)
            text += "\n    " + terminal_safe(line)
            text += "\n    " + " " * len(terminal_safe(line[:self.caret])) + "^"
        return text

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }
