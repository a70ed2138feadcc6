"""What one pytest session (or xdist worker) shares among its claimcheck items.

Where the rule directories, the rule files and the articles are (relative to
the rootdir, or to where pytest was started), and the articles, read once,
and their analyses, made once per session however many items use them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

RULE_SUFFIXES = (".yaml", ".yml")
MARKER = "claim"

# A top-level ``story:`` or ``claims:`` key, possibly quoted.
_TOP_KEY = re.compile(r"""^(?:"|')?(story|claims)(?:"|')?[ \t]*:""", re.MULTILINE)


class _State:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.invocation_dir = Path(config.invocation_params.dir)
        self.base = self._base_dir(config)
        self.given = self._given_paths(config)
        self.rule_dirs = self._rule_dirs(config)
        self.explicit = {path for path, _ in self.given if not path.is_dir()}
        self._articles: tuple[list[Any], list[Any]] | None = None
        self._contexts: dict[str, Any] = {}
        self.items = 0  # claim and example items collected
        self.ran = 0  # items run (counted in large runs only)
        self.claim_ids: dict[str, Any] = {}
        # each look-up of pytest.mark.NAME checks the registered markers
        self.mark = getattr(pytest.mark, MARKER)

    def release(self) -> None:
        """Drop the analyses (the session is over)."""
        self._contexts.clear()

    # -- where things are ---------------------------------------------------

    def _base_dir(self, config: pytest.Config) -> Path:
        """The directory that ini paths are relative to.

        That is the rootdir.  Without any configuration file pytest makes the
        common ancestor of the arguments the rootdir (``pytest rules/`` would
        give ``rules/``), so then the directory pytest was started in is used.
        """
        if config.inipath is not None or getattr(config.option, "rootdir", None):
            return Path(config.rootpath)
        return self.invocation_dir

    def _given_paths(self, config: pytest.Config) -> list[tuple[Path, str]]:
        """The paths named on the command line: (absolute path, as typed)."""
        if config.args_source != pytest.Config.ArgsSource.ARGS:
            return []
        given = []
        for arg in config.args:
            typed = str(arg).split("::", 1)[0]
            given.append((_absolute(self.invocation_dir / typed), typed))
        return given

    def _rule_dirs(self, config: pytest.Config) -> list[Path]:
        """The directories whose rule files are collected.

        Each ``claimcheck_rules`` entry (default ``rules``) relative to the
        rootdir and to the directory pytest was started in, and every
        directory named on the command line that *is* such an entry by its
        path (``pytest rules``, ``pytest ../desk/rules``): what is named is
        collected whatever rootdir pytest chose.  pytest picks the rootdir
        before plugins' options exist, so ``pytest rules --articles /x/seeds``
        can land in another project's ``pyproject.toml`` (issue #14, item 9).
        """
        entries = [Path(e) for e in (config.getini("claimcheck_rules") or [])]
        dirs = {_absolute(self.base / e) for e in entries}
        dirs |= {_absolute(self.invocation_dir / e) for e in entries}
        for path, _typed in self.given:
            if path.is_dir() and any(
                e.parts and path.parts[-len(e.parts):] == e.parts for e in entries
            ):
                dirs.add(path)
        return sorted(dirs)

    def is_rule_file(self, file_path: Path) -> bool:
        if not file_path.name.lower().endswith(RULE_SUFFIXES):
            return False
        path = _absolute(file_path)
        if path not in self.explicit and not any(
            path.is_relative_to(d) for d in self.rule_dirs
        ):
            return False
        from checker.errors import CheckError
        from checker.files import open_regular

        try:  # never open a FIFO or a device, even one named on the command line
            with open_regular(str(path)) as f:
                head = f.read(1 << 20).decode("utf-8", errors="replace")
        except CheckError:
            return False
        return _TOP_KEY.search(head) is not None

    def _ini_path(self, entry: str) -> Path:
        """An ini path: relative to the rootdir, or else to where pytest was
        started when only that one exists (``seeds`` beside ``rules`` under
        another project's rootdir)."""
        path = _absolute(self.base / entry)
        if not path.exists():
            here = _absolute(self.invocation_dir / entry)
            if here.exists():
                return here
        return path

    def node_id(self, path: Path) -> str | None:
        """The node id of a rule file: pytest's (relative to the rootdir) when
        the file is inside the rootdir, else its path as typed on the command
        line (pytest would show ``::claim[article]`` or ``../../x``)."""
        path = _absolute(path)
        if path.is_relative_to(_absolute(Path(self.config.rootpath))):
            return None
        for given, typed in self.given:
            if path == given:
                return typed
            if path.is_relative_to(given):
                return str(Path(typed) / path.relative_to(given)).replace(os.sep, "/")
        return str(path).replace(os.sep, "/")

    def display(self, path: str | os.PathLike[str]) -> str:
        """``path`` relative to where pytest was started, when it is inside."""
        p = Path(path)
        if not p.is_absolute():
            return str(path)
        try:
            return str(p.relative_to(self.invocation_dir))
        except ValueError:
            return str(path)

    # -- shared, computed once ---------------------------------------------

    def article_paths(self) -> list[str]:
        given = self.config.option.claimcheck_articles
        if given:
            paths = [_absolute(self.invocation_dir / p) for p in given]
        else:  # beside the rules when the rootdir is not where they are
            paths = [
                self._ini_path(p) for p in (self.config.getini("claimcheck_articles") or [])
            ]
        return [self.display(p) if _cwd() == self.invocation_dir else str(p) for p in paths]

    def articles(self) -> tuple[list[Any], list[Any]]:
        """(articles, errors) read once per session."""
        if self._articles is None:
            from checker.articles import read_articles

            paths = self.article_paths()
            try:
                articles, errors = read_articles(paths)
            except Exception as exc:  # a CheckError, or a bug: show it, once
                articles, errors = [], [exc]
            self._articles = (list(articles), list(errors))
        return self._articles

    def context(self, article: Any) -> Any:
        """The article's analysis, wrapped in the engine's per-article cache.

        Made once per session (per xdist worker) and shared by every claim.
        """
        ctx = self._contexts.get(article.id)
        if ctx is None:
            from checker.engine.context import Context
            from checker.text import analyze

            ctx = self._contexts[article.id] = Context(analyze(article))
        return ctx


_STATE = pytest.StashKey[_State]()


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _cwd() -> Path:
    return Path(os.getcwd())


def _state(config: pytest.Config) -> _State:
    state = config.stash.get(_STATE, None)
    if state is None:
        state = config.stash[_STATE] = _State(config)
    return state

