// Follow the facilitator: a facilitator's board says what it shows (a
// volatile `viewport` frame); a participant who follows sees the same part of
// the board until they move it themselves.

import { h, announce } from "./dom.js";
import { t } from "./i18n.js";

const EVERY_MS = 200; // at most 5 views a second
const AGAIN_MS = 5000; // and again now and then, for those who just turned following on

/** On a facilitator's board: send the view when it changes, and every few seconds. */
export function leadView(client, canvas) {
  let last = 0;
  let timer = 0;
  const send = () => {
    clearTimeout(timer);
    const v = canvas.viewport();
    if (v) client.volatile({ type: "viewport", x: v.x, y: v.y, zoom: v.zoom });
    last = Date.now();
  };
  canvas.onView = (source) => {
    if (source === "follow") return;
    const wait = EVERY_MS - (Date.now() - last);
    if (wait <= 0) send(); else { clearTimeout(timer); timer = setTimeout(send, wait); }
  };
  setInterval(send, AGAIN_MS);
}

/** On a participant's board: the Follow toggle. Returns its button, with `update()`. */
export function followToggle(client, canvas) {
  const board = client.board;
  let on = false;
  let leader = null; // the facilitator whose view we last took
  const button = h("button", { type: "button", class: "follow-toggle", "aria-pressed": "false", "data-testid": "follow" });
  // Who is followed, over the board itself: the toolbar keeps its one row.
  const badge = h("p", { class: "follow-badge", "data-testid": "follow-badge", hidden: true });
  canvas.el.append(badge);
  const update = () => {
    button.setAttribute("aria-pressed", String(on));
    button.textContent = t(on ? "follow.button.on" : "follow.button");
    button.title = t("follow.start");
    const name = leader && board.name(leader);
    badge.hidden = !on;
    badge.textContent = name ? t("follow.on", { name }) : t("follow.waiting");
    document.body.classList.toggle("following", on);
  };
  const stop = (why) => {
    on = false;
    update();
    announce(t(why));
  };
  button.addEventListener("click", () => {
    if (on) { stop("follow.stopped"); return; }
    on = true;
    update();
    announce(t("follow.started"));
  });
  client.on("viewport", (frame) => {
    if (!on || !frame.actor) return;
    leader = frame.actor;
    canvas.showViewport(frame, "follow");
    update();
  });
  // Moving the board yourself ends following, as in other whiteboards.
  canvas.onView = (source) => {
    if (on && !["follow", "summon", "fit"].includes(source)) stop("follow.stoppedByYou");
  };
  client.on("moved", () => { leader = null; update(); });
  button.update = update;
  update();
  return button;
}
