// The board's geometry as the server decides it (server/cocreate/board/layout.py):
// the server places notes and frames and sends every position in its events;
// the client only draws frames the same size and guesses a spot for a note.

export const NOTE_W = 200;
export const NOTE_H = 150;
export const GAP = 16;
export const PAD = 18;
export const HEAD = 52;
const MAX_COLS = 4;
const ORIGIN = { x: 40, y: 60 };

/** Columns and rows of a frame holding `count` notes (an empty one holds one). */
export function grid(count) {
  const cols = Math.min(MAX_COLS, Math.max(1, Math.ceil(Math.sqrt(count))));
  return { cols, rows: Math.max(1, Math.ceil(count / cols)) };
}

/** The frame of a cluster at (x, y) with `count` public notes. */
export function frameBox(x, y, count) {
  const { cols, rows } = grid(count);
  return { x, y, w: 2 * PAD + cols * NOTE_W + (cols - 1) * GAP, h: HEAD + rows * NOTE_H + (rows - 1) * GAP + PAD };
}

/** Notes that take part in the layout of a cluster: public ones (private ones wait for the reveal). */
export function laidOut(notes, clusterId) {
  return notes.filter((n) => n.cluster === clusterId && !n.private);
}

/** A first guess for a new note: the frame's next slot, or a free grid cell; the server has the last word. */
export function placeNote(notes, clusters, clusterId = null) {
  const c = clusterId && clusters.get(clusterId);
  if (c) {
    const n = laidOut(notes, clusterId).length;
    const { cols } = grid(n + 1);
    return { x: c.x + PAD + (n % cols) * (NOTE_W + GAP), y: c.y + HEAD + Math.floor(n / cols) * (NOTE_H + GAP) };
  }
  const boxes = notes.map((n) => ({ x: n.x, y: n.y, w: NOTE_W, h: NOTE_H }));
  for (const cl of clusters.values()) boxes.push(frameBox(cl.x, cl.y, laidOut(notes, cl.id).length));
  const taken = (x, y) => boxes.some((b) => b.x < x + NOTE_W + GAP && x < b.x + b.w + GAP && b.y < y + NOTE_H + GAP && y < b.y + b.h + GAP);
  for (let row = 0; row < 200; row++) {
    for (let col = 0; col < 6; col++) {
      const x = ORIGIN.x + col * (NOTE_W + GAP * 2), y = ORIGIN.y + row * (NOTE_H + GAP * 2);
      if (!taken(x, y)) return { x, y };
    }
  }
  return { ...ORIGIN };
}
