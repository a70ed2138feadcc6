"""The claimcheck pytest plugin: rule files as test files.

Registered through the ``pytest11`` entry point, so it is loaded by every
pytest run in an environment where claimcheck is installed.  It therefore
stays out of the way: this package imports nothing of claimcheck until a rule
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


The plugin is a package, one concern per module:

* this module: the hooks pytest calls (options, collection, the collector in
  large runs, the terminal summary);
* :mod:`.state`: what a session shares (where rule files and articles are,
  the articles read and analysed once);
* :mod:`.items`: the rule file, claim and example nodes, and how a verdict
  becomes an outcome;
* :mod:`.failures`: the failure text (short, and readable by an editor).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .items import ClaimItem, ExampleGroup, ExampleItem, RuleFile
from .state import _STATE, MARKER, RULE_SUFFIXES, _State, _state

__all__ = ["MARKER", "RULE_SUFFIXES", "ClaimItem", "ExampleGroup", "ExampleItem", "RuleFile"]


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
# Collection
# --------------------------------------------------------------------------


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if not file_path.name.lower().endswith(RULE_SUFFIXES):
        return None  # the common case, decided without touching the file
    state = _state(parent.config)
    if state.is_rule_file(file_path):
        return RuleFile.from_parent(parent, path=file_path, nodeid=state.node_id(file_path))
    return None


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
    from .. import collector

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

