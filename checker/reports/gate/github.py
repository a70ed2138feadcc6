"""``claimcheck check --format github``: GitHub Actions workflow commands,
one per problem, which the runner turns into annotations on the pull
request's files::

    ::error file=copy/a.md,line=3,col=57,endLine=3,endColumn=61,title=claimcheck%3A ghouta-toll::says "1,000", ...

* the level is the claim's severity (``info`` → ``notice``); an accepted
  (``known``) problem, listed only with ``--show-known``, is a ``notice``;
* ``endColumn`` is the column of the last character of the words (GitHub
  takes it only when the words end on their first line);
* the message is escaped as the runner unescapes it (``%``, ``\\r``, ``\\n``),
  properties also ``:`` and ``,``; characters a log viewer would act on are
  written as visible escapes first.  The second line of the message is the
  claim's ``note``, when it has one;
* bad input (a rule file or article that cannot be read) is an ``error``
  annotation at its location, so a broken rule file shows in the pull request.
"""

from __future__ import annotations

import os

from ...errors import CheckError
from ...problems import Problem, located_in_file
from ..color import terminal_safe
from . import GateReport, workspace_path

SUMMARY = True
LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A message as the runner reads it back (``%`` first, so escapes stay whole)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: the message escapes, and ``:`` and ``,``, which end
    the command's name and separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: object) -> str:
    """One workflow command line, ``::LEVEL k=v,...::MESSAGE`` (properties
    that are ``None`` left out)."""
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


def _problem(p: Problem, in_file: bool, note: str | None, cwd: str) -> str:
    message = terminal_safe(p.message)
    if not in_file:  # a .jsonl article: its lines count inside its own text
        message = f"{terminal_safe(p.article)}:{p.line}:{p.column}: {message}"
    if note:
        message += "\n" + terminal_safe(note)
    where: dict[str, object] = {"file": workspace_path(p.path, cwd) or os.path.abspath(p.path)}
    if in_file:
        where.update(line=p.line, col=p.column)
        if p.end_line is not None and p.end_column is not None:
            where["endLine"] = p.end_line
            if p.end_line == p.line:
                where["endColumn"] = max(p.column, p.end_column - 1)
    level = "notice" if p.known else LEVELS.get(p.severity, "warning")
    return command(level, message, **where, title=f"claimcheck: {p.claim}")


def _error(err: CheckError, cwd: str) -> str:
    message = terminal_safe(err.message + (f" ({err.hint})" if err.hint else ""))
    file = (workspace_path(err.file, cwd) or os.path.abspath(err.file)) if err.file else None
    return command("error", message, file=file, line=err.line, col=err.column, title="claimcheck: bad input")


def render(report: GateReport, cwd: str | None = None) -> str:
    cwd = os.path.abspath(cwd or os.getcwd())
    run = report.run
    articles = {a.id: a for a in run.articles} if run is not None else {}
    notes = {c.id: c.note for c in run.claims} if run is not None else {}
    lines = [_error(e, cwd) for e in report.errors]
    for p in report.shown:
        article = articles.get(p.article)
        lines.append(_problem(p, article is None or located_in_file(article), notes.get(p.claim), cwd))
    return "".join(line + "\n" for line in lines)
