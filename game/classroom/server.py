"""The class's web server: Starlette on uvicorn, WebSockets for the phones and the console.

Routes (nothing else exists; no path ever reaches the file system):

- ``/`` the phone page, ``/teacher`` the console page, ``/static/<name>`` their scripts and
  styles (the files of ``game/classroom/web``, read into memory at start and looked up by
  exact name), ``/font/sesame-sc.otf`` the bundled Chinese font (a page asks for it only
  when the phone has no Chinese font of its own);
- ``/ws`` a phone: first ``join`` (room code + name) or ``resume`` (its seat token), then
  choices; ``/ws/teacher`` the console: first ``auth`` with the key printed at start;
- ``/export/<name>?key=...`` the teacher's downloads, made from the session in memory.

Each connection has a token bucket (:class:`game.classroom.protocol.Bucket`): messages over
the limit are dropped unread and a connection that keeps flooding is closed, so one phone
cannot slow a round for the others. Each also has its own writer, holding only the newest
view for a slow phone, so a stalled phone never delays the others' updates.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import mimetypes
import time
from collections import deque
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from game.classroom import export, protocol, views
from game.classroom.protocol import Bucket, Refused
from game.classroom.room import ENDED, Room, Seat
from game.text import TEXT, catalog, languages

WEB = Path(__file__).resolve().parent / "web"
FLOOD_CLOSE = 200      # messages dropped by the bucket before the connection is closed
MAX_BAD = 20           # refused messages before the connection is closed
MAX_CODE_TRIES = 8     # wrong room codes on one connection
AUTH_TIMEOUT_S = 15.0
TICK_S = 0.25
COALESCE_S = 0.05      # taps within this long share one new view
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
PAGE_TEXT = ("classroom.", "factors.", "inspector.penalty")  # catalog keys a page needs


def page_text(lang: str) -> dict[str, str]:
    return {k: v for k, v in catalog(lang).items() if k.startswith(PAGE_TEXT)}


def _load_web() -> dict[str, tuple[bytes, str]]:
    """Every file of the web folder, by exact name, with its content type."""
    out = {}
    for p in sorted(WEB.iterdir()):
        if p.is_file() and not p.name.startswith("."):
            kind = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
                kind += "; charset=utf-8"
            out[p.name] = (p.read_bytes(), kind)
    return out


class Conn:
    """One open WebSocket: its bucket, its seat (phones), its outbox and writer."""

    def __init__(self, ws: WebSocket):
        self.ws = ws
        self.bucket = Bucket()
        self.seat: Seat | None = None
        self.bad = 0
        self.outbox: deque[str] = deque(maxlen=32)
        self.state: str | None = None  # the newest view: an older one not yet sent is replaced
        self.wake = asyncio.Event()
        self.open = True
        self.lang = "en"

    def push(self, payload: dict[str, Any], state: bool = False) -> None:
        text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
        if state:
            self.state = text
        else:
            self.outbox.append(text)
        self.wake.set()

    async def writer(self) -> None:
        try:
            while self.open:
                await self.wake.wait()
                self.wake.clear()
                while self.outbox:
                    await self.ws.send_text(self.outbox.popleft())
                if self.state is not None:
                    text, self.state = self.state, None
                    await self.ws.send_text(text)
        except Exception:  # the socket went away: the reader notices and cleans up
            self.open = False

    async def close(self, code: int = 1000) -> None:
        self.open = False
        self.wake.set()
        try:
            await self.ws.close(code)
        except Exception:
            pass


class ClassServer:
    """The app around one :class:`Room`. ``app`` is the ASGI application."""

    def __init__(self, room: Room, *, join_url: str = "", export_dir: Path | None = None, autosave=None):
        self.room = room
        self.join_url = join_url
        self.export_dir = export_dir
        self.autosave = autosave  # callable(room) after each round, or None
        self.files = _load_web()
        self.font: bytes | None = None
        self.phones: dict[int, Conn] = {}  # seat number -> its connection
        self.consoles: set[Conn] = set()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.stats = {"resolve_ms": [], "dropped": 0, "refused": 0}
        self._ticker: asyncio.Task | None = None
        self._last_tick: tuple = ()
        self._auth_fail: deque[float] = deque(maxlen=50)
        self._dirty: set[int] = set()
        self._flush_due = False
        self.app = Starlette(routes=[
            Route("/", self.page("index.html")), Route("/teacher", self.page("teacher.html")),
            Route("/static/{name}", self.static), Route("/font/sesame-sc.otf", self.font_file),
            Route("/export/{name}", self.export_file), Route("/healthz", self.health),
            Route("/text/{lang}", self.text),
            WebSocketRoute("/ws", self.ws_phone), WebSocketRoute("/ws/teacher", self.ws_teacher),
        ], lifespan=self._lifespan)

    # --- http -----------------------------------------------------------------------
    def page(self, name: str):
        async def handler(request: Request) -> Response:
            body, kind = self.files[name]
            return Response(body, media_type=kind.split(";")[0], headers={**HEADERS, "Cache-Control": "no-store"})
        return handler

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in self.files or name.endswith(".html"):
            return PlainTextResponse("not found", status_code=404, headers=HEADERS)
        body, kind = self.files[name]
        return Response(body, headers={**HEADERS, "Content-Type": kind, "Cache-Control": "no-cache"})

    async def font_file(self, request: Request) -> Response:
        if self.font is None:
            path = TEXT.parent / "fonts" / "NotoSansSC-Sesame.otf"
            self.font = path.read_bytes() if path.is_file() else b""
        if not self.font:
            return PlainTextResponse("not found", status_code=404, headers=HEADERS)
        return Response(self.font, media_type="font/otf", headers={**HEADERS, "Cache-Control": "max-age=86400"})

    async def text(self, request: Request) -> Response:
        lang = request.path_params["lang"]
        if lang not in dict(languages()):
            return PlainTextResponse("not found", status_code=404, headers=HEADERS)
        return Response(json.dumps(page_text(lang), ensure_ascii=False), media_type="application/json",
                        headers={**HEADERS, "Cache-Control": "no-cache"})

    async def health(self, request: Request) -> Response:
        return PlainTextResponse("ok", headers=HEADERS)

    async def export_file(self, request: Request) -> Response:
        if not self._key_ok(request.query_params.get("key", "")):
            return PlainTextResponse("forbidden", status_code=403, headers=HEADERS)
        name = request.path_params["name"]
        if name not in export.FILES:
            return PlainTextResponse("not found", status_code=404, headers=HEADERS)
        with self.room.lock:
            body = export.files(self.room)[name]
        kind = "text/csv" if name.endswith(".csv") else "application/json" if name.endswith(".json") else "text/plain"
        return Response(body, media_type=kind, headers={
            **HEADERS, "Cache-Control": "no-store", "Content-Disposition": f'attachment; filename="{name}"'})

    # --- the clock ------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def _lifespan(self, app):
        self.loop = asyncio.get_running_loop()
        self._ticker = asyncio.create_task(self._tick())
        yield
        self._ticker.cancel()
        for conn in list(self.phones.values()) + list(self.consoles):
            await conn.close(1001)

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(TICK_S)
            try:
                if self.room.due():
                    self.resolve()
                self._send_tick()
            except Exception as exc:  # never let the clock die: say it and go on
                self.room.say(f"internal error: {type(exc).__name__}: {exc}")

    def _send_tick(self) -> None:
        r = self.room
        ready, present = r.ready_count()
        left = None if r.deadline is None else max(0, int(r.deadline - r.clock() + 0.999))
        tick = (ready, present, left, r.phase)
        if tick == self._last_tick:
            return
        self._last_tick = tick
        msg = {"t": "tick", "ready": ready, "present": present, "left": left, "phase": r.phase}
        for conn in list(self.phones.values()) + list(self.consoles):
            conn.push(msg)

    def resolve(self) -> None:
        start = time.perf_counter()
        self.room.resolve()
        self.refresh_all()
        self.stats["resolve_ms"].append((time.perf_counter() - start) * 1000)
        if self.autosave is not None:
            self.autosave(self.room)

    def call(self, fn, *args) -> None:
        """Run ``fn(*args)`` on the server's loop (from the projector's thread), then refresh."""
        def run():
            fn(*args)
            self.refresh_all()
        if self.loop is not None:
            self.loop.call_soon_threadsafe(run)

    # --- views ----------------------------------------------------------------------
    def refresh(self, numbers) -> None:
        """Send these seats' pages their new view soon: taps within ``COALESCE_S`` share one
        view each, so a burst of taps costs one view, not one per tap."""
        self._dirty.update(numbers)
        if not self._flush_due and self.loop is not None:
            self._flush_due = True
            self.loop.call_later(COALESCE_S, self.flush)

    def flush(self) -> None:
        self._flush_due = False
        dirty, self._dirty = self._dirty, set()
        for k in sorted(dirty):
            conn = self.phones.get(k)
            if conn is not None and conn.open and conn.seat is not None:
                conn.push(views.phone_view(self.room, conn.seat), state=True)
        self.refresh_consoles()

    def refresh_all(self) -> None:
        """Every page's new view, now (a round ended, the teacher changed something)."""
        self._dirty.update(self.phones)
        self.flush()

    def refresh_consoles(self) -> None:
        for conn in list(self.consoles):
            conn.push(views.teacher_view(self.room, conn.lang), state=True)

    # --- phones ---------------------------------------------------------------------
    async def _receive(self, conn: Conn) -> str | bytes | None:
        """The next message that passes the bucket and the checks (None: the socket closed)."""
        while True:
            msg = await conn.ws.receive()
            if msg["type"] == "websocket.disconnect":
                return None
            raw = msg.get("text")
            if raw is None:
                raw = msg.get("bytes") or b""
            if not conn.bucket.take():
                self.stats["dropped"] += 1
                if conn.bucket.dropped > FLOOD_CLOSE:
                    await conn.close(1008)
                    return None
                continue
            return raw

    def _origin_ok(self, ws: WebSocket) -> bool:
        """Refuse a socket opened by some other site's page (the browser says which)."""
        origin, host = ws.headers.get("origin"), ws.headers.get("host", "")
        if origin is None:
            return True  # not a browser (a test client, a benchmark)
        return origin.split("://", 1)[-1].rstrip("/") == host

    async def ws_phone(self, ws: WebSocket) -> None:
        if not self._origin_ok(ws):
            await ws.close(1008)
            return
        await ws.accept()
        conn = Conn(ws)
        writer = asyncio.create_task(conn.writer())
        tries = 0
        try:
            while conn.open:
                raw = await self._receive(conn)
                if raw is None:
                    break
                try:
                    msg = protocol.parse(raw, protocol.PHONE)
                    if conn.seat is None:
                        if msg["t"] == "join":
                            if msg["room"].strip().upper() != self.room.code:
                                tries += 1
                                if tries > MAX_CODE_TRIES:
                                    break
                                raise Refused("bad_code")
                            self._seated(conn, self.room.join(msg["name"], msg["lang"]), new=True)
                        elif msg["t"] == "resume":
                            seat = self.room.resume(msg["token"])
                            if seat is None:
                                conn.push({"t": "unknown"})  # the page forgets the token and shows the join form
                                continue
                            seat.lang = msg["lang"]
                            self._seated(conn, seat, new=False)
                        elif msg["t"] in ("lang", "ping"):
                            conn.push({"t": "text", "lang": msg.get("lang", "en"),
                                       "text": page_text(msg.get("lang", "en"))})
                        else:
                            raise Refused("join first")
                        continue
                    if msg["t"] == "ping":
                        conn.push({"t": "pong"})
                        continue
                    touched = self.room.choose(conn.seat, msg)
                    if msg["t"] == "lang":
                        conn.push({"t": "text", "lang": conn.seat.lang, "text": page_text(conn.seat.lang)})
                    self.refresh(touched)
                except Refused as exc:
                    self.stats["refused"] += 1
                    conn.bad += 1
                    conn.push({"t": "refused", "reason": str(exc)})
                    if conn.bad > MAX_BAD:
                        break
        except WebSocketDisconnect:
            pass
        finally:
            await conn.close()
            writer.cancel()
            seat = conn.seat
            if seat is not None and self.phones.get(seat.number) is conn:
                del self.phones[seat.number]
                self.room.connected(seat, -1)
                self.refresh_consoles()

    def _seated(self, conn: Conn, seat: Seat, new: bool) -> None:
        old = self.phones.get(seat.number)
        if old is not None and old is not conn:  # the same seat opened again: the newest screen wins
            old.push({"t": "bye", "reason": "taken_over"})
            old.seat = None
            asyncio.get_running_loop().call_later(0.2, lambda: asyncio.ensure_future(old.close(4000)))
            self.room.connected(seat, -1)
        conn.seat = seat
        self.phones[seat.number] = conn
        self.room.connected(seat, +1)
        conn.push({"t": "welcome", "token": seat.token, "session": self.room.session, "new": new,
                   "lang": seat.lang, "text": page_text(seat.lang), "languages": languages()})
        self.refresh_all() if new else self.refresh([seat.number])

    async def kick(self, number: int) -> None:
        seat = self.room.kick(number)
        conn = self.phones.pop(number, None) if seat is not None else None
        if conn is not None:
            conn.push({"t": "bye", "reason": "kicked"})
            conn.seat = None
            await asyncio.sleep(0.2)
            await conn.close(4001)
        self.refresh_all()

    # --- the teacher ----------------------------------------------------------------
    def _key_ok(self, key: str) -> bool:
        return isinstance(key, str) and hmac.compare_digest(key.encode(), self.room.teacher_key.encode())

    async def ws_teacher(self, ws: WebSocket) -> None:
        if not self._origin_ok(ws):
            await ws.close(1008)
            return
        await ws.accept()
        conn = Conn(ws)
        writer = asyncio.create_task(conn.writer())
        try:
            raw = await asyncio.wait_for(self._receive(conn), AUTH_TIMEOUT_S)
            now = time.monotonic()
            recent = sum(1 for t in self._auth_fail if now - t < 60)
            try:
                msg = protocol.parse(raw or "", protocol.TEACHER)
            except Refused:
                msg = {}
            if recent >= 10 or msg.get("t") != "auth" or not self._key_ok(msg["key"]):
                self._auth_fail.append(now)
                conn.push({"t": "refused", "reason": "wrong_key"})
                await asyncio.sleep(0.3)
                return
            self.consoles.add(conn)
            conn.push({"t": "welcome", "text": page_text("en"), "languages": languages(),
                       "join_url": self.join_url})
            self.refresh_consoles()
            while conn.open:
                raw = await self._receive(conn)
                if raw is None:
                    break
                try:
                    await self._teacher(conn, protocol.parse(raw, protocol.TEACHER))
                except Refused as exc:
                    conn.push({"t": "refused", "reason": str(exc)})
        except (WebSocketDisconnect, asyncio.TimeoutError):
            pass
        finally:
            self.consoles.discard(conn)
            await conn.close()
            writer.cancel()

    async def _teacher(self, conn: Conn, msg: dict) -> None:
        r, kind = self.room, msg["t"]
        problem = ""
        if kind == "lang":
            conn.lang = msg["lang"]
            conn.push({"t": "text", "lang": conn.lang, "text": page_text(conn.lang)})
        elif kind in ("start", "resume"):
            r.start()
        elif kind == "pause":
            r.pause()
        elif kind == "next":
            if r.phase != ENDED:
                if r.phase != "open":
                    r.start()
                self.resolve()
                return
        elif kind == "timer":
            r.set_timer(msg["seconds"])
        elif kind == "auto":
            r.auto_ready = msg["on"]
        elif kind == "scores":
            r.show_scores = msg["on"]
        elif kind == "rule":
            problem = r.set_rule(msg["path"], msg["value"])
        elif kind == "list":
            problem = r.list_citizen(msg["citizen"])
        elif kind == "pardon":
            problem = r.pardon(msg["citizen"])
        elif kind == "kick":
            await self.kick(msg["seat"] - 1)
            return
        elif kind == "end":
            r.end()
            if self.autosave is not None:
                self.autosave(r)
        elif kind == "export":
            if self.export_dir is None:
                problem = "no export folder"
            else:
                with r.lock:
                    path = export.write(r, self.export_dir)
                conn.push({"t": "exported", "path": str(path)})
        if problem:
            conn.push({"t": "refused", "reason": problem})
        self.refresh_all()
