// Pasting many lines into a new note's text: a list, or a spreadsheet column
// (its header line kept as a note), becomes that many notes in one step
// (`notes.paste`) once the person says yes to "Add N notes?".

import { announce } from "./dom.js";
import { t } from "./i18n.js";
import { confirmDialog } from "./ui.js";

export const PASTE_LINES_MAX = 100; // board/limits.py PASTE_LINES_MAX
const NOTE_TEXT_MAX = 1000;

/** The non-blank lines of pasted text (CRLF, LF or CR line breaks). */
export function pastedLines(text) {
  return String(text || "").split(/\r\n|\n|\r/).filter((line) => line.trim());
}

/**
 * Watch `area` for a paste of several lines; `onLines(lines)` when the person
 * confirms. Declined, too many or too long, the text is pasted as usual.
 */
export function watchPaste(area, onLines) {
  area.addEventListener("paste", async (e) => {
    const lines = pastedLines(e.clipboardData?.getData("text/plain"));
    if (lines.length < 2) return;
    if (lines.length > PASTE_LINES_MAX) { announce(t("note.pasteTooMany", { n: lines.length, max: PASTE_LINES_MAX })); return; }
    if (lines.some((line) => line.trim().length > NOTE_TEXT_MAX)) return;
    e.preventDefault();
    const text = e.clipboardData.getData("text/plain");
    const [start, end] = [area.selectionStart, area.selectionEnd];
    if (await confirmDialog(t("note.pasteAsk", { n: lines.length }), t("note.pasteYes"))) {
      onLines(lines);
      return;
    }
    area.setRangeText(text, start, end, "end");
    area.focus();
  });
}
