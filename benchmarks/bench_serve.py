"""Benchmark: ``claimcheck serve`` under load from 16 concurrent clients.

Starts a real server (``python -m checker serve --port 0``, default rules,
one worker process per core) and drives it for 30 seconds with 16 clients,
each on its own keep-alive connection, each sending 1,000-word drafts (varied:
recombined from the seed articles' paragraphs) one after the other.  Prints:

* requests per second, latency p50/p95/p99/max, and the error count;
* the server's memory (resident, the main process and its workers) after
  5 seconds and at the end, and their ratio;
* the baseline, measured in the same run: the time one process takes to
  answer one of the same drafts in-process (``Checker.answer`` + JSON, no
  HTTP), and the ratio of the service's p50 to it.

Targets (issue #15): p95 ≤ 50 ms, 0 errors, memory at the end ≤ 1.2× memory
after 5 s.  The load client shares the machine with the server, so it is
made cheap: asyncio, raw HTTP/1.1 over keep-alive connections, every request
built before the clock starts; its own CPU time per request is printed.

Run from the repository root:  python benchmarks/bench_serve.py [--seconds 30]
Needs the ``serve`` extra and psutil: pip install ".[test]"
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from checker.articles import read_articles  # noqa: E402
from checker.rules.loader import load_rules  # noqa: E402
from checker.serve.answer import Checker, encode  # noqa: E402
from checker.serve.drafts import Draft  # noqa: E402

URL = re.compile(r"on http://([^/\s]+)/ with")


def make_drafts(n: int, words: int, seed: int = 15) -> list[str]:
    """``n`` different drafts of ``words`` words, paragraphs of the seed articles recombined."""
    seeds, _ = read_articles([ROOT / "seeds"])
    paragraphs = [p for a in seeds for p in a.text.split("\n") if p.strip()]
    rng = random.Random(seed)
    drafts = []
    for _ in range(n):
        out, count = [], 0
        while count < words:
            p = rng.choice(paragraphs).split()
            p = p[: words - count]
            out.append(" ".join(p))
            count += len(p)
        drafts.append("\n\n".join(out) + "\n")
    return drafts


def start_server(workers: int | None) -> tuple[subprocess.Popen, str]:
    args = [sys.executable, "-m", "checker", "serve", "--port", "0", "--reload-interval", "0"]
    if workers:
        args += ["--workers", str(workers)]
    proc = subprocess.Popen(args, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    found: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stderr:
            m = URL.search(line)
            if m and not found:
                found.append(m.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(120) or not found:
        proc.kill()
        raise SystemExit("the server did not start")
    return proc, found[0]


def server_rss(proc: subprocess.Popen) -> int:
    """Resident bytes of the server and its worker processes."""
    main = psutil.Process(proc.pid)
    total = 0
    for p in [main, *main.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def server_cpu(proc: subprocess.Popen) -> tuple[float, float]:
    """CPU seconds used so far by the server's main process and by its workers."""
    main = psutil.Process(proc.pid)
    workers = 0.0
    for p in main.children(recursive=True):
        try:
            workers += sum(p.cpu_times()[:2])
        except psutil.Error:
            pass
    return sum(main.cpu_times()[:2]), workers


def build_requests(address: str, drafts: list[str]) -> list[bytes]:
    out = []
    for text in drafts:
        body = json.dumps({"text": text}).encode()
        out.append(f"POST /v1/check HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    return out


async def client(address: str, requests: list[bytes], offset: int, stop_at: float,
                 latencies: list[float], errors: list[str]) -> None:
    host, port = address.rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    i = offset
    try:
        while time.perf_counter() < stop_at:
            request = requests[i % len(requests)]
            i += 1
            t0 = time.perf_counter()
            try:
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head[9:12])
                length = int(re.search(rb"(?i)\r\ncontent-length: *(\d+)", head).group(1))
                await reader.readexactly(length)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, AttributeError) as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                writer.close()
                reader, writer = await asyncio.open_connection(host, int(port))
                continue
            latencies.append(time.perf_counter() - t0)
            if status != 200:
                errors.append(f"HTTP {status}")
    finally:
        writer.close()


async def load(address: str, requests: list[bytes], clients: int, seconds: float,
               proc: subprocess.Popen) -> tuple[list[float], list[str], int, int]:
    latencies: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    stop_at = start + seconds
    tasks = [asyncio.create_task(client(address, requests, k * 7, stop_at, latencies, errors))
             for k in range(clients)]
    await asyncio.sleep(min(5.0, seconds / 2))
    rss_early = await asyncio.to_thread(server_rss, proc)
    await asyncio.gather(*tasks)
    rss_late = server_rss(proc)
    return latencies, errors, rss_early, rss_late


def baseline(drafts: list[str], repeat: int = 40) -> float:
    """Median seconds for one process to answer one draft in-process."""
    checker = Checker(load_rules([ROOT / "rules"]))
    times = []
    for i in range(repeat):
        t0 = time.perf_counter()
        encode(checker.answer(Draft(drafts[i % len(drafts)])))
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--words", type=int, default=1000)
    ap.add_argument("--drafts", type=int, default=200, help="different drafts, sent in turn")
    ap.add_argument("--workers", type=int, default=None, help="server worker processes (default: one per core)")
    args = ap.parse_args()

    drafts = make_drafts(args.drafts, args.words)
    base = baseline(drafts)
    proc, address = start_server(args.workers)
    try:
        requests = build_requests(address, drafts)
        me = psutil.Process()
        cpu0, (main0, workers0) = sum(me.cpu_times()[:2]), server_cpu(proc)
        latencies, errors, rss_early, rss_late = asyncio.run(
            load(address, requests, args.clients, args.seconds, proc))
        client_cpu = sum(me.cpu_times()[:2]) - cpu0
        main1, workers1 = server_cpu(proc)
    finally:
        proc.terminate()
        code = proc.wait(60)

    n = len(latencies)
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    p95 = percentile(latencies, 0.95) if latencies else float("inf")
    ratio = rss_late / rss_early if rss_early else float("inf")
    print(f"claimcheck serve: {args.clients} clients, {args.words}-word drafts ({args.drafts} different), "
          f"default rules, {args.seconds:g} s, {os.cpu_count()} cores")
    print(f"  requests      {n} answered, {n / args.seconds:.0f} per second")
    if latencies:
        print(f"  latency       p50 {ms(percentile(latencies, 0.5))}  p95 {ms(p95)}  "
              f"p99 {ms(percentile(latencies, 0.99))}  max {ms(max(latencies))}")
    print(f"  errors        {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"  server memory {rss_early / 2**20:.0f} MB after 5 s, {rss_late / 2**20:.0f} MB at the end "
          f"(×{ratio:.2f})")
    print(f"  baseline      {ms(base)} to answer one draft in-process; service p50 / baseline "
          f"= ×{percentile(latencies, 0.5) / base:.1f}" if latencies else "")
    per = lambda s: f"{s / max(n, 1) * 1e6:.0f} µs"  # noqa: E731
    print(f"  CPU/request   server main process {per(main1 - main0)}, workers {per(workers1 - workers0)}, "
          f"load client {per(client_cpu)}")
    print(f"  server exit   {code} after SIGTERM")
    ok = p95 <= 0.050 and not errors and ratio <= 1.2 and n > 0
    print(f"targets (p95 <= 50 ms, 0 errors, memory <= 1.2x): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
