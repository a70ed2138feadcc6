"""The rule engine: compiled claims evaluated on analysed articles.

``compile_claim`` (once per claim) → ``evaluate`` (per claim × analysed
article) → :class:`~checker.models.Result`; ``run`` does it for a whole rule
set and list of articles, analysing each article once.
"""

from .explain import explain
from .run import check_article, evaluate_article, run, run_examples
from .verdict import CompiledClaim, applies_to, compile_claim, evaluate, evaluate_verdict, known_verdict

__all__ = [
    "CompiledClaim", "applies_to", "check_article", "compile_claim", "evaluate", "evaluate_article", "evaluate_verdict",
    "explain",
    "known_verdict", "run", "run_examples",
]
