"""HTTP throughput of `okr-coach serve`: POST /v1/critique of a 3-objective draft
beside GET /healthz on the same server, so the ratio shows the coach's own cost.

Starts the server on a free 127.0.0.1 port, drives it with 32 concurrent keep-alive
clients for a fixed number of requests per endpoint, prints requests/s, p50/p99
latency and CPU per request, then stops the server. A third line times /healthz
from one more client while the 32 critique, to show the event loop stays free.

Goal (2 cores): >= 300 critiques/s with p99 <= 100 ms.
Run: python3 benchmarks/api_throughput.py [--workers 2] [--requests 3000]

The load comes from this process, on the same cores as the server. Its clients
speak HTTP/1.1 over asyncio streams rather than through httpx: a Python HTTP client
spends about as much CPU per request as the server does, and would mostly measure
itself (--client httpx shows by how much). CPU per request is read from /proc, so it
holds even when other work shares the machine; requests/s and latency do not.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "draft-en.yaml"
OUT = ROOT / "benchmarks" / "out"

Call = Callable[[], Awaitable[int]]


@dataclass
class Client:
    """One keep-alive connection; ``call`` sends one request, returns the status."""

    call: Call
    close: Callable[[], Awaitable[None]]


async def connect(clients: list[Client]) -> None:
    """Open the connections one by one, as real clients arrive over time.

    uvicorn's workers share one listening socket, and the first worker to wake
    accepts every connection waiting: 32 opened in the same millisecond often all
    land on one worker and leave the other idle. Spaced a few ms apart, each is
    accepted by whichever worker is free, as in steady traffic.
    """
    for client in clients:
        await client.call()
        await asyncio.sleep(0.005)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"api_throughput-server-{port}.log"  # one per run: runs may overlap
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKR_COACH_")}
    command = [sys.executable, "-c", "from coach.cli import main; main()", "serve"]
    command += ["--port", str(port), "--workers", str(workers)]
    with log.open("wb") as sink:
        server = subprocess.Popen(command, stdout=sink, stderr=sink, env=env, cwd=ROOT)
    deadline = time.monotonic() + 90
    # Each worker warms up before it accepts: wait until all of them say so.
    while log.read_text().count("Application startup complete") < workers:
        if server.poll() is not None or time.monotonic() > deadline:
            stop_server(server)
            sys.exit(f"the server did not start; see {log}")
        time.sleep(0.1)
    return server


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and all its descendants, from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / ticks
    return own + sum(cpu_seconds(int(child)) for child in children)


def spread(port: int) -> str:
    """How many of the open connections each worker holds, e.g. '17/15' (Linux ss)."""
    try:
        listing = subprocess.run(
            ["ss", "-tnpH", "state", "established", f"( sport = :{port} )"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"
    pids = re.findall(r"pid=(\d+)", listing)
    return "/".join(str(pids.count(pid)) for pid in sorted(set(pids)))


def raw_client(port: int, method: str, path: str, body: bytes) -> Client:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    request = head.encode() + b"\r\n" + body
    streams: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def call() -> int:
        if not streams:
            streams.append(await asyncio.open_connection("127.0.0.1", port))
        reader, writer = streams[0]
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)
        return int(head[9:12])

    async def close() -> None:
        for _, writer in streams:
            writer.close()

    return Client(call, close)


def httpx_client(port: int, method: str, path: str, body: bytes) -> Client:
    import httpx

    client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}")
    headers = {"Content-Type": "application/json"} if body else {}

    async def call() -> int:
        response = await client.request(method, path, content=body, headers=headers)
        return response.status_code

    return Client(call, client.aclose)


async def drive(clients: list[Client], total: int) -> tuple[float, list[float]]:
    """Send ``total`` requests through ``clients`` at once: (seconds, latencies)."""
    latencies: list[float] = []
    remaining = total

    async def loop(client: Client) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            status = await client.call()
            latencies.append(time.perf_counter() - started)
            if status != 200:
                raise RuntimeError(f"got HTTP {status}")

    started = time.perf_counter()
    await asyncio.gather(*(loop(client) for client in clients))
    return time.perf_counter() - started, latencies


def report(name: str, rate: str, latencies: list[float]) -> str:
    cuts = statistics.quantiles(latencies, n=100)
    return (
        f"{name:<30} {rate:>6} req/s  p50 {cuts[49] * 1000:6.1f} ms  "
        f"p99 {cuts[98] * 1000:6.1f} ms"
    )


async def measure(
    name: str,
    make: Callable[[], Client],
    args: argparse.Namespace,
    port: int,
    server: int,
) -> float:
    """Print the figures for one endpoint; return its requests per second."""
    clients = [make() for _ in range(args.concurrency)]
    await connect(clients)
    await drive(clients, min(args.requests, 500))  # warm up; not counted
    server_cpu, client_cpu = cpu_seconds(server), time.process_time()
    seconds, latencies = await drive(clients, args.requests)
    server_cpu = (cpu_seconds(server) - server_cpu) / args.requests * 1000
    client_cpu = (time.process_time() - client_cpu) / args.requests * 1000
    print(
        report(name, f"{args.requests / seconds:.0f}", latencies)
        + f"  CPU/request: server {server_cpu:.2f} ms, client {client_cpu:.2f} ms;"
        f" connections per worker {spread(port)}"
    )
    for client in clients:
        await client.close()
    return args.requests / seconds


async def probe_during(
    load: Callable[[], Client], probe: Client, args: argparse.Namespace
) -> None:
    """Time one client's /healthz calls while ``concurrency`` clients critique."""
    clients = [load() for _ in range(args.concurrency)]
    await connect(clients)
    await drive(clients, min(args.requests, 500))
    running = asyncio.ensure_future(drive(clients, args.requests))
    latencies = []
    while not running.done():
        begun = time.perf_counter()
        await probe.call()
        latencies.append(time.perf_counter() - begun)
    await running
    print(report("GET /healthz while critiquing", "-", latencies))
    for client in [*clients, probe]:
        await client.close()


async def run(port: int, server: int, args: argparse.Namespace) -> None:
    draft = yaml.safe_load(DRAFT.read_text(encoding="utf-8"))
    body = json.dumps(draft, default=str).encode()
    connect = httpx_client if args.client == "httpx" else raw_client

    def health() -> Client:
        return connect(port, "GET", "/healthz", b"")

    def critique() -> Client:
        return connect(port, "POST", "/v1/critique", body)

    healthz = await measure("GET /healthz", health, args, port, server)
    critiques = await measure("POST /v1/critique", critique, args, port, server)
    print(f"{'critique / healthz throughput':<30} {critiques / healthz:6.3f}")
    await probe_during(critique, health(), args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--concurrency", type=int, default=32, help="clients")
    parser.add_argument("--requests", type=int, default=3000, help="per endpoint")
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw")
    args = parser.parse_args()

    port = free_port()
    server = start_server(port, args.workers)
    load = " ".join(f"{n:.2f}" for n in os.getloadavg())
    print(
        f"okr-coach serve --workers {args.workers} on 127.0.0.1:{port}, "
        f"{os.cpu_count()} CPUs (load average {load}); {args.concurrency} "
        f"{args.client} clients, {args.requests} requests per endpoint; "
        f"draft {DRAFT.name} (3 objectives, 11 key results)"
    )
    try:
        asyncio.run(run(port, server.pid, args))
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
