// Who this browser is in which workshop, and the JSON HTTP API.
// Tokens live in localStorage keyed by workshop id, never in shared URLs.

const MEMBER = (id) => `cocreate:member:${id}`;
const WALL = (id) => `cocreate:wall:${id}`;
const KNOWN = "cocreate:workshops";

/** The stored membership {token, participant_id, role, name, title, join_code} or null. */
export function member(workshopId) {
  try { return JSON.parse(localStorage.getItem(MEMBER(workshopId))); } catch { return null; }
}

export function saveMember(workshopId, value) {
  localStorage.setItem(MEMBER(workshopId), JSON.stringify(value));
  const known = knownWorkshops().filter((w) => w.id !== workshopId);
  known.unshift({ id: workshopId, title: value.title || "", role: value.role });
  localStorage.setItem(KNOWN, JSON.stringify(known.slice(0, 20)));
}

export function forgetMember(workshopId) {
  localStorage.removeItem(MEMBER(workshopId));
  localStorage.setItem(KNOWN, JSON.stringify(knownWorkshops().filter((w) => w.id !== workshopId)));
}

/** Workshops this browser has joined, newest first: [{id, title, role}]. */
export function knownWorkshops() {
  try { return JSON.parse(localStorage.getItem(KNOWN)) || []; } catch { return []; }
}

/**
 * The wall token: taken from the URL fragment (`#t=TOKEN`) when present, then
 * kept in localStorage and removed from the address bar.
 */
export function wallToken(workshopId) {
  const frag = new URLSearchParams(location.hash.slice(1));
  const fromUrl = frag.get("t");
  if (fromUrl) {
    localStorage.setItem(WALL(workshopId), fromUrl);
    history.replaceState(null, "", location.pathname + location.search);
    return fromUrl;
  }
  return localStorage.getItem(WALL(workshopId));
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Call the JSON API; throws ApiError with the server's code and message. */
export async function api(path, { method = "GET", body, token, raw = false } = {}) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  let r;
  try {
    r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, "network", e.message);
  }
  if (!r.ok) {
    let code = "http_" + r.status, message = r.statusText;
    try { ({ code, message } = (await r.json()).error); } catch { /* not JSON */ }
    throw new ApiError(r.status, code, message);
  }
  return raw ? r : r.json();
}

/** Query parameters of this page. */
export const params = new URLSearchParams(location.search);
