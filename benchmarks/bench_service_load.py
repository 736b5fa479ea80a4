"""The service under 1,000 concurrent requests: latency, admission, /healthz, peak memory.

    .venv/bin/python benchmarks/bench_service_load.py [--requests 1000] [--queue 64]

Starts `jiyao serve` (offline engine) in its own process on 127.0.0.1 and sends the
requests at once from this one (loopback only; bounded in count and time). Three runs:
``POST /v1/clean`` with the right token, with a wrong token, and with no token and a
1.9 MB body each (the token is checked before the body is read). During each run,
``/healthz`` is timed from a separate process. Peak memory is the VmHWM (from /proc) of the
server and of each of its child processes (the workers). "Lost" counts
requests that got no HTTP answer at all.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "bench-token-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += [int(child), *_descendants(int(child))]
    return found


def _peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _run(url: str, count: int, headers: dict[str, str], body: bytes) -> dict[str, object]:
    limits = httpx.Limits(max_connections=count + 10, max_keepalive_connections=0)
    async with httpx.AsyncClient(limits=limits, timeout=120) as client:

        async def one() -> tuple[int | None, float]:
            start = time.perf_counter()
            try:
                response = await client.post(f"{url}/v1/clean", content=body, headers=headers)
                return response.status_code, time.perf_counter() - start
            except httpx.HTTPError:
                return None, time.perf_counter() - start

        # /healthz is timed from its own process: in this one it would wait behind the
        # client's own event loop, busy with the 1,000 requests, and time the client.
        probe = subprocess.Popen([sys.executable, __file__, "--probe", url], stdout=subprocess.PIPE, text=True)
        started = time.perf_counter()
        results = await asyncio.gather(*(one() for _ in range(count)))
        wall = time.perf_counter() - started
        out, _ = probe.communicate(timeout=120)
        health_times = [float(t) for t in out.split()]
    latencies = sorted(t for _, t in results)
    statuses: dict[str, int] = {}
    for status, _ in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "wall": wall,
        "p50": statistics.median(latencies),
        "p99": latencies[int(0.99 * (len(latencies) - 1))],
        "statuses": statuses,
        "lost": statuses.get("None", 0),
        "healthz_max": max(health_times),
        "healthz_median": statistics.median(health_times),
        "healthz_slow": sum(t > 0.1 for t in health_times),
        "healthz_count": len(health_times),
    }


def _probe(url: str) -> None:
    """Time thirty /healthz calls, 0.05 s apart, while the load runs; print the seconds."""
    time.sleep(0.2)
    with httpx.Client(timeout=30) as client:
        for _ in range(30):
            start = time.perf_counter()
            client.get(f"{url}/healthz")
            print(f"{time.perf_counter() - start:.6f}")
            time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--queue", type=int, default=64)
    parser.add_argument("--probe", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        _probe(args.probe)
        return
    port = _free_port()
    env = {**os.environ, "JIYAO_SERVICE_TOKEN": TOKEN}
    env.pop("JIYAO_BASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "jiyao", "serve", "--port", str(port), "--queue", str(args.queue)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{url}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        seed = (ROOT / "seeds" / "000_5f474b3628a23a08.txt").read_text(encoding="utf-8")
        small = httpx.Request("POST", url, json={"text": seed}).content
        big = b'{"text": "' + b"x" * (19 * 100_000) + b'"}'
        runs = [
            ("with the token", {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}, small),
            ("wrong token", {"Authorization": "Bearer nope", "Content-Type": "application/json"}, small),
            ("no token, 1.9 MB bodies", {"Content-Type": "application/json"}, big),
        ]
        print(f"jiyao serve, offline engine, 2 workers, queue {args.queue}; {args.requests} concurrent requests a run")
        for label, headers, body in runs:
            result = asyncio.run(_run(url, args.requests, headers, body))
            print(
                f"  {label:24s} wall {result['wall']:6.2f} s  p50 {result['p50']:6.3f} s  p99 {result['p99']:6.3f} s  "
                f"statuses {result['statuses']}  lost {result['lost']}  "
                f"/healthz median {1000 * float(result['healthz_median']):.0f} ms, max "
                f"{1000 * float(result['healthz_max']):.0f} ms, over 100 ms {result['healthz_slow']} of "
                f"{result['healthz_count']}"
            )
        workers = [_peak_rss_mib(pid) for pid in _descendants(server.pid)]
        print(
            f"  peak memory (VmHWM): server {_peak_rss_mib(server.pid):.0f} MiB, its {len(workers)} child processes "
            f"{' + '.join(f'{w:.0f}' for w in workers) or '-'} MiB"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
