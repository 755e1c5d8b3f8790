// Where notes go when nobody drags them: a new note from the phone list, a note
// put into a cluster from a menu, and the facilitator's "tidy up".

const COL_W = 230;
const ROW_H = 150;
const GAP = 14;
const ORIGIN = { x: 40, y: 60 };

/** A position for a new note in `clusterId` (under its notes), or a free grid cell. */
export function placeNote(notes, clusters, clusterId = null) {
  if (clusterId) {
    const members = notes.filter((n) => n.cluster === clusterId);
    if (members.length) {
      const x = Math.min(...members.map((n) => n.x));
      const y = Math.max(...members.map((n) => n.y)) + ROW_H;
      return { x: Math.round(x), y: Math.round(y) };
    }
    const c = clusters.get(clusterId);
    if (c) return { x: Math.round(c.x + 18), y: Math.round(c.y + 52) };
  }
  const taken = (x, y) => notes.some((n) => n.x < x + COL_W && n.x + COL_W > x && n.y < y + ROW_H && n.y + ROW_H > y);
  for (let row = 0; row < 200; row++) {
    for (let col = 0; col < 6; col++) {
      const x = ORIGIN.x + col * COL_W, y = ORIGIN.y + row * ROW_H;
      if (!taken(x, y)) return { x, y };
    }
  }
  return { x: ORIGIN.x, y: ORIGIN.y };
}

/**
 * Columns: one per cluster (notes stacked by their measured heights), then the
 * ungrouped notes in a grid to the right. Returns Map(note id -> {x, y}).
 */
export function tidy(notes, clusters, sizeOf) {
  const out = new Map();
  let x = ORIGIN.x;
  const byPos = (a, b) => (a.y - b.y) || (a.x - b.x);
  for (const c of clusters.values()) {
    const members = notes.filter((n) => n.cluster === c.id).sort(byPos);
    // A big cluster gets a few sub-columns (masonry), so no column runs off the screen.
    const cols = Math.max(1, Math.round(Math.sqrt(members.length / 1.5)));
    const w = Math.max(200, ...members.map((n) => sizeOf(n.id).w));
    const heights = new Array(cols).fill(ORIGIN.y + 52);
    for (const n of members) {
      const col = heights.indexOf(Math.min(...heights));
      out.set(n.id, { x: x + 18 + col * (w + GAP), y: heights[col] });
      heights[col] += sizeOf(n.id).h + GAP;
    }
    x += cols * (w + GAP) - GAP + 18 * 2 + 30;
  }
  const loose = notes.filter((n) => !n.cluster || !clusters.has(n.cluster)).sort(byPos);
  const cols = Math.max(1, Math.min(4, Math.ceil(Math.sqrt(loose.length))));
  const heights = new Array(cols).fill(ORIGIN.y + 52);
  loose.forEach((n, i) => {
    const col = i % cols;
    out.set(n.id, { x: x + 18 + col * (COL_W - 10), y: heights[col] });
    heights[col] += sizeOf(n.id).h + GAP;
  });
  return out;
}
