"""The whole job in one call, for the command line and the pytest plugin:
read rules and articles, evaluate, keep every error located."""

from __future__ import annotations

import os
from typing import Sequence

from .articles import read_articles
from .engine import run
from .errors import CheckError
from .models import Article, RuleSet, RunResult
from .rules.loader import load_valid_rules

DEFAULT_RULES = "rules"
DEFAULT_ARTICLES = "seeds"


def load_inputs(
    rule_paths: Sequence[str | os.PathLike] | None,
    article_paths: Sequence[str | os.PathLike] | None,
) -> tuple[RuleSet, list[Article], list[CheckError]]:
    """Rules and articles, with the errors of the bad ones: a broken rule file
    or article never loses the others (no valid rule file raises CheckError)."""
    rules, errors = load_valid_rules(list(rule_paths or [DEFAULT_RULES]))
    articles, article_errors = read_articles(list(article_paths or [DEFAULT_ARTICLES]))
    return rules, articles, errors + article_errors


def evaluate_paths(
    rule_paths: Sequence[str | os.PathLike] | None,
    article_paths: Sequence[str | os.PathLike] | None,
    progress=None,
) -> RunResult:
    rules, articles, errors = load_inputs(rule_paths, article_paths)
    return run(rules, articles, errors=errors, progress=progress)
