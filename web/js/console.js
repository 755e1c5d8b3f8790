// The facilitator console: share, timer, board, voting, agenda, rooms,
// announcements, the all-rooms overview, exports and workshop settings.

import { $, h, fill, announce, frameThrottle, download } from "./dom.js";
import { registerShell } from "./offline.js";
import { initI18n, t, languageSwitcher, onLanguage, LANGUAGES } from "./i18n.js";
import { member, saveMember, params, api } from "./session.js";
import { Client } from "./client.js";
import { connectionIndicator, toast, refusal, noAccess, promptDialog, confirmDialog } from "./ui.js";
import { card, timerCard, boardCard, votingCard } from "./console-controls.js";
import { agendaCard } from "./console-agenda.js";
import { roomsCard } from "./console-rooms.js";
import { overviewCard } from "./console-overview.js";
import { themesCard } from "./console-themes.js";
import { actionsPanel } from "./actions-panel.js";
import { seriesCard } from "./console-series.js";
import { workshopReportCard } from "./console-report.js";
import { lifecycleCard } from "./console-lifecycle.js";
import { icon } from "./icons.js";
import { hackathonPanel, phaseSelect, ruleSettings } from "./hackathon-panel.js";
import { juryControls } from "./console-jury.js";
import { teamsControls } from "./console-teams.js";

/** The hackathon: its phase, every pitch with its team and "Present", suggested teams and
 * teams into rooms, and the jury. */
function hackathonCard(ctx) {
  const phase = phaseSelect(ctx.client);
  const rule = ruleSettings(ctx.client);
  const panel = hackathonPanel(ctx.client, { present: true });
  const teams = teamsControls(ctx);
  const jury = juryControls(ctx);
  const el = card("hackathon", "hack.consoleHeading", phase, rule, panel.el, teams, jury);
  el.update = () => { phase.update(); rule.update(); panel.render(); teams.update(); jury.update(); };
  return el;
}

/** The workshop's actions, as on the board, and whether participants may add them. */
function actionsCard(ctx) {
  const panel = actionsPanel(ctx.client);
  const open = h("input", { type: "checkbox", id: "set-participants-add-actions", "data-testid": "participants-add-actions",
    on: { change: (e) => ctx.op("workshop.settings", { participants_add_actions: e.target.checked }) } });
  const el = card("actions", "actions.consoleHeading",
    h("label", { class: "check" }, open, " ", h("span", { "data-i18n": "actions.participantsAdd" }, t("actions.participantsAdd"))),
    panel.el);
  el.update = () => { open.checked = !!ctx.board.workshop?.participants_add_actions; panel.render(); };
  return el;
}

/** Take a facilitator token from `#t=` (a private link for one's other devices). */
async function adoptFragmentToken(wid) {
  const token = new URLSearchParams(location.hash.slice(1)).get("t");
  if (!token) return;
  history.replaceState(null, "", location.pathname + location.search);
  try {
    const w = await api(`/api/workshops/${encodeURIComponent(wid)}`, { token });
    saveMember(wid, { token, participant_id: "", role: "facilitator", name: "", title: w.title, join_code: w.join_code });
  } catch { /* a wrong link: fall through to "no access" */ }
}

function shareCard(ctx) {
  const code = h("p", { class: "join-code", "data-testid": "join-code" });
  const qr = h("img", { class: "qr", "data-testid": "join-qr", width: 180, height: 180, alt: "" });
  const link = h("input", { id: "share-link", readonly: true, "data-testid": "join-link" });
  const wallOut = h("div", { class: "wall-link", "data-testid": "wall-link-box" });
  const copy = (input) => {
    input.select();
    (navigator.clipboard?.writeText(input.value) || Promise.reject()).then(
      () => toast(t("common.copied")), () => { document.execCommand?.("copy"); toast(t("common.copied")); });
  };
  const el = card("share", "console.share",
    h("div", { class: "share-grid" },
      h("div", {},
        h("p", { class: "muted", "data-i18n": "console.joinCode" }, t("console.joinCode")),
        code,
        h("div", { class: "field" },
          h("label", { for: "share-link", "data-i18n": "console.participantLink" }, t("console.participantLink")),
          h("div", { class: "row" }, link, h("button", { type: "button", class: "small", on: { click: () => copy(link) }, "data-i18n": "common.copy" }, t("common.copy"))))),
      qr),
    h("div", { class: "row" },
      h("a", { class: "button", id: "open-board", "data-testid": "open-board", target: "_blank", "data-i18n": "console.openBoard" }, t("console.openBoard")),
      h("a", { class: "button", id: "open-wall", "data-testid": "open-wall", target: "_blank", href: "/wall.html", on: { click: openWall }, "data-i18n": "console.openWall" }, t("console.openWall")),
      h("button", { type: "button", class: "small", on: { click: deviceLink }, "data-i18n": "console.deviceLink" }, t("console.deviceLink"))),
    wallOut);

  // One wall member per workshop and browser: reuse its token rather than join again.
  const wallKey = () => `cocreate:wall:${ctx.board.workshop.id}`;
  const wallUrl = (token) => `${location.origin}/wall.html?w=${encodeURIComponent(ctx.board.workshop.id)}&room=${encodeURIComponent(ctx.board.room.id)}#t=${encodeURIComponent(token)}`;
  // "Open the wall" opens the wall in a new tab as "Open the board" opens the
  // board: a link once the wall's token is known; the first time, the tab opens
  // at once (within the click, so no pop-up blocker stops it) and follows when
  // the server has given the wall its token.
  async function openWall(e) {
    const w = ctx.board.workshop;
    const known = localStorage.getItem(wallKey());
    const tab = known ? null : window.open("about:blank", "_blank");
    if (!known) e.preventDefault();
    try {
      let token = known;
      if (!token) {
        token = (await api("/api/join", { method: "POST", body: { join_code: w.join_code, name: t("role.wall"), role: "wall" } })).token;
        localStorage.setItem(wallKey(), token);
        if (tab) tab.location.href = wallUrl(token);
        el.update();
      }
      const url = wallUrl(token);
      const input = h("input", { readonly: true, value: url, id: "wall-url", "data-testid": "wall-url" });
      fill(wallOut, h("label", { for: "wall-url" }, t("console.wallLink")), h("div", { class: "row" }, input,
        h("button", { type: "button", class: "small", on: { click: () => copy(input) } }, t("common.copy")),
        h("a", { class: "button small", href: url, target: "_blank", "data-testid": "wall-open-link" }, t("common.open"))),
      h("p", { class: "muted" }, t("console.wallHint")));
    } catch (err) { tab?.close(); toast(refusal(err.code, err.message)); }
  }
  function deviceLink() {
    const url = `${location.origin}/console.html?w=${encodeURIComponent(ctx.wid)}#t=${encodeURIComponent(ctx.me.token)}`;
    const input = h("input", { readonly: true, value: url, id: "device-url" });
    fill(wallOut, h("label", { for: "device-url" }, t("console.deviceLink")), h("div", { class: "row" }, input,
      h("button", { type: "button", class: "small", on: { click: () => copy(input) } }, t("common.copy"))),
    h("p", { class: "error-text" }, t("console.deviceWarn")));
    input.focus();
  }
  el.update = () => {
    const w = ctx.board.workshop;
    if (!w) return;
    code.textContent = w.join_code;
    const url = `${location.origin}/?join=${encodeURIComponent(w.join_code)}`;
    link.value = url;
    const src = `/api/qr.svg?code=${encodeURIComponent(w.join_code)}`;
    if (qr.getAttribute("src") !== src) qr.src = src;
    qr.alt = t("console.qrAlt", { code: w.join_code });
    $("#open-board", el).href = `/board.html?w=${encodeURIComponent(w.id)}&room=${encodeURIComponent(ctx.board.room.id)}`;
    const wallToken = localStorage.getItem(wallKey());
    $("#open-wall", el).href = wallToken ? wallUrl(wallToken) : "/wall.html";
  };
  return el;
}

function announceCard(ctx) {
  const text = h("textarea", { id: "announce-text", rows: 2, maxlength: 1000, "data-testid": "announce-text" });
  return card("announce", "console.announce",
    h("form", {
      on: {
        submit: (e) => {
          e.preventDefault();
          if (!text.value.trim()) { text.focus(); return; }
          ctx.op("announce", { text: text.value.trim() });
          text.value = "";
          announce(t("console.announced"));
        },
      },
    },
    h("div", { class: "field" }, h("label", { for: "announce-text", "data-i18n": "console.announceLabel" }, t("console.announceLabel")), text),
    h("button", { class: "primary", "data-testid": "announce-send", "data-i18n": "console.announceSend" }, t("console.announceSend"))));
}

function exportCard(ctx) {
  const get = async (format) => {
    const room = ctx.board.room;
    try {
      const r = await api(`/api/rooms/${encodeURIComponent(room.id)}/export?format=${format}`, { token: ctx.me.token, raw: true });
      const name = `${(ctx.board.workshop.title || "workshop").replace(/[^\p{L}\p{N}]+/gu, "-")}-${room.name.replace(/[^\p{L}\p{N}]+/gu, "-")}.${format}`;
      download(name, await r.text(), { md: "text/markdown", csv: "text/csv", json: "application/json" }[format]);
    } catch (e) { toast(refusal(e.code, e.message)); }
  };
  // The whole workshop, for a backup or a move (docs/archive.md); the server may refuse
  // while it would show something hidden (an unrevealed hidden vote), saying why.
  const archive = async () => {
    try {
      const r = await api(`/api/workshops/${encodeURIComponent(ctx.wid)}/export?format=archive`, { token: ctx.me.token, raw: true });
      download(`${(ctx.board.workshop.title || "workshop").replace(/[^\p{L}\p{N}]+/gu, "-")}-archive.json`, await r.text(), "application/json");
    } catch (e) { toast(e.code === "forbidden" ? t("console.archiveRefused") : refusal(e.code, e.message)); }
  };
  const report = h("a", { class: "button", target: "_blank", "data-testid": "export-print", "data-i18n": "console.printable" }, t("console.printable"));
  const el = card("export", "console.export",
    h("p", { class: "muted", "data-i18n": "console.exportHint" }, t("console.exportHint")),
    h("div", { class: "row" },
      h("button", { type: "button", "data-testid": "export-md", on: { click: () => get("md") } }, "Markdown"),
      h("button", { type: "button", "data-testid": "export-csv", on: { click: () => get("csv") } }, "CSV"),
      h("button", { type: "button", "data-testid": "export-json", on: { click: () => get("json") } }, "JSON"),
      report,
      h("button", { type: "button", "data-testid": "export-archive", "data-i18n": "console.archive", on: { click: archive } }, t("console.archive"))));
  el.update = () => {
    if (ctx.board.room) report.href = `/report.html?w=${encodeURIComponent(ctx.wid)}&room=${encodeURIComponent(ctx.board.room.id)}`;
  };
  return el;
}

function settingsCard(ctx) {
  const f = {
    title: h("input", { id: "set-title", maxlength: 200 }),
    challenge: h("textarea", { id: "set-challenge", rows: 3, maxlength: 5000 }),
    constraints: h("textarea", { id: "set-constraints", rows: 3 }),
    groups: h("textarea", { id: "set-groups", rows: 4 }),
    authors: h("select", { id: "set-authors" }, ["named", "group", "hidden"].map((v) => h("option", { value: v, "data-i18n": `authors.${v}` }, t(`authors.${v}`)))),
    sees: h("input", { type: "checkbox", id: "set-sees" }),
    erase: h("select", { id: "set-erase-policy", "data-testid": "set-erase-policy" }, ["delete", "anonymise"].map((v) => h("option", { value: v, "data-i18n": `erasePolicy.${v}` }, t(`erasePolicy.${v}`)))),
    language: h("select", { id: "set-language", "data-testid": "set-language" }, Object.entries(LANGUAGES).map(([code, name]) => h("option", { value: code, lang: code }, name))),
    privacy: h("textarea", { id: "set-privacy-note", "data-testid": "set-privacy-note", rows: 3, maxlength: 2000 }),
  };
  // Shown by group, a group of fewer than three is "a participant" (W's small_groups).
  const smallGroups = h("p", { class: "warning small-text", role: "status", "data-testid": "small-groups-warning", hidden: true });
  let dirty = false;
  const field = (key, label, hint) => h("div", { class: "field" },
    h("label", { for: f[key].id }, h("span", { "data-i18n": label }, t(label)), hint ? [" ", h("span", { class: "hint", "data-i18n": hint }, t(hint))] : null), f[key]);
  const lines = (s) => s.split("\n").map((x) => x.trim()).filter(Boolean);
  const el = card("settings", "console.settings",
    h("form", {
      on: {
        input: () => { dirty = true; },
        submit: (e) => {
          e.preventDefault();
          ctx.op("workshop.settings", {
            title: f.title.value.trim(), challenge: f.challenge.value.trim(), constraints: lines(f.constraints.value),
            groups: lines(f.groups.value), authors: f.authors.value, facilitator_sees_authors: f.sees.checked,
            language: f.language.value, privacy_note: f.privacy.value.trim(),
            erase_policy: f.erase.value,
          }).then((r) => { if (r.ok) { dirty = false; toast(t("console.saved")); } });
        },
      },
    },
    field("title", "create.title"), field("challenge", "create.challenge"),
    field("constraints", "create.constraints", "common.onePerLine"), field("groups", "create.groups", "common.onePerLine"),
    field("authors", "create.authors"), smallGroups, field("language", "create.language", "create.languageHint"),
    field("erase", "create.erasePolicy"),
    h("label", { class: "check" }, f.sees, h("span", { "data-i18n": "console.facilitatorSees" }, t("console.facilitatorSees"))),
    field("privacy", "console.privacyNote", "console.privacyNoteHint"),
    h("button", { class: "primary", "data-testid": "settings-save", "data-i18n": "common.save" }, t("common.save"))));
  el.update = () => {
    const w = ctx.board.workshop;
    const small = w?.authors === "group" ? w.small_groups || [] : [];
    smallGroups.hidden = !small.length;
    smallGroups.textContent = small.length ? t("console.smallGroups", { groups: small.join(", ") }) : "";
    if (!w || dirty) return;
    f.erase.value = w.erase_policy || "delete";
    f.title.value = w.title || "";
    f.challenge.value = w.challenge || "";
    f.constraints.value = (w.constraints || []).join("\n");
    f.groups.value = (w.groups || []).join("\n");
    f.authors.value = w.authors || "named";
    f.sees.checked = w.facilitator_sees_authors !== false;
    f.language.value = w.language || "en";
    f.privacy.value = w.privacy_note || "";
  };
  onLanguage(() => el.update());
  return el;
}

async function main() {
  registerShell();
  await initI18n();
  $("#lang-slot").replaceWith(languageSwitcher());
  const wid = params.get("w");
  if (wid) await adoptFragmentToken(wid);
  const me = wid && member(wid);
  if (!me || me.role !== "facilitator") { noAccess($("#main")); return; }

  const client = new Client({ token: me.token, room: params.get("room"), outboxKey: `cocreate:outbox:${me.participant_id || wid}:console` });
  window.cocreate = client;
  const ctx = {
    wid, me, client, board: client.board,
    op: (name, data) => client.op(name, data),
    confirm: confirmDialog, prompt: promptDialog,
  };
  $("#conn-slot").replaceWith(connectionIndicator(client));
  const cards = [
    shareCard(ctx), timerCard(ctx), boardCard(ctx), votingCard(ctx), agendaCard(ctx),
    roomsCard(ctx), overviewCard(ctx), announceCard(ctx), exportCard(ctx), settingsCard(ctx),
    actionsCard(ctx),
    themesCard(ctx), seriesCard(ctx),
    workshopReportCard(ctx),
    lifecycleCard(ctx), hackathonCard(ctx),
  ];
  // What a closed workshop still offers: the links, the overview, exports, the series
  // and follow-up link, the workshop report, and reopening (named, not numbered: cards
  // are added as the console grows).
  const [share, overview, exportsCard, series, report, lifecycle] = [0, 6, 8, 12, 13, 14].map((i) => cards[i]);
  const whileClosed = new Set([share, overview, exportsCard, series, report, lifecycle]);
  const main = $("#main");
  fill(main,
    h("div", { class: "console-col" }, cards[0], cards[1], cards[2]),
    h("div", { class: "console-col" }, cards[4], cards[3], cards[11], cards[12]),
    h("div", { class: "console-col" }, cards[7], cards[8], cards[13], cards[14], cards[9], cards[10], cards[15]),
    h("div", { class: "console-wide" }, cards[6], cards[5]));

  const roomSelect = $("#room-select");
  roomSelect.addEventListener("change", () => {
    client.openRoom(roomSelect.value);
    const url = new URL(location.href);
    url.searchParams.set("room", roomSelect.value);
    history.replaceState(null, "", url);
  });
  ctx.controlRoom = (id) => { roomSelect.value = id; roomSelect.dispatchEvent(new Event("change")); };

  const update = frameThrottle(() => {
    const w = client.board.workshop;
    if (!w) return;
    $("#ws-title").textContent = w.title;
    document.title = `${w.title} · ${t("console.pageTitle")}`;
    $("#ws-title").title = w.title;
    // Archived rooms leave the list, but the room being looked at stays in it.
    const pick = w.rooms.filter((r) => !r.archived || r.id === client.board.room?.id);
    const key = pick.map((r) => r.id + r.name + r.archived).join("|") + client.board.room?.id;
    if (roomSelect.dataset.key !== key) {
      roomSelect.dataset.key = key;
      fill(roomSelect, pick.map((r) => h("option", { value: r.id, selected: r.id === client.board.room?.id },
        r.plenary ? t("room.plenary") : r.archived ? t("rooms.archivedName", { room: r.name }) : r.name)));
    }
    for (const c of cards) c.update?.();
    // Closed: the rest of the console cannot change anything, so it is taken out of reach.
    const closed = client.board.isClosed();
    for (const c of cards) {
      if (whileClosed.has(c)) continue;
      c.inert = closed;
      c.classList.toggle("card-closed", closed);
    }
    const banners = $("#banners");
    if (banners.dataset.closed !== String(closed)) {
      banners.dataset.closed = String(closed);
      fill(banners, closed ? h("div", { class: "banner lock", "data-testid": "closed-banner" }, icon("lock"),
        t("lifecycle.closedBanner")) : null);
    }
  });
  client.on("change", update);
  client.on("presence", update);
  // The vote count comes in the overview, after the vote's own event: draw it when it arrives.
  client.on("overview", update);
  // The console's cards are built once; a new language rebuilds the page (unsent ops wait in the outbox).
  onLanguage(() => location.reload());
  client.on("reject", (r) => toast(refusal(r.code, r.message)));
  client.on("fatal", (why) => { client.stop(); noAccess(main, why); });
  client.on("welcome", (msg) => {
    if (msg.participant.role !== "facilitator") noAccess(main);
    if (!me.participant_id) saveMember(wid, { ...me, participant_id: msg.participant.id, name: msg.participant.name });
  });
  client.watchOverview();
  client.start();
}

main();
