// The board on a phone: a list grouped by cluster with add, edit, vote and
// delete, because dragging on a small touch screen is not usable.

import { icon } from "./icons.js";
import { h, fill } from "./dom.js";
import { t } from "./i18n.js";
import { flagsOf } from "./board-state.js";
import { flagBadges } from "./outcomes.js";
import { overlay, grouped, authorText, votesText, mayChange, colorPicker, clusterSelect } from "./notes-view.js";
import { noteEditor } from "./editor.js";
import { attachSimilar } from "./similar.js";
import { watchPaste } from "./paste-lines.js";
import { placeNote } from "./layout.js";
import { isMatrix, scoresText } from "./matrix.js";

export class NoteList {
  constructor(root, client, actions) {
    this.client = client;
    this.board = client.board;
    this.actions = actions;
    this.items = new Map();
    this.editing = null;
    this.shape = "";
    this.sections = new Map(); // cluster id ("": ungrouped) -> {el, ul, head, ids} shown
    this.sectionEls = [];      // the sections shown, in order
    this.emptyShown = false;
    this.color = "yellow";
    this.groupsEl = h("div", { class: "list-groups" });
    this.form = this.buildForm();
    this.el = h("div", { class: "list-view", "data-testid": "list-view" }, this.form, this.groupsEl);
    root.append(this.el);
  }

  buildForm() {
    const text = h("textarea", { id: "qa-text", rows: 2, maxlength: 1000, "data-testid": "quick-add-text" });
    const clusterSlot = h("div", { class: "qa-cluster" });
    const similar = attachSimilar(this.client, text);
    const form = h("form", {
      class: "quick-add card", "data-testid": "quick-add",
      on: {
        submit: (e) => {
          e.preventDefault();
          if (!text.value.trim()) { text.focus(); return; }
          const cluster = clusterSlot.querySelector("select")?.value || null;
          const p = placeNote(overlay(this.client).notes, this.board.clusters, cluster);
          this.actions.addNote({ text: text.value, color: this.color, cluster, x: p.x, y: p.y });
          text.value = "";
          similar.clear();
          text.focus();
        },
      },
    },
    h("label", { for: "qa-text" }, t("list.newNote")),
    text,
    similar,
    h("div", { class: "row qa-row" },
      colorPicker(this.color, (c) => { this.color = c; }),
      clusterSlot,
      h("button", { class: "primary", type: "submit", "data-testid": "quick-add-submit" }, t("note.add"))));
    text.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
    });
    watchPaste(text, (lines) => {
      const cluster = clusterSlot.querySelector("select")?.value || null;
      const p = placeNote(overlay(this.client).notes, this.board.clusters, cluster);
      this.actions.pasteNotes({ lines, color: this.color, cluster, x: p.x, y: p.y });
      text.focus();
    });
    form.clusterSlot = clusterSlot;
    return form;
  }

  /** Rebuild the parts made once, in the current language (typed text kept). */
  relabel() {
    const typed = this.form.querySelector("textarea").value;
    const form = this.buildForm();
    this.form.replaceWith(form);
    this.form = form;
    form.querySelector("textarea").value = typed;
    this.shape = "";
    this.sections = new Map();
    for (const li of this.items.values()) li.dataset.sig = "";
  }

  render() {
    const v = overlay(this.client);
    const locked = this.board.readOnly();
    this.form.querySelector("button[type=submit]").disabled = locked;
    const slot = this.form.clusterSlot;
    const clusterKey = [...this.board.clusters.values()].map((c) => c.id + c.title).join("|");
    if (slot.dataset.key !== clusterKey) {
      const prev = slot.querySelector("select")?.value || "";
      slot.dataset.key = clusterKey;
      fill(slot, this.board.clusters.size ? [h("label", { for: "qa-cluster", class: "sr-only" }, t("cluster.label")), clusterSelect(this.board.clusters, prev, "qa-cluster")] : null);
    }
    const groups = grouped(v.notes, v.clusters);
    const shape = JSON.stringify(groups.map((g) => [g.cluster?.id, g.cluster?.title, g.notes.map((n) => n.id)])) + this.board.voting.status + this.board.voting.target;
    const active = document.activeElement;
    const seen = new Set();
    const ctx = this.paintContext();
    for (const g of groups) for (const n of g.notes) { seen.add(n.id); this.paint(n, v.clusters, ctx); }
    for (const [id] of this.items) if (!seen.has(id)) this.items.delete(id);
    if (shape !== this.shape) {
      this.shape = shape;
      const clusterVoting = this.board.voting.status === "open" && this.board.voting.target === "clusters";
      // One section per group, kept while its head shows the same: a drop that reorders one
      // cluster re-orders that cluster's items, and a big board's other sections stay as they are.
      const sections = new Map();
      const els = groups.filter((g) => g.cluster || g.notes.length).map((g) => {
        const id = g.cluster?.id ?? "";
        const head = JSON.stringify([g.cluster?.title, g.notes.length, clusterVoting,
          g.cluster && votesText(this.board, g.cluster.id, "clusters"), g.cluster && this.board.myVotes[g.cluster.id]]);
        const ids = JSON.stringify(g.notes.map((n) => n.id));
        const items = () => g.notes.map((n) => this.items.get(n.id));
        let sec = this.sections.get(id);
        if (!sec || sec.head !== head) {
          const ul = h("ul", { class: "list-notes" }, items());
          sec = { el: this.section(g, clusterVoting, ul), ul, head, ids };
        } else if (sec.ids !== ids) {
          sec.ul.replaceChildren(...items());
          sec.ids = ids;
        }
        sections.set(id, sec);
        return sec.el;
      });
      const empty = !v.notes.length;
      const shown = this.sectionEls;
      // Replaced in place when every kept section stays where it was; otherwise all re-laid.
      const was = new Set(shown);
      if (!empty && !this.emptyShown && els.length === shown.length
          && els.every((el, i) => el === shown[i] || !was.has(el))) {
        els.forEach((el, i) => { if (el !== shown[i]) shown[i].replaceWith(el); });
      } else {
        fill(this.groupsEl, els);
        if (empty) this.groupsEl.append(h("p", { class: "muted empty" }, t("board.empty")));
      }
      this.sections = sections;
      this.sectionEls = els;
      this.emptyShown = empty;
      // A renamed cluster's head is new: focus goes to its Rename button again.
      const again = active && !active.isConnected && active.dataset?.cluster
        && this.groupsEl.querySelector(`[data-cluster="${CSS.escape(active.dataset.cluster)}"]`);
      if (again) again.focus({ preventScroll: true });
      else if (active && active.isConnected && document.activeElement !== active) active.focus({ preventScroll: true });
    }
  }

  /** The section of one group: its head (title, count, votes, Rename) above `ul`, its notes. */
  section(g, clusterVoting, ul) {
    return h("section", {
      class: "list-cluster", "data-testid": "list-cluster", "aria-labelledby": `lc-${g.cluster?.id || "none"}`,
    },
    h("div", { class: "list-cluster-head" },
      h("h2", { id: `lc-${g.cluster?.id || "none"}` }, g.cluster ? g.cluster.title : t("cluster.ungrouped"),
        " ", h("span", { class: "muted" }, `(${g.notes.length})`)),
      g.cluster && clusterVoting ? this.voteButtons(g.cluster.id, g.cluster.title) : null,
      g.cluster && !g.cluster.id.startsWith("ref:") ? h("button", { class: "small", type: "button", "data-testid": "cluster-rename", "data-cluster": g.cluster.id, on: { click: () => this.actions.renameCluster(this.board.clusters.get(g.cluster.id)) } }, t("cluster.rename")) : null),
    g.cluster && votesText(this.board, g.cluster.id, "clusters") ? h("p", { class: "note-votes" }, votesText(this.board, g.cluster.id, "clusters")) : null,
    ul);
  }

  voteButtons(id, title) {
    return h("span", { class: "row" },
      h("button", { class: "small", type: "button", "data-testid": "cluster-vote", "aria-label": t("vote.addTo", { title }), on: { click: () => this.actions.vote(id) } }, "+●"),
      this.board.myVotes[id] ? h("button", { class: "small", type: "button", "aria-label": t("vote.removeFrom", { title }), on: { click: () => this.actions.unvote(id) } }, "−●") : null);
  }

  /** What paints every note alike, worked out once a render: `paint`'s `ctx`. */
  paintContext() {
    const matrix = isMatrix(this.board.voting);
    const open = this.board.voting.status === "open" && !this.board.isClosed();
    return { voting: open && this.board.voting.target !== "clusters" && !matrix, scoring: open && matrix, readOnly: this.board.readOnly() };
  }

  paint(n, clusters, ctx = this.paintContext()) {
    let li = this.items.get(n.id);
    if (!li) {
      li = h("li", { class: "list-note", "data-testid": "note", "data-id": n.id });
      this.items.set(n.id, li);
    }
    // The same note object, nothing else on the board changed since, and not pending:
    // shown as it is (a drop among 1,000 notes repaints one, not all).
    const base = n.pending ? null : this.board.notes.get(n.id);
    if (base && li.paintedFrom === base && li.paintedAt === this.board.version && li.dataset.sig) return;
    // On a big board, writes that change nothing still cost (an attribute set to its own
    // value invalidates the item's style).
    const color = n.color || "yellow";
    if (li.dataset.color !== color) li.dataset.color = color;
    li.classList.toggle("pending", !!n.pending);
    if (this.editing === n.id) return;
    li.paintedFrom = base;
    li.paintedAt = this.board.version;
    const by = authorText(this.board, n);
    const votes = votesText(this.board, n.id);
    const { voting, scoring, readOnly } = ctx;
    const scores = scoresText(this.board, n.id);
    const sig = JSON.stringify([n.text, n.color, by, votes, n.pending, n.private, voting, this.board.myVotes[n.id], readOnly, scoring, scores, flagsOf(this.board, n.id)]);
    if (li.dataset.sig === sig) return;
    li.dataset.sig = sig;
    const real = !n.id.startsWith("ref:");
    const mine = real && mayChange(this.board, n) && !readOnly;
    fill(li,
      h("span", { class: "sr-only" }, t(`note.color.${n.color}`) + ": "),
      h("p", { class: "note-text", "data-testid": "note-text" }, n.text),
      flagBadges(this.board, n.id),
      h("p", { class: "list-meta" },
        by ? h("span", { "data-testid": "note-author" }, by) : null,
        votes ? h("span", { class: "note-votes", "data-testid": "note-votes" }, votes) : null,
        scores ? h("span", { class: "note-votes", "data-testid": "note-scores" }, scores) : null,
        n.pending ? h("span", { class: "note-pending", "data-testid": "note-pending" }, icon("clock"), " ", t(`note.${n.pending}`)) : null,
        n.private ? h("span", { class: "note-private", "data-testid": "note-private" }, icon("eye"), " ", t("note.private")) : null),
      real ? h("div", { class: "row list-actions" },
        mine ? h("button", { type: "button", class: "small", "data-testid": "note-edit", on: { click: () => this.edit(n.id) } }, icon("pencil"), " ", t("note.edit")) : null,
        voting ? h("button", { type: "button", class: "small", "data-testid": "note-vote", on: { click: () => this.actions.vote(n.id) } }, "+● ", t("vote.short")) : null,
        scoring ? h("button", { type: "button", class: "small", "data-testid": "note-score", on: { click: () => this.actions.score(n.id) } }, t("matrix.scoreShort")) : null,
        voting && this.board.myVotes[n.id] ? h("button", { type: "button", class: "small", "data-testid": "note-unvote", on: { click: () => this.actions.unvote(n.id) } }, "−● ", t("vote.takeBack")) : null,
        mine ? h("button", { type: "button", class: "small", "data-testid": "note-delete", "aria-label": t("note.delete"), on: { click: () => this.actions.deleteNote(this.board.notes.get(n.id)) } }, icon("trash")) : null) : null);
    void clusters;
  }

  edit(id) {
    const li = this.items.get(id);
    const note = this.board.notes.get(id);
    if (!li || !note) return;
    this.editing = id;
    const finish = () => {
      this.editing = null;
      li.dataset.sig = "";
      this.shape = "";
      this.render();
      li.querySelector("[data-testid=note-edit]")?.focus();
    };
    const editor = noteEditor({
      text: note.text, color: note.color, cluster: note.cluster, clusters: this.board.clusters, compact: true,
      onSave: (v) => { this.actions.editNote(note, v); finish(); },
      onCancel: finish,
    });
    fill(li, editor);
    editor.focusText();
  }
}
