"""Serving a room: uvicorn in a background thread, on a socket bound here first.

The socket is bound before uvicorn starts, so a busy port is found at once (the next free
one is taken and said) and tests can ask for port 0. Everything the server does happens
on its own event loop in that thread; :meth:`Running.stop` ends it within a second.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import uvicorn

from game.classroom.room import Room
from game.classroom.server import ClassServer

PORT_TRIES = 20


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``; from ``port`` upwards if it is taken (0: any)."""
    last: OSError | None = None
    for p in ([0] if port == 0 else range(port, port + PORT_TRIES)):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, p))
        except OSError as exc:
            sock.close()
            last = exc
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                continue
            raise
        sock.listen(256)
        sock.setblocking(False)
        return sock
    raise OSError(errno.EADDRINUSE, f"ports {port} to {port + PORT_TRIES - 1} on {host} are all taken") from last


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses on its networks (not loopback), private ones first."""
    found: list[str] = []
    stats = psutil.net_if_stats()
    for name, addrs in psutil.net_if_addrs().items():
        if name in stats and not stats[name].isup:
            continue
        found += [a.address for a in addrs if a.family == socket.AF_INET]
    good = []
    for a in dict.fromkeys(found):
        ip = ipaddress.ip_address(a)
        if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast):
            good.append(a)
    return sorted(good, key=lambda a: (not ipaddress.ip_address(a).is_private, a))


@dataclass
class Running:
    server: object  # the ClassServer
    uvicorn: object
    thread: threading.Thread
    host: str
    port: int

    @property
    def local_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "127.0.0.1") else self.host
        return f"http://{host}:{self.port}"

    def stop(self, timeout: float = 5.0) -> None:
        self.uvicorn.should_exit = True
        self.thread.join(timeout)


def serve(room: Room, host: str = "127.0.0.1", port: int = 0, *, join_url: str = "",
          export_dir: Path | None = None, autosave=None, ws_ping: float = 10.0) -> Running:
    """Start the class server for ``room`` in a thread; returns once it accepts connections."""
    sock = bind(host, port)
    bound = sock.getsockname()[1]
    app = ClassServer(room, join_url=join_url or f"http://{host}:{bound}", export_dir=export_dir, autosave=autosave)
    config = uvicorn.Config(app.app, log_level="warning", access_log=False, lifespan="on",
                            ws_max_size=8192, ws_max_queue=16, ws_ping_interval=ws_ping, ws_ping_timeout=ws_ping * 2,
                            ws_per_message_deflate=False, timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)

    def run() -> None:
        asyncio.run(server.serve(sockets=[sock]))

    thread = threading.Thread(target=run, name="classroom-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the class server did not start")
        time.sleep(0.02)
    return Running(app, server, thread, host, bound)
