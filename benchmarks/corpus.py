"""A deterministic corpus of articles and claims, generated from the seeds.

    from benchmarks.corpus import generate        # or run it:
    rules_dir, articles_dir = generate(Path("/tmp/c"), articles=1000, claims=100)

    python benchmarks/corpus.py DEST --articles 1000 --claims 100 [--sources 25] [--seed 0]

Claims: copies of the seed story (``rules/assad-warrant.yaml``, 29 claims),
one rule file per copy, cut to ``claims`` in all.  Copy 0 is the seed story;
in copy ``k`` the story's names (Assad, Maher, Ghassan Abbas, Bassam
al-Hassan, Ghouta, Damascus, Darwish, Paris, Cassation…) are replaced by
made-up names of its own, so the copies are different claims (no two
stories share a query leaf unless it holds no name) about different stories.

Articles: each is about one story (copy ``k``, drawn at random): 15 of the
seeds' paragraphs drawn at random, with that story's names, about 3 KB, as a
``.txt`` file; 1,000 files to a directory (``articles/000/``, ...), each
directory with a ``sources.yaml`` giving each file its source (one of
``sources`` outlets, ``outlet-01``…, drawn at random) and a title.  With
``sources=None`` there is no ``sources.yaml`` and each article is its own
source (its file name).  The same arguments always give the same files.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_RULES = ROOT / "rules" / "assad-warrant.yaml"
SEEDS = ROOT / "seeds"
PER_DIR = 1000
PARAGRAPHS = 15

# Names of the seed story, replaced in each copy (longest first where one holds another).
NAMES = ("Assad", "Maher", "Ghassan", "Abbas", "Bassam", "Hassan", "Ghouta", "Damascus", "Darwish",
         "Mazen", "Paris", "Cassation", "Moadamiyet", "Zamalka", "Tarma")
SYLLABLES = ("ka", "ro", "mel", "tin", "sa", "vor", "den", "lu", "mar", "ith", "zo", "ban", "qui", "dre", "fal")
_NAME_RE = re.compile(r"\b(" + "|".join(NAMES) + r")\b")
_CLAIM_RE = re.compile(r"^  - id: ", re.M)
_STORY_RE = re.compile(r"^story: (\S+)", re.M)


def _names(k: int) -> dict[str, str]:
    """Story ``k``'s name for each seed name (the seed's own for k = 0)."""
    if k == 0:
        return {n: n for n in NAMES}
    rng = random.Random(f"names-{k}")
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in NAMES:
        while True:
            made = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
            if made not in used:
                used.add(made)
                out[name] = made
                break
    return out


def _rename(text: str, names: dict[str, str]) -> str:
    return _NAME_RE.sub(lambda m: names[m.group(1)], text)


def _story_files(claims: int) -> list[tuple[str, str]]:
    """(file name, YAML) of each story copy, ``claims`` claims in all."""
    seed = SEED_RULES.read_text(encoding="utf-8")
    starts = [m.start() for m in _CLAIM_RE.finditer(seed)]
    head, blocks = seed[: starts[0]], [seed[a:b] for a, b in zip(starts, starts[1:] + [len(seed)])]
    slug = _STORY_RE.search(seed).group(1)
    files = []
    for k in range(math.ceil(claims / len(blocks))):
        take = blocks[: min(len(blocks), claims - k * len(blocks))]
        if k == 0:
            text = head + "".join(take)
        else:
            story_head = _STORY_RE.sub(f"story: {slug}-{k}", head)
            text = story_head + "".join(re.sub(r"^(  - id: \S+)", rf"\1-{k}", b, flags=re.M) for b in take)
            text = _rename(text, _names(k))
        files.append((f"story-{k:03d}.yaml", text))
    return files


def _paragraphs() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        out += [p for p in path.read_text(encoding="utf-8").splitlines() if p.strip()]
    return out


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(dest: Path, articles: int, claims: int, *, sources: int | None = 25,
             seed: int = 0) -> tuple[Path, Path]:
    """Write ``claims`` claims and ``articles`` articles under ``dest``;
    return ``(rules_dir, articles_dir)``.  Deterministic."""
    if articles < 0 or claims < 1 or (sources is not None and sources < 1):
        raise ValueError("articles >= 0, claims >= 1, sources >= 1 or None")
    dest = Path(dest)
    rules_dir, articles_dir = dest / "rules", dest / "articles"
    rules_dir.mkdir(parents=True, exist_ok=True)
    articles_dir.mkdir(parents=True, exist_ok=True)
    stories = _story_files(claims)
    for name, text in stories:
        (rules_dir / name).write_text(text, encoding="utf-8")
    paragraphs = _paragraphs()
    renamed = [[_rename(p, _names(k)) for p in paragraphs] for k in range(len(stories))]
    outlets = [f"outlet-{i + 1:02d}" for i in range(sources or 0)]
    rng = random.Random(seed)
    for first in range(0, articles, PER_DIR):
        directory = articles_dir / f"{first // PER_DIR:03d}"
        directory.mkdir(exist_ok=True)
        entries = []
        for i in range(first, min(articles, first + PER_DIR)):
            k = rng.randrange(len(stories))
            chosen = rng.sample(renamed[k], min(PARAGRAPHS, len(paragraphs)))
            name = f"a{i:06d}.txt"
            (directory / name).write_text("\n".join(chosen) + "\n", encoding="utf-8")
            if outlets:
                title = chosen[0][:60].rstrip()
                entries.append(f"{name}:\n  source: {rng.choice(outlets)}\n  title: {_yaml_str(title)}\n")
        if entries:
            (directory / "sources.yaml").write_text("".join(entries), encoding="utf-8")
    return rules_dir, articles_dir


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Generate a deterministic corpus (rules and articles) from the seeds.")
    p.add_argument("dest", type=Path)
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--claims", type=int, default=100)
    p.add_argument("--sources", default="25", help="number of outlets, or 'none' for one source per article")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    sources = None if args.sources.lower() in ("none", "0") else int(args.sources)
    rules_dir, articles_dir = generate(args.dest, args.articles, args.claims, sources=sources, seed=args.seed)
    print(f"rules: {rules_dir}\narticles: {articles_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
