"""The operator families of the query language, one module each.

Each module declares, in its ``OPERATORS`` tuple, the AST node types it
handles, the builder that turns such a node into a matcher, and (for
operators written with a keyword or a function name) the syntax the grammar
reads.  :mod:`checker.engine.registry` lists the families.
"""
