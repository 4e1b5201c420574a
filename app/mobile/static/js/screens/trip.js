// One trip: its state and next step, its actions, its receipts and the photos waiting to be sent.
import { api, currentUser } from '../api.js';
import { cached, go, refresh } from '../nav.js';
import { DOCUMENT, OPEN, RECEIPT_STATUS, REGION, TRANSPORT, actionLabel, h, nextStep, period, say,
  statusLabel, tripAction, when, won } from '../ui.js';
import * as sync from '../sync.js';
import { approvalLine, waitingAt } from './line.js';

async function load(id) {
  const [trip, receipts, events] = await Promise.all([api(`/trips/${id}`), api(`/trips/${id}/receipts`),
    api(`/trips/${id}/events`)]);
  return { trip, receipts: receipts.items, events: events.items };
}

// The trip's history, newest first, with the approver's comments (why it was returned...).
function history(events) {
  if (!events || !events.length) return null;
  return h('section', { 'aria-labelledby': 'history-h' }, h('h2', { id: 'history-h' }, '처리 이력'),
    h('ol', { class: 'history' }, [...events].reverse().map((e) => h('li', {},
      h('span', { class: 'row' }, h('strong', {}, actionLabel(e.action)),
        h('span', { class: 'muted' }, `${e.actor_name || ''} · ${when(e.at)}`)),
      e.comment ? h('p', { class: 'comment' }, e.comment) : null))));
}

function receiptItem(r) {
  const f = r.fields || {};
  const blocking = (r.flags || []).some((x) => x.blocking);
  return h('li', {}, h('a', { class: 'receipt', href: `#/receipts/${r.id}` },
    h('span', { class: 'dest' }, DOCUMENT[r.document_type] || (r.status === 'done' ? '영수증' : r.filename || '영수증')),
    h('span', {}, [f.date, f.departure && f.arrival ? `${f.departure}→${f.arrival}` : null].filter(Boolean).join(' · ')),
    h('span', { class: 'row' },
      h('span', { class: `badge r-${r.status}` }, RECEIPT_STATUS[r.status] || r.status),
      h('strong', {}, won(typeof f.total_amount === 'number' ? f.total_amount : undefined)),
      r.flags && r.flags.length ? h('span', { class: `badge ${blocking ? 'blocking' : 'warn'}` },
        `확인 ${r.flags.length}건`) : null)));
}

function waitingItem(item) {
  const p = sync.progressOf(item.key);
  const label = item.error ? '전송 실패' : p !== undefined ? '올리는 중' : sync.offline() ? '오프라인 · 연결되면 전송' : '전송 대기';
  const bar = p !== undefined ? h('progress', { max: '100', value: String(Math.round(p * 100)),
    'aria-label': `${item.filename} 올리는 중` }, `${Math.round(p * 100)}%`) : null;
  return h('li', { class: 'waiting-item', 'data-key': item.key },
    h('span', { class: 'dest' }, item.filename),
    h('span', { class: 'row' }, h('span', { class: 'badge waiting' }, label),
      h('span', { class: 'muted' }, `${Math.round(item.size / 1024)} KB`)),
    bar, item.error ? h('p', { class: 'error' }, item.error) : null,
    item.error ? h('button', { type: 'button', onclick: () => sync.discard(item.key) }, '이 사진 지우기') : null);
}

function pickers(trip, onPick) {
  const camera = h('input', { type: 'file', accept: 'image/*', capture: 'environment', id: 'camera', class: 'visually-hidden' });
  const files = h('input', { type: 'file', accept: 'image/*,application/pdf', id: 'pick-file', class: 'visually-hidden' });
  for (const input of [camera, files]) {
    input.addEventListener('change', () => {
      const file = input.files && input.files[0];
      if (file) onPick(file);
      input.value = '';
    });
  }
  return h('div', { class: 'pickers' },
    camera, h('label', { for: 'camera', class: 'button primary' }, '영수증 촬영 (카메라)'),
    files, h('label', { for: 'pick-file', class: 'button' }, '사진·PDF 선택'));
}

async function act(trip, action) {
  if (action === 'cancel' && !confirm('이 출장을 취소할까요?')) return;
  try {
    await api(`/trips/${trip.id}/${action}`, { method: 'POST', body: { version: trip.version } });
    say(`출장을 ${tripAction(action).done_message}`);
    refresh();
  } catch (err) { say(err.message, 'error'); refresh(); }
}

export async function tripScreen(id, ctx) {
  const { data, stale, at } = await cached(`trip:${id}`, () => load(id));
  const { trip, receipts, events } = data;
  const waiting = await sync.waitingFor(id);
  const next = h('strong', { class: 'next', id: 'next-step' },
    waitingAt(trip) || nextStep(trip, receipts.length + waiting.length));
  const waitBox = h('ul', { class: 'receipts', 'aria-live': 'polite', 'aria-label': '전송 대기 중인 영수증' },
    waiting.map(waitingItem));
  const redrawWaiting = async () => {
    const now = await sync.waitingFor(id);
    waitBox.replaceChildren(...now.map(waitingItem));
    next.textContent = waitingAt(trip) || nextStep(trip, receipts.length + now.length);
  };
  let follow = null; // the key of the photo just taken online: open it once it is uploaded
  const onPick = async (file) => {
    const key = await sync.enqueue(id, file);
    if (!sync.offline()) follow = key;
    say(sync.offline() ? '오프라인입니다. 휴대폰에 보관했다가 연결되면 올립니다.' : '영수증을 올리는 중입니다.');
    redrawWaiting();
  };
  const stop = sync.onChange(async (e) => {
    if (!ctx.isCurrent()) return;
    if (e.type === 'uploaded' && e.item.key === follow) { go(`#/receipts/${e.receipt.id}`); return; }
    if (e.type === 'uploaded') say('대기 중이던 영수증을 올렸습니다.');
    if (e.type === 'uploaded' || e.type === 'online') { refresh(); return; }
    redrawWaiting();
  });
  // While OCR reads a receipt, check quietly and redraw once it is done.
  const reading = () => receipts.filter((r) => r.status === 'queued' || r.status === 'processing').length;
  const poll = !stale && reading() ? setInterval(async () => {
    try {
      const now = (await api(`/trips/${id}/receipts`)).items;
      if (ctx.isCurrent() && now.filter((r) => r.status === 'queued' || r.status === 'processing').length !== reading()) refresh();
    } catch { /* offline for a moment */ }
  }, 2000) : null;
  ctx.onLeave(() => { stop(); if (poll) clearInterval(poll); });

  const mine = currentUser() && trip.traveler && trip.traveler.id === currentUser().id;
  // The phone is the traveler's app: it offers the owner's actions; the approver's are on the web.
  const own = (trip.allowed_actions || []).filter((a) => tripAction(a).actor === 'owner');
  const actions = own.map((a) => a === 'settle' && !stale
    ? h('a', { class: 'button primary', href: `#/trips/${id}/settle` }, '정산하기')
    : h('button', { type: 'button', class: a === 'cancel' ? 'danger' : 'primary', onclick: () => act(trip, a), disabled: stale }, actionLabel(a)));
  const hasStatement = ['settlement_review', 'settled', 'paid'].includes(trip.status);
  return h('section', {},
    h('a', { class: 'back', href: '#/' }, '← 내 출장'),
    h('h1', {}, trip.destination),
    stale ? h('p', { class: 'stale', role: 'status' }, `오프라인: ${when(new Date(at).toISOString())}에 받은 내용입니다.`) : null,
    h('div', { class: 'card' },
      h('p', { class: 'row' }, h('span', { class: `badge s-${trip.status}` }, statusLabel(trip.status)),
        next),
      h('dl', {},
        h('dt', {}, '기간'), h('dd', {}, period(trip)),
        h('dt', {}, '목적'), h('dd', {}, trip.purpose),
        h('dt', {}, '교통'), h('dd', {}, TRANSPORT[trip.transport] || trip.transport),
        h('dt', {}, '지역'), h('dd', {}, REGION[trip.region_class] || trip.region_class),
        trip.approved_at ? [h('dt', {}, actionLabel('approve')), h('dd', {}, when(trip.approved_at))] : null,
        trip.settled_at ? [h('dt', {}, '정산'), h('dd', {}, when(trip.settled_at))] : null,
        trip.paid_at ? [h('dt', {}, actionLabel('pay')), h('dd', { class: 'paid' }, `${when(trip.paid_at)} 지급 완료`)] : null),
      mine && trip.status === 'draft' && !stale ? h('a', { class: 'button', href: `#/trips/${id}/edit` }, '출장 내용 수정') : null,
      actions.length ? h('div', { class: 'actions' }, actions) : null,
      hasStatement ? h('a', { class: 'button', href: `#/trips/${id}/statement` }, '정산서 보기') : null),
    approvalLine(trip),
    h('section', { 'aria-labelledby': 'receipts-h' },
      h('h2', { id: 'receipts-h' }, `영수증 (${receipts.length})`),
      mine && OPEN.has(trip.status) ? pickers(trip, onPick) : null,
      waitBox,
      receipts.length ? h('ul', { class: 'receipts' }, receipts.map(receiptItem))
        : h('p', { class: 'muted' }, '아직 영수증이 없습니다. 승차권이나 카드 영수증을 찍어 올리세요.')),
    history(events));
}
