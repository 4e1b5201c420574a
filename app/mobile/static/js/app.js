// The phone app: a hash router over screens drawn from the JSON API.
import { ApiError, currentUser } from './api.js';
import { go, setRenderer } from './nav.js';
import * as sync from './sync.js';
import { errorBox, h, say } from './ui.js';
import { loginScreen } from './screens/login.js';
import { editTripScreen, newTripScreen, tripsScreen } from './screens/trips.js';
import { tripScreen } from './screens/trip.js';
import { receiptScreen } from './screens/receipt.js';
import { settleScreen, statementScreen } from './screens/settle.js';
import { loadVocab } from './vocab.js';
import { inboxScreen, refreshUnread } from './screens/inbox.js';

const ROUTES = [
  [/^#\/login$/, loginScreen, true],
  [/^#\/$/, tripsScreen],
  [/^#\/new$/, newTripScreen],
  [/^#\/trips\/(\d+)$/, tripScreen],
  [/^#\/trips\/(\d+)\/edit$/, editTripScreen],
  [/^#\/trips\/(\d+)\/settle$/, settleScreen],
  [/^#\/trips\/(\d+)\/statement$/, statementScreen],
  [/^#\/receipts\/(\d+)$/, receiptScreen],
  [/^#\/inbox$/, inboxScreen],
];

const main = () => document.getElementById('main');
let renderSeq = 0;
let cleanup = null;

export async function render() {
  const seq = ++renderSeq;
  if (cleanup) { cleanup(); cleanup = null; }
  const hash = location.hash || '#/';
  const route = ROUTES.find(([re]) => re.test(hash));
  if (!route) { go('#/'); return; }
  const [re, screen, open] = route;
  if (!open && !currentUser()) { go('#/login'); return; }
  document.getElementById('who').textContent = currentUser() ? currentUser().name : '';
  document.getElementById('inbox-link').hidden = !currentUser();
  if (currentUser() && hash !== '#/inbox') refreshUnread();
  main().setAttribute('aria-busy', 'true');
  let view;
  try {
    const ctx = { onLeave: (fn) => { cleanup = fn; }, isCurrent: () => seq === renderSeq };
    view = await screen(...hash.match(re).slice(1).map(Number), ctx);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) { go('#/login'); return; }
    view = h('section', {}, h('h1', { tabindex: '-1' }, '불러오지 못했습니다'), errorBox(err),
      h('a', { class: 'button', href: '#/' }, '내 출장으로'));
  }
  if (seq !== renderSeq) return;
  main().replaceChildren(view);
  main().removeAttribute('aria-busy');
  const heading = main().querySelector('h1');
  if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
}

function showNetwork() {
  document.getElementById('network').hidden = !sync.offline();
}

setRenderer(render);
sync.onChange((e) => {
  if (e.type === 'offline' || e.type === 'online') showNetwork();
  if (e.type === 'offline' && e.noticed) say('연결이 끊겼습니다. 영수증은 휴대폰에 보관했다가 연결되면 올립니다.', 'offline');
  const toast = document.getElementById('toast');
  if (e.type === 'online' && toast.dataset.kind === 'offline') toast.hidden = true;
});
window.addEventListener('hashchange', render);
window.addEventListener('online', showNetwork);
window.addEventListener('offline', showNetwork);

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch(() => null);
  // A push arrived (sw.js): the header's unread count follows at once.
  navigator.serviceWorker.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'notification' && currentUser()) refreshUnread(e.data.unread);
  });
}
showNetwork();
sync.start();
// Labels come from the server (or the service worker's copy offline) before anything is drawn.
loadVocab().catch(() => null).then(render);
