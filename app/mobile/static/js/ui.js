// Small DOM helpers, Korean labels and formats shared by the screens.
import { vocab } from './vocab.js';

// Trip statuses and actions: labels from the server's registry (GET /api/v1/vocabulary), no copy here.
export function statusLabel(code) {
  const s = vocab().trip_statuses[code];
  return s ? s.label : code;
}
// An action by its code (audit rows) or, failing that, by the name in allowed_actions (its path).
export function tripAction(name) {
  const all = vocab().trip_actions;
  return all[name] || Object.values(all).find((a) => a.path === name) || null;
}
export function actionLabel(name) {
  const a = tripAction(name);
  return a ? a.label : name;
}
// Trips that still take receipts (the server refuses them later).
export const OPEN = new Set(['draft', 'applied', 'approved']);
// Fare receipts a round trip by public transport normally needs (going and coming back).
export const FARE_TRANSPORT = new Set(['rail', 'bus', 'air', 'mixed']);
// Receipt document types and statuses: code -> label, looked up in the server's vocabulary when read
// (the catalogue, ocr/fields.py; workflow/receipt_states.py), so no copy is kept here.
export function labelOf(section, code) {
  let words;
  try { words = vocab(); } catch { return undefined; } // not loaded (offline, first start): callers fall back
  return ((words[section] || {})[code] || {}).label;
}
// code -> label of one section, read when looked up; Object.entries() lists the section by its entries'
// `order` where they have one (the trip form's transport choices; JSON keys arrive sorted).
function codesOf(section) {
  let all;
  try { all = vocab()[section] || {}; } catch { return []; }
  return Object.keys(all).sort((a, b) => (all[a].order ?? 0) - (all[b].order ?? 0));
}
const labelsOf = (section) => new Proxy({}, {
  get: (_, code) => (typeof code === 'string' ? labelOf(section, code) : undefined),
  ownKeys: () => codesOf(section),
  getOwnPropertyDescriptor: (_, code) => {
    const value = labelOf(section, code);
    return value === undefined ? undefined : { value, enumerable: true, configurable: true };
  },
});
export const RECEIPT_STATUS = labelsOf('receipt_statuses');
export const DOCUMENT = labelsOf('document_types');
// Statement line kinds, lodging-cap regions and transport modes (workflow/statement.py, regions.py,
// transport.py), and the kinds of notification (workflow/notices.py).
export const ITEM = labelsOf('statement_items');
export const REGION = labelsOf('regions');
export const TRANSPORT = labelsOf('transports');
export const NOTIFICATION = labelsOf('notification_kinds');

// h('button', {class: 'big', onclick: fn}, '텍스트', child...) -> Element
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function won(n) {
  return typeof n === 'number' ? `${n.toLocaleString('ko-KR')}원` : '-';
}

const dateFmt = new Intl.DateTimeFormat('ko-KR', { timeZone: 'Asia/Seoul', month: 'numeric', day: 'numeric', weekday: 'short' });
const timeFmt = new Intl.DateTimeFormat('ko-KR', { timeZone: 'Asia/Seoul', hour: '2-digit', minute: '2-digit', hour12: false });
const fullFmt = new Intl.DateTimeFormat('ko-KR', { timeZone: 'Asia/Seoul', dateStyle: 'medium', timeStyle: 'short' });

export function day(iso) { return iso ? dateFmt.format(new Date(iso)) : '-'; }
export function when(iso) { return iso ? fullFmt.format(new Date(iso)) : '-'; }
export function period(trip) {
  return `${day(trip.start_at)} ${timeFmt.format(new Date(trip.start_at))} – ${day(trip.end_at)} ${timeFmt.format(new Date(trip.end_at))}`;
}

// The date (YYYY-MM-DD) of an ISO time, in Seoul.
export function seoulDate(iso) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date(iso));
}

// What the traveler should do next with a trip, in a few words.
export function nextStep(trip, receiptCount) {
  switch (trip.status) {
    case 'draft': return '신청 필요';
    case 'applied': return '승인자 결재 기다림';
    case 'approved': {
      const missing = FARE_TRANSPORT.has(trip.transport) ? Math.max(0, 2 - (receiptCount || 0)) : 0;
      if (receiptCount === undefined) return '영수증 첨부 후 정산';
      return missing ? `영수증 ${missing}장 필요` : '정산 가능';
    }
    case 'settlement_review': return '승인자 정산 검토 대기';
    case 'settled': return '지급 대기';
    case 'paid': return `지급 완료 ${day(trip.paid_at)}`;
    case 'rejected': return '반려됨';
    case 'cancelled': return '취소됨';
    default: return '';
  }
}

// Announce a message to screen readers and show it briefly.
export function say(text, kind = 'info') {
  const box = document.getElementById('toast');
  box.textContent = text;
  box.dataset.kind = kind;
  box.hidden = false;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => { box.hidden = true; }, 5000);
}

// A problem+json error as readable Korean lines.
export function problemText(err) {
  if (!err) return '';
  if (err.name === 'OfflineError' || err.constructor?.name === 'OfflineError') return err.message;
  const p = err.problem || {};
  const lines = [err.status === 409 ? '다른 곳에서 먼저 바뀌었거나 지금은 할 수 없는 작업입니다.' : '', p.detail || p.title || err.message];
  for (const [field, msgs] of Object.entries(p.errors || {})) lines.push(`${field}: ${[].concat(msgs).join(' ')}`);
  return lines.filter(Boolean).join('\n');
}

export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, problemText(err));
}
