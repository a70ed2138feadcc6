"""The claimcheck pytest plugin: rule files as test files.

Registered through the ``pytest11`` entry point, so it is loaded by every
pytest run in an environment where claimcheck is installed.  It therefore
stays out of the way: this module imports nothing of claimcheck until a rule
file is actually collected, and it only looks at a YAML file when

* the file lies under one of the ``claimcheck_rules`` directories (ini
  option, default ``rules``, relative to the rootdir), or is named explicitly
  on the command line, and
* its top level has a ``story:`` or ``claims:`` key (a cheap text check, no
  YAML parsing).

Each claim × article it applies to is one item,
``rules/FILE.yaml::CLAIM-ID[ARTICLE-ID]``; each example of a claim is one
item, ``rules/FILE.yaml::CLAIM-ID::example[N]``.  Verdicts map to outcomes as
in SPEC §7:

==========================  ===========================================
verdict                     outcome
==========================  ===========================================
pass                        passed
fail                        failed (claim, rule FILE:LINE, evidence)
missing                     skipped "not mentioned"; failed if required
equal to the known verdict  xfailed
pass where a failure is     failed as a strict XPASS
known for this article id
error                       error (raised during setup)
==========================  ===========================================

Per test session every article is read and analysed once and every rule file
loaded and compiled once (per xdist worker), however many items use them.
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

# Failure output limits: keep each failure short (pytest's failure summary
# is quadratic in the number of failures, and editors read these).
MAX_UNITS = 5
MAX_UNIT_CHARS = 400
MAX_MATCHES = 6


# --------------------------------------------------------------------------
# Options
# --------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("claimcheck", "claimcheck: claims in rule files as tests")
    group.addoption(
        "--articles",
        action="append",
        default=None,
        metavar="PATH",
        dest="claimcheck_articles",
        help="article file or directory to check the collected rule files against "
        "(repeatable; default: the ini option claimcheck_articles, i.e. seeds/)",
    )
    parser.addini(
        "claimcheck_rules",
        type="args",
        default=["rules"],
        help="directories (relative to the rootdir) whose YAML rule files pytest "
        "collects as claimcheck tests (default: rules)",
    )
    parser.addini(  # kept so that configurations setting it stay valid
        "claimcheck_lean_protocol",
        type="bool",
        default=True,
        help="no longer has an effect: claim items always run pytest's own protocol",
    )
    parser.addini(
        "claimcheck_articles",
        type="args",
        default=["seeds"],
        help="article files or directories (relative to the rootdir) the rule "
        "files are checked against (default: seeds)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(id, story, severity, required, kind, article, source): a claimcheck "
        "item (kind is 'article' or 'example'); select with e.g. "
        "-m \"claim(source='afp')\" or -m \"claim(severity='error')\"",
    )
    config.stash[_STATE] = _State(config)


# --------------------------------------------------------------------------
# Session state: what is shared by all items of a session (or xdist worker)
# --------------------------------------------------------------------------


def _claim_marker(mark: Any, claim: Any, **extra: Any) -> Any:
    """The one ``claim(...)`` marker, for ``-m "claim(severity='error')"``
    (``mark``: ``pytest.mark.claim``, looked up once per session)."""
    return mark(
        id=claim.id, story=claim.story, severity=claim.severity, required=bool(claim.required), **extra
    )


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


# --------------------------------------------------------------------------
# Collection
# --------------------------------------------------------------------------


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if not file_path.name.lower().endswith(RULE_SUFFIXES):
        return None  # the common case, decided without touching the file
    state = _state(parent.config)
    if state.is_rule_file(file_path):
        return RuleFile.from_parent(parent, path=file_path, nodeid=state.node_id(file_path))
    return None


class RuleFile(pytest.File):
    """A claimcheck rule file: one story and its claims."""

    def collect(self):
        state = _state(self.config)
        story = self._load(state)
        self._compiled: dict[str, Any] = {}
        articles, errors = state.articles()
        if errors:
            raise self.CollectError(
                "claimcheck: could not read the articles:\n"
                + "\n".join(str(e) for e in errors)
            )
        from checker.engine import applies_to

        for claim in story.claims:
            for article in articles:
                if applies_to(claim, article):
                    yield ClaimItem.from_parent(
                        self, name=f"{claim.id}[{article.id}]", claim=claim, article=article
                    )
            if claim.examples:
                yield ExampleGroup.from_parent(self, name=claim.id, claim=claim)

    def _load(self, state: _State) -> Any:
        from checker.errors import CheckError
        from checker.rules.loader import load_rules

        path = self.path
        shown = state.display(path) if _cwd() == state.invocation_dir else str(path)
        try:
            ruleset = load_rules([shown])
        except CheckError as exc:
            raise self.CollectError(str(exc)) from None
        stories = list(ruleset.stories)
        if len(stories) != 1:  # pragma: no cover - one story per file by contract
            raise self.CollectError(f"{shown}: expected one story, found {len(stories)}")
        story = stories[0]
        # Claim ids are unique over all loaded files (SPEC §2): each file is
        # loaded on its own here, so check across the files of the session.
        for claim in story.claims:
            first = state.claim_ids.setdefault(claim.id, claim)
            if first is not claim:
                raise self.CollectError(
                    f"{claim.file}:{claim.line}:{claim.column}: duplicate claim id "
                    f"'{claim.id}' (first defined at {first.file}:{first.line})"
                )
        return story

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]):  # type: ignore[override]
        if isinstance(excinfo.value, self.CollectError):
            return super().repr_failure(excinfo)
        return _internal(self, excinfo.value, str(self.path))

    def compiled(self, claim: Any) -> Any:
        """The compiled claim, compiled once per rule file and session."""
        compiled = self._compiled.get(claim.id)
        if compiled is None:
            from checker.engine import compile_claim

            compiled = self._compiled[claim.id] = compile_claim(claim)
        return compiled


class _Verdict(Exception):
    """Raised by ``runtest`` to fail an item; carries the failure text."""

    def shown(self) -> str:
        """The failure text for the terminal: article and rule text in it
        with escape sequences shown as ``\\x1b`` (issue #14.5), line by line."""
        from checker.reports.color import terminal_safe

        return "\n".join(terminal_safe(line) for line in str(self).split("\n"))


def _setup_error(message: str) -> None:
    """Make the item an error (setup phase) that shows ``message`` only."""
    pytest.fail(message, pytrace=False)


def _internal(item: pytest.Item, exc: BaseException, what: str) -> str:
    from checker.errors import CheckError

    if isinstance(exc, CheckError):
        return f"{what}: {exc}"
    if item.config.getoption("tbstyle", "auto") == "long" or item.config.getoption(
        "fulltrace", False
    ):
        import traceback

        return f"{what}: internal error in claimcheck\n" + "".join(
            traceback.format_exception(exc)
        )
    return (
        f"{what}: internal error in claimcheck: {type(exc).__name__}: {exc}"
        " (run with --tb=long for the traceback)"
    )


class ClaimItem(pytest.Item):
    """One claim checked against one article."""

    def __init__(self, *, claim: Any, article: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim = claim
        self.article = article
        self.verdict: str | None = None  # set up by ``setup``
        self._result: Any = None
        self.extra_keyword_matches.update(
            k for k in (claim.id, claim.story, article.id, article.source) if k
        )
        self.add_marker(
            _claim_marker(_state(self.config).mark, claim, kind="article", article=article.id, source=article.source)
        )
        self.user_properties.extend(
            [
                ("claim", claim.id),
                ("article", article.id),
                ("source", str(article.source)),
            ]
        )

    def setup(self) -> None:
        # Only the verdict is worked out here: most items pass or are
        # skipped, and show no evidence.  :attr:`result`, with the evidence,
        # is built when a failure is reported, from the masks kept in the
        # article's context.
        try:
            from checker.engine import evaluate_verdict

            compiled, ctx = self._inputs()
            verdict = evaluate_verdict(compiled, ctx.analysis, ctx)
            reason = self.result.message if verdict == "error" else ""
        except Exception as exc:
            self.user_properties.append(("verdict", "error"))
            _setup_error(_internal(self, exc, self._where()))
            return
        self.verdict = verdict
        self.user_properties.append(("verdict", verdict))
        if verdict == "error" and not self._known(verdict):
            _setup_error(
                f"{self._where()}: error: {self.claim.id} on {self.article.id}: "
                f"{reason or 'could not be evaluated'}"
            )

    @property
    def result(self) -> Any:
        """The claim's :class:`~checker.models.Result` on the article, with
        its evidence (evaluated on first use, after ``setup``)."""
        if self._result is None:
            from checker.engine import evaluate

            compiled, ctx = self._inputs()
            self._result = evaluate(compiled, ctx.analysis, ctx)
        return self._result

    def _inputs(self) -> tuple[Any, Any]:
        """The compiled claim and the article's shared context (made once per session)."""
        parent: RuleFile = self.parent  # type: ignore[assignment]
        return parent.compiled(self.claim), _state(self.config).context(self.article)

    def _declared(self) -> str | None:
        """The verdict ``known`` accepts for this article, if any."""
        from checker.engine import known_verdict

        return known_verdict(self.claim, self.article) if self.claim.known else None

    def _known(self, verdict: str) -> bool:
        """Whether ``known`` accepts this verdict here (``Result.known``), unless ``--runxfail``."""
        return verdict == self._declared() and not self.config.option.runxfail

    def _where(self) -> str:
        return f"{self.claim.file}:{self.claim.line}"

    def _known_by_id(self) -> bool:
        """Whether ``known`` names this very article (not its source or a glob).

        Only then is a pass a stale ``known`` entry (a strict XPASS): an entry
        for a source accepts that source's failures, and its articles that
        state the claim simply pass.
        """
        return any(pattern == self.article.id for pattern, _ in self.claim.known)

    def runtest(self) -> None:
        verdict = self.verdict
        if self._known(verdict):
            if verdict == "pass":
                return  # an accepted pass is just a pass
            pytest.xfail(f"known {verdict} for {self.article.id}")
        expected = None if self.config.option.runxfail else self._declared()
        if verdict == "pass":
            if expected is not None and expected != "pass" and self._known_by_id():
                raise _Verdict("[XPASS(strict)] " + _format_result(self, self.result, xpass=expected))
            return
        if verdict == "missing" and not self.claim.required:
            raise pytest.skip.Exception(
                f"not mentioned: {self.claim.id} in {self.article.id}",
                _use_item_location=True,
            )
        raise _Verdict(_format_result(self, self.result))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style=None):
        if isinstance(excinfo.value, _Verdict):
            return excinfo.value.shown()
        return _internal(self, excinfo.value, self._where())

    def reportinfo(self):
        return self.path, max(self.claim.line - 1, 0), self.name


class ExampleGroup(pytest.Collector):
    """The examples of one claim: ``FILE::CLAIM-ID::example[N]``."""

    def __init__(self, *, claim: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim = claim
        self._results: list[Any] | None = None
        self._error: BaseException | None = None

    def collect(self):
        for index, example in enumerate(self.claim.examples):
            yield ExampleItem.from_parent(
                self, name=f"example[{index}]", claim=self.claim, index=index, example=example
            )

    def results(self) -> list[Any]:
        """Each example's (Example, Result), computed once per claim."""
        if self._error is not None:
            raise self._error
        if self._results is None:
            from checker.engine import run_examples

            try:
                rule_file: RuleFile = self.parent  # type: ignore[assignment]
                compiled = rule_file.compiled(self.claim)
                self._results = list(run_examples(self.claim, compiled))
            except Exception as exc:
                self._error = exc
                raise
        return self._results

    def reportinfo(self):
        return self.path, max(self.claim.line - 1, 0), self.name


class ExampleItem(pytest.Item):
    """One example of a claim: the claim's verdict on the example text."""

    def __init__(self, *, claim: Any, index: int, example: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim = claim
        self.index = index
        self.example = example
        self.result: Any = None
        self.extra_keyword_matches.update(k for k in (claim.id, claim.story) if k)
        self.add_marker(_claim_marker(_state(self.config).mark, claim, kind="example"))
        self.user_properties.extend(
            [("claim", claim.id), ("example", index), ("expected", str(example.verdict))]
        )

    def _where(self) -> str:
        return f"{self.claim.file}:{self.example.line}"

    def setup(self) -> None:
        group: ExampleGroup = self.parent  # type: ignore[assignment]
        try:
            results = group.results()
            result = results[self.index][1]
        except Exception as exc:
            self.user_properties.append(("verdict", "error"))
            _setup_error(_internal(self, exc, self._where()))
            return
        self.result = result
        self.user_properties.append(("verdict", str(result.verdict)))
        if result.verdict == "error" and self.example.verdict != "error":
            _setup_error(
                f"{self._where()}: error: {self.claim.id} example[{self.index}]: "
                f"{result.message or 'could not be evaluated'}"
            )

    def runtest(self) -> None:
        if self.result.verdict != self.example.verdict:
            raise _Verdict(_format_example(self, self.result))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style=None):
        if isinstance(excinfo.value, _Verdict):
            return excinfo.value.shown()
        return _internal(self, excinfo.value, self._where())

    def reportinfo(self):
        return self.path, max(self.example.line - 1, 0), f"{self.claim.id}::{self.name}"


# --------------------------------------------------------------------------
# Large runs: garbage collection
# --------------------------------------------------------------------------

# With this many claim items, the collected tree, the analyses and the
# reports are large, long-lived object graphs that Python's cyclic garbage
# collector would otherwise traverse again and again (and pytest runs five
# full collections at exit).  They are moved out of its sight: after
# collection, and every FREEZE_EVERY items run, once the garbage made since
# the last time has been collected (a full collection then only walks what
# those items made).  Measured on 14,574 items (benchmarks/bench_pytest.py):
# without it the run took ~40 % more CPU time, most of it in full collections
# walking what earlier items left.  This is the one place the plugin touches
# the collector.
FREEZE_AT_ITEMS = 1000
FREEZE_EVERY = 1000


def _freeze() -> None:
    from . import collector

    collector.collect_and_freeze()


def pytest_collection_finish(session: pytest.Session) -> None:
    state = session.config.stash.get(_STATE, None)
    if state is None:
        return
    state.items = sum(isinstance(i, (ClaimItem, ExampleItem)) for i in session.items)
    if state.items >= FREEZE_AT_ITEMS:
        _freeze()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """pytest's own protocol runs the item; after every FREEZE_EVERY items of a
    large run, what they left behind is frozen."""
    try:
        return (yield)
    finally:
        state = item.config.stash.get(_STATE, None)
        if state is not None and state.items >= FREEZE_AT_ITEMS:
            state.ran += 1
            if state.ran % FREEZE_EVERY == 0:
                _freeze()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    state = session.config.stash.get(_STATE, None)
    if state is None:
        return
    state.release()
    if state.items >= FREEZE_AT_ITEMS:
        _freeze()


# --------------------------------------------------------------------------
# Terminal summary: keep it linear in the number of failures
# --------------------------------------------------------------------------


def _is_quiet_phase_report(report: Any) -> bool:
    """A passed setup/teardown report of one of our items with nothing to show."""
    if getattr(report, "when", None) not in ("setup", "teardown"):
        return False
    if MARKER not in getattr(report, "keywords", {}):
        return False
    return not any("teardown" in name for name, _ in getattr(report, "sections", ()))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: Any) -> Any:
    """Hide our items' empty setup/teardown reports while the summary is written.

    For each failure pytest's terminal reporter scans every passed
    setup/teardown report for teardown output to print (pytest issue
    #13360): with thousands of claim items and failures that is quadratic
    and dominates the run.  Our items never print in teardown, so their
    reports are set aside for the summary and put back afterwards.
    """
    stats = getattr(terminalreporter, "stats", None)
    plain = stats.get("") if isinstance(stats, dict) else None
    if not plain or len(plain) < 1000:
        return (yield)
    stats[""] = [r for r in plain if not _is_quiet_phase_report(r)]
    try:
        return (yield)
    finally:
        stats[""] = plain


# --------------------------------------------------------------------------
# Failure text: short, and readable by an editor
# --------------------------------------------------------------------------

_ROLE = {
    "supports": "states it",
    "refutes": "refutes it",
    "forbidden": "forbidden",
    "in-scope": "on the topic",
}


def _clip(text: str, limit: int = MAX_UNIT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _marked(evidence: Any, keys: tuple[str, ...]) -> str:
    """The unit's text with the matched spans of ``keys`` marked ``>>…<<``."""
    text = evidence.text
    spans: list[tuple[int, int]] = []
    for m in evidence.matches:
        if keys and m.key and m.key not in keys:
            continue
        start = m.start - evidence.start
        if not (0 <= start and text[start : start + len(m.text)] == m.text):
            start = text.find(m.text) if m.text else -1
        if start >= 0 and m.text:
            spans.append((start, start + len(m.text)))
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out.append(text[pos:s])
        out.append(">>" + text[s:e] + "<<")
        pos = e
    out.append(text[pos:])
    marked = " ".join("".join(out).split())
    if len(marked) > MAX_UNIT_CHARS and merged:
        # keep the first marked span in view
        first = marked.find(">>")
        lo = max(0, first - MAX_UNIT_CHARS // 3)
        marked = ("…" if lo else "") + marked[lo:]
    return _clip(marked)


def _match_line(m: Any) -> str:
    from .exact import show_value

    value = f" = {show_value(m.value)}" if m.value is not None else ""
    part = f"{m.key} {m.part}".strip() if (m.key or m.part) else ""
    note = f"; {m.note}" if m.note else ""
    where = f" ({part}{note})" if part or note else ""
    return f'"{m.text}"{value}{where}'


_KEYS_FOR_ROLE = {
    "supports": ("expect",),
    "refutes": ("contradict",),
    "forbidden": ("forbid",),
    "in-scope": ("about",),
}


def _evidence_lines(state: _State, article: Any, evidence: Any) -> list[str]:
    lines: list[str] = []
    shown = list(evidence)[:MAX_UNITS]
    apath = state.display(article.path) if article.path else article.id
    for ev in shown:
        keys = _KEYS_FOR_ROLE.get(ev.role, ())
        lines.append(
            f"  {apath}:{ev.line}:{ev.column}: {_ROLE.get(ev.role, ev.role)}: "
            f"{_marked(ev, keys)}"
        )
        matches = [m for m in ev.matches if not keys or not m.key or m.key in keys]
        for m in matches[:MAX_MATCHES]:
            lines.append(f"      matched {_match_line(m)}")
    if len(evidence) > len(shown):
        lines.append(f"  … and {len(evidence) - len(shown)} more")
    return lines


def _format_result(item: ClaimItem, result: Any, xpass: str | None = None) -> str:
    state = _state(item.config)
    claim, article = item.claim, item.article
    verdict = result.verdict
    why = f": {_clip(result.message, 200)}" if result.message else ""
    if xpass is not None:
        first = (
            f"{claim.file}:{claim.line}: {claim.id}: pass on {article.id}, but `known` "
            f"accepts {xpass} for it: remove or update the `known` entry"
        )
    elif verdict == "missing":
        first = f"{claim.file}:{claim.line}: {claim.id}: missing (required) in {article.id}{why}"
    else:
        first = f"{claim.file}:{claim.line}: {claim.id}: {verdict} on {article.id}{why}"
    lines = [first, f"claim: {claim.claim}"]
    where = state.display(article.path) if article.path else ""
    lines.append(
        f"article: {article.id} (source {article.source}" + (f", {where}" if where else "") + ")"
    )
    known = f", known: {result.expected}" if result.expected and xpass is None else ""
    lines.append(f"verdict: {verdict} (severity {claim.severity}{known})")
    evidence = list(result.evidence)
    if verdict == "missing":
        if evidence:
            lines.append("what the article says on the topic:")
            lines.extend(_evidence_lines(state, article, evidence))
        else:
            lines.append("the article says nothing on the topic")
    elif evidence:
        lines.append("evidence:")
        lines.extend(_evidence_lines(state, article, evidence))
    if claim.note:
        lines.append(f"note: {claim.note}")
    return "\n".join(lines)


def _format_example(item: ExampleItem, result: Any) -> str:
    claim, example = item.claim, item.example
    why = f": {_clip(result.message, 200)}" if result.message else ""
    lines = [
        f"{claim.file}:{example.line}:{example.column}: {claim.id}::example[{item.index}]: "
        f"{result.verdict}, the example declares {example.verdict}{why}",
        f"claim: {claim.claim} ({claim.file}:{claim.line})",
        f"example: {_clip(example.text)}",
    ]
    for ev in list(result.evidence)[:MAX_UNITS]:
        keys = _KEYS_FOR_ROLE.get(ev.role, ())
        lines.append(f"  {_ROLE.get(ev.role, ev.role)}: {_marked(ev, keys)}")
        matches = [m for m in ev.matches if not keys or not m.key or m.key in keys]
        for m in matches[:MAX_MATCHES]:
            lines.append(f"      matched {_match_line(m)}")
    return "\n".join(lines)
