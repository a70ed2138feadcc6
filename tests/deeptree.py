"""Directory trees deeper than Python's recursion limit, made and removed
without recursion (``shutil.rmtree`` and ``os.walk`` recurse on Python 3.11,
so pytest could not even clean them up)."""

from __future__ import annotations

import os
from pathlib import Path

LINK = "d"


def make_deep_dirs(top: Path, depth: int) -> Path:
    """``top/d/d/…`` ``depth`` levels deep; returns the bottom directory.

    Made with relative steps: the full path would pass PATH_MAX."""
    here = os.getcwd()
    os.makedirs(top, exist_ok=True)
    os.chdir(top)
    try:
        for _ in range(depth):
            os.mkdir(LINK)
            os.chdir(LINK)
        return Path(os.getcwd())
    finally:
        os.chdir(here)


def remove_deep_dirs(top: Path) -> None:
    """Remove the ``d/d/…`` chain under ``top`` (and the files in it), bottom up."""
    if not os.path.isdir(os.path.join(top, LINK)):
        return
    here = os.getcwd()
    os.chdir(top)
    depth = 0
    try:
        while os.path.isdir(LINK):
            os.chdir(LINK)
            depth += 1
        for _ in range(depth):
            for name in os.listdir("."):
                os.remove(name)
            os.chdir("..")
            os.rmdir(LINK)
    finally:
        os.chdir(here)
