"""The query language: parse a query string once into an AST (:mod:`.nodes`)."""

from .grammar import entity_refs, parse_query, query_leaves

__all__ = ["parse_query", "query_leaves", "entity_refs"]
