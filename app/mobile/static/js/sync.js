// The outbox: every photo goes to IndexedDB first and is sent from there, so a receipt taken
// offline (or on a connection that drops mid-upload) is kept and sent once when the network
// returns. The Idempotency-Key is created with the item and reused on every try.
import { ApiError, OfflineError, currentUser, newKey, uploadReceipt } from './api.js';
import { outbox } from './db.js';
import { problemText } from './ui.js';

const progress = new Map(); // key -> 0..1 while an item is being sent
const listeners = new Set();
let flushing = null;
// navigator.onLine only says a network interface is up (a phone on a dead captive Wi-Fi is
// "online"), so what counts is whether the last try reached the server.
let unreachable = !navigator.onLine;
let retryTimer = null;
let retryDelay = 2000;
const MAX_RETRY_MS = 30000;

export function onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }
function emit(event) { for (const fn of listeners) fn(event); }

export function progressOf(key) { return progress.get(key); }

export function offline() { return unreachable || !navigator.onLine; }

function retryLater() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => { retryTimer = null; flush(); }, retryDelay);
  retryDelay = Math.min(retryDelay * 2, MAX_RETRY_MS);
}

function reached() {
  if (unreachable) { unreachable = false; emit({ type: 'online' }); }
  retryDelay = 2000;
}

export async function mine() {
  const user = currentUser();
  if (!user) return [];
  return (await outbox.all()).filter((i) => i.userId === user.id).sort((a, b) => a.createdAt - b.createdAt);
}

export async function waitingFor(tripId) { return (await mine()).filter((i) => i.tripId === tripId); }

export async function enqueue(tripId, file) {
  const user = currentUser();
  const item = { key: newKey(), userId: user.id, tripId, blob: file, filename: file.name || 'receipt',
    type: file.type, size: file.size, createdAt: Date.now(), error: null };
  await outbox.add(item);
  emit({ type: 'queued', item });
  flush();
  return item.key;
}

export async function discard(key) {
  await outbox.remove(key);
  emit({ type: 'removed', key });
}

async function sendOne(item) {
  progress.set(item.key, 0);
  emit({ type: 'progress', item });
  try {
    const receipt = await uploadReceipt(item.tripId, item.blob, item.filename, item.key, (p) => {
      progress.set(item.key, p);
      emit({ type: 'progress', item });
    });
    reached();
    await outbox.remove(item.key);
    emit({ type: 'uploaded', item, receipt });
    return true;
  } finally {
    progress.delete(item.key);
  }
}

// Send what waits, oldest first; at the first network failure stop and retry with a backoff.
export function flush() {
  if (flushing) return flushing;
  flushing = (async () => {
    const waiting = (await mine()).filter((i) => !i.error);
    if (!waiting.length) return;
    if (!navigator.onLine) { unreachable = true; retryLater(); return; }
    for (const item of waiting) {
      try {
        await sendOne(item);
      } catch (err) {
        if (err instanceof OfflineError) {
          const noticed = !unreachable;
          unreachable = true;
          emit({ type: 'progress', item });
          emit({ type: 'offline', noticed });
          retryLater();
          break;
        }
        emit({ type: 'progress', item });
        if (err instanceof ApiError && err.status === 401) break; // sent after the next login
        if (err instanceof ApiError && err.problem.type?.endsWith('idempotency-in-progress')) { retryLater(); break; }
        item.error = problemText(err);  // the server refused this file: keep it visible, stop retrying
        await outbox.add(item);
        emit({ type: 'failed', item });
      }
    }
  })().finally(() => { flushing = null; });
  return flushing;
}

export function start() {
  window.addEventListener('online', () => {
    // Believe it until a try fails: the banner goes and the next photo is sent at once.
    unreachable = false;
    retryDelay = 2000;
    emit({ type: 'online' });
    flush();
  });
  window.addEventListener('offline', () => { unreachable = true; emit({ type: 'offline' }); });
  setInterval(() => { if (navigator.onLine) flush(); }, 30000);
  flush();
}
