"""``claimcheck check --format sarif``: one SARIF 2.1.0 log, for code scanning
(GitHub, GitLab, Azure DevOps, reviewdog, the SARIF viewers of editors).

* one ``rule`` (reporting descriptor) per claim: its id, the claim sentence
  as ``shortDescription``, the note as ``fullDescription``, the queries as
  ``help``, the severity as ``defaultConfiguration.level`` (``info`` →
  ``note``), and the rule file, line and story in ``properties``;
* one ``result`` per problem: the artifact URI relative to the working
  directory (``uriBaseId`` ``%SRCROOT%``), the region from the start of the
  words to just after them (``endLine``/``endColumn``, columns counted in
  Unicode code points, ``columnKind``), the verdict, article and evidence in
  ``properties``, and a ``partialFingerprints`` entry that does not change
  when lines move, so code scanning follows a problem across commits;
* accepted (``known``) problems are results with an ``accepted``
  suppression, as SARIF says, so they never raise an alert;
* bad input (a rule file or an article that cannot be read) becomes a
  located notification of the invocation, which is then not successful.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

from ... import __version__
from ...errors import CheckError
from ...problems import Problem, located_in_file
from . import GateReport, evidence_dicts, workspace_path

SUMMARY = True
SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"
FINGERPRINT = "claimcheck/v1"


def artifact_location(path: str, cwd: str) -> dict:
    """A path as SARIF wants it: a relative URI against ``%SRCROOT%`` (the
    working directory) when it lies beneath it, else an absolute ``file:`` URI."""
    rel = workspace_path(path, cwd)
    if rel is not None:
        return {"uri": quote(rel), "uriBaseId": SRCROOT}
    return {"uri": Path(os.path.abspath(path)).as_uri()}


def fingerprints(problems: list[Problem], cwd: str) -> list[str]:
    """A fingerprint per problem from what it is, never where it is: the
    claim, the verdict, the file, the words, and how many equal problems
    come before it in the file (lines and columns are left out, so an edit
    above the words keeps the fingerprint)."""
    seen: dict[tuple[str, ...], int] = {}
    out = []
    for p in problems:
        words = " ".join((p.text or "").split()).casefold()
        what = (p.claim, p.verdict, artifact_location(p.path, cwd)["uri"], words)
        n = seen[what] = seen.get(what, 0) + 1
        out.append(hashlib.sha256("\x00".join((*what, str(n))).encode("utf-8")).hexdigest()[:32])
    return out


def _rule(claim) -> dict:
    queries = [f"{k}: {getattr(claim, k).source}" for k in ("about", "expect", "contradict", "forbid")
               if getattr(claim, k) is not None]
    rule = {
        "id": claim.id,
        "shortDescription": {"text": claim.claim},
        "help": {"text": "\n".join([claim.claim, *queries])},
        "defaultConfiguration": {"level": LEVELS.get(claim.severity, "warning")},
        "properties": {"file": claim.file, "line": claim.line, "column": claim.column, "story": claim.story,
                       "scope": claim.scope, "required": claim.required, "tags": ["claimcheck", claim.story]},
    }
    if claim.note:
        rule["fullDescription"] = {"text": claim.note}
    return rule


def _region(p: Problem) -> dict:
    region = {"startLine": p.line, "startColumn": p.column}
    if p.end_line is not None and p.end_column is not None:
        region.update(endLine=p.end_line, endColumn=p.end_column)
    if p.text:
        region["snippet"] = {"text": p.text}
    return region


def _result(p: Problem, rule_index: dict[str, int], source: str | None, in_file: bool, fingerprint: str,
            cwd: str) -> dict:
    location = {"artifactLocation": artifact_location(p.path, cwd)}
    if in_file:  # lines of a .jsonl article count inside its text: the file, not a line of it
        location["region"] = _region(p)
    result = {
        "ruleId": p.claim,
        "level": LEVELS.get(p.severity, "warning"),
        "message": {"text": p.message},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {FINGERPRINT: fingerprint},
        "properties": {
            "verdict": p.verdict, "article": p.article, "source": source, "known": p.known, "blocking": p.blocking,
            "line": p.line, "column": p.column, "start": p.start, "end": p.end,
            "evidence": evidence_dicts(p),
        },
    }
    if p.claim in rule_index:
        result["ruleIndex"] = rule_index[p.claim]
    if p.known:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": "an accepted (known) verdict of the rule file"}]
    return result


def _notification(err: CheckError, cwd: str) -> dict:
    message = err.message + (f" ({err.hint})" if err.hint else "")
    out: dict = {"level": "error", "message": {"text": message}}
    if err.file:
        location: dict = {"artifactLocation": artifact_location(err.file, cwd)}
        if err.line:
            location["region"] = {"startLine": err.line, **({"startColumn": err.column} if err.column else {})}
        out["locations"] = [{"physicalLocation": location}]
    return out


def to_log(report: GateReport, cwd: str | None = None) -> dict:
    """The SARIF log of a gate, as a JSON-ready dict."""
    cwd = os.path.abspath(cwd or os.getcwd())
    run = report.run
    claims = run.claims if run is not None else ()
    articles = {a.id: a for a in run.articles} if run is not None else {}
    rule_index = {c.id: i for i, c in enumerate(claims)}
    problems = list(report.problems)
    marks = fingerprints(problems, cwd)
    results = []
    for p, mark in zip(problems, marks):
        article = articles.get(p.article)
        results.append(_result(p, rule_index, article.source if article else None,
                               article is None or located_in_file(article), mark, cwd))
    invocation: dict = {"executionSuccessful": report.code != 2, "exitCode": report.code}
    notes = [_notification(e, cwd) for e in report.errors]
    if notes:
        key = "toolConfigurationNotifications" if report.failure is not None else "toolExecutionNotifications"
        invocation[key] = notes
    artifacts = []
    for path in dict.fromkeys(a.path for a in articles.values()):
        artifacts.append({"location": artifact_location(path, cwd), "roles": ["analysisTarget"]})
    sarif_run: dict = {
        "tool": {"driver": {"name": "claimcheck", "version": __version__, "semanticVersion": __version__,
                            "rules": [_rule(c) for c in claims]}},
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": Path(cwd).as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [sarif_run]}


def render(report: GateReport) -> str:
    return json.dumps(to_log(report), ensure_ascii=False, indent=2) + "\n"
