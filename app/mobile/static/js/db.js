// IndexedDB on the phone: the outbox of receipts waiting for the network, and the last copy of
// the traveler's trips so they stay readable offline. Keys of cached data start with the user id.

const NAME = 'yeobi-m';
let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(NAME, 1);
      req.onupgradeneeded = () => {
        const db = req.result;
        db.createObjectStore('outbox', { keyPath: 'key' });
        db.createObjectStore('cache', { keyPath: 'k' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return opening;
}

async function run(store, mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const req = fn(tx.objectStore(store));
    tx.oncomplete = () => resolve(req ? req.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const outbox = {
  add: (item) => run('outbox', 'readwrite', (s) => s.put(item)),
  all: () => run('outbox', 'readonly', (s) => s.getAll()),
  remove: (key) => run('outbox', 'readwrite', (s) => s.delete(key)),
  async forTrip(tripId) { return (await this.all()).filter((i) => i.tripId === tripId); },
};

export const cache = {
  put: (k, value) => run('cache', 'readwrite', (s) => s.put({ k, value, at: Date.now() })),
  async get(k) { const row = await run('cache', 'readonly', (s) => s.get(k)); return row || null; },
  clear: () => run('cache', 'readwrite', (s) => s.clear()),
};
