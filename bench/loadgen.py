"""A bounded HTTP load generator, run as its own process: ``python -m bench.loadgen``.

It reads one JSON job as the first line of stdin (so the token never appears in a process list):
``{"host", "port", "path", "token", "bodies": [...], "requests", "concurrency", "warmup"}``
(and ``expect_status``, 200 unless given: 201 for submissions)
and prints one JSON line of results. With ``wait_after_warmup`` it prints a line after the
warm-up and waits for a line on stdin before the measured requests. Each of ``concurrency`` clients holds one
keep-alive HTTP/1.1 connection and sends its next request as soon as the last
answer arrives, until ``requests`` have been sent in all. Only the standard library.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time


class Tally:
    def __init__(self):
        self.latencies: list[float] = []
        self.statuses: dict[str, int] = {}
        self.errors: dict[str, int] = {}

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def _requests(job) -> list[bytes]:
    head = (f"POST {job['path']} HTTP/1.1\r\nHost: {job['host']}:{job['port']}\r\n"
            f"Authorization: Bearer {job['token']}\r\nContent-Type: application/json\r\n"
            "Accept: application/json\r\n")
    encoded = []
    for body in job["bodies"]:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        encoded.append(f"{head}Content-Length: {len(data)}\r\n\r\n".encode("ascii") + data)
    return encoded


async def _read_response(reader) -> tuple[int, bool, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
    if "content-length" not in headers:
        raise ValueError("response without Content-Length")
    body = await reader.readexactly(int(headers["content-length"]))
    closing = headers.get("connection", "").lower() == "close"
    return status, closing, body


async def _drive(job, requests, limit: int, tally: Tally, record: bool) -> float:
    issued = itertools.count()

    async def client():
        reader = writer = None
        while True:
            number = next(issued)
            if number >= limit:
                break
            request = requests[number % len(requests)]
            started = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(job["host"], job["port"])
                writer.write(request)
                status, closing, body = await asyncio.wait_for(_read_response(reader), job.get("timeout", 30))
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError,
                    ValueError) as exc:
                tally.error(type(exc).__name__)
                if writer is not None:
                    writer.close()
                reader = writer = None
                continue
            elapsed = time.perf_counter() - started
            if record:
                tally.latencies.append(elapsed)
                tally.statuses[str(status)] = tally.statuses.get(str(status), 0) + 1
                if status != job.get("expect_status", 200):
                    tally.error(f"http_{status}")
                elif b'"verdict"' not in body:
                    tally.error("no_verdict_in_body")
            if closing:
                writer.close()
                reader = writer = None
        if writer is not None:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(job["concurrency"])))
    return time.perf_counter() - started


def _percentile(ordered, fraction):
    if not ordered:
        return None
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


async def main_async(job) -> dict:
    requests = _requests(job)
    await _drive(job, requests, job.get("warmup", 0), Tally(), record=False)
    print(json.dumps({"warmed_up": True}), flush=True)
    if job.get("wait_after_warmup"):  # the parent reads the server's CPU clock, then says go
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    tally = Tally()
    cpu_started = time.process_time()
    seconds = await _drive(job, requests, job["requests"], tally, record=True)
    client_cpu = time.process_time() - cpu_started
    ordered = sorted(tally.latencies)
    ms = lambda value: None if value is None else round(value * 1000, 3)  # noqa: E731
    return {
        "requests": job["requests"], "concurrency": job["concurrency"], "warmup": job.get("warmup", 0),
        "seconds": round(seconds, 3), "completed": len(ordered),
        "requests_per_second": round(len(ordered) / seconds, 1) if seconds else None,
        "p50_ms": ms(_percentile(ordered, 0.5)), "p90_ms": ms(_percentile(ordered, 0.9)),
        "p99_ms": ms(_percentile(ordered, 0.99)), "max_ms": ms(ordered[-1] if ordered else None),
        "statuses": tally.statuses, "errors": sum(tally.errors.values()), "error_kinds": tally.errors,
        "client_cpu_ms_per_request": round(client_cpu / max(1, len(ordered)) * 1000, 3),
    }


def main() -> int:
    job = json.loads(sys.stdin.readline())
    print(json.dumps(asyncio.run(main_async(job))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
