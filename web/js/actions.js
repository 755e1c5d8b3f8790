// What a person can do to the board, as ops; shared by the canvas and the list.

import { announce } from "./dom.js";
import { t } from "./i18n.js";
import { confirmDialog, promptDialog } from "./ui.js";
import { isMatrix, scoreDialog } from "./matrix.js";

export function boardActions(client) {
  const b = client.board;
  const op = (name, data) => client.op(name, data);
  return {
    addNote({ text, color, x, y, cluster }) {
      const data = { text, color: color || "yellow" };
      if (x != null) { data.x = Math.round(x); data.y = Math.round(y); }
      if (cluster) data.cluster = cluster;
      const p = op("note.add", data);
      announce(client.status === "online" ? t("note.addedSay") : t("note.queuedSay"));
      return p;
    },
    pasteNotes({ lines, color, x, y, cluster }) {
      const data = { lines, color: color || "yellow" };
      if (x != null) { data.x = Math.round(x); data.y = Math.round(y); }
      if (cluster) data.cluster = cluster;
      const p = op("notes.paste", data);
      announce(t("note.pastedSay", { n: lines.length }));
      return p;
    },
    editNote(note, { text, color, cluster }) {
      const data = { id: note.id };
      if (text != null && text.trim() && text !== note.text) data.text = text;
      if (color && color !== note.color) data.color = color;
      if (data.text || data.color) op("note.edit", data);
      if (cluster !== undefined && (cluster || null) !== (note.cluster || null)) {
        // Chosen from a list, not dropped: the server puts it in the frame (or beside it).
        op("note.group", { id: note.id, cluster: cluster || null });
      }
    },
    moveNote(note, x, y) {
      op("note.move", { id: note.id, x: Math.round(x), y: Math.round(y) });
    },
    moveCluster(cluster, x, y) {
      return op("cluster.move", { id: cluster.id, x: Math.round(x), y: Math.round(y) });
    },
    tidy() {
      return op("board.tidy", {});
    },
    group(note, cluster) {
      op("note.group", { id: note.id, cluster });
    },
    newCluster(title, notes = [], x = 0, y = 0) {
      return op("cluster.add", { title, notes, x: Math.round(x), y: Math.round(y) });
    },
    async deleteNote(note) {
      const ok = await confirmDialog(t("note.deleteAsk", { text: note.text.slice(0, 80) }), t("note.delete"));
      if (ok) { op("note.delete", { id: note.id }); announce(t("note.deletedSay")); }
    },
    /** Score a note on the matrix vote's two criteria (a dialog). */
    score(noteId) {
      return scoreDialog(client, noteId);
    },
    vote(target) {
      if (b.voting.status !== "open") { announce(t("vote.notOpen")); return; }
      if (isMatrix(b.voting)) { scoreDialog(client, target); return; } // V scores in a matrix vote
      if (b.votesLeft() <= 0) { announce(t("error.vote_budget")); return; }
      op("vote.add", { note: target });
      announce(t("vote.addedSay", { n: b.votesLeft() - 1 }));
    },
    unvote(target) {
      if (b.voting.status !== "open") { announce(t("vote.notOpen")); return; }
      if (isMatrix(b.voting)) { scoreDialog(client, target); return; }
      if (!b.myVotes[target]) { announce(t("vote.noneHere")); return; }
      op("vote.remove", { note: target });
      announce(t("vote.removedSay", { n: b.votesLeft() + 1 }));
    },
    async renameCluster(cluster) {
      const title = await promptDialog(t("cluster.renameAsk"), cluster.title);
      if (title && title !== cluster.title) op("cluster.rename", { id: cluster.id, title });
    },
    async deleteCluster(cluster) {
      const ok = await confirmDialog(t("cluster.deleteAsk", { title: cluster.title }), t("cluster.delete"));
      if (ok) op("cluster.delete", { id: cluster.id });
    },
    async addCluster(x, y) {
      const title = await promptDialog(t("cluster.newAsk"), "", t("cluster.create"));
      if (title) op("cluster.add", { title, x: Math.round(x), y: Math.round(y), notes: [] });
    },
  };
}
