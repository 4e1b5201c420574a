// One receipt: the photo, what OCR read (unsure values highlighted, tap to correct), its flags.
import { api, blob, currentUser } from '../api.js';
import { cached, go, refresh } from '../nav.js';
import { errorBox, h, say, when, won } from '../ui.js';
import { vocab } from '../vocab.js';

const POLL_MS = 1000;

// The receipt-field catalogue (ocr/fields.py) as the server's vocabulary lists it, in page order.
function catalogue() { return vocab().receipt_fields || []; }
function fieldOf(name) { return catalogue().find((f) => f.name === name); }
function label(name) { const f = fieldOf(name); return f ? f.label : name; }
function isMoney(name) { const f = fieldOf(name); return Boolean(f) && f.type === 'money'; }
function labelIn(section, code) { return ((vocab()[section] || {})[code] || {}).label; }

function threshold() { return vocab().unsure_below; } // the server's LOW_CONFIDENCE_THRESHOLD

function shown(name, value) {
  if (value === null || value === undefined || value === '') return '—';
  return isMoney(name) && typeof value === 'number' ? won(value) : String(value);
}

function parseValue(name, text) {
  const t = text.trim();
  if (t === '') return null;
  if (isMoney(name)) {
    const digits = t.replace(/[,원\s]/g, '');
    return /^\d+$/.test(digits) ? Number(digits) : t;
  }
  if ((fieldOf(name) || {}).type === 'number') return Number.isNaN(Number(t)) ? t : Number(t);
  return t;
}

function fieldRow(receipt, name, editable) {
  const value = (receipt.fields || {})[name];
  const conf = (receipt.confidence || {})[name];
  const corrected = (receipt.corrections || []).some((c) => c.field === name);
  const unsure = !corrected && value !== null && value !== undefined && typeof conf === 'number' && conf < threshold();
  const row = h('li', { class: `field-row${unsure ? ' unsure' : ''}${corrected ? ' corrected' : ''}`, 'data-field': name });
  const show = () => {
    const note = unsure ? h('span', { class: 'badge warn' }, '확인 필요') : corrected ? h('span', { class: 'badge ok' }, '수정됨') : null;
    const content = [h('span', { class: 'label' }, label(name)), h('span', { class: 'value' }, shown(name, value)), note];
    row.replaceChildren(editable
      ? h('button', { type: 'button', class: 'field-button', onclick: edit,
        'aria-label': `${label(name)}: ${shown(name, value)}${unsure ? ', 확인 필요' : ''}. 눌러서 고치기` }, ...content)
      : h('div', { class: 'field-button' }, ...content));
  };
  const edit = () => {
    const input = h('input', { id: `edit-${name}`, value: value === null || value === undefined ? '' : String(value),
      inputmode: isMoney(name) ? 'numeric' : 'text' });
    const error = h('div', { 'aria-live': 'assertive' });
    const form = h('form', { class: 'edit', onsubmit: async (e) => {
      e.preventDefault();
      try {
        await api(`/receipts/${receipt.id}`, { method: 'PATCH', body: { fields: { [name]: parseValue(name, input.value) } } });
        say(`${label(name)}을(를) 고쳤습니다.`);
        refresh();
      } catch (err) { error.replaceChildren(errorBox(err)); }
    } },
    h('label', { for: input.id }, label(name)), input, error,
    h('div', { class: 'pair' }, h('button', { type: 'submit', class: 'primary' }, '확인·저장'),
      h('button', { type: 'button', onclick: show }, '취소')));
    row.replaceChildren(form);
    input.focus();
  };
  show();
  return row;
}

function flagList(flags) {
  if (!flags || !flags.length) return null;
  return h('section', { 'aria-labelledby': 'flags-h' }, h('h2', { id: 'flags-h' }, '확인할 점'),
    h('ul', { class: 'flags' }, flags.map((f) => h('li', { class: f.blocking ? 'blocking' : 'warn', 'data-code': f.code },
      h('strong', {}, f.blocking ? '정산 전 승인자 확인 필요' : '참고'), h('p', {}, f.message)))));
}

// A photo comes turned upright by the receipt's rotation (the server's rendition; the stored file is
// never changed). The traveler turns it a quarter clockwise when the reader got its way up wrong.
async function preview(receipt, editable) {
  const box = h('div', { class: 'preview' });
  if (!receipt.content_type) return null;
  const pdf = receipt.content_type === 'application/pdf';
  const turn = pdf ? 0 : receipt.rotation || 0;
  try {
    const data = await blob(`/receipts/${receipt.id}/file${turn ? `?turn=${turn}` : ''}`);
    const url = URL.createObjectURL(data);
    box.append(pdf
      ? h('a', { href: url, target: '_blank', class: 'button' }, 'PDF 원본 보기')
      : h('img', { src: url, alt: `${receipt.filename || '영수증'} 사진`, 'data-turn': String(turn) }));
  } catch { box.append(h('p', { class: 'muted' }, '오프라인이라 사진을 볼 수 없습니다.')); }
  if (editable && !pdf) {
    box.append(h('button', { type: 'button', class: 'turn', onclick: async () => {
      try {
        await api(`/receipts/${receipt.id}`, { method: 'PATCH', body: { rotation: (turn + 90) % 360 } });
        say('사진을 돌렸습니다.');
        refresh();
      } catch (err) { say(err.message, 'error'); }
    } }, '사진 돌리기 ↻'));
  }
  return box;
}

export async function receiptScreen(id, ctx) {
  const { data: receipt, stale } = await cached(`receipt:${id}`, () => api(`/receipts/${id}`));
  const pending = receipt.status === 'queued' || receipt.status === 'processing';
  if (pending && !stale) {
    // Poll quietly; redraw (and move focus) only once OCR has finished.
    const timer = setInterval(async () => {
      try {
        const now = await api(`/receipts/${id}`);
        if (now.status !== receipt.status && ctx.isCurrent()) refresh();
      } catch { /* offline for a moment: keep polling */ }
    }, POLL_MS);
    ctx.onLeave(() => clearInterval(timer));
  }
  const user = currentUser();
  const trip = await cached(`trip-only:${receipt.trip_id}`, () => api(`/trips/${receipt.trip_id}`))
    .then((r) => r.data).catch(() => null);
  const canChange = !stale && trip && trip.traveler.id === user.id && ['draft', 'applied', 'approved'].includes(trip.status);
  const editable = canChange && receipt.status === 'done';
  const present = catalogue().map((f) => f.name).filter((n) => (receipt.fields || {})[n] !== null && (receipt.fields || {})[n] !== undefined
    || ((receipt.confidence || {})[n] || 0) > 0);
  const del = canChange && !pending ? h('button', { type: 'button', class: 'danger', onclick: async () => {
    if (!confirm('이 영수증을 지울까요?')) return;
    try { await api(`/receipts/${id}`, { method: 'DELETE' }); go(`#/trips/${receipt.trip_id}`); } catch (err) { say(err.message, 'error'); }
  } }, '영수증 삭제') : null;
  return h('section', {},
    h('a', { class: 'back', href: `#/trips/${receipt.trip_id}` }, '← 출장으로'),
    h('h1', {}, labelIn('document_types', receipt.document_type) || '영수증'),
    h('p', { class: 'row', role: 'status' }, h('span', { class: `badge r-${receipt.status}` }, labelIn('receipt_statuses', receipt.status) || receipt.status),
      pending ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : null,
      pending ? '영수증을 읽고 있습니다…' : receipt.processed_at ? `${when(receipt.processed_at)} 인식` : ''),
    receipt.error ? h('p', { class: 'error' }, receipt.error) : null,
    flagList(receipt.flags),
    receipt.status === 'done' ? h('section', { 'aria-labelledby': 'fields-h' },
      h('h2', { id: 'fields-h' }, '읽은 내용'),
      editable ? h('p', { class: 'hint' }, '노란색 항목은 확실하지 않은 값입니다. 눌러서 확인하거나 고치세요.') : null,
      h('ul', { class: 'fields' }, present.map((n) => fieldRow(receipt, n, editable)))) : null,
    await preview(receipt, editable), del);
}
