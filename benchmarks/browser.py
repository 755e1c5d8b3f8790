"""Big boards in the browser: Cocreate's web client in Chromium with 1,000 notes.

    python -m benchmarks.browser --runs 3 --json FILE

Starts its own `cocreate serve` on a free port (SQLite in a temporary
directory, no Redis), seeds every board over the real API (`POST
/api/workshops`, `POST /api/join`, `/ws` with `hello` and ops), and drives
Debian's Chromium (`/usr/bin/chromium`) with Playwright. Each run seeds fresh
boards, so runs do not see each other's drops.

- **laptop** (1366x768): a board of 1,000 loose notes. The welcome frame's size
  as the browser received it; the time from navigation start (and from the
  `hello` it sends, and from the `welcome`) to the board drawn; frames per
  second (requestAnimationFrame callbacks) while Playwright drags a note with
  the mouse for `--drag-seconds`.
- **phone** (390x844, device scale 3, touch, CPU throttled `--throttle` times
  through CDP `Emulation.setCPUThrottlingRate`): 1,000 notes in 60 clusters,
  shown as the list view. Time from the `welcome` to the list drawn; long tasks
  (PerformanceObserver `longtask`, buffered, from page start) while the list
  scrolls (500 px flicks, CDP `Input.synthesizeScrollGesture`), and while 20
  other participants (Python WebSocket clients) drag notes for
  `--crowd-seconds`: each drags a note of its own for 1-3 s at the web
  client's own cadence (one `drag` frame per 50 ms), drops it where it was
  (`note.move`) and rests 0.5-2 s.

"Drawn" is measured in the page: after each frame a task (a MessageChannel
message posted from a requestAnimationFrame callback, so it runs after that
frame's paint) checks that the shown view (the canvas, or the phone's list)
holds all the board's notes (`[data-testid=note]` elements) and is not
hidden; the first such check is the drawn time. It is at most one frame late.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from websockets.asyncio.client import ClientConnection, connect

from benchmarks.cocreate_setup import post
from benchmarks.servers import REPO, _tail, _wait_http_ok, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
NOTES = 1000
CLUSTERS = 60
CROWD = 20
LONG_TASK_MS = 50.0
WORDS = ("bike lanes", "night buses", "car-free Sundays", "school streets", "park and ride",
         "shared scooters", "cheaper passes", "safer crossings", "delivery hubs", "more trees",
         "tram to the harbour", "parking levy", "walking routes", "bus priority")

# Runs in every page before its own scripts: long tasks from the start, when the
# board's `hello` leaves and its `welcome` arrives, frames counted on demand, and
# the "drawn" check after every frame.
INSTRUMENT_JS = """
(() => {
  const M = window.__bench = { lt: [], hello: null, welcome: null, welcomeText: null,
    drawn: null, want: 0, selector: "", root: "", frames: 0, counting: false };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) M.lt.push({ start: e.startTime, dur: e.duration,
        name: e.name, attribution: (e.attribution || []).map((a) =>
          [a.containerType, a.containerSrc, a.containerId, a.containerName].join(" ").trim()) });
    }).observe({ type: "longtask", buffered: true });
  } catch (e) { M.noLongtask = String(e); }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (ev) => {
        if (M.welcome === null && typeof ev.data === "string"
            && ev.data.slice(0, 40).includes('"welcome"')) {
          M.welcome = performance.now(); M.welcomeText = ev.data;
        }
      });
    }
    send(data) {
      if (M.hello === null && typeof data === "string" && data.includes('"type":"hello"'))
        M.hello = performance.now();
      return super.send(data);
    }
  };
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (M.drawn !== null || !M.want) return;
    const root = document.querySelector(M.root);
    if (!root || root.hidden || root.closest("[hidden]")) return;
    if (root.querySelectorAll(M.selector).length >= M.want) M.drawn = performance.now();
  };
  const tick = () => {
    if (M.counting) M.frames += 1;
    if (M.drawn === null) channel.port2.postMessage(0);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""


def note_text(i: int) -> str:
    rnd = random.Random(i)
    return f"Idea {i + 1}: {rnd.choice(WORDS)} with {rnd.choice(WORDS)}, tried first near " \
           f"{rnd.choice(WORDS)}"


# --- the server -------------------------------------------------------------------------------

@dataclass
class Server:
    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cocreate-bb-")))
    web: str | None = None
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
        env.update({"COCREATE_DATA_DIR": str(self.directory), "PYTHONUNBUFFERED": "1",
                    "COCREATE_CREATES_PER_MINUTE": "100000"})
        if self.web:
            env["COCREATE_WEB_DIR"] = self.web
        db = f"sqlite:///{self.directory / 'cocreate.sqlite3'}"
        subprocess.run([sys.executable, "-m", "cocreate", "migrate", "--database", db], cwd=REPO,
                       env=env, check=True, capture_output=True)
        self.port = free_port()
        with open(self.directory / "server.log", "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "cocreate", "serve", "--host", "127.0.0.1",
                 "--port", str(self.port), "--database", db],
                stdout=log, stderr=subprocess.STDOUT, cwd=REPO, env=env, start_new_session=True)
        try:
            _wait_http_ok(f"{self.http}/healthz", self.proc, 60)
        except RuntimeError as e:
            self.stop()
            raise RuntimeError(f"cocreate did not start: {e}\n"
                               f"{_tail(self.directory / 'server.log')}") from None

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


# --- protocol clients -------------------------------------------------------------------------

class Peer:
    """One participant's socket: hello/welcome, ops that wait for their ack and event."""

    def __init__(self, ws: ClientConnection, welcome: dict[str, Any]) -> None:
        self.ws = ws
        self.welcome = welcome
        self.refs = 0

    @classmethod
    async def open(cls, port: int, token: str) -> Peer:
        ws = await connect(f"ws://127.0.0.1:{port}/ws", max_size=None, compression=None)
        await ws.send(orjson.dumps({"type": "hello", "token": token}).decode())
        while True:
            msg = orjson.loads(await ws.recv())
            if msg["type"] == "welcome":
                return cls(ws, msg)

    async def op(self, op: str, data: dict[str, Any]) -> dict[str, Any]:
        """Send an op; return its event (raises on an error; waits out the rate limit)."""
        self.refs += 1
        ref = f"seed-{self.refs}"
        frame = orjson.dumps({"type": "op", "ref": ref, "op": op, "data": data}).decode()
        await self.ws.send(frame)
        events: dict[int, dict[str, Any]] = {}
        seq = None
        while seq is None or seq not in events:
            msg = orjson.loads(await self.ws.recv())
            if msg["type"] == "event":
                events[msg["seq"]] = msg
            elif msg["type"] == "ack" and msg["ref"] == ref:
                seq = msg["seq"]
            elif msg["type"] == "error" and msg.get("ref") == ref:
                if msg.get("code") != "rate_limited":
                    raise RuntimeError(f"{op}: {msg}")
                await asyncio.sleep(0.5)  # 30 ops a second, bursts of 120 (docs/protocol.md)
                await self.ws.send(frame)
        return events[seq]

    async def close(self) -> None:
        await self.ws.close()


@dataclass
class Board:
    workshop_id: str
    join_code: str
    facilitator: Peer
    notes: int


async def seed(port: int, clusters: int) -> Board:
    """A workshop whose plenary holds NOTES notes: loose (clusters=0) or in `clusters` frames."""
    status, body = await post(port, "/api/workshops", {
        "title": "Big board", "challenge": "How might we halve car trips into the centre?",
        "authors": "named", "facilitator_name": "Fran"})
    if status != 201:
        raise RuntimeError(f"POST /api/workshops: {status} {body}")
    fac = await Peer.open(port, body["facilitator"]["token"])
    texts = [note_text(i) for i in range(NOTES)]
    if clusters == 0:
        for k in range(0, NOTES, 100):
            i = k // 100
            await fac.op("notes.paste", {"lines": texts[k:k + 100], "x": 40 + (i % 5) * 900,
                                         "y": 60 + (i // 5) * 4300})
    else:
        per, extra = divmod(NOTES, clusters)
        at = 0
        for c in range(clusters):
            ev = await fac.op("cluster.add", {"title": f"Theme {c + 1}: {WORDS[c % len(WORDS)]}",
                                              "x": 40 + (c % 8) * 950, "y": 60 + (c // 8) * 1000})
            n = per + (1 if c < extra else 0)
            await fac.op("notes.paste", {"lines": texts[at:at + n], "cluster": ev["data"]["id"]})
            at += n
    return Board(body["workshop"]["id"], body["join_code"], fac, NOTES)


async def join(port: int, board: Board, name: str) -> dict[str, Any]:
    status, body = await post(port, "/api/join", {"join_code": board.join_code, "name": name})
    if status != 201:
        raise RuntimeError(f"POST /api/join: {status} {body}")
    return body


async def crowd_drags(port: int, peers: list[Peer], seconds: float) -> dict[str, Any]:
    """Each peer drags a note of its own until the deadline; counts what was sent."""
    notes = [n for n in peers[0].welcome["state"]["notes"]]
    rnd = random.Random(7)
    mine = rnd.sample(notes, len(peers))
    sent = {"drag": 0, "note.move": 0, "errors": 0}
    deadline = time.monotonic() + seconds

    async def drain(p: Peer) -> None:
        with contextlib.suppress(Exception):
            async for raw in p.ws:
                if isinstance(raw, str) and raw.startswith('{"type":"error"'):
                    sent["errors"] += 1

    async def drag(i: int, p: Peer) -> None:
        note = mine[i]
        r = random.Random(i)
        await asyncio.sleep(r.uniform(0, 1.0))
        while time.monotonic() < deadline:
            gesture_end = min(deadline, time.monotonic() + r.uniform(1.0, 3.0))
            step = 0
            while time.monotonic() < gesture_end:
                step += 1
                dx, dy = 60 * (step % 10) / 10, 40 * ((step // 10) % 2)
                await p.ws.send(orjson.dumps({"type": "drag", "id": note["id"],
                                              "x": note["x"] + dx, "y": note["y"] + dy}).decode())
                sent["drag"] += 1
                await asyncio.sleep(0.05)
            p.refs += 1
            await p.ws.send(orjson.dumps({"type": "op", "ref": f"drop-{p.refs}", "op": "note.move",
                                          "data": {"id": note["id"], "x": note["x"],
                                                   "y": note["y"]}}).decode())
            sent["note.move"] += 1
            await asyncio.sleep(r.uniform(0.5, 2.0))

    drains = [asyncio.create_task(drain(p)) for p in peers]
    started = time.monotonic()
    await asyncio.gather(*(drag(i, p) for i, p in enumerate(peers)))
    elapsed = time.monotonic() - started
    for t in drains:
        t.cancel()
    return {**sent, "seconds": round(elapsed, 2),
            "drag_frames_per_s": round(sent["drag"] / elapsed, 1),
            "note_moves_per_s": round(sent["note.move"] / elapsed, 2)}


# --- the browser ------------------------------------------------------------------------------

async def open_board(browser: Browser, base: str, board: Board, member: dict[str, Any],
                     name: str, phone: bool, throttle: float) -> tuple[BrowserContext, Page]:
    if phone:
        ctx = await browser.new_context(viewport={"width": 390, "height": 844},
                                        device_scale_factor=3, is_mobile=True, has_touch=True,
                                        locale="en-GB", base_url=base)
    else:
        ctx = await browser.new_context(viewport={"width": 1366, "height": 768},
                                        locale="en-GB", base_url=base)
    stored = {"token": member["token"], "participant_id": member["participant_id"],
              "role": "participant", "name": name, "title": ""}
    key = f"cocreate:member:{board.workshop_id}"
    await ctx.add_init_script(
        f"localStorage.setItem({orjson.dumps(key).decode()}, "
        f"{orjson.dumps(orjson.dumps(stored).decode()).decode()});")
    await ctx.add_init_script(INSTRUMENT_JS)
    page = await ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    if throttle > 1:
        cdp = await ctx.new_cdp_session(page)
        await cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    root, selector = (".list-view", "[data-testid=note]") if phone else \
        (".viewport", ".note-layer [data-testid=note]")
    await page.add_init_script(
        f"window.__bench.want = {board.notes}; window.__bench.root = {orjson.dumps(root).decode()};"
        f" window.__bench.selector = {orjson.dumps(selector).decode()};")
    await page.goto(f"/board.html?w={board.workshop_id}")
    await page.wait_for_function("() => window.__bench.drawn !== null", timeout=120_000,
                                 polling=200)
    return ctx, page


async def timings(page: Page) -> dict[str, Any]:
    m = await page.evaluate("""() => { const M = window.__bench;
        return { hello: M.hello, welcome: M.welcome, drawn: M.drawn,
                 welcome_bytes: new TextEncoder().encode(M.welcomeText || "").length,
                 nav: performance.getEntriesByType("navigation")[0]?.startTime ?? 0 }; }""")
    return {"welcome_kb": round(m["welcome_bytes"] / 1000, 1),
            "join_to_drawn_s": round((m["drawn"] - m["nav"]) / 1000, 3),
            "hello_to_drawn_s": round((m["drawn"] - m["hello"]) / 1000, 3),
            "welcome_to_drawn_s": round((m["drawn"] - m["welcome"]) / 1000, 3),
            "hello_to_welcome_s": round((m["welcome"] - m["hello"]) / 1000, 3)}


async def long_tasks(page: Page, start: float, end: float) -> dict[str, Any]:
    tasks = await page.evaluate(
        "([a, b]) => window.__bench.lt.filter((t) => t.start >= a && t.start < b)", [start, end])
    durs = sorted(t["dur"] for t in tasks)
    return {"count": len(durs), "over_50ms": sum(d > LONG_TASK_MS for d in durs),
            "max_ms": round(durs[-1], 1) if durs else 0.0,
            "total_ms": round(sum(durs), 1), "tasks": tasks[:50]}


async def now(page: Page) -> float:
    return float(await page.evaluate("performance.now()"))


async def laptop_case(browser: Browser, server: Server, drag_seconds: float,
                      profile: bool = False) -> dict[str, Any]:
    board = await seed(server.port, 0)
    member = await join(server.port, board, "Laptop")
    load0 = os.getloadavg()[0]
    ctx, page = await open_board(browser, server.http, board, member, "Laptop", False, 1)
    try:
        out = await timings(page)
        await page.wait_for_timeout(1000)
        # A note wholly inside the canvas, grabbed at its centre.
        box = await page.evaluate("""() => {
            const v = document.querySelector('.viewport').getBoundingClientRect();
            for (const el of document.querySelectorAll('.note-layer [data-testid=note]')) {
              const r = el.getBoundingClientRect();
              if (r.left > v.left + 200 && r.right < v.right - 200
                  && r.top > v.top + 150 && r.bottom < v.bottom - 150)
                return { x: r.left + r.width / 2, y: r.top + r.height / 2, id: el.dataset.id };
            }
            return null; }""")
        if box is None:
            raise RuntimeError("no note fully in view to drag")
        await page.mouse.move(box["x"], box["y"])
        await page.mouse.down()
        await page.mouse.move(box["x"] + 10, box["y"] + 10)
        t0 = await page.evaluate(
            "() => { window.__bench.frames = 0; window.__bench.counting = true;"
            " return performance.now(); }")
        started = time.monotonic()
        i = 0
        async with Profile(page, profile) as prof:
            while time.monotonic() - started < drag_seconds:
                i += 1
                ang = i / 20
                await page.mouse.move(box["x"] + 120 * (1 - math.cos(ang)),
                                      box["y"] + 80 * math.sin(ang))
                await asyncio.sleep(0.008)
        if profile:
            out["drag_profile"] = prof.top
        r = await page.evaluate(
            "() => { window.__bench.counting = false;"
            " return [window.__bench.frames, performance.now()]; }")
        dragging = await page.evaluate("document.querySelectorAll('.note.dragging').length")
        await page.mouse.move(box["x"], box["y"])
        await page.mouse.up()
        frames, t1 = r
        lt = await long_tasks(page, t0, t1)
        out.update({"drag_fps": round(frames / ((t1 - t0) / 1000), 1), "drag_frames": frames,
                    "drag_mouse_moves": i, "drag_seconds": round((t1 - t0) / 1000, 2),
                    "drag_was_live": dragging == 1, "drag_long_tasks": lt,
                    "load_1min": round(load0, 2), "page_errors": list(page.errors)})  # type: ignore[attr-defined]
        return out
    finally:
        await ctx.close()
        await board.facilitator.close()


async def phone_case(browser: Browser, server: Server, throttle: float, scroll_seconds: float,
                     crowd_seconds: float, profile: bool = False, trace: bool = False
                     ) -> dict[str, Any]:
    board = await seed(server.port, CLUSTERS)
    member = await join(server.port, board, "Phone")
    load0 = os.getloadavg()[0]
    ctx, page = await open_board(browser, server.http, board, member, "Phone", True, throttle)
    peers: list[Peer] = []
    try:
        out = await timings(page)
        await page.wait_for_timeout(1500)
        # Scrolling the list: flicks of 500 px (CDP synthesizeScrollGesture), as a reader goes
        # through it. Headless Chromium ignores touch-sourced gestures, so they are the
        # platform's default (wheel) gestures.
        cdp = await ctx.new_cdp_session(page)
        t0 = await now(page)
        started = time.monotonic()
        while time.monotonic() - started < scroll_seconds:
            await cdp.send("Input.synthesizeScrollGesture", {
                "x": 195, "y": 600, "yDistance": -500, "speed": 2000,
                "gestureSourceType": "default"})
        t1 = await now(page)
        await cdp.detach()
        top = await page.evaluate("document.querySelector('.list-view').scrollTop")
        out["scroll"] = {"seconds": round((t1 - t0) / 1000, 2), "scrolled_px": top,
                         "long_tasks": await long_tasks(page, t0, t1)}
        # The crowd joins first (its presence frames are not in the window).
        for i in range(CROWD):
            m = await join(server.port, board, f"Dragger {i + 1}")
            peers.append(await Peer.open(server.port, m["token"]))
        await page.wait_for_timeout(2000)
        t0 = await now(page)
        async with Profile(page, profile) as prof, Trace(browser, page, trace) as tr:
            sent = await crowd_drags(server.port, peers, crowd_seconds)
            await page.wait_for_timeout(500)
        t1 = await now(page)
        out["crowd"] = {**sent, "long_tasks": await long_tasks(page, t0, t1)}
        if profile:
            out["crowd"]["profile"] = prof.top
        if trace:
            out["crowd"]["trace"] = tr.summary
        out["load_1min"] = round(load0, 2)
        out["page_errors"] = list(page.errors)  # type: ignore[attr-defined]
        return out
    finally:
        for p in peers:
            with contextlib.suppress(Exception):
                await p.close()
        await ctx.close()
        await board.facilitator.close()


# --- profile ----------------------------------------------------------------------------------

class Profile:
    """A V8 CPU profile of the page (CDP Profiler) while something runs: top functions."""

    def __init__(self, page: Page, enabled: bool) -> None:
        self.page, self.enabled, self.cdp = page, enabled, None

    async def __aenter__(self) -> Profile:
        if self.enabled:
            self.cdp = await self.page.context.new_cdp_session(self.page)
            await self.cdp.send("Profiler.enable")
            await self.cdp.send("Profiler.setSamplingInterval", {"interval": 200})
            await self.cdp.send("Profiler.start")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.cdp is None:
            return
        prof = (await self.cdp.send("Profiler.stop"))["profile"]
        await self.cdp.detach()
        self.top = summarise(prof)

    top: list[dict[str, Any]] = []


def summarise(prof: dict[str, Any], limit: int = 20) -> list[dict[str, Any]]:
    """Self and total milliseconds per function (name, file, line), busiest first."""
    nodes = {n["id"]: n for n in prof["nodes"]}
    parent = {c: n["id"] for n in prof["nodes"] for c in n.get("children", [])}

    def key(n: dict[str, Any]) -> str:
        f = n["callFrame"]
        where = f"{f['url'].rsplit('/', 1)[-1]}:{f['lineNumber'] + 1}"
        return f"{f['functionName'] or '(anonymous)'} {where}"

    self_ms: dict[str, float] = {}
    total_ms: dict[str, float] = {}
    for nid, dt in zip(prof["samples"], prof["timeDeltas"], strict=False):
        ms = dt / 1000
        k = key(nodes[nid])
        self_ms[k] = self_ms.get(k, 0.0) + ms
        seen: set[str] = set()
        cur: int | None = nid
        while cur is not None:
            kk = key(nodes[cur])
            if kk not in seen:
                seen.add(kk)
                total_ms[kk] = total_ms.get(kk, 0.0) + ms
            cur = parent.get(cur)
    busy = sorted(total_ms, key=lambda k: -total_ms[k])
    skip = ("(root)", "(program)", "(idle)")
    return [{"function": k, "total_ms": round(total_ms[k], 1),
             "self_ms": round(self_ms.get(k, 0), 1)}
            for k in busy if not k.startswith(skip)][:limit]


class Trace:
    """A Chromium performance trace while something runs: where the renderer's main thread went.

    Sums the `devtools.timeline` events of the page's main thread by name (a task's
    scripting, style, layout, paint...) over every task and over the long (> 50 ms) ones.
    """

    NAMES = ("RunTask", "FunctionCall", "EventDispatch", "FireAnimationFrame", "TimerFire",
             "UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "UpdateLayer",
             "HitTest", "MajorGC", "MinorGC", "V8.GC_SCAVENGER", "ParseHTML", "EvaluateScript")

    def __init__(self, browser: Browser, page: Page, enabled: bool) -> None:
        self.browser, self.page, self.enabled = browser, page, enabled
        self.summary: dict[str, Any] = {}

    async def __aenter__(self) -> Trace:
        if self.enabled:
            await self.browser.start_tracing(page=self.page, categories=[
                "devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink"])
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.enabled:
            self.summary = summarise_trace(orjson.loads(await self.browser.stop_tracing()))


def summarise_trace(trace: dict[str, Any]) -> dict[str, Any]:
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    mains = {(e["pid"], e["tid"]) for e in events
             if e.get("name") == "thread_name"
             and e.get("args", {}).get("name") == "CrRendererMain"}
    xs = [e for e in events if e.get("ph") == "X" and (e["pid"], e["tid"]) in mains
          and e.get("dur") is not None]
    xs.sort(key=lambda e: (e["pid"], e["tid"], e["ts"]))
    tasks = [e for e in xs if e["name"] in ("RunTask", "ThreadControllerImpl::RunTask")]
    long_tasks = [t for t in tasks if t["dur"] > LONG_TASK_MS * 1000]
    total: dict[str, float] = {}
    in_long: dict[str, float] = {}
    j = 0
    for e in xs:
        if e["name"] not in Trace.NAMES or e["name"] == "RunTask":
            continue
        total[e["name"]] = total.get(e["name"], 0.0) + e["dur"] / 1000
        while j < len(long_tasks) and long_tasks[j]["ts"] + long_tasks[j]["dur"] < e["ts"]:
            j += 1
        lt = long_tasks[j] if j < len(long_tasks) else None
        if lt is not None and lt["ts"] <= e["ts"] <= lt["ts"] + lt["dur"]:
            in_long[e["name"]] = in_long.get(e["name"], 0.0) + e["dur"] / 1000

    def r(d: dict[str, float]) -> dict[str, float]:
        return {k: round(v, 1) for k, v in sorted(d.items(), key=lambda kv: -kv[1])}
    return {"tasks": len(tasks), "task_ms": round(sum(t["dur"] for t in tasks) / 1000, 1),
            "long_tasks": len(long_tasks),
            "long_task_ms": round(sum(t["dur"] for t in long_tasks) / 1000, 1),
            "by_event_ms": r(total), "in_long_tasks_ms": r(in_long)}


# --- report -----------------------------------------------------------------------------------

FIGURES = [
    ("laptop", "welcome_kb", "welcome frame, KB"),
    ("laptop", "join_to_drawn_s", "navigation start to drawn, s"),
    ("laptop", "hello_to_drawn_s", "hello sent to drawn, s"),
    ("laptop", "welcome_to_drawn_s", "welcome received to drawn, s"),
    ("laptop", "drag_fps", "frames/s while dragging a note"),
    ("phone", "welcome_kb", "welcome frame, KB"),
    ("phone", "welcome_to_drawn_s", "welcome received to list drawn, s (target <= 1)"),
    ("phone", "join_to_drawn_s", "navigation start to list drawn, s"),
    ("phone", "scroll.long_tasks.over_50ms", "long tasks > 50 ms while scrolling (target 0)"),
    ("phone", "scroll.long_tasks.max_ms", "longest task while scrolling, ms"),
    ("phone", "crowd.long_tasks.over_50ms", "long tasks > 50 ms, 20 others dragging (target 0)"),
    ("phone", "crowd.long_tasks.max_ms", "longest task, 20 others dragging, ms"),
    ("phone", "crowd.long_tasks.total_ms", "long-task time, 20 others dragging, ms"),
    ("phone", "crowd.drag_frames_per_s", "drag frames/s the crowd sent"),
]


def dig(d: dict[str, Any], path: str) -> Any:
    for k in path.split("."):
        d = d[k]
    return d


def medians(runs: list[dict[str, Any]]) -> dict[str, float]:
    out = {}
    for case, path, _ in FIGURES:
        vals = [dig(r[case], path) for r in runs]
        out[f"{case}.{path}"] = round(statistics.median(vals), 3)
    return out


def machine(chromium: str, throttle: float) -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version(), "chromium": chromium,
            "cpu_throttle_phone": throttle, "loadavg": [round(x, 2) for x in os.getloadavg()]}


async def run(args: argparse.Namespace) -> dict[str, Any]:
    server = Server(web=args.web)
    server.start()
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            info = machine(browser.version, args.throttle)
            runs = []
            try:
                for i in range(args.runs):
                    r: dict[str, Any] = {"run": i + 1}
                    if "laptop" in args.cases:
                        r["laptop"] = await laptop_case(browser, server, args.drag_seconds,
                                                       args.profile)
                    if "phone" in args.cases:
                        r["phone"] = await phone_case(browser, server, args.throttle,
                                                      args.scroll_seconds, args.crowd_seconds,
                                                      args.profile, args.trace)
                    runs.append(r)
                    print(f"run {i + 1}: " + ", ".join(
                        f"{c}.{p}={dig(r[c], p)}" for c, p, _ in FIGURES if c in r), flush=True)
            finally:
                await browser.close()
    finally:
        server.stop()
    info["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    result = {"machine": info, "web": args.web or "web/ (this checkout)", "runs": runs,
              "notes": NOTES, "clusters_phone": CLUSTERS, "crowd": CROWD}
    if all(c in runs[0] for c in ("laptop", "phone")):
        result["median"] = medians(runs)
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--json", help="write every run and the medians to this file")
    p.add_argument("--throttle", type=float, default=4.0, help="phone CPU slow-down (CDP)")
    p.add_argument("--drag-seconds", type=float, default=4.0)
    p.add_argument("--scroll-seconds", type=float, default=5.0)
    p.add_argument("--crowd-seconds", type=float, default=10.0)
    p.add_argument("--cases", default="laptop,phone")
    p.add_argument("--web", help="serve this web client directory instead of the checkout's "
                                 "web/ (COCREATE_WEB_DIR), e.g. another branch's, to compare")
    p.add_argument("--profile", action="store_true",
                   help="also take a V8 CPU profile of the drag and the crowd (top functions in "
                        "the JSON); the profiler slows the page, so figures of such a run are "
                        "not comparable")
    p.add_argument("--trace", action="store_true",
                   help="also record a Chromium trace of the crowd phase and sum the page's "
                        "main-thread work by kind (script, style, layout, paint) into the JSON")
    args = p.parse_args(argv)
    args.cases = args.cases.split(",")
    result = asyncio.run(run(args))
    m = result["machine"]
    print(f"\n{NOTES} notes; machine: {m['cpus']} CPUs, Chromium {m['chromium']}, "
          f"load {m['loadavg']} -> {m['loadavg_end']}")
    if "median" in result:
        print(f"| case | figure | median of {args.runs} |\n|---|---|---|")
        for case, path, label in FIGURES:
            print(f"| {case} | {label} | {result['median'][f'{case}.{path}']} |")
    if args.json:
        Path(args.json).write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
