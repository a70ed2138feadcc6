"""The formats of ``claimcheck check``: one module per format.

:data:`FORMATS` maps a ``--format`` name to the module that renders it; a
module is imported only when its format is asked for.  Each module has

* ``render(report: GateReport) -> str``: everything for standard output,
  built whole before anything is written;
* ``SUMMARY``: whether the one-line summary goes to standard error too.

A new format is a new module and one entry here.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from ...errors import CheckError

if TYPE_CHECKING:  # (the command line reads FORMATS without importing the pipeline)
    from ...models import RunResult
    from ...problems import Problem

FORMATS: dict[str, str] = {
    "text": "text",  # PATH:LINE:COL: SEVERITY: CLAIM-ID: message
    "json": "json",  # claimcheck/check@1
    "sarif": "sarif",  # SARIF 2.1.0, for code scanning
    "github": "github",  # GitHub Actions workflow commands (annotations)
}


def get(name: str) -> ModuleType:
    """The module that renders format ``name`` (a key of :data:`FORMATS`)."""
    return importlib.import_module(f"{__name__}.{FORMATS[name]}")


# A NamedTuple, not a dataclass: the class is created at every start of the gate, ~0.07 ms
# as a NamedTuple, ~0.45 ms as a frozen dataclass (docs/design.md, "The gate").
class GateReport(NamedTuple):
    """What a format renders: the run, its problems (sorted by place) and
    the gate's exit code.  ``run`` is ``None`` when the rules could not be
    loaded: ``failure`` is then the error that stopped the gate."""

    run: RunResult | None
    problems: tuple[Problem, ...]
    code: int
    show_known: bool = False
    color: bool = False
    failure: CheckError | None = None

    @property
    def shown(self) -> list[Problem]:
        """The problems listed to a reader: accepted (known) ones only with
        ``--show-known``."""
        return [p for p in self.problems if self.show_known or not p.known]

    @property
    def errors(self) -> tuple[CheckError, ...]:
        """The located errors of bad input (rules that could not be loaded,
        articles that could not be read)."""
        if self.failure is not None:
            return (self.failure,)
        return tuple(e for e in self.run.errors if isinstance(e, CheckError)) if self.run else ()


def summary(report: GateReport) -> str | None:
    """``claimcheck: 3 article(s), 29 claim(s): 2 problem(s), 1 blocking``
    (``None`` when the rules could not be loaded: their error says it all)."""
    if report.run is None:
        return None
    problems = report.problems
    blocking = sum(1 for p in problems if p.blocking)
    known = sum(1 for p in problems if p.known)
    text = f"claimcheck: {len(report.run.articles)} article(s), {len(report.run.claims)} claim(s): "
    if not problems:
        return text + "no problems"
    text += f"{len(problems) - known} problem(s), {blocking} blocking"
    if known:
        text += f", {known} known (accepted)"
    return text


def workspace_path(path: str, cwd: str) -> str | None:
    """``path`` relative to the working directory ``cwd`` (``/``-separated),
    as code hosts want it (the repository root is the working directory of a
    CI job); ``None`` when it lies outside."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:  # another drive
        return None
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return None
    return rel.replace(os.sep, "/")


def evidence_dicts(problem: Problem) -> list[dict]:
    """The problem's evidence as the JSON results (SPEC §6) write evidence."""
    from ..json import _evidence  # the one serialisation of evidence

    return [_evidence(ev) for ev in problem.evidence]


def problem_dict(problem: Problem, evidence: list[dict] | None = None) -> dict:
    """A problem as JSON data: its fields, the evidence as in the results.
    The fields are copied as they are (a deep copy, as ``dataclasses.asdict``
    made, was 8x slower: measured by the service, which answers a problem
    list per keystroke pause).  ``evidence``: the dicts of its evidence when
    the caller holds them already (the service, from the results it answers
    with: the same units, serialised once)."""
    out = problem._asdict()
    out["evidence"] = evidence_dicts(problem) if evidence is None else evidence
    return out
