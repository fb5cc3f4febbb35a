"""Throughput and latency of the API over real HTTP, with 1 and 2 server processes.

    .venv/bin/python benchmarks/load_bench.py                      # 1,000,000 events, workers 1 and 2, 3 runs each
    .venv/bin/python benchmarks/load_bench.py --events 100000 --duration 10 --runs 3 --keep
    .venv/bin/python benchmarks/load_bench.py --query mix --workers 2

`strife serve --workers N` runs as a real server on 127.0.0.1; the client (`--client`: `wrk` when
Debian's wrk is installed, else an asyncio httpx client) holds 32 HTTP/1.1 keep-alive connections
open, each sending its next request as soon as the last one is answered, for `--duration` seconds
after a warm-up. Each run prints requests per second and the
p50 / p95 / p99 latency; the line after the runs gives their medians (the machine is shared, so a
single run says little). The store is the synthetic one benchmarks/api_latency.py builds (same
generator, same indexes); it is created under /tmp and deleted at the end unless --keep. The
client shares the machine's cores with the server: the Python client takes most of a core, wrk a few
per cent, so wrk measures the server rather than the client. After the runs a line gives the CPU each
server process and the client used, as a share of one core.

Queries (`--query`): `country` (GET /api/incidents?country=XX, a country drawn from the 60 with
the most events, as the issue measured), `mix` (api_latency's thirteen filter families in turn).
Not part of the test suite.
"""
from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import random
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent


def _api_latency():
    """benchmarks/api_latency.py, whose store generator and indexes this benchmark reuses."""
    spec = importlib.util.spec_from_file_location("api_latency", HERE / "api_latency.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prepare_store(path: Path, events: int, rebuild: bool) -> int:
    bench = _api_latency()
    if rebuild or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        bench.build(path, events)
    with sqlite3.connect(path) as conn:
        for statement in bench.PROPOSED_INDEXES:
            conn.execute(statement)
        conn.execute("ANALYZE")
        return conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`strife serve --workers N` in its own process group, stopped with the group."""

    def __init__(self, db: Path, workers: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        strife = Path(sys.executable).with_name("strife")
        command = [str(strife)] if strife.exists() else [sys.executable, "-m", "strife.cli"]
        self.log = tempfile.NamedTemporaryFile(prefix="strife-load-bench-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(
            command + ["serve", "--db", str(db), "--port", str(self.port), "--workers", str(workers),
                       "--log-level", "warning"],
            stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True)

    def cpu_seconds(self) -> dict[int, float]:
        """CPU time (user + system) each serving process has used so far: the workers uvicorn
        spawned, or the server itself when it runs alone."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        workers = [int(pid) for pid in children
                   if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")] or [self.process.pid]
        ticks = os.sysconf("SC_CLK_TCK")
        used = {}
        for pid in workers:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            used[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        return used

    def log_tail(self, chars: int = 2000) -> str:
        return Path(self.log.name).read_text(errors="replace")[-chars:]

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"strife serve exited: {self.log_tail()}")
            try:
                if httpx.get(f"{self.base}/api/summary", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError("strife serve did not answer in time")

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


def query_source(kind: str, facets: dict, seed: int):
    """A function giving the next query's params (an endless sequence, the same for a seed)."""
    rng = random.Random(seed)
    if kind == "country":
        countries = [f["value"] for f in facets["countries"][:60]]
        return lambda: {"country": rng.choice(countries)}
    bench = _api_latency()
    pending: list[dict] = []

    def next_mix() -> dict:
        if not pending:
            pending.extend(params for _name, params in bench.query_mix(rng, facets))
        return pending.pop()

    return next_mix


@dataclass
class RunResult:
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: Counter = field(default_factory=Counter)  # HTTP status or exception name → count

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


@dataclass
class WrkResult(RunResult):
    """wrk reports its own percentiles rather than every latency."""
    percentiles: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def percentile(self, p: float) -> float:
        return self.percentiles[{50: 0, 95: 1, 99: 2}[p]]


WRK_SCRIPT = """
local paths = {%s}
local n = 0
init = function(args)
  n = offset or 0  -- set by setup() in this thread's globals: threads start at different places
end
setup = function(thread)
  setup_count = (setup_count or 0) + 1
  thread:set("offset", setup_count * 7919)
end
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("STRIFE %%d %%d %%d %%d %%d %%d %%d %%f %%f %%f\\n", summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def wrk_load(base: str, next_params, connections: int, seconds: float, threads: int = 2) -> RunResult:
    """The same load from wrk (C, epoll): it costs the machine far less per request than a Python
    client, so on a busy 2-core box more of the CPU goes to the server being measured. wrk's own
    latency histogram gives the percentiles."""
    paths = [str(httpx.URL("/api/incidents", params=next_params())) for _ in range(2000)]
    script = WRK_SCRIPT % ", ".join(f'"{path}"' for path in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    try:
        done = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s",
                               "--timeout", "60s", "-s", fh.name, base], capture_output=True, text=True, check=True)
    finally:
        Path(fh.name).unlink(missing_ok=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("STRIFE "))
    requests, duration_us, connect, read, write, status, timeout, p50, p95, p99 = line.split()[1:]
    errors = Counter({name: int(count) for name, count in (("connect", connect), ("read", read), ("write", write),
                                                           ("non-2xx", status), ("timeout", timeout)) if int(count)})
    ok = int(requests) - errors["non-2xx"]
    return WrkResult(ok, int(duration_us) / 1e6, [], errors, (float(p50), float(p95), float(p99)))


async def load(base: str, next_params, connections: int, seconds: float) -> RunResult:
    """`connections` clients, each sending its next request when the last is answered, for `seconds`."""
    latencies: list[float] = []
    errors: Counter = Counter()
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        stop_at = time.perf_counter() + seconds

        async def one_connection() -> None:
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                try:
                    response = await client.get("/api/incidents", params=next_params())
                    failure = None if response.status_code == 200 else f"HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    failure = type(exc).__name__
                if failure is None:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors[failure] += 1

        began = time.perf_counter()
        await asyncio.gather(*(one_connection() for _ in range(connections)))
        elapsed = time.perf_counter() - began
    return RunResult(len(latencies), elapsed, latencies, errors)


def _children_cpu() -> float:
    """CPU time of the finished child processes (the wrk runs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/strife-load-bench.db")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per run")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of load before the runs, not counted")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", choices=["country", "mix"], default="country")
    parser.add_argument("--client", choices=["python", "wrk"], default="wrk" if shutil.which("wrk") else "python",
                        help="wrk (Debian's package, if installed) or the asyncio/httpx client")
    parser.add_argument("--rebuild", action="store_true", help="build the store again even if it exists")
    parser.add_argument("--keep", action="store_true", help="keep the store (it is deleted by default)")
    args = parser.parse_args()

    path = Path(args.db)
    started = time.perf_counter()
    total = prepare_store(path, args.events, args.rebuild)
    print(f"store: {total:,} events in {path} (ready in {time.perf_counter() - started:.0f} s)")
    print(f"load: {args.client} client, {args.connections} connections, GET /api/incidents ({args.query}), "
          f"{args.runs} runs of {args.duration:g} s after {args.warmup:g} s of warm-up\n")
    print(f"{'workers':>7} {'run':>5} {'requests':>9} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
          f" {'load avg':>9}")
    summary = []
    try:
        for workers in args.workers:
            server = Server(path, workers)
            try:
                server.wait_ready()
                facets = httpx.get(f"{server.base}/api/facets", timeout=120).json()
                next_params = query_source(args.query, facets, seed=11)
                if args.client == "wrk":
                    def run_load(seconds: float) -> RunResult:
                        return wrk_load(server.base, next_params, args.connections, seconds)
                else:
                    def run_load(seconds: float) -> RunResult:
                        return asyncio.run(load(server.base, next_params, args.connections, seconds))
                run_load(args.warmup)
                results = []
                cpu_before = server.cpu_seconds()
                client_before = time.process_time() + _children_cpu()
                for run in range(1, args.runs + 1):
                    result = run_load(args.duration)
                    results.append(result)
                    print(f"{workers:>7} {run:>5} {result.requests:>9} {sum(result.errors.values()):>6} {result.rps:>8.1f} "
                          f"{result.percentile(50):>8.1f} {result.percentile(95):>8.1f} {result.percentile(99):>8.1f}"
                          f" {os.getloadavg()[0]:>9.1f}")  # the machine's 1-minute load: others share it
                    if result.errors:
                        print(f"{'':>13} errors: {dict(result.errors)}; server log: {server.log_tail(500)!r}")
                cpu = {pid: used - cpu_before.get(pid, 0.0) for pid, used in server.cpu_seconds().items()}
                wall = sum(r.seconds for r in results)
                print(f"{'':>13} CPU over the runs: server " + ", ".join(f"{seconds / wall:.0%}" for seconds in cpu.values())
                      + f" of a core, client {(time.process_time() + _children_cpu() - client_before) / wall:.0%}")
                medians = [statistics.median(values) for values in zip(*[
                    (r.rps, r.percentile(50), r.percentile(95), r.percentile(99)) for r in results])]
                summary.append((workers, medians))
                print(f"{workers:>7} {'median':>5} {'':>9} {'':>6} {medians[0]:>8.1f} {medians[1]:>8.1f} "
                      f"{medians[2]:>8.1f} {medians[3]:>8.1f}")
            finally:
                server.stop()
    finally:
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            print(f"\nremoved {path}")
    if len(summary) > 1:
        first = summary[0][1][0]
        print("\n" + ", ".join(f"{workers} worker{'s' if workers > 1 else ''}: {m[0]:.0f} req/s "
                                f"(x{m[0] / first:.2f}), p50 {m[1]:.0f} ms, p99 {m[3]:.0f} ms" for workers, m in summary))


if __name__ == "__main__":
    main()
