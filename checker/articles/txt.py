"""Plain-text articles (``*.txt``): the decoded file is both text and origin."""

from __future__ import annotations

from checker.files import read_utf8
from checker.limits import MAX_ARTICLE_BYTES
from checker.articles.metadata import Meta, make_article
from checker.errors import CheckError
from checker.models import Article


def txt_article(path: str, origin: str, meta: Meta) -> Article:
    """The article of the decoded text ``origin`` (``path`` names it)."""
    return make_article(path, "txt", origin, origin, None, meta)


def read_txt(path: str, meta: Meta, errors: list[CheckError]) -> list[tuple[Article, int | None]]:
    return [(txt_article(path, read_utf8(path, "article", MAX_ARTICLE_BYTES), meta), None)]
