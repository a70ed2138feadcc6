"""Find, read and validate rule files (contract §2).

* :func:`find_rule_files` — the ``*.yaml`` / ``*.yml`` files under the given
  paths (directories recursively, sorted; hidden files and directories
  skipped).
* :func:`load_rules` — a :class:`~checker.models.RuleSet`, or the first
  :class:`CheckError` (in path order, then position in the file).
* :func:`lint_rules` — every error that can be found, for ``claimcheck lint``.

Loading never constructs or executes anything a file names: see
:mod:`checker.rules.yamlpos`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Sequence

from checker.errors import CheckError
from checker.files import read_utf8
from checker.models import RuleSet, Story

if TYPE_CHECKING:
    from checker.rules.validate import Seen
    from checker.rules.yamlpos import Source

# The YAML reader and the validator are imported when a file is read, not
# before: finding the rule files (what the compiled-rule cache needs) stays light.

__all__ = ["find_rule_files", "load_rules", "lint_rules", "load_rule_file"]

RULE_EXTENSIONS = (".yaml", ".yml")


def _find(paths, errors: list[CheckError]) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.normcase(os.path.realpath(path))
        if key not in seen:
            seen.add(key)
            found.append(path)

    for given in paths:
        path = os.fspath(given)
        if os.path.isdir(path):
            here: list[str] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.startswith(".") or not name.lower().endswith(RULE_EXTENSIONS):
                        continue
                    here.append(os.path.join(root, name))
            for p in sorted(here):
                add(p)
        elif os.path.isfile(path):
            if not path.lower().endswith(RULE_EXTENSIONS):
                errors.append(CheckError("not a rule file", path,
                                         hint="rule files end in .yaml or .yml"))
                continue
            add(path)
        else:
            errors.append(CheckError("no such file or directory", path))
    return found


def find_rule_files(paths: Sequence[str | os.PathLike] | str | os.PathLike) -> list[str]:
    """Rule files under ``paths``: directories searched recursively (sorted),
    files taken as given (they must end in ``.yaml`` or ``.yml``).

    Raises :class:`CheckError` for a missing path or a named non-YAML file.
    """
    errors: list[CheckError] = []
    found = _find(paths, errors)
    if errors:
        raise errors[0]
    return found


def _read(path: str) -> Source:
    from checker.rules.yamlpos import Source

    return Source(path, read_utf8(path, "rule file"))


def _sort(errors: list[CheckError]) -> list[CheckError]:
    return sorted(errors, key=lambda e: (e.line or 0, e.column or 0))


def _check_file(path: str, seen: Seen) -> tuple[Story | None, list[CheckError]]:
    from checker.rules.validate import FileValidator
    from checker.rules.yamlpos import parse_yaml

    try:
        src = _read(path)
        root = parse_yaml(src)
    except CheckError as exc:
        return None, [exc]
    validator = FileValidator(src, seen)
    story = validator.story(root)
    return story, _sort(validator.errors)


def load_rule_file(path: str | os.PathLike) -> Story:
    """One rule file as a :class:`Story` (ids checked within the file only)."""
    from checker.rules.validate import Seen

    story, errors = _check_file(os.fspath(path), Seen())
    if errors:
        raise errors[0]
    assert story is not None
    return story


def _no_files(paths) -> CheckError:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    where = ", ".join(os.fspath(p) for p in paths) or "."
    return CheckError("no rule files found", where, hint="rule files end in .yaml or .yml")


def load_rules(paths: Sequence[str | os.PathLike]) -> RuleSet:
    """Load every rule file under ``paths``; raise the first :class:`CheckError`.

    Errors come in path order, and within a file in position order.  Claim
    ids must be unique over all the files.
    """
    files = find_rule_files(paths)
    if not files:
        raise _no_files(paths)
    from checker.rules.validate import Seen

    seen = Seen()
    stories: list[Story] = []
    for path in files:
        story, errors = _check_file(path, seen)
        if errors:
            raise errors[0]
        assert story is not None
        stories.append(story)
    return RuleSet(tuple(stories))


def lint_rules(paths: Sequence[str | os.PathLike]) -> tuple[RuleSet | None, list[CheckError]]:
    """Validate every rule file under ``paths`` and collect all errors.

    Returns ``(ruleset, errors)``.  ``ruleset`` holds the stories of the files
    that are valid (so their examples can still be run); it is ``None`` only
    when no file could be loaded at all.  A file with a YAML-level problem
    (syntax, tag, anchor, encoding) reports that one error; a file that parses
    reports every validation error found in it.
    """
    errors: list[CheckError] = []
    files = _find(paths, errors)
    if not files and not errors:
        errors.append(_no_files(paths))
    from checker.rules.validate import Seen

    seen = Seen()
    stories: list[Story] = []
    for path in files:
        story, file_errors = _check_file(path, seen)
        errors.extend(file_errors)
        if story is not None:
            stories.append(story)
    if not stories:
        return None, errors
    return RuleSet(tuple(stories)), errors
