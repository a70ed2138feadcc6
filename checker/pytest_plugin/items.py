"""The claimcheck nodes of the collected tree, and how a verdict becomes an outcome.

:class:`RuleFile` (one story) yields a :class:`ClaimItem` per claim × article
it applies to and an :class:`ExampleGroup` of :class:`ExampleItem` per claim
with examples; the table of verdicts and outcomes is in the package's
docstring (:mod:`checker.pytest_plugin`).
"""

from __future__ import annotations

from typing import Any

import pytest

from .failures import _format_example, _format_result
from .state import _cwd, _State, _state


def _claim_marker(mark: Any, claim: Any, **extra: Any) -> Any:
    """The one ``claim(...)`` marker, for ``-m "claim(severity='error')"``
    (``mark``: ``pytest.mark.claim``, looked up once per session)."""
    return mark(
        id=claim.id, story=claim.story, severity=claim.severity, required=bool(claim.required), **extra
    )


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
