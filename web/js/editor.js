// The note editor used on the canvas and in the phone list: text, colour,
// cluster. Enter saves, Shift+Enter starts a new line, Escape cancels.

import { h } from "./dom.js";
import { t } from "./i18n.js";
import { colorPicker, clusterSelect } from "./notes-view.js";
import { watchPaste } from "./paste-lines.js";

let seq = 0;

/**
 * Build an editor. `onSave({text, color, cluster})` is called with the trimmed
 * text (empty means "nothing to save"); `onCancel()` on Escape or Cancel. With
 * `onPasteLines({lines, color, cluster})` (a new note's editor), a paste of
 * several lines may become that many notes. `hints(area)`, when given, returns an
 * element shown under the text (similar notes).
 */
export function noteEditor({ text = "", color = "yellow", cluster = null, clusters = null, onSave, onCancel, onPasteLines = null, compact = false, hints = null }) {
  const id = `ed-${++seq}`;
  let chosen = color;
  const area = h("textarea", {
    id, class: "note-input", "data-testid": "note-editor", rows: compact ? 3 : 4, maxlength: 1000,
    "aria-describedby": `${id}-hint`,
  });
  area.value = text;
  const select = clusters && clusters.size ? clusterSelect(clusters, cluster, `${id}-cluster`) : null;
  let done = false;
  const save = () => {
    if (done) return;
    done = true;
    onSave({ text: area.value, color: chosen, cluster: select ? (select.value || null) : cluster });
  };
  const cancel = () => {
    if (done) return;
    done = true;
    onCancel();
  };
  if (onPasteLines) {
    watchPaste(area, (lines) => {
      if (done) return;
      done = true;
      onPasteLines({ lines, color: chosen, cluster: select ? (select.value || null) : cluster });
    });
  }
  area.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); save(); }
    else if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); cancel(); }
  });
  const el = h("div", {
    class: "editor", "data-testid": "editor",
    on: { keydown: (e) => { if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); cancel(); } } },
  },
  h("label", { for: id, class: "sr-only" }, t("note.text")),
  area,
  hints ? hints(area) : null,
  h("p", { id: `${id}-hint`, class: "editor-hint" }, t("note.editHint")),
  colorPicker(color, (c) => { chosen = c; el.dataset.color = c; }),
  select ? h("div", { class: "field editor-cluster" }, h("label", { for: `${id}-cluster` }, t("cluster.label")), select) : null,
  h("div", { class: "row editor-buttons" },
    h("button", { type: "button", class: "primary small", "data-testid": "note-save", on: { click: save } }, t("common.save")),
    h("button", { type: "button", class: "small", "data-testid": "note-cancel", on: { click: cancel } }, t("common.cancel"))));
  el.dataset.color = color;
  el.focusText = () => { area.focus(); area.setSelectionRange(area.value.length, area.value.length); };
  el.save = save;
  el.cancel = cancel;
  return el;
}
