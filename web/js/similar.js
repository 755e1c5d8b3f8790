// "Similar notes already here": while someone writes a new note, the server says
// which notes on this board are like it (top 3, only notes this person's board
// shows), so they can vote for an existing idea instead of writing it again.
// Off when the workshop's similar_hints is off; never for the wall.

import { h, fill } from "./dom.js";
import { t } from "./i18n.js";

const WAIT_MS = 600; // after the last keystroke
const MIN_CHARS = 4;

/** Attach the hint under `area`; returns the hint element to place after it. */
export function attachSimilar(client, area) {
  const board = client.board;
  const hint = h("div", { class: "similar-hint", "data-testid": "similar-hint", "aria-live": "polite", hidden: true });
  let timer = 0;
  let asked = "";
  const show = (ids) => {
    const notes = ids.map((id) => board.notes.get(id)).filter(Boolean);
    hint.hidden = !notes.length;
    fill(hint, notes.length ? [h("strong", {}, t("similar.heading")),
      h("ul", {}, notes.map((n) => h("li", { "data-testid": "similar-note" }, n.text.slice(0, 120))))] : []);
  };
  const ask = async () => {
    const text = area.value.trim();
    const on = board.workshop?.similar_hints !== false && board.me && board.me.role !== "wall";
    if (!on || text.length < MIN_CHARS) { show([]); asked = ""; return; }
    if (text === asked) return;
    asked = text;
    const answer = await client.ask("notes.similar", { text });
    if (asked !== text) return; // typed on meanwhile
    show(answer && answer.ok !== false ? answer.notes : []);
  };
  area.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(ask, WAIT_MS); });
  hint.clear = () => { clearTimeout(timer); asked = ""; show([]); };
  return hint;
}
