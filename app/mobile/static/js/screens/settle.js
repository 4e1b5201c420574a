// Settlement: preview the statement line by line (the rule of each line), submit it, read it.
import { api, blob } from '../api.js';
import { cached, go } from '../nav.js';
import { ITEM, actionLabel, errorBox, h, period, say, seoulDate, statusLabel, tripAction, when, won } from '../ui.js';

function amountOf(value) {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value.replace(/[,원\s]/g, ''))) return Number(value.replace(/[,원\s]/g, ''));
  return null;
}

function nights(trip) {
  const out = [];
  const end = seoulDate(trip.end_at);
  for (let d = new Date(`${seoulDate(trip.start_at)}T00:00:00Z`); d.toISOString().slice(0, 10) < end; d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

export function statementView(s) {
  return h('div', { class: 'statement' },
    h('ol', { class: 'lines' }, s.lines.map((l) => h('li', { 'data-item': l.item },
      h('div', { class: 'row' }, h('strong', {}, ITEM[l.item] || l.item), h('strong', { class: 'amount' }, won(l.amount))),
      h('div', { class: 'muted' }, `${l.quantity} × ${won(l.unit_amount)}`),
      h('div', { class: 'rule' }, l.rule), l.note ? h('div', { class: 'note' }, l.note) : null))),
    s.flags.length ? h('ul', { class: 'flags' }, s.flags.map((f) => h('li', { class: f.blocking ? 'blocking' : 'warn', 'data-code': f.code },
      h('strong', {}, f.blocking ? '승인자 검토 필요' : '참고'), h('p', {}, f.message)))) : null,
    h('p', { class: 'total' }, h('span', {}, '합계'), h('strong', {}, won(s.total))),
    h('p', { class: 'muted' }, `적용 기준: 공무원 여비 규정 (${s.rates_effective} 시행 금액)`));
}

function lodgingInputs(trip) {
  return nights(trip).map((night) => {
    const amount = h('input', { id: `lodging-${night}`, inputmode: 'numeric', placeholder: '숙박 영수증 금액 (원)' });
    const relatives = h('input', { id: `relatives-${night}`, type: 'checkbox' });
    const why = h('input', { id: `why-${night}`, placeholder: '상한 초과 사유 (있으면)' });
    return { night, amount, relatives, why, el: h('fieldset', {}, h('legend', {}, `${night} 숙박`),
      h('label', { for: amount.id }, ITEM.lodging), amount,
      h('div', { class: 'check' }, relatives, h('label', { for: relatives.id }, `친지 집 숙박 (${ITEM.lodging} 없음)`)),
      h('label', { for: why.id }, '사유'), why) };
  });
}

function claimFrom(inputs) {
  const claim = { lodging: [], relatives_nights: [] };
  for (const i of inputs) {
    if (i.relatives.checked) { claim.relatives_nights.push(i.night); continue; }
    const amount = amountOf(i.amount.value);
    if (amount !== null) claim.lodging.push({ night: i.night, amount, ...(i.why.value.trim() ? { justification: i.why.value.trim() } : {}) });
  }
  return claim;
}

export async function settleScreen(id) {
  const [trip, { items: receipts }] = await Promise.all([api(`/trips/${id}`), api(`/trips/${id}/receipts`)]);
  const inputs = lodgingInputs(trip);
  const out = h('div', { 'aria-live': 'polite' });
  const error = h('div', { 'aria-live': 'assertive' });
  const reading = receipts.filter((r) => r.status === 'queued' || r.status === 'processing').length;
  const submit = h('button', { type: 'button', class: 'primary', disabled: reading > 0 || !trip.allowed_actions.includes('settle') },
    actionLabel('settle'));
  const showPreview = async () => {
    error.replaceChildren();
    try {
      // The server computes exactly what settling would store (receipt flags included); nothing is saved.
      const s = await api(`/trips/${id}/settlement-preview`, { method: 'POST', body: claimFrom(inputs) });
      out.replaceChildren(statementView(s),
        s.flags.some((f) => f.blocking) || s.needs_review ? h('p', { class: 'hint' }, '확인할 점이 있어 제출하면 승인자가 정산을 검토합니다.') : null);
    } catch (err) { error.replaceChildren(errorBox(err)); }
  };
  submit.addEventListener('click', async () => {
    submit.disabled = true;
    error.replaceChildren();
    const claim = claimFrom(inputs);
    try {
      const done = await api(`/trips/${id}/settle`, { method: 'POST', body: { version: trip.version, ...claim } });
      say(`출장을 ${tripAction(done.status === 'settled' ? 'settle' : 'settle_for_review').done_message}`);
      go(`#/trips/${id}/statement`);
    } catch (err) { error.replaceChildren(errorBox(err)); submit.disabled = false; }
  });
  for (const i of inputs) for (const el of [i.amount, i.relatives, i.why]) el.addEventListener('change', showPreview);
  await showPreview();
  return h('section', {},
    h('a', { class: 'back', href: `#/trips/${id}` }, '← 출장으로'),
    h('h1', {}, '정산 미리보기'),
    h('p', { class: 'muted' }, `${trip.destination} · ${period(trip)}`),
    reading ? h('p', { class: 'error', role: 'alert' }, `아직 읽는 중인 영수증이 ${reading}장 있습니다. 다 읽은 뒤 제출하세요.`) : null,
    inputs.length ? h('details', { class: 'card' }, h('summary', {}, `숙박 (${inputs.length}박) 입력`), inputs.map((i) => i.el)) : null,
    out, error, submit);
}

export async function statementScreen(id) {
  const { data, stale } = await cached(`statement:${id}`, async () => {
    const [trip, statement] = await Promise.all([api(`/trips/${id}`), api(`/trips/${id}/statement`)]);
    return { trip, statement };
  });
  const { trip, statement } = data;
  const pdf = h('button', { type: 'button', disabled: stale, onclick: async () => {
    try {
      const url = URL.createObjectURL(await blob(`/trips/${id}/statement?format=pdf`));
      window.open(url, '_blank');
    } catch (err) { say(err.message, 'error'); }
  } }, 'PDF로 보기');
  const paid = trip.status === 'paid';
  return h('section', {},
    h('a', { class: 'back', href: `#/trips/${id}` }, '← 출장으로'),
    h('h1', {}, '여비 정산서'),
    h('p', { class: `banner s-${trip.status}`, role: 'status' },
      paid ? `${when(trip.paid_at)}에 지급되었습니다.` : trip.status === 'settled' ? '정산 완료 · 재무 담당자의 지급을 기다립니다.'
        : trip.status === 'settlement_review' ? '승인자가 정산을 검토하고 있습니다.' : statusLabel(trip.status)),
    h('p', { class: 'muted' }, `${trip.destination} · ${period(trip)}`),
    statementView(statement),
    statement.settled_at ? h('p', { class: 'muted' }, `정산 확정: ${when(statement.settled_at)}`) : null, pdf);
}
