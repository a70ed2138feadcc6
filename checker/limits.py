"""The bounds claimcheck puts on what it reads, in one place.

Rule files and articles come from many hands: every input has a size and a
depth that claimcheck checks before the expensive work starts, so a hostile
or broken file ends in one located error instead of a hang, a traceback or an
exhausted machine.  ``docs/security.md`` explains each bound; a limit that is
hit is reported as ``FILE[:LINE:COL]: message`` naming the limit.
"""

from __future__ import annotations

MiB = 1 << 20

#: A rule file (one story).  The seed story is 14 KB; 512 KiB holds about
#: 1,100 such claims and loads in about 5 s; the worst YAML of that size (all
#: brackets) takes ruamel.yaml about 15 s.
MAX_RULE_FILE_BYTES = 512 * 1024

#: A ``sources.yaml`` (one entry per article of a directory: 16 MiB is about
#: 100,000 entries).
MAX_SOURCES_BYTES = 16 * MiB

#: The YAML front matter of a Markdown article.
MAX_FRONT_MATTER_BYTES = 512 * 1024

#: One article: a ``.txt``/``.md``/``.html`` file, or one line of a
#: ``.jsonl`` file.  A 5 MB single paragraph is checked in seconds.
MAX_ARTICLE_BYTES = 8 * MiB

#: Nesting of YAML collections (rule files, front matter, ``sources.yaml``).
#: A rule file needs 5 levels (story → claims → claim → examples → example).
MAX_YAML_DEPTH = 32

#: Directories below a directory named on the command line (articles and
#: rule files).  Deeper directories are reported, not read.
MAX_DIR_DEPTH = 64


def size_text(n: int) -> str:
    """A limit for a message: ``8 MiB``, ``512 KiB``, ``100 bytes``."""
    if n % MiB == 0:
        return f"{n // MiB} MiB"
    if n % 1024 == 0:
        return f"{n // 1024} KiB"
    return f"{n:,} bytes"

#: Digits of a number, before and after its decimal point: in a ``NUM(...)``
#: (more is a located error) and in article text (a longer run of digits is
#: a code, not a quantity).  309 digits reach past the largest float (1.8e308),
#: so every ``NUM`` value valid before numbers were exact still is.
MAX_NUMBER_DIGITS = 309
