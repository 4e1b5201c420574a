// The traveler's trips by status with what each needs next, and the new-trip form.
import { api, currentUser, logout } from '../api.js';
import { cache } from '../db.js';
import { cached, go } from '../nav.js';
import { REGION, TRANSPORT, errorBox, h, nextStep, period, say, statusLabel, tripAction, when } from '../ui.js';
import * as sync from '../sync.js';

// Groups in the order a traveler acts on them.
const GROUPS = [
  ['할 일', ['draft', 'approved']],
  ['진행 중', ['applied', 'settlement_review', 'settled']],
  ['끝난 출장', ['paid', 'rejected', 'cancelled']],
];

async function loadTrips(user) {
  const page = await api(`/trips?traveler_id=${user.id}&per_page=100`);
  // Receipt counts only matter where the next step is adding receipts.
  const counts = {};
  await Promise.all(page.items.filter((t) => t.status === 'approved').map(async (t) => {
    counts[t.id] = (await api(`/trips/${t.id}/receipts`)).items.length;
  }));
  return { items: page.items, counts };
}

function tripCard(trip, count, waiting) {
  const step = nextStep(trip, trip.status === 'approved' ? count + waiting : undefined);
  return h('li', {},
    h('a', { class: 'trip', href: `#/trips/${trip.id}`, 'data-status': trip.status },
      h('span', { class: 'dest' }, trip.destination),
      h('span', { class: 'when' }, period(trip)),
      h('span', { class: 'purpose' }, trip.purpose),
      h('span', { class: 'row' },
        h('span', { class: `badge s-${trip.status}` }, statusLabel(trip.status)),
        h('strong', { class: 'next' }, step),
        waiting ? h('span', { class: 'badge waiting' }, `전송 대기 ${waiting}`) : null)));
}

export async function tripsScreen() {
  const user = currentUser();
  const { data, stale, at } = await cached('trips', () => loadTrips(user));
  const waiting = {};
  for (const item of await sync.mine()) waiting[item.tripId] = (waiting[item.tripId] || 0) + 1;
  const sections = GROUPS.map(([title, statuses]) => {
    const trips = data.items.filter((t) => statuses.includes(t.status));
    if (!trips.length) return null;
    return h('section', { 'aria-label': title }, h('h2', {}, `${title} (${trips.length})`),
      h('ul', { class: 'trips' }, trips.map((t) => tripCard(t, data.counts[t.id] || 0, waiting[t.id] || 0))));
  });
  const out = h('button', { class: 'link', type: 'button', onclick: async () => {
    if ((await sync.mine()).length && !confirm('전송 대기 중인 영수증이 있습니다. 로그아웃해도 휴대폰에 남아 있다가 다시 로그인하면 전송됩니다.')) return;
    await logout();
    await cache.clear(); // the trips shown offline are not left on a shared phone
    go('#/login');
  } }, '로그아웃');
  return h('section', {},
    h('div', { class: 'titlebar' }, h('h1', {}, '내 출장'), out),
    stale ? h('p', { class: 'stale', role: 'status' }, `오프라인: ${when(new Date(at).toISOString())}에 받은 내용입니다.`) : null,
    h('a', { class: 'button primary', href: '#/new' }, '+ 새 출장 신청'),
    data.items.length ? sections : h('p', { class: 'muted' }, '아직 출장이 없습니다.'));
}

function localIso(date, time) {
  // The form's date and time are Seoul wall-clock times.
  return `${date}T${time}:00+09:00`;
}

function seoulToday(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(d);
}

function field(label, input, hint) {
  const id = input.id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

function destinationInput(value) {
  const input = h('input', { id: 'destination', name: 'destination', required: true, autocomplete: 'off', value: value || null,
    role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'dest-list',
    placeholder: '예: 부산 해운대' });
  const list = h('ul', { id: 'dest-list', role: 'listbox', class: 'suggest', 'aria-label': '출장지 추천' });
  const region = h('p', { class: 'hint', id: 'destination-region', 'aria-live': 'polite' });
  let timer = null;
  const choose = (item) => {
    input.value = item.name;
    region.textContent = `숙박비 상한 지역: ${REGION[item.region_class]}`;
    list.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.focus();
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    region.textContent = '';
    const q = input.value.trim();
    if (!q) { list.replaceChildren(); return; }
    timer = setTimeout(async () => {
      try {
        const { items } = await api(`/destinations?q=${encodeURIComponent(q)}&limit=8`);
        list.replaceChildren(...items.map((item) => h('li', { role: 'option' },
          h('button', { type: 'button', class: 'option', onclick: () => choose(item) },
            item.name, h('span', { class: 'muted' }, ` · ${REGION[item.region_class]}`)))));
        input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
      } catch { list.replaceChildren(); }
    }, 200);
  });
  return h('div', { class: 'field' }, h('label', { for: 'destination' }, '출장지'), input, list, region);
}

function seoulParts(iso) {
  const [date, time] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso)).split(' ');
  return { date, time };
}

// The trip form: a new trip, or a draft being corrected (after the approver returned it).
function tripForm(trip) {
  const error = h('div', { 'aria-live': 'assertive' });
  const start = trip ? seoulParts(trip.start_at) : { date: seoulToday(1), time: '09:00' };
  const end = trip ? seoulParts(trip.end_at) : { date: seoulToday(1), time: '18:00' };
  const purpose = h('input', { id: 'purpose', name: 'purpose', required: true, maxlength: 500,
    placeholder: '예: 정책 협의 회의', value: trip ? trip.purpose : null });
  const startDate = h('input', { id: 'start-date', type: 'date', required: true, value: start.date, 'aria-label': '출발 날짜' });
  const startTime = h('input', { id: 'start-time', type: 'time', required: true, value: start.time, 'aria-label': '출발 시각' });
  const endDate = h('input', { id: 'end-date', type: 'date', required: true, value: end.date, 'aria-label': '복귀 날짜' });
  const endTime = h('input', { id: 'end-time', type: 'time', required: true, value: end.time, 'aria-label': '복귀 시각' });
  const transport = h('select', { id: 'transport', required: true },
    Object.entries(TRANSPORT).map(([v, label]) => h('option', { value: v, selected: trip && trip.transport === v }, label)));
  const duty = h('input', { id: 'within-duty-area', type: 'checkbox', checked: trip && trip.within_duty_area });
  const destination = destinationInput(trip ? trip.destination : '');
  const save = async (apply) => {
    error.replaceChildren();
    const body = { purpose: purpose.value.trim(), destination: document.getElementById('destination').value.trim(),
      start_at: localIso(startDate.value, startTime.value), end_at: localIso(endDate.value, endTime.value),
      transport: transport.value, within_duty_area: duty.checked };
    try {
      let saved = trip
        ? await api(`/trips/${trip.id}`, { method: 'PATCH', body: { ...body, version: trip.version } })
        : await api('/trips', { method: 'POST', body });
      if (apply) saved = await api(`/trips/${saved.id}/apply`, { method: 'POST', body: { version: saved.version } });
      say(apply ? `출장을 ${tripAction('apply').done_message}` : '저장했습니다.');
      go(`#/trips/${saved.id}`);
    } catch (err) { error.replaceChildren(errorBox(err)); }
  };
  const form = h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); save(true); } },
    field('출장 목적', purpose),
    destination,
    h('fieldset', {}, h('legend', {}, '출발'), h('div', { class: 'pair' }, startDate, startTime)),
    h('fieldset', {}, h('legend', {}, '복귀'), h('div', { class: 'pair' }, endDate, endTime)),
    field('교통수단', transport),
    h('div', { class: 'check' }, duty, h('label', { for: 'within-duty-area' }, '근무지 내 출장 (같은 시·군 또는 12km 미만)')),
    error,
    h('button', { type: 'submit', class: 'primary' }, '저장하고 결재 신청'),
    h('button', { type: 'button', onclick: () => { if (form.reportValidity()) save(false); } }, '임시 저장'));
  return form;
}

export async function newTripScreen() {
  return h('section', {}, h('a', { class: 'back', href: '#/' }, '← 내 출장'), h('h1', {}, '새 출장'), tripForm(null));
}

export async function editTripScreen(id) {
  const trip = await api(`/trips/${id}`);
  if (trip.status !== 'draft') { go(`#/trips/${id}`); return h('p', {}); }
  return h('section', {}, h('a', { class: 'back', href: `#/trips/${id}` }, '← 출장으로'),
    h('h1', {}, '출장 내용 수정'), tripForm(trip));
}
