"""Does the gate answer in a blink?  ``claimcheck check`` on one draft, timed as a
newsroom runs it: a fresh process per call.

Builds, deterministically from the seed story, a draft of about 1,000 words
(the seed articles' paragraphs, taken in turn) and 100 claims (the seed rule
file's claims, and claims made from the seed sentences: phrases, words in one
sentence, numbers, years, near-quotations, forbidden words), then times, in
subprocesses, repeated and interleaved:

    python -c "import checker"                            (the bare import)
    python -m checker check DRAFT --rules DIR             (warm compiled-rule cache)
    python -m checker check DRAFT --rules DIR             (empty cache, every run)

and prints the median wall times and their ratios.  Targets: warm at most
0.15 s on the reference machine, at most 10x the bare import, and cold at
most 2x warm.  The warm and cold runs must print the same problems.

Every command runs as Python runs by default, with its bytecode cache, after
one untimed warm-up run each (an environment that sets
``PYTHONDONTWRITEBYTECODE`` compiles every module on every run: a cost of
that environment; ``--as-env`` keeps it).  ``--imports`` also lists the
modules a warm run spends the most importing (``python -X importtime``).

    python benchmarks/bench_gate.py [--repeat 15] [--imports] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFT_WORDS = 1000
CLAIMS = 100
STOP = {"about", "after", "again", "against", "because", "before", "being", "between", "their", "there",
        "these", "those", "which", "while", "would", "could", "should", "other", "where", "under"}


def seed_paragraphs() -> list[list[str]]:
    """Each seed article's non-empty lines (its paragraphs), in file order."""
    return [[line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            for path in sorted((ROOT / "seeds").glob("*.txt"))]


def make_draft() -> str:
    """About 1,000 words: paragraphs taken from each seed article in turn."""
    articles = seed_paragraphs()
    out, words, i = [], 0, 0
    while words < DRAFT_WORDS and any(articles):
        source = articles[i % len(articles)]
        i += 1
        if source:
            paragraph = source.pop(0)
            out.append(paragraph)
            words += len(paragraph.split())
    return "\n".join(out) + "\n"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar


def generated_claims(n: int) -> list[dict]:
    """``n`` claims made from the seed sentences, cycling through the kinds
    of claim editors write."""
    sentences = [s for ps in seed_paragraphs() for p in ps for s in re.split(r"(?<=[.!?])\s+", p)
                 if len(s.split()) >= 8]
    claims: list[dict] = []
    k = 0
    while len(claims) < n:
        s = sentences[k % len(sentences)]
        kind = k % 6
        k += 1
        words = [w.lower() for w in re.findall(r"[A-Za-z]{5,}", s) if w.lower() not in STOP]
        numbers = [x for x in re.findall(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b", s) if not re.fullmatch(r"(19|20)\d\d", x)]
        years = re.findall(r"\b(?:19|20)\d\d\b", s)
        if len(words) < 3:
            continue
        c = {"id": f"gen-{len(claims) + 1:03d}", "claim": s[:100]}
        if kind == 0:
            pair = re.findall(r"\b([A-Za-z]{4,}) ([A-Za-z]{4,})\b", s)
            c["expect"] = f'"{pair[0][0]} {pair[0][1]}"' if pair else words[0]
        elif kind == 1:
            c["about"] = f"{words[0]} W/S {words[1][:5]}*"
            c["expect"] = f"{words[2]} NEAR/8 {words[-1]}"
        elif kind == 2 and numbers:
            value = int(numbers[0].replace(",", ""))
            c["about"] = f"{words[0]} OR {words[1]}"
            c["expect"] = f"NUM({value} ±10%)"
            c["contradict"] = f"NUM(*) AND NOT NUM({value})"
        elif kind == 3 and years:
            c["about"] = words[0]
            c["expect"] = f"DATE({years[0]})"
        elif kind == 4:
            quote = re.sub('["\u201c\u201d\u201e\u201f]', "", " ".join(s.split()[2:10]))
            c["expect"] = f'QUOTE("{quote}", 85%)'
        else:
            c["forbid"] = f'"{words[-1]} {words[0]}" OR /\\b{words[1]}ed\\b/i'
            c["severity"] = "warning"
        if not any(key in c for key in ("expect", "forbid")):
            c["expect"] = f"{words[0]} AND {words[1]}"
        claims.append(c)
    return claims


def count_claims(path: Path) -> int:
    return len(re.findall(r"^  - id: ", path.read_text(encoding="utf-8"), flags=re.MULTILINE))


def make_rules(folder: Path) -> int:
    """The seed rule file and generated claims, ``CLAIMS`` in all."""
    folder.mkdir(parents=True)
    seed_rules = ROOT / "rules" / "assad-warrant.yaml"
    shutil.copy(seed_rules, folder / seed_rules.name)
    have = count_claims(seed_rules)
    lines = ["story: generated", "title: Claims generated from the seed sentences", "claims:"]
    for c in generated_claims(CLAIMS - have):
        lines.append(f"  - id: {c.pop('id')}")
        lines += [f"    {key}: {_q(value)}" for key, value in c.items()]
    (folder / "generated.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return have


def timed(cmd: list[str], env: dict, cwd: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall-clock and CPU (user + system) seconds of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc


def import_costs(cmd: list[str], env: dict, cwd: Path, top: int = 14) -> list[tuple[int, str]]:
    """Where one run's import time goes (µs): the modules' own import times
    (``python -X importtime``, first column) summed by claimcheck package
    (``checker.text``) or by library (``pyparsing``)."""
    proc = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], env=env, cwd=cwd, capture_output=True,
                          text=True, check=False)
    totals: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \| *(\S+)", line)
        if m:
            parts = m[2].split(".")
            group = ".".join(parts[:2]) if parts[0] == "checker" else parts[0]
            totals[group] = totals.get(group, 0) + int(m[1])
    return sorted(((us, name) for name, us in totals.items()), reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15, help="timed runs of each command (default 15)")
    ap.add_argument("--as-env", action="store_true", help="keep PYTHONDONTWRITEBYTECODE as the environment sets it")
    ap.add_argument("--imports", action="store_true", help="list what a warm run spends importing")
    ap.add_argument("--keep", action="store_true", help="keep the generated draft, rules and cache")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="claimcheck-bench-gate-"))
    try:
        draft = tmp / "draft.txt"
        draft.write_text(make_draft(), encoding="utf-8")
        seeded = make_rules(tmp / "rules")
        cache = tmp / "cache"
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
                   CLAIMCHECK_CACHE_DIR=str(cache), NO_COLOR="1")
        if not args.as_env:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        py = sys.executable
        commands = {
            "import checker": [py, "-c", "import checker"],
            "check, warm cache": [py, "-m", "checker", "check", "draft.txt", "--rules", "rules"],
            "check, empty cache": [py, "-m", "checker", "check", "draft.txt", "--rules", "rules"],
        }
        outputs: dict[str, set[str]] = {name: set() for name in commands}
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for round_ in range(args.repeat + 1):  # round 0: untimed warm-up (bytecode, cache)
            for name, cmd in commands.items():
                if name == "check, empty cache":  # (the run fills it again for the next warm run)
                    shutil.rmtree(cache, ignore_errors=True)
                seconds, cpu, proc = timed(cmd, env, tmp)
                if name != "import checker":
                    if proc.returncode not in (0, 1):
                        print(proc.stdout[-2000:], proc.stderr[-2000:], sep="\n")
                        sys.exit(f"{name}: exit {proc.returncode}")
                    outputs[name].add(proc.stdout)
                if round_:
                    times[name].append(seconds)
                    cpus[name].append(cpu)
        warm_out, cold_out = outputs["check, warm cache"], outputs["check, empty cache"]
        if len(warm_out) != 1 or warm_out != cold_out:
            sys.exit("warm and cold runs printed different problems")

        words = len(draft.read_text(encoding="utf-8").split())
        n_claims = sum(count_claims(p) for p in (tmp / "rules").glob("*.yaml"))
        problems = len(next(iter(warm_out)).splitlines())
        print(f"draft: {words} words; claims: {n_claims} ({seeded} from rules/, the rest generated); "
              f"problems reported: {problems}")
        print("bytecode cache on (Python's default), after one warm-up run of each command"
              if not args.as_env else
              f"environment as it is (PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r})")
        med = {name: statistics.median(ts) for name, ts in times.items()}
        width = max(map(len, med))
        for name, seconds in med.items():
            print(f"{name:{width}s}  median {seconds:6.3f} s  (min {min(times[name]):.3f}, "
                  f"max {max(times[name]):.3f}, {len(times[name])} runs; cpu median "
                  f"{statistics.median(cpus[name]):.3f} s)")
        warm, cold, bare = med["check, warm cache"], med["check, empty cache"], med["import checker"]

        def verdict(ok: bool) -> str:
            return "met" if ok else "NOT met"

        print(f"warm: {warm:.3f} s (target <= 0.15 s on the reference machine: {verdict(warm <= 0.15)})")
        print(f"warm / import checker: {warm / bare:.1f}x (target <= 10x: {verdict(warm / bare <= 10)})")
        print(f"cold / warm: {cold / warm:.2f}x (target <= 2x: {verdict(cold / warm <= 2)})")
        cpu = {name: statistics.median(c) for name, c in cpus.items()}
        print(f"(cpu time, less sensitive to a busy machine: warm {cpu['check, warm cache']:.3f} s, "
              f"warm / import {cpu['check, warm cache'] / cpu['import checker']:.1f}x, "
              f"cold / warm {cpu['check, empty cache'] / cpu['check, warm cache']:.2f}x)")
        if args.imports:
            print("\nimport time of one warm run by package (ms, own time of its modules, python -X importtime):")
            for us, name in import_costs(commands["check, warm cache"], env, tmp):
                print(f"  {us / 1000:7.1f}  {name}")
        if args.keep:
            print(f"kept {tmp}")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
