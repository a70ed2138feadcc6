"""Reading articles: ``.txt``, ``.md``, ``.html``/``.htm`` and ``.jsonl`` files.

:func:`read_articles` is the entry point; see ``checker/articles/read.py``.
:func:`article_from_text` reads a text that no file holds (the service's drafts).
"""

from checker.articles.read import article_from_text, read_articles

__all__ = ["article_from_text", "read_articles"]
