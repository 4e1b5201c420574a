// Navigation and the offline copy of what the screens read (kept apart from app.js so screens
// do not import the router that imports them).
import { OfflineError, currentUser } from './api.js';
import { cache } from './db.js';

let rerender = () => {};
export function setRenderer(fn) { rerender = fn; }

export function go(hash) {
  if (location.hash === hash) rerender(); else location.hash = hash;
}

export function refresh() { rerender(); }

// Fetch fresh data and keep a copy per user; offline, fall back to the copy.
export async function cached(key, fetcher) {
  const user = currentUser();
  const k = `${user ? user.id : 0}:${key}`;
  try {
    const data = await fetcher();
    cache.put(k, data).catch(() => null);
    return { data, stale: false };
  } catch (err) {
    if (!(err instanceof OfflineError)) throw err;
    const row = await cache.get(k);
    if (!row) throw err;
    return { data: row.value, stale: true, at: row.at };
  }
}
