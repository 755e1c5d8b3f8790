// A participant's own data, in the board's side menu: download everything stored
// about them (GET /api/me/data), or erase it (POST /api/me/erase) after a confirm step.

import { h } from "./dom.js";
import { t, onLanguage } from "./i18n.js";
import { api, forgetMember } from "./session.js";
import { confirmDialog, toast, refusal } from "./ui.js";

export function myDataSection(client, workshopId, token, onErased) {
  const heading = h("h2", { id: "my-data-h" });
  const text = h("p", { class: "small-text" });
  const download = h("button", { type: "button", class: "small", "data-testid": "my-data-download" });
  const erase = h("button", { type: "button", class: "small danger", "data-testid": "my-data-erase" });
  const el = h("section", { class: "side-section my-data", "aria-labelledby": "my-data-h", "data-testid": "my-data", hidden: true },
    heading, text, h("div", { class: "row" }, download, erase));
  const label = () => {
    heading.textContent = t("myData.heading");
    text.textContent = t("myData.text");
    download.textContent = t("myData.download");
    erase.textContent = t("myData.erase");
  };
  label();
  onLanguage(label);
  download.addEventListener("click", async () => {
    try {
      const r = await api("/api/me/data", { token, raw: true });
      const url = URL.createObjectURL(await r.blob());
      const a = h("a", { href: url, download: "my-data.json", hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      toast(refusal(e.code, e.message));
    }
  });
  erase.addEventListener("click", async () => {
    if (!(await confirmDialog(t("myData.confirm"), t("myData.eraseConfirm")))) return;
    try {
      await api("/api/me/erase", { method: "POST", token, raw: true });
    } catch (e) {
      if (e.status !== 410) { toast(refusal(e.code, e.message)); return; }
    }
    forgetMember(workshopId);
    onErased();
  });
  // Only a participant erases themselves here; a facilitator erases for others.
  client.on("welcome", () => { el.hidden = client.board.me?.role !== "participant"; });
  return el;
}
