"""The query language: parse a query string once into an AST (:mod:`.nodes`).

The grammar (and pyparsing with it) is imported on first use of one of its
names, so that code which only needs the nodes (the engine, the compiled-rule
cache) does not pay for it.
"""

__all__ = ["parse_query", "query_leaves", "entity_refs"]


def __getattr__(name: str):
    if name in __all__:
        from . import grammar

        return getattr(grammar, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
