// The trip's 결재선 (issue 15): each step with who decided it, 대결 marked, and where it waits now.
import { h, statusLabel, when } from '../ui.js';
import { vocab } from '../vocab.js';

// Step statuses and the 대결 mark come from the server (GET /api/v1/vocabulary), like every label.
const stepLabel = (code) => (vocab().approval_step_statuses || {})[code] || code;
const mark = (code) => (vocab().approval_marks || {})[code] || code;

function decided(s) {
  if (!s.decided_by) {
    const who = (s.approver_names || []).join(', ') || '부서 결재권자';
    return s.status === 'pending' ? `${who} · ${stepLabel('pending')}` : '';
  }
  const away = s.mark ? ` (${mark('daegyeol')}: ${s.on_behalf_of_name || ''} 부재)` : '';
  return `${s.decided_by_name || ''}${away} · ${when(s.decided_at)}`;
}

function steps(list, caption) {
  return h('ol', { class: 'line-steps', 'aria-label': caption }, list.map((s) => h('li', {
    class: `step st-${s.status}`, 'data-status': s.status,
    'aria-current': s.status === 'pending' ? 'step' : null },
  h('span', { class: 'row' }, h('strong', {}, s.title),
    h('span', { class: `badge st-${s.status}` }, stepLabel(s.status)),
    s.mark ? h('span', { class: 'badge daegyeol' }, mark('daegyeol')) : null),
  h('span', { class: 'muted' }, decided(s)),
  s.comment ? h('p', { class: 'comment' }, s.comment) : null)));
}

// Where the trip waits now, e.g. "검토 단계 대기", or null when no step waits.
export function waitingAt(trip) {
  const all = [...(trip.approval_steps || []), ...(trip.settlement_steps || [])];
  const step = ['applied', 'settlement_review'].includes(trip.status)
    && all.find((s) => s.status === 'pending');
  return step ? `${step.title} 단계 대기` : null;
}

export function approvalLine(trip) {
  const a = trip.approval_steps || [], s = trip.settlement_steps || [];
  if (!a.length && !s.length) return null;
  return h('section', { 'aria-labelledby': 'line-h' }, h('h2', { id: 'line-h' }, '결재선'),
    a.length ? steps(a, '출장 신청 결재선') : null,
    s.length ? [h('h3', {}, statusLabel('settlement_review')), steps(s, '정산 검토 결재선')] : null);
}
