"use strict";
// The Node counterpart of benchmarks/peers/socketio_redis.py: socket.io with
// @socket.io/redis-adapter, as a team would set it up.
//
//     node benchmarks/peers/node/socketio_redis.js --port P --redis redis://127.0.0.1:6379/0
//
// A client connects (Engine.IO 4, WebSocket transport), emits `join` with a room
// name (acked with "ok"), then emits `drag` events; the server emits each to the
// room, skipping the sender, through the Redis adapter so every process delivers
// it. Compression is off (perMessageDeflate and HTTP compression); everything
// else is the libraries' defaults (ping every 25 s, 20 s to answer).

const http = require("node:http");
const Redis = require("ioredis");
const { Server } = require("socket.io");
const { createAdapter } = require("@socket.io/redis-adapter");
const { parseArgs, onStop } = require("./args");

const args = parseArgs(process.argv.slice(2), "socketio_redis.js --port P --redis URL");
const pub = new Redis(args.redis);
const sub = pub.duplicate();

const httpServer = http.createServer();
const io = new Server(httpServer, {
  transports: ["websocket"],
  perMessageDeflate: false,
  httpCompression: false,
  cors: { origin: "*" },
  adapter: createAdapter(pub, sub),
});

io.on("connection", (socket) => {
  socket.on("join", (room, ack) => {
    socket.join(room);
    socket.data.room = room;
    if (typeof ack === "function") ack("ok");
  });
  socket.on("drag", (data) => {
    const room = socket.data.room;
    if (room !== undefined) socket.to(room).emit("drag", data);
  });
});

httpServer.listen({ host: "127.0.0.1", port: args.port, backlog: 4096 });

onStop(async () => {
  io.disconnectSockets(true);
  await new Promise((resolve) => io.close(() => resolve()));
  await Promise.allSettled([pub.quit(), sub.quit()]);
});
