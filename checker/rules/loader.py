"""Find, read and validate rule files (contract §2).

* :func:`find_rule_files` — the ``*.yaml`` / ``*.yml`` files under the given
  paths (directories recursively, sorted; hidden files and directories
  skipped).
* :func:`load_rules` — a :class:`~checker.models.RuleSet`, or the first
  :class:`CheckError` (in path order, then position in the file).
* :func:`load_valid_rules` — the valid rule files, and the first error of
  each of the others: a broken rule file never loses the claims of the
  others (``run``, ``check``, ``explain``).
* :func:`lint_rules` — every error that can be found, for ``claimcheck lint``.

Loading never constructs or executes anything a file names: see
:mod:`checker.rules.yamlpos`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Sequence

from checker.errors import CheckError
from checker.files import clean_text, read_utf8, walk
from checker.limits import MAX_RULE_FILE_BYTES
from checker.models import RuleSet, Story

if TYPE_CHECKING:
    from checker.rules.validate import Seen
    from checker.rules.yamlpos import Source

# The YAML reader and the validator are imported when a file is read, not
# before: finding the rule files (what the compiled-rule cache needs) stays light.

__all__ = ["find_rule_files", "load_rules", "load_valid_rules", "lint_rules"]

RULE_EXTENSIONS = (".yaml", ".yml")


def _is_rule_file(name: str) -> bool:
    return name.lower().endswith(RULE_EXTENSIONS)


def _find(paths, errors: list[CheckError]) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found: list[str] = []
    seen: set[str] = set()
    seen_dirs: set[str] = set()

    def add(path: str) -> None:
        key = os.path.normcase(os.path.realpath(path))
        if key not in seen:
            seen.add(key)
            found.append(path)

    for given in paths:
        path = os.fspath(given)
        if os.path.isdir(path):
            for p in sorted(walk(path, _is_rule_file, errors, seen_dirs=seen_dirs)):
                add(p)
        elif not os.path.lexists(path):
            errors.append(CheckError("no such file or directory", clean_text(path)))
        elif not _is_rule_file(path):
            errors.append(CheckError("not a rule file", clean_text(path),
                                     hint="rule files end in .yaml or .yml"))
        else:
            add(path)  # a FIFO, a device or a broken link is reported when read
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
    """The rule file's text, within its size and nesting bounds (checked
    before any YAML scanner sees it)."""
    from checker.rules.yamlpos import Source, check_bounds

    src = Source(path, read_utf8(path, "rule file", MAX_RULE_FILE_BYTES))
    check_bounds(src, "rule file", MAX_RULE_FILE_BYTES)
    return src


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


def load_valid_rules(paths: Sequence[str | os.PathLike]) -> tuple[RuleSet, list[CheckError]]:
    """The rule files under ``paths`` that are valid, and one error for each
    that is not (a missing path, a FIFO, a YAML or schema error…).

    Raises the first :class:`CheckError` only when no rule file is valid.
    """
    rules, errors = lint_rules(paths)
    if rules is None:
        raise errors[0]
    firsts: dict[str | None, CheckError] = {}
    for err in errors:
        firsts.setdefault(err.file, err)
    return rules, list(firsts.values())


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
