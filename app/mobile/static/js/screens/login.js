// Log in with the username and password of the HR system account.
import { login } from '../api.js';
import { go } from '../nav.js';
import { errorBox, h } from '../ui.js';
import * as sync from '../sync.js';

export async function loginScreen() {
  const error = h('div', { 'aria-live': 'assertive' });
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true,
    autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input', { id: 'password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit', class: 'primary' }, '로그인');
  const form = h('form', { class: 'card', onsubmit: async (e) => {
    e.preventDefault();
    button.disabled = true;
    error.replaceChildren();
    try {
      await login(user.value.trim(), pass.value);
      sync.flush();
      go('#/');
    } catch (err) {
      error.replaceChildren(errorBox(err.status === 401
        ? Object.assign(err, { problem: { detail: '아이디 또는 비밀번호가 맞지 않습니다.' } }) : err));
    } finally { button.disabled = false; }
  } },
  h('label', { for: 'username' }, '아이디'), user,
  h('label', { for: 'password' }, '비밀번호'), pass, error, button);
  return h('section', {}, h('h1', {}, '여비 로그인'),
    h('p', { class: 'muted' }, '출장 신청부터 정산까지 휴대폰으로 처리합니다.'), form);
}
