"""The compiled-rule cache: loaded rules kept on disk, so that the gate does
not parse YAML and queries on every call.

What is kept is the :class:`~checker.models.RuleSet` that
:func:`~checker.rules.loader.load_rules` returns (claims with their parsed
queries), as JSON data (:mod:`checker.rules.codec`): never pickle, so a
planted cache file cannot run code.

* **Where**: ``$CLAIMCHECK_CACHE_DIR`` if set, else
  ``$XDG_CACHE_HOME/claimcheck``, else ``~/.cache/claimcheck``; one file per
  set of rule files (named by a checksum of their real paths), so an edited
  rule file replaces its entry instead of adding one.  Safe to delete at any
  time.
* **Key**: the claimcheck version, its code (the size and time of every
  module of the package, so a changed checkout never reads an old entry),
  and each rule file's path as given and whole content, written out in full
  at the head of the entry and compared byte for byte: no hash stands for
  them, so no collision can pass for a match (and the gate does not import
  ``hashlib``: ~3 ms of its start).  An entry whose key does not match, or
  that does not decode, is ignored and replaced; two sets of rule files
  whose names' checksums collide take turns in one entry.
* **Writes** go to a temporary file renamed into place (never half a file);
  a cache that cannot be written is ignored: the rules are loaded as usual.

Only successful loads are cached: a rule file with an error is parsed every
time, so its located error is always reported.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..models import RuleSet
from .codec import CodecError, dumps, loads
from .loader import find_rule_files, load_rules

ENV_DIR = "CLAIMCHECK_CACHE_DIR"
FORMAT = "claimcheck/rules-cache@2"
_HEADER = '{"format":"%s","key":%s,"rules":'


def cache_dir() -> Path:
    """The directory of the cache (not created here)."""
    given = os.environ.get(ENV_DIR)
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "claimcheck"


def _code_stamp() -> str:
    """The size and modification time of every module of the package."""
    root = str(Path(__file__).resolve().parent.parent)
    skip = len(os.path.join(root, ""))  # (the names below it, as os.path.relpath gives them, ~1 ms sooner)
    parts = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                stack.append(entry.path)
            elif entry.name.endswith((".py", ".json")):
                st = entry.stat()
                parts.append(f"{entry.path[skip:]}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(sorted(parts))


def cache_key(files: Sequence[str]) -> tuple[str, str]:
    """``(entry name, key)`` for these rule files (as found, in order): the
    key is a JSON array of everything an entry depends on, the rule files'
    content included (read as UTF-8, undecodable bytes escaped), so that
    equal keys mean equal inputs.

    Reads every file: the key follows their content, whatever their times."""
    parts: list = [__version__, f"{sys.version_info[0]}.{sys.version_info[1]}", _code_stamp()]
    name = 0
    for path in files:
        with open(path, "rb") as fh:
            content = fh.read()
        parts.append(path)
        parts.append(content.decode("utf-8", "surrogateescape"))
        name = zlib.crc32(os.path.realpath(path).encode("utf-8", "surrogateescape") + b"\x00", name)
    return f"rules-{name:08x}.json", json.dumps(parts)


def _read(entry: Path, key: str) -> RuleSet | None:
    """The cached rules, or ``None`` when the entry is absent, foreign,
    stale or broken."""
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    header = (_HEADER % (FORMAT, key)).encode("utf-8")
    if not data.startswith(header) or not data.endswith(b"}"):
        return None
    try:
        rules = loads(data[len(header):-1])
    except CodecError:
        return None
    return rules if isinstance(rules, RuleSet) else None


def _write(entry: Path, key: str, rules: RuleSet) -> None:
    """Store the rules whole or not at all; any failure leaves no trace."""
    try:
        text = _HEADER % (FORMAT, key) + dumps(rules) + "}"
    except CodecError:  # something the codec does not know: do without the cache
        return
    import tempfile  # (only a cold cache writes)

    tmp = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=entry.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, entry)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def load_rules_cached(paths: Sequence[str | os.PathLike]) -> RuleSet:
    """:func:`~checker.rules.loader.load_rules` through the cache: the same
    rules, or the same first :class:`~checker.errors.CheckError`."""
    files = find_rule_files(paths)
    if not files:
        return load_rules(paths)  # raises its "no rule files found"
    try:
        name, key = cache_key(files)
    except OSError:  # a file vanished or cannot be read: the loader says which
        return load_rules(paths)
    entry = cache_dir() / name
    rules = _read(entry, key)
    if rules is None:
        rules = load_rules(files)
        _write(entry, key, rules)
    return rules
