// Service worker for /m/: the app shell is cached so the app opens offline; API calls always go
// to the network (the app keeps its own per-user copy of trips in IndexedDB, cleared on logout).
const VERSION = 'yeobi-m-v6';
const SHELL = [
  '/m/', '/m/styles.css', '/m/manifest.webmanifest',
  '/m/js/app.js', '/m/js/api.js', '/m/js/db.js', '/m/js/nav.js', '/m/js/sync.js', '/m/js/ui.js', '/m/js/vocab.js',
  '/m/js/screens/login.js', '/m/js/screens/trips.js', '/m/js/screens/trip.js', '/m/js/screens/line.js',
  '/m/js/screens/receipt.js', '/m/js/screens/settle.js', '/m/js/screens/inbox.js',
  '/m/icons/icon-192.png', '/m/icons/icon-512.png', '/m/icons/apple-touch-icon.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('yeobi-m-') && k !== VERSION).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// Network first for the shell (a new release shows at once), the cached copy when offline.
async function shell(request) {
  const cache = await caches.open(VERSION);
  const key = request.mode === 'navigate' ? '/m/' : request;
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(key, response.clone());
    return response;
  } catch (err) {
    const hit = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
    if (hit) return hit;
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  // The API is never cached here, except the vocabulary (labels, no personal data): offline, the
  // app still needs its words.
  const words = url.pathname === '/api/v1/vocabulary';
  if (!url.pathname.startsWith('/m/') && !words) return;
  event.respondWith(shell(event.request));
});

// Web Push (issue 16): the server's message is decrypted by the browser; show it, and tell open
// windows the new unread count. No personal data is kept here.
self.addEventListener('push', (event) => {
  let note = {};
  try { note = event.data ? event.data.json() : {}; } catch { note = { title: '여비 알림', body: event.data.text() }; }
  const shown = self.registration.showNotification(note.title || '여비 알림', {
    body: note.body || '', tag: note.id ? `n${note.id}` : undefined, lang: 'ko',
    icon: '/m/icons/icon-192.png', data: { link: note.link || '/m/#/inbox', id: note.id },
  });
  const told = self.clients.matchAll({ type: 'window', includeUncontrolled: true })
    .then((list) => list.forEach((c) => c.postMessage({ type: 'notification', unread: note.unread, id: note.id })));
  event.waitUntil(Promise.all([shown.catch(() => null), told]));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const link = new URL((event.notification.data && event.notification.data.link) || '/m/#/inbox', self.location.origin);
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((list) => {
    const open = list.find((c) => new URL(c.url).pathname.startsWith('/m/'));
    if (open) return open.navigate(link.href).then((c) => (c || open).focus()).catch(() => self.clients.openWindow(link.href));
    return self.clients.openWindow(link.href);
  }));
});
