"use strict";
// The peers' command line: --port P --redis URL, as the Python peers take it.

function parseArgs(argv, usage) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = inline !== undefined ? inline : argv[++i];
    if ((flag !== "--port" && flag !== "--redis") || value === undefined) {
      process.stderr.write(`usage: ${usage}\n`);
      process.exit(2);
    }
    out[flag.slice(2)] = value;
  }
  const port = Number(out.port);
  if (!Number.isInteger(port) || port <= 0 || !out.redis) {
    process.stderr.write(`usage: ${usage}\n`);
    process.exit(2);
  }
  return { port, redis: out.redis };
}

// Run `stop` once on SIGTERM or SIGINT, then exit 0; exit 1 if it takes over 5 s.
function onStop(stop) {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 5000).unref();
    Promise.resolve()
      .then(stop)
      .then(() => process.exit(0), (e) => {
        process.stderr.write(`stopping failed: ${e}\n`);
        process.exit(1);
      });
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
}

module.exports = { parseArgs, onStop };
