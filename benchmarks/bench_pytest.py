"""How much does running the claims through pytest cost, next to `claimcheck run`?

Generates N articles (default 500) by recombining and perturbing the sentences
of the seed articles, then times, in subprocesses, on the same input:

    pytest -p no:cacheprovider -q rules/ --articles DIR
    claimcheck run --articles DIR --out - --format json

and prints the ratio of the two wall-clock times (target: at most 3×).
Both run the claimcheck of this tree (it is put first on ``PYTHONPATH``), in
one process: when ``claimcheck run`` has ``--jobs``, it gets ``--jobs 1``.

Both commands run as Python runs by default: with its bytecode cache, after
one untimed warm-up run of each that fills it.  An environment that sets
``PYTHONDONTWRITEBYTECODE`` (many container images do) makes every run
compile every module again, and pytest then also re-applies its assertion
rewriting to every installed pytest plugin's modules (hypothesis alone costs
about 0.5 s a run): a cost of that environment, not of either command.
``--as-env`` keeps the environment as it is.

``--plugins-of-claimcheck-only`` also times pytest with plugin autoloading off
and only claimcheck's plugin loaded: what pytest costs in a newsroom's
environment, without the plugins a development environment adds (the test
extras' hypothesis and xdist, or pytest-benchmark), each of which wraps every
report of every item.

    python benchmarks/bench_pytest.py [--articles 500] [--repeat 1] [--rules rules/] [--seed 0]
    python benchmarks/bench_pytest.py --xdist 2     # also time `pytest -n 2`

Run from anywhere; it works in the repository root.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Perturbations: (pattern, alternatives). Each applies with some probability,
# so the generated corpus has every verdict: agreeing, contradicting, silent.
PERTURB = [
    (r"\b1,400\b", ["1,400", "1,400", "1,000", "1,300", "1,729", "281", "more than 1,000"]),
    (r"\bmore than 400 children\b", ["more than 400 children", "some 40 children", "many children"]),
    (r"\bAugust 2013\b", ["August 2013", "August 2013", "April 2018", "2013"]),
    (r"\bal-Hassan\b", ["al-Hassan", "al-Hassan", "Al-Assad"]),
    (r"\bmanoeuvre\b", ["manoeuvre", "maneuver"]),
    (r"\bthree\b", ["three", "two"]),
    (r"\b13-year\b", ["13-year", "13-year", "10-year"]),
    (r"\bNovember\b", ["November", "December"]),
]
SOURCES = ["wire-a", "wire-b", "tabloid-c", "daily-d", "weekly-e", "radio-f"]


def seed_sentences(seeds: Path) -> list[str]:
    sentences: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8-sig")
        for para in re.split(r"\n+", text):
            para = para.strip()
            if not para:
                continue
            # a rough split is enough here: we only recombine
            sentences.extend(s.strip() for s in re.split(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])", para) if s.strip())
    return sentences


def make_article(rng: random.Random, pool: list[str]) -> str:
    n = rng.randint(8, 24)
    picked = [rng.choice(pool) for _ in range(n)]
    out = []
    for sentence in picked:
        for pattern, alternatives in PERTURB:
            if re.search(pattern, sentence):
                sentence = re.sub(pattern, rng.choice(alternatives), sentence)
        out.append(sentence)
    paragraphs, i = [], 0
    while i < len(out):
        k = rng.randint(1, 3)
        paragraphs.append(" ".join(out[i : i + k]))
        i += k
    return "\n\n".join(paragraphs) + "\n"


def generate(directory: Path, count: int, seed: int, seeds: Path) -> None:
    pool = seed_sentences(seeds)
    if not pool:
        sys.exit(f"no seed sentences found in {seeds}")
    rng = random.Random(seed)
    meta = []
    for i in range(count):
        name = f"gen{i:04d}.txt"
        (directory / name).write_text(make_article(rng, pool), encoding="utf-8")
        meta.append(f"{name}: {{source: {SOURCES[i % len(SOURCES)]}}}")
    (directory / "sources.yaml").write_text("\n".join(meta) + "\n", encoding="utf-8")


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall-clock and CPU seconds (user + system, of the child processes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc


def claimcheck_cmd() -> list[str]:
    return [sys.executable, "-m", "checker"]


def one_process(env: dict[str, str]) -> list[str]:
    """``--jobs 1`` when ``claimcheck run`` has ``--jobs``: pytest runs in one
    process, and so must the command it is compared with."""
    help_text = subprocess.run(claimcheck_cmd() + ["run", "--help"], cwd=ROOT, capture_output=True,
                               text=True, env=env).stdout
    return ["--jobs", "1"] if "--jobs" in help_text else []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=500, help="articles to generate (default 500)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each command; the best is kept")
    ap.add_argument("--rules", default="rules/", help="rule files (default rules/)")
    ap.add_argument("--seeds", default=str(ROOT / "seeds"), help="seed articles to recombine")
    ap.add_argument("--seed", type=int, default=0, help="random seed for the generator")
    ap.add_argument("--xdist", type=int, default=0, help="also time pytest -n N")
    ap.add_argument("--keep", action="store_true", help="keep the generated articles")
    ap.add_argument("--plugins-of-claimcheck-only", action="store_true",
                    help="also time pytest with only claimcheck's plugin loaded")
    ap.add_argument("--as-env", action="store_true",
                    help="run the commands in the environment as it is (default: with Python's "
                         "bytecode cache on, after a warm-up run)")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="claimcheck-bench-"))
    try:
        generate(tmp, args.articles, args.seed, Path(args.seeds))
        pytest_cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                      args.rules, "--articles", str(tmp)]
        env = dict(os.environ)
        # the tree this script is in, not whatever claimcheck is installed
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
        if not args.as_env:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        run_cmd = claimcheck_cmd() + ["run", "--rules", args.rules, "--articles", str(tmp),
                                      "--out", "-", "--format", "json", *one_process(env)]
        commands = {"claimcheck run": run_cmd, "pytest": pytest_cmd}
        if args.xdist:
            commands[f"pytest -n {args.xdist}"] = pytest_cmd + ["-n", str(args.xdist)]
        only = "pytest, claimcheck plugin only"
        if args.plugins_of_claimcheck_only:
            commands[only] = pytest_cmd[:3] + ["-p", "checker.pytest_plugin"] + pytest_cmd[3:]
        envs = {name: dict(env, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1") if name == only else env for name in commands}
        if not args.as_env:
            for name, cmd in commands.items():  # warm-up: Python's bytecode cache filled, untimed
                timed(cmd, ROOT, envs[name])
        best: dict[str, float] = {}
        best_cpu: dict[str, float] = {}
        last: dict[str, subprocess.CompletedProcess] = {}
        for _ in range(max(1, args.repeat)):
            for name, cmd in commands.items():
                seconds, cpu, proc = timed(cmd, ROOT, envs[name])
                best[name] = min(seconds, best.get(name, float("inf")))
                best_cpu[name] = min(cpu, best_cpu.get(name, float("inf")))
                last[name] = proc

        run_proc = last["claimcheck run"]
        if run_proc.returncode != 0:
            print(run_proc.stdout[-2000:], run_proc.stderr[-2000:], sep="\n")
            sys.exit(f"claimcheck run failed (exit {run_proc.returncode})")
        data = json.loads(run_proc.stdout)
        verdicts = Counter(r["verdict"] for r in data["results"])
        known = sum(1 for r in data["results"] if r.get("known"))
        summary = last["pytest"].stdout.strip().splitlines()[-1] if last["pytest"].stdout.strip() else ""
        if last["pytest"].returncode not in (0, 1):
            print(last["pytest"].stdout[-3000:], last["pytest"].stderr[-2000:], sep="\n")
            sys.exit(f"pytest did not run the claims (exit {last['pytest'].returncode})")

        print(f"articles: {args.articles} generated in {tmp}")
        print(f"claims:   {len(data['claims'])}; results: {len(data['results'])} "
              f"({', '.join(f'{v} {verdicts[v]}' for v in ('pass', 'fail', 'missing', 'error'))}; known {known})")
        print(f"pytest:   {summary}")
        print(f"claimcheck run: {' '.join(run_cmd[len(claimcheck_cmd()):])}")
        if args.as_env:
            print(f"environment as it is (PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r})")
        else:
            print("bytecode cache on (Python's default), after one warm-up run of each command")
        width = max(map(len, best))
        for name, seconds in best.items():
            print(f"{name:{width}s} {seconds:7.2f} s wall  {best_cpu[name]:7.2f} s cpu")
        print(f"cpu ratio pytest / claimcheck run: {best_cpu['pytest'] / best_cpu['claimcheck run']:.2f}x")
        ratio = best["pytest"] / best["claimcheck run"]
        print(f"ratio pytest / claimcheck run: {ratio:.2f}x (wall clock; target <= 3x)")
        if args.plugins_of_claimcheck_only:
            print(f"ratio pytest (claimcheck plugin only) / claimcheck run: "
                  f"{best[only] / best['claimcheck run']:.2f}x (wall clock)")
        if args.xdist:
            print(f"ratio pytest -n {args.xdist} / claimcheck run: "
                  f"{best[f'pytest -n {args.xdist}'] / best['claimcheck run']:.2f}x (wall clock)")
        return 0
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
