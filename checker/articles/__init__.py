"""Reading articles: ``.txt``, ``.md``, ``.html``/``.htm`` and ``.jsonl`` files.

:func:`iter_articles` streams them (a run holds one at a time);
:func:`read_articles` collects them in a list; see ``checker/articles/read.py``.
:func:`article_from_text` reads a text that no file holds (the service's drafts).
"""

from checker.articles.read import article_from_text, count_articles, iter_articles, read_articles

__all__ = ["article_from_text", "count_articles", "iter_articles", "read_articles"]
