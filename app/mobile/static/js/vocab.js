// The words the app shows: trip statuses and actions, flags, receipt fields and statuses. They come from
// the server's registries (GET /api/v1/vocabulary) so no label is kept a second time in the app; the
// service worker keeps the last copy so the app still speaks Korean offline.

let words = null;

export async function loadVocab() {
  if (words) return words;
  const res = await fetch('/api/v1/vocabulary', { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`vocabulary: HTTP ${res.status}`);
  words = await res.json();
  return words;
}

// The loaded vocabulary; app.js awaits loadVocab() before the first screen is drawn.
export function vocab() {
  if (!words) throw new Error('vocabulary not loaded');
  return words;
}
