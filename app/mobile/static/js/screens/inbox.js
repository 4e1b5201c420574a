// 알림함: the inbox, marking read, and this device's Web Push subscription (issue 16).
import { api } from '../api.js';
import { go } from '../nav.js';
import { h, say, when } from '../ui.js';

const SUB_KEY = 'yeobi.m.push-sub';

// The unread count in the header; called on every screen and when a push arrives.
export async function refreshUnread(known) {
  const badge = document.getElementById('unread');
  if (!badge) return;
  let count = known;
  if (typeof count !== 'number') {
    try { count = (await api('/notifications?unread=1&per_page=1')).unread; } catch { return; }
  }
  badge.textContent = String(count);
  badge.hidden = !count;
  document.getElementById('inbox-link').setAttribute('aria-label', count ? `알림 ${count}건 읽지 않음` : '알림');
}

function b64ToBytes(text) {
  const pad = '='.repeat((4 - (text.length % 4)) % 4);
  const raw = atob((text + pad).replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

// Ask the browser for a push subscription with the server's VAPID key and register it.
export async function subscribePush(publicKey) {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) throw new Error('이 브라우저는 푸시 알림을 지원하지 않습니다.');
  if (Notification.permission !== 'granted' && await Notification.requestPermission() !== 'granted') {
    throw new Error('알림 권한이 허용되지 않았습니다.');
  }
  const reg = await navigator.serviceWorker.ready;
  const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: b64ToBytes(publicKey) });
  const saved = await api('/me/push-subscriptions', { method: 'POST', body: sub.toJSON() });
  localStorage.setItem(SUB_KEY, String(saved.id));
  return saved;
}

function item(n, onOpen) {
  return h('li', { class: n.read ? 'note read' : 'note unread', 'data-id': n.id },
    h('button', { type: 'button', class: 'note-open', onclick: () => onOpen(n) },
      h('strong', {}, n.title), h('span', { class: 'muted' }, when(n.created_at)),
      h('span', {}, n.body), n.read ? null : h('span', { class: 'sr-only' }, '읽지 않음')));
}

async function open(n) {
  if (!n.read) await api(`/notifications/${n.id}/read`, { method: 'POST' }).catch(() => null);
  if (n.link.startsWith('/m/#')) go(n.link.slice(3)); else location.href = n.link;
}

function pushPanel(settings) {
  const status = h('p', { class: 'muted', id: 'push-status' },
    settings.push_devices ? `푸시 알림을 받는 기기 ${settings.push_devices}대` : '이 기기는 푸시 알림을 받지 않습니다.');
  if (!settings.push_public_key) return h('section', {}, h('h2', {}, '푸시 알림'), h('p', { class: 'muted' }, '서버에 푸시 알림이 설정되지 않았습니다.'));
  const button = h('button', { type: 'button', id: 'push-on', onclick: async () => {
    button.disabled = true;
    try { await subscribePush(settings.push_public_key); status.textContent = '이 기기에서 푸시 알림을 받습니다.'; say('푸시 알림을 켰습니다.'); } catch (err) { status.textContent = err.message; } finally { button.disabled = false; }
  } }, '이 기기에서 푸시 알림 받기');
  return h('section', {}, h('h2', {}, '푸시 알림'), status, button);
}

function channelToggles(settings) {
  const toggle = (name, label) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name, checked: settings[name], onchange: async (e) => {
      try { await api('/me/notification-settings', { method: 'PUT', body: { [name]: e.target.checked } }); say('알림 설정을 저장했습니다.'); } catch (err) { e.target.checked = !e.target.checked; say(err.message); }
    } }), ` ${label}`);
  return h('fieldset', {}, h('legend', {}, '받을 알림'), toggle('email', `메일${settings.email_to ? ` (${settings.email_to})` : ''}`),
    toggle('push', '푸시'));
}

export async function inboxScreen() {
  const [page, settings] = await Promise.all([api('/notifications?per_page=50'), api('/me/notification-settings')]);
  refreshUnread(page.unread);
  const list = page.items.length ? h('ul', { class: 'notes', id: 'notes' }, page.items.map((n) => item(n, open)))
    : h('p', { class: 'muted', id: 'notes-empty' }, '알림이 없습니다.');
  const readAll = h('button', { type: 'button', class: 'secondary', id: 'read-all', disabled: !page.unread, onclick: async () => {
    try { await api('/notifications/read-all', { method: 'POST' }); go('#/inbox'); } catch (err) { say(err.message); }
  } }, '모두 읽음');
  return h('section', {}, h('h1', {}, '알림'), h('p', { class: 'muted' }, `읽지 않은 알림 ${page.unread}건`), readAll, list,
    channelToggles(settings), pushPanel(settings));
}
