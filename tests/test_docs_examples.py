"""The examples in docs/*.md stay true.

Convention in the docs (see docs/writing-claims.md, "Examples in these pages"):

* Every fenced block opened with ```` ```yaml ```` is a rule file, a single
  claim (a mapping with ``id``, ``claim``, ``expect``... as one item of a rule
  file's ``claims:`` list) or a list of such claims.  Every such block must
  load without error, and every claim's ``examples`` must get the verdict
  they state.
* A block followed IMMEDIATELY (next line) by
  ``<!-- verdicts: wire-a=pass wire-b=pass tabloid-c=fail -->`` is run on the
  seed articles and must give those verdicts, per source.  ``n/a`` means the
  claim does not apply to that source (``sources:``).
* A block followed IMMEDIATELY by ``<!-- error: LINE:COL: message -->`` shows
  a mistake: it must fail to load with exactly that position (in the block as
  shown) and message.  Such blocks are always whole rule files.

Single claims are wrapped in a rule file with ``story: docs-example`` and the
default rule set's ``entities``, so ``@deaths``, ``@maher``... can be used.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SEEDS = ROOT / "seeds"
DEFAULT_RULES = ROOT / "rules" / "assad-warrant.yaml"

_FENCE = re.compile(r"^(`{3,}|~{3,})\s*([\w+-]*)\s*$")
_VERDICTS = re.compile(r"^<!--\s*verdicts:\s*(.*?)\s*-->\s*$")
_ERROR = re.compile(r"^<!--\s*error:\s*(\d+):(\d+):\s*(.*?)\s*-->\s*$")
_PAIR = re.compile(r"([\w.*-]+)=(pass|fail|missing|error|n/a)$")


@dataclass(frozen=True)
class Block:
    file: str
    line: int  # 1-based line of the first line inside the fence
    text: str
    verdicts: dict[str, str] | None = None
    error: tuple[int, int, str] | None = None

    @property
    def name(self) -> str:
        return f"{self.file}:{self.line}"


def yaml_blocks(path: Path) -> list[Block]:
    """Every ```yaml fenced block of a Markdown file, with what follows it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rel = path.relative_to(ROOT).as_posix()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang = m.group(1), m.group(2).lower()
        j = i + 1
        while j < len(lines) and not (lines[j].startswith(fence[0] * len(fence))
                                      and not lines[j].strip(fence[0]).strip()):
            j += 1
        if lang in ("yaml", "yml"):
            after = lines[j + 1] if j + 1 < len(lines) else ""
            verdicts = error = None
            if vm := _VERDICTS.match(after):
                verdicts = {}
                for pair in vm.group(1).split():
                    pm = _PAIR.match(pair)
                    assert pm, f"{rel}:{j + 2}: bad verdicts comment item {pair!r}"
                    verdicts[pm.group(1)] = pm.group(2)
            elif em := _ERROR.match(after):
                error = (int(em.group(1)), int(em.group(2)), em.group(3))
            else:
                assert "<!--" not in after or ("verdicts" not in after and "error" not in after), (
                    f"{rel}:{j + 2}: malformed example comment: {after!r}")
            out.append(Block(rel, i + 2, "\n".join(lines[i + 1:j]) + "\n", verdicts, error))
        i = j + 1
    return out


ALL_BLOCKS = [b for p in sorted(DOCS.glob("*.md")) for b in yaml_blocks(p)]


def _default_entities() -> str:
    from checker.rules.loader import load_rules

    story = load_rules([DEFAULT_RULES]).stories[0]
    lines = ["entities:"]
    for name, aliases in story.entities:
        lines.append(f"  {name}: [{', '.join(json.dumps(a, ensure_ascii=False) for a in aliases)}]")
    return "\n".join(lines)


def is_rule_file(text: str) -> bool:
    return re.search(r"^(story|claims):", text, re.M) is not None


def rule_file_text(block: Block) -> str:
    """The block as a whole rule file."""
    if is_rule_file(block.text):
        return block.text
    body = block.text.rstrip("\n").splitlines()
    if body and body[0].startswith("- "):  # a list of claims
        claims = "\n".join("  " + line for line in body)
    else:
        claims = "\n".join(("  - " if k == 0 else "    ") + line for k, line in enumerate(body))
    return f"story: docs-example\n{_default_entities()}\nclaims:\n{claims}\n"


def load_block(block: Block, tmp_path: Path):
    from checker.rules.loader import load_rules

    path = tmp_path / "docs-example.yaml"
    path.write_text(rule_file_text(block), encoding="utf-8")
    return load_rules([path])


@pytest.fixture(scope="module")
def seeds():
    from checker.articles import read_articles

    articles, errors = read_articles([SEEDS])
    assert not errors
    return articles


def verdicts_by_source(rules, articles) -> dict[str, dict[str, str]]:
    """claim id -> source -> verdict (one article per source in the seeds)."""
    from checker.engine import run

    result = run(rules, articles)
    source_of = {a.id: a.source for a in articles}
    out: dict[str, dict[str, str]] = {}
    for r in result.results:
        out.setdefault(r.claim, {})[source_of[r.article]] = r.verdict
    return out


# ---------------------------------------------------------------- the tests


def test_docs_have_examples():
    assert ALL_BLOCKS, "no ```yaml blocks found in docs/*.md"
    assert any(b.verdicts for b in ALL_BLOCKS)


@pytest.mark.parametrize("block", [b for b in ALL_BLOCKS if b.error is None], ids=lambda b: b.name)
def test_block_loads_and_its_examples_hold(block, tmp_path):
    from checker.engine import run_examples

    rules = load_block(block, tmp_path)
    wrong = []
    for claim in rules.claims:
        for ex, result in run_examples(claim):
            if result.verdict != ex.verdict:
                wrong.append(f"{claim.id}: {ex.text!r} expected {ex.verdict}, got {result.verdict} "
                             f"({result.message})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("block", [b for b in ALL_BLOCKS if b.verdicts], ids=lambda b: b.name)
def test_block_verdicts_on_the_seeds(block, tmp_path, seeds):
    rules = load_block(block, tmp_path)
    got = verdicts_by_source(rules, seeds)
    sources = sorted({a.source for a in seeds})
    assert set(block.verdicts) <= set(sources), f"unknown source in {block.verdicts}"
    for claim in rules.claims:
        actual = {s: got.get(claim.id, {}).get(s, "n/a") for s in sources}
        stated = {s: v for s, v in block.verdicts.items()}
        assert {s: actual[s] for s in stated} == stated, f"{block.name}: claim {claim.id}"


@pytest.mark.parametrize("block", [b for b in ALL_BLOCKS if b.error], ids=lambda b: b.name)
def test_block_error_is_as_shown(block, tmp_path):
    from checker.errors import CheckError

    assert is_rule_file(block.text), "an error example must be a whole rule file"
    with pytest.raises(CheckError) as info:
        load_block(block, tmp_path)
    err = info.value
    assert (err.line, err.column, err.message) == block.error
