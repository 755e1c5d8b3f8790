"use strict";
// The Node counterpart of benchmarks/peers/websockets_redis.py: `ws` relaying over Redis pub/sub.
//
//     node benchmarks/peers/node/ws_redis.js --port P --redis redis://127.0.0.1:6379/0
//
// A client opens `/ws?room=NAME`, gets `{"type":"welcome"}` once this process is
// subscribed to the room, and every text message it sends is relayed unchanged to
// everyone else in the room: at once to this process's members, and through the
// room's Redis channel (`bench:room:NAME`) to the other processes, which ignore
// their own publications (an 8-byte random origin, hex, prefixes each one). No
// parsing, no state, permessage-deflate off.
//
// Publications use ioredis' auto-pipelining: the publishes issued in one tick of
// the event loop go to Redis as one write, as the Python peer's flush task does.
//
// Slow consumers: `send()` buffers without backpressure, as `broadcast()` does;
// a ping every 20 s and no pong by the next one closes the connection, like the
// Python peer's keepalive (websockets' ping_interval=20, ping_timeout=20).

const crypto = require("node:crypto");
const Redis = require("ioredis");
const { WebSocketServer } = require("ws");
const { parseArgs, onStop } = require("./args");

const PREFIX = "bench:room:";
const PING_INTERVAL_MS = 20000;

const args = parseArgs(process.argv.slice(2), "ws_redis.js --port P --redis URL");
const origin = Buffer.from(crypto.randomBytes(8).toString("hex"));
const pub = new Redis(args.redis, { enableAutoPipelining: true });
const sub = new Redis(args.redis);
// channel -> { members: Set<WebSocket>, subscribed: Promise }
const rooms = new Map();

function deliver(members, data, except) {
  for (const m of members) {
    if (m !== except && m.readyState === m.OPEN) m.send(data, { binary: false });
  }
}

sub.on("messageBuffer", (channel, message) => {
  if (message.compare(origin, 0, origin.length, 0, origin.length) === 0) return;
  const room = rooms.get(channel.toString());
  if (room) deliver(room.members, message.subarray(origin.length), null);
});

function publish(channel, data) {
  pub.publish(channel, Buffer.concat([origin, data])).catch((e) => {
    // Pub/sub is at-most-once anyway.
    process.stdout.write(`publish failed, 1 message dropped: ${e}\n`);
  });
}

function roomOf(req) {
  const url = new URL(req.url || "/", "http://localhost");
  return url.searchParams.get("room") || "lobby";
}

const wss = new WebSocketServer({
  host: "127.0.0.1",
  port: args.port,
  path: "/ws",
  backlog: 4096,
  perMessageDeflate: false,
  maxPayload: 65536,
  clientTracking: true,
});

wss.on("connection", (ws, req) => {
  const channel = PREFIX + roomOf(req);
  let room = rooms.get(channel);
  if (room === undefined) {
    room = { members: new Set(), subscribed: sub.subscribe(channel) };
    rooms.set(channel, room);
  }
  const members = room.members;
  members.add(ws);
  ws.isAlive = true;
  ws.on("pong", () => { ws.isAlive = true; });
  ws.on("message", (data, isBinary) => {
    if (isBinary) return;
    deliver(members, data, ws);
    publish(channel, data);
  });
  ws.on("close", () => {
    members.delete(ws);
    if (members.size === 0 && rooms.get(channel) === room) {
      rooms.delete(channel);
      sub.unsubscribe(channel).catch(() => {});
    }
  });
  ws.on("error", () => {});
  room.subscribed.then(() => {
    if (ws.readyState === ws.OPEN) ws.send('{"type":"welcome"}');
  }, (e) => ws.close(1011, `subscribe failed: ${e}`.slice(0, 120)));
});

const keepalive = setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) {
      ws.terminate();
      continue;
    }
    ws.isAlive = false;
    ws.ping();
  }
}, PING_INTERVAL_MS);

onStop(async () => {
  clearInterval(keepalive);
  for (const ws of wss.clients) ws.terminate();
  await new Promise((resolve) => wss.close(resolve));
  await Promise.allSettled([pub.quit(), sub.quit()]);
});
