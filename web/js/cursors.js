// Other people's pointers on the canvas: relayed, never stored; each shows a
// name so that colour is not the only thing telling them apart.

import { h } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";

function arrow() {
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 16 22");
  svg.setAttribute("class", "cursor-arrow");
  const path = document.createElementNS(NS, "path");
  path.setAttribute("d", "M1 1 L1 17 L5.5 13 L9 20.5 L12 19 L8.6 11.8 L14.5 11.8 Z");
  svg.append(path);
  return svg;
}

const SEND_EVERY_MS = 80;
const FORGET_AFTER_MS = 4000;
const HUES = [210, 340, 140, 30, 270, 180, 0, 90];

function hue(id) {
  let n = 0;
  for (const ch of String(id)) n = (n * 31 + ch.charCodeAt(0)) >>> 0;
  return HUES[n % HUES.length];
}

export function attachCursors(canvas) {
  const { client, el: viewport } = canvas;
  const layer = h("div", { class: "cursor-layer", "aria-hidden": "true" });
  canvas.world.append(layer);
  const shown = new Map(); // actor -> {el, at}
  let last = 0;

  // Only where names are shown: a pointer resting by a new note would tell who wrote it.
  const named = () => (client.board.workshop?.authors || "named") === "named";

  viewport.addEventListener("pointermove", (e) => {
    if (!named() || (e.pointerType !== "mouse" && e.pointerType !== "pen")) return;
    const now = performance.now();
    if (now - last < SEND_EVERY_MS) return;
    last = now;
    const p = canvas.toWorld(e.clientX, e.clientY);
    client.volatile({ type: "cursor", x: Math.round(p.x), y: Math.round(p.y) });
  });

  client.on("cursor", (f) => {
    if (!named() || !f.actor || f.actor === client.board.me?.id || typeof f.x !== "number") return;
    let c = shown.get(f.actor);
    if (!c) {
      const label = h("span", { class: "cursor-name" });
      c = { el: h("div", { class: "cursor", "data-testid": "cursor", style: { "--hue": hue(f.actor) } }, arrow(), label), label, at: 0 };
      shown.set(f.actor, c);
      layer.append(c.el);
    }
    const name = client.board.name(f.actor) || "";
    if (c.label.textContent !== name) c.label.textContent = name;
    c.label.hidden = !name;
    c.at = Date.now();
    c.el.style.left = `${f.x}px`;
    c.el.style.top = `${f.y}px`;
  });

  setInterval(() => {
    const now = Date.now();
    for (const [actor, c] of shown) if (now - c.at > FORGET_AFTER_MS) { c.el.remove(); shown.delete(actor); }
  }, 1000);
  client.on("welcome", () => { for (const c of shown.values()) c.el.remove(); shown.clear(); });
}
