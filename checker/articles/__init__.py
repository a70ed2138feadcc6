"""Reading articles: ``.txt``, ``.md``, ``.html``/``.htm`` and ``.jsonl`` files.

:func:`read_articles` is the entry point; see ``checker/articles/read.py``.
"""

from checker.articles.read import read_articles

__all__ = ["read_articles"]
