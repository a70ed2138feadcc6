"""claimcheck: rule-based claim checking for newsrooms (package ``checker``)."""

__version__ = "0.1.0"  # the one place the version is written (pyproject.toml reads it)
