"""How fast a class round is: 60 phones over WebSockets on 127.0.0.1, the real server.

Starts ``sesame classroom --local --no-window`` (default scenario: 1,000 citizens) in its
own process, joins ``--clients`` simulated phones, and plays ``--rounds`` rounds: every
phone makes choices (pay or skip, speak or not, apply for a service, now and then drops a
friend or asks someone), then the console ends the round. Round latency is the time from
the console's "end the round" to the moment the *last* phone has its new view. Then the
same rounds again while one more connection floods the server with messages.

Prints the median and 95th percentile latency of each phase and the server's memory
(resident set, from the operating system). Everything stays on 127.0.0.1 and stops by itself.

    python benchmarks/classroom.py [--clients 60] [--rounds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import psutil
from websockets.asyncio.client import connect


def start_server(seats: int) -> tuple[subprocess.Popen, dict]:
    tmp = tempfile.mkdtemp(prefix="sesame-bench-")
    env = {**os.environ, "SESAME_DATA": tmp, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "game.cli", "classroom", "--local", "--port", "0", "--no-window",
                             "--no-browser", "--seats", str(seats)], stdout=subprocess.PIPE, text=True, env=env)
    seen: dict = {}
    while "stop" not in seen:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the server did not start")
        if m := re.search(r"open http://127\.0\.0\.1:(\d+) - room code ([A-Z]{4})", line):
            seen.update(port=int(m.group(1)), code=m.group(2))
        if m := re.search(r"#key=(\S+)", line):
            seen["key"] = m.group(1)
        if m := re.search(r"([\d,]+) citizens", line):
            seen["citizens"] = m.group(1)
        seen["stop"] = "Stop:" in line or None
        if seen["stop"] is None:
            del seen["stop"]
    return proc, seen


class Phone:
    def __init__(self, ws, k: int):
        self.ws, self.k = ws, k
        self.view: dict = {}
        self.new_round = asyncio.Event()
        self.ready = asyncio.Event()

    async def reader(self) -> None:
        async for raw in self.ws:
            msg = json.loads(raw)
            if msg.get("t") == "state":
                if msg["rounds_done"] > self.view.get("rounds_done", -1) and self.view:
                    self.new_round.set()
                self.view = msg
                if msg["choices"]["ready"]:
                    self.ready.set()

    async def choose(self, r: int) -> None:
        v, k = self.view, self.k
        msgs = [{"t": "pay", "on": (k + r) % 4 != 0}, {"t": "speak", "on": (k * 7 + r) % 3 == 0}]
        if v.get("services"):
            msgs.append({"t": "apply", "service": v["services"][(k + r) % len(v["services"])]["key"], "on": True})
        if v.get("friends") and (k + r) % 5 == 0:
            msgs.append({"t": "drop", "citizen": v["friends"][-1]["id"], "on": True})
        if v.get("suggest") and (k + r) % 3 == 1:
            msgs.append({"t": "ask", "citizen": v["suggest"][0]["id"], "on": True})
        msgs.append({"t": "ready", "on": True})
        for m in msgs:
            await self.ws.send(json.dumps(m))


async def flood(port: int, stop: asyncio.Event) -> int:
    sent = 0
    try:
        async with connect(f"ws://127.0.0.1:{port}/ws") as ws:
            msg = json.dumps({"t": "pay", "on": True})
            while not stop.is_set():
                await ws.send(msg)
                sent += 1
                if sent % 200 == 0:
                    await asyncio.sleep(0)
    except Exception:
        pass  # closed by the server for flooding: that is the point
    return sent


async def play(port: int, code: str, key: str, clients: int, rounds: int) -> dict:
    phones = []
    for k in range(clients):
        ws = await connect(f"ws://127.0.0.1:{port}/ws", max_size=2**20)
        await ws.send(json.dumps({"t": "join", "room": code, "name": f"Student {k + 1}", "lang": "en" if k % 3 else "zh"}))
        phone = Phone(ws, k)
        phones.append(phone)
        asyncio.create_task(phone.reader())
    console = await connect(f"ws://127.0.0.1:{port}/ws/teacher", max_size=2**22)
    await console.send(json.dumps({"t": "auth", "key": key}))
    await console.send(json.dumps({"t": "auto", "on": False}))
    await console.send(json.dumps({"t": "start"}))

    async def drain():
        async for _ in console:
            pass
    asyncio.create_task(drain())
    while not all(p.view for p in phones):
        await asyncio.sleep(0.05)
    out = {}
    for phase in ("quiet", "one phone flooding"):
        stop = asyncio.Event()
        flooder = asyncio.create_task(flood(port, stop)) if phase != "quiet" else None
        times = []
        for r in range(rounds):
            for p in phones:
                p.ready.clear()
            await asyncio.gather(*(p.choose(r) for p in phones))
            # every phone's choices are in (its page says it is done) before the round ends
            await asyncio.wait_for(asyncio.gather(*(p.ready.wait() for p in phones)), 30)
            for p in phones:
                p.new_round.clear()
            start = time.perf_counter()
            await console.send(json.dumps({"t": "next"}))
            await asyncio.wait_for(asyncio.gather(*(p.new_round.wait() for p in phones)), 30)
            times.append(time.perf_counter() - start)
        stop.set()
        sent = await flooder if flooder else 0
        out[phase] = (times, sent)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    proc, seen = start_server(min(60, args.clients))
    server = psutil.Process(proc.pid)
    try:
        idle = server.memory_info().rss
        results = asyncio.run(play(seen["port"], seen["code"], seen["key"], args.clients, args.rounds))
        rss = server.memory_info().rss
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)
    print(f"class round on 127.0.0.1: {seen['citizens']} citizens, {args.clients} phones over WebSockets, "
          f"{args.rounds} rounds per phase")
    for phase, (times, sent) in results.items():
        ms = sorted(t * 1000 for t in times)
        p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
        extra = f"  ({sent} messages flooded)" if sent else ""
        print(f"  {phase:>20}: round latency median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, "
              f"max {ms[-1]:.0f} ms{extra}")
    print(f"  server memory: {idle / 2**20:.0f} MB before the class, {rss / 2**20:.0f} MB after "
          f"{2 * args.rounds} rounds with {args.clients} phones")


if __name__ == "__main__":
    main()
