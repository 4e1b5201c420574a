// The JSON API client: tokens, refresh on 401, problem+json errors, uploads with progress.
// Tokens: the access token lives in memory and sessionStorage (gone when the tab closes); the
// refresh token and the user live in localStorage so the installed app can reopen offline and
// send waiting receipts later. See the README for the trade-off.

const BASE = '/api/v1';
const K = { access: 'yeobi.m.access', refresh: 'yeobi.m.refresh', user: 'yeobi.m.user' };

let accessToken = sessionStorage.getItem(K.access);
let refreshing = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export class OfflineError extends Error {
  constructor() { super('네트워크에 연결되어 있지 않습니다.'); }
}

export function currentUser() {
  try { return JSON.parse(localStorage.getItem(K.user) || 'null'); } catch { return null; }
}

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function keep(tokens) {
  accessToken = tokens.access_token;
  sessionStorage.setItem(K.access, accessToken);
  if (tokens.refresh_token) localStorage.setItem(K.refresh, tokens.refresh_token);
  if (tokens.user) localStorage.setItem(K.user, JSON.stringify(tokens.user));
}

export function forget() {
  accessToken = null;
  sessionStorage.removeItem(K.access);
  localStorage.removeItem(K.refresh);
  localStorage.removeItem(K.user);
}

async function parse(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) return response.json();
  return null;
}

export async function login(username, password) {
  let r;
  try {
    r = await fetch(`${BASE}/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch { throw new OfflineError(); }
  const body = await parse(r);
  if (!r.ok) throw new ApiError(r.status, body);
  keep(body);
  return body.user;
}

export async function logout() {
  const refresh = localStorage.getItem(K.refresh);
  const send = (token) => fetch(`${BASE}/auth/logout`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => null);
  if (accessToken) await send(accessToken);
  if (refresh) await send(refresh);
  forget();
}

// One refresh at a time, shared by every request that met a 401.
async function refreshAccess() {
  const refresh = localStorage.getItem(K.refresh);
  if (!refresh) return false;
  if (!refreshing) {
    refreshing = (async () => {
      try {
        const r = await fetch(`${BASE}/auth/refresh`, {
          method: 'POST', headers: { Authorization: `Bearer ${refresh}` } });
        if (!r.ok) { if (r.status === 401) forget(); return false; }
        keep(await r.json());
        return true;
      } catch { return false; } finally { setTimeout(() => { refreshing = null; }, 0); }
    })();
  }
  return refreshing;
}

function headers(extra = {}) {
  const h = { ...extra };
  if (accessToken) h.Authorization = `Bearer ${accessToken}`;
  return h;
}

// GET/POST/PATCH/DELETE a JSON resource; every POST carries an Idempotency-Key, so a retry
// after a dropped connection replays the first answer instead of acting twice.
export async function api(path, { method = 'GET', body, key } = {}) {
  const extra = {};
  if (body !== undefined) extra['Content-Type'] = 'application/json';
  if (method === 'POST') extra['Idempotency-Key'] = key || newKey();
  const send = () => fetch(BASE + path, {
    method, headers: headers(extra), body: body === undefined ? undefined : JSON.stringify(body) });
  let r;
  try {
    r = await send();
    if (r.status === 401 && await refreshAccess()) r = await send();
  } catch { throw new OfflineError(); }
  const data = await parse(r);
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

// A binary resource (receipt original, statement PDF) as a Blob.
export async function blob(path) {
  const send = () => fetch(BASE + path, { headers: headers() });
  let r;
  try {
    r = await send();
    if (r.status === 401 && await refreshAccess()) r = await send();
  } catch { throw new OfflineError(); }
  if (!r.ok) throw new ApiError(r.status, await parse(r));
  return r.blob();
}

// The multipart body is built by hand with a boundary derived from the Idempotency-Key: the
// server hashes the raw body to recognise a retry, and FormData would pick a new random
// boundary on every send.
function multipart(file, filename, boundary) {
  const safe = (filename || 'receipt').replace(/["\r\n\\]/g, '_');
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safe}"\r\n`
    + `Content-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`;
  return new Blob([head, file, `\r\n--${boundary}--\r\n`]);
}

function xhrUpload(url, body, boundary, key, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', `multipart/form-data; boundary=${boundary}`);
    xhr.setRequestHeader('Idempotency-Key', key);
    if (accessToken) xhr.setRequestHeader('Authorization', `Bearer ${accessToken}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => { if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total); };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.response });
    xhr.onerror = () => reject(new OfflineError());
    xhr.ontimeout = () => reject(new OfflineError());
    xhr.send(body);
  });
}

// Upload one receipt file; resolves to the receipt JSON (202 queued for OCR).
export async function uploadReceipt(tripId, file, filename, key, onProgress) {
  const boundary = `yeobi-${key}`;
  const body = multipart(file, filename, boundary);
  const url = `${BASE}/trips/${tripId}/receipts`;
  let res = await xhrUpload(url, body, boundary, key, onProgress);
  if (res.status === 401 && await refreshAccess()) res = await xhrUpload(url, body, boundary, key, onProgress);
  if (res.status >= 200 && res.status < 300) return res.body;
  throw new ApiError(res.status, res.body);
}
