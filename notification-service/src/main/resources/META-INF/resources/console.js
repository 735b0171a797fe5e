// Switchboard agent console: plain ES module, no build step. Talks to the four services' APIs (CORS) and to the
// agent WebSocket; the socket resumes from its last sequence, so counters and lists catch up after a drop.

const $ = (sel) => document.querySelector(sel);
const $$ = (sel) => Array.from(document.querySelectorAll(sel));

const state = {
  token: sessionStorage.getItem('switchboard.token'),
  me: null,                 // {sub, tenant, roles, name}
  api: null,                // base URLs per service
  scope: 'me',
  conversations: [],
  conversationsCursor: null,
  current: null,            // the open conversation
  customer: null,
  customerOrder: [],        // ids in the inbox order, for previous / next
  timelineCursor: null,
  agents: [],
  sequence: null,           // last agent frame sequence seen
  socket: null,
  reconnectDelay: 500,
  notifications: [],
};

// ------------------------------------------------------------------ errors, shown in words
function showError(message) {
  const box = $('#error');
  box.textContent = message;
  box.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => { box.hidden = true; }, 8000);
}
window.addEventListener('unhandledrejection', (e) => showError(e.reason?.message || String(e.reason)));

// ------------------------------------------------------------------ configuration and sign-in
async function loadConfig() {
  try {
    const res = await fetch('console/config.json', { cache: 'no-store' });
    if (res.ok) return await res.json();
  } catch (_) { /* fall through to the local defaults */ }
  return {};
}

function resolveApi(config) {
  // Behind an ingress every prefix is on one origin; locally each service has its own port.
  const local = location.port === '8084';
  const host = `${location.protocol}//${location.hostname}`;
  const pick = (key, port) => config[key] || (local ? `${host}:${port}` : location.origin);
  return {
    customer: pick('customerUrl', 8081),
    conversation: pick('conversationUrl', 8082),
    timeline: pick('timelineUrl', 8083),
    notification: config.notificationUrl || location.origin,
  };
}

function decodeToken(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return { sub: payload.sub, tenant: payload.tenant, roles: payload.groups || [], name: payload.name || payload.sub, exp: payload.exp };
  } catch (_) {
    return null;
  }
}

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `request failed (${status})`);
    this.status = status;
    this.problem = problem;
  }
}

async function call(service, path, { method = 'GET', body, headers = {}, raw = false } = {}) {
  const init = { method, headers: { Authorization: `Bearer ${state.token}`, ...headers } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) { init.body = JSON.stringify(body); init.headers['Content-Type'] = 'application/json'; }
  const res = await fetch(state.api[service] + path, init);
  if (res.status === 401) { signOut('Your session has expired; sign in again.'); throw new ApiError(401); }
  if (!res.ok) {
    let problem = null;
    try { problem = await res.json(); } catch (_) { /* not JSON */ }
    throw new ApiError(res.status, problem);
  }
  if (raw || res.status === 204) return res;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

function signOut(message) {
  sessionStorage.removeItem('switchboard.token');
  state.token = null;
  if (state.socket) state.socket.close();
  $('#app').hidden = true;
  $('#signout').hidden = true;
  $('#signin').hidden = false;
  if (message) showError(message);
}

// ------------------------------------------------------------------ counters and the agent socket
function setCounters(counters) {
  for (const [key, value] of Object.entries(counters || {})) {
    const el = document.querySelector(`[data-counter="${key}"]`);
    if (el && el.textContent !== String(value)) {
      el.textContent = String(value);
      const pill = el.closest('.counter');
      pill.classList.remove('bump');
      void pill.offsetWidth; // restart the animation
      pill.classList.add('bump');
    }
  }
}

function connect() {
  const url = new URL(state.api.notification.replace(/^http/, 'ws') + '/ws/v1/agent');
  url.searchParams.set('access_token', state.token);
  if (state.sequence !== null) url.searchParams.set('since', state.sequence);
  const socket = new WebSocket(url);
  state.socket = socket;
  socket.onopen = () => {
    state.reconnectDelay = 500;
    $('#connection').textContent = 'live';
    $('#connection').classList.add('online');
  };
  // A silent socket gets a heartbeat every 20 s; silence for much longer means a dead path: reconnect with since.
  let silence = null;
  const listen = () => {
    clearTimeout(silence);
    silence = setTimeout(() => socket.close(), 50000);
  };
  listen();
  socket.onmessage = (e) => {
    listen();
    onFrame(JSON.parse(e.data));
  };
  socket.onclose = () => {
    clearTimeout(silence);
    if (state.socket !== socket || !state.token) return;
    $('#connection').textContent = 'reconnecting…';
    $('#connection').classList.remove('online');
    setTimeout(connect, state.reconnectDelay);
    state.reconnectDelay = Math.min(state.reconnectDelay * 2, 10000);
  };
}

let refreshTimer = null;
function refreshSoon() {
  // Many frames in a burst (a reconnect catching up) trigger one list refresh.
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    loadConversations().catch((e) => showError(e.message));
    if (state.current) openConversation(state.current.id, { keepScroll: true }).catch((e) => showError(e.message));
  }, 150);
}

function onFrame(frame) {
  if (frame.type === 'heartbeat') return;
  if (typeof frame.sequence === 'number') state.sequence = frame.sequence;
  if (frame.counters) setCounters(frame.counters);
  if (frame.type === 'counters' || frame.type === 'snapshot') refreshSoon();
  if (frame.type === 'notification' && frame.notification) {
    state.notifications.unshift({ ...frame.notification, read: false });
    renderNotifications();
  }
}

// ------------------------------------------------------------------ inbox
function conversationQuery() {
  const q = new URLSearchParams({ limit: '30' });
  if (state.scope !== 'all') q.set('assignee', state.scope);
  if ($('#f-status').value) q.set('status', $('#f-status').value);
  if ($('#f-channel').value) q.set('channel', $('#f-channel').value);
  if ($('#f-unread').checked) q.set('unread', 'true');
  return q;
}

async function loadConversations(more = false) {
  const q = conversationQuery();
  if (more && state.conversationsCursor) q.set('cursor', state.conversationsCursor);
  const page = await call('conversation', `/api/v1/conversations?${q}`);
  state.conversations = more ? state.conversations.concat(page.items) : page.items;
  state.conversationsCursor = page.nextCursor || null;
  for (const [k, v] of Object.entries(page.counts || {})) {
    const el = document.querySelector(`[data-count="${k}"]`);
    if (el) el.textContent = `(${v})`;
  }
  state.customerOrder = [...new Set(state.conversations.map((c) => c.customerId))];
  renderConversations();
}

function renderConversations() {
  const list = $('#conversations');
  list.replaceChildren(...state.conversations.map((c) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.dataset.id = c.id;
    if (state.current?.id === c.id) b.setAttribute('aria-current', 'true');
    const dot = document.createElement('span');
    dot.className = `dot ${c.activityOpen ? 'green' : ''}`;
    dot.title = c.activityOpen ? 'Open activity' : 'No open activity';
    const body = document.createElement('span');
    const title = document.createElement('span');
    title.textContent = `${c.channel} · ${c.status}${c.assigneeId ? ` · ${c.assigneeId === state.me.sub ? 'mine' : c.assigneeId}` : ''}`;
    const preview = document.createElement('span');
    preview.className = 'preview';
    preview.textContent = c.lastMessageAt ? `last message ${new Date(c.lastMessageAt).toLocaleString()}` : '';
    body.append(title, document.createElement('br'), preview);
    const badge = document.createElement('span');
    if (c.unread) { badge.className = 'badge'; badge.textContent = 'unread'; }
    b.append(dot, body, badge);
    b.setAttribute('aria-label', `${title.textContent}${c.unread ? ', unread' : ''}${c.activityOpen ? ', open activity' : ''}`);
    b.addEventListener('click', () => openConversation(c.id).catch((e) => showError(e.message)));
    li.append(b);
    return li;
  }));
  if (!state.conversations.length) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = 'Nothing here.';
    list.append(li);
  }
  $('#more-conversations').hidden = !state.conversationsCursor;
}

// ------------------------------------------------------------------ conversation
async function openConversation(id, { keepScroll = false } = {}) {
  const [conv, messages] = await Promise.all([
    call('conversation', `/api/v1/conversations/${id}`),
    call('conversation', `/api/v1/conversations/${id}/messages?limit=200`),
  ]);
  const customerChanged = state.current?.customerId !== conv.customerId;
  state.current = conv;
  $('#conv-empty').hidden = true;
  $('#conv').hidden = false;
  $('#conv-status').textContent = conv.status;
  $('#conv-channel').textContent = conv.channel;
  $('#conv-assignee').textContent = conv.assigneeId ? `Assigned to ${conv.assigneeId === state.me.sub ? 'you' : conv.assigneeId}` : 'Unassigned';
  const act = $('#conv-activity');
  act.className = `dot ${conv.activityOpen ? 'green' : ''}`;
  act.title = conv.activityOpen ? 'Open activity (green)' : 'No open activity (grey)';
  const list = $('#messages');
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 20;
  list.replaceChildren(...(messages.items || []).map((m) => {
    const li = document.createElement('li');
    li.className = m.direction;
    li.textContent = m.text;
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = `#${m.sequence} · ${new Date(m.createdAt).toLocaleString()}`;
    li.append(meta);
    return li;
  }));
  if (!keepScroll || atBottom) list.scrollTop = list.scrollHeight;
  renderConversations();
  if (customerChanged) await openCustomer(conv.customerId);
}

async function conversationAction(action) {
  const c = state.current;
  if (!c) return;
  const base = `/api/v1/conversations/${c.id}`;
  const until = new Date(Date.now() + 3600_000).toISOString();
  const calls = {
    read: () => call('conversation', `${base}/read`, { method: 'POST' }),
    unread: () => call('conversation', `${base}/unread`, { method: 'POST' }),
    take: () => call('conversation', `${base}/assignee`, { method: 'PUT', body: { agentId: state.me.sub } }),
    release: () => call('conversation', `${base}/assignee`, { method: 'DELETE' }),
    resolve: () => call('conversation', `${base}/status`, { method: 'PUT', body: { status: 'RESOLVED' } }),
    reopen: () => call('conversation', `${base}/status`, { method: 'PUT', body: { status: 'OPEN' } }),
    snooze: () => call('conversation', `${base}/status`, { method: 'PUT', body: { status: 'SNOOZED', until } }),
    chatbot: () => call('conversation', `${base}/chatbot`, { method: 'PUT', body: { active: !c.chatbotActive } }),
    complete: () => call('conversation', `${base}/activity/complete`, { method: 'POST' }),
  };
  await calls[action]();
  await openConversation(c.id, { keepScroll: true });
  await loadConversations();
}

// ------------------------------------------------------------------ customer detail (Cliengo layout)
const HIDDEN_KEYS = new Set(['id', 'tenantId', 'origin', 'rating', 'status', 'assigneeId', 'eventSequence', 'scheduledStatus', 'scheduledStatusChange']);

function renderKv(dl, obj) {
  dl.replaceChildren();
  for (const [k, v] of Object.entries(obj || {})) {
    if (HIDDEN_KEYS.has(k) || v === null || v === undefined || v === '' || (typeof v === 'object' && !Object.keys(v).length)) continue;
    const dt = document.createElement('dt');
    dt.textContent = k.replace(/([A-Z])/g, ' $1').toLowerCase();
    const dd = document.createElement('dd');
    dd.textContent = typeof v === 'object' ? (Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? Object.values(x).join(' ') : x)).join(', ') : JSON.stringify(v)) : String(v);
    dl.append(dt, dd);
  }
}

function renderStars(rating) {
  const box = $('#stars');
  box.replaceChildren(...[1, 2, 3, 4, 5].map((n) => {
    const b = document.createElement('button');
    b.setAttribute('role', 'radio');
    b.setAttribute('aria-checked', String(n <= (rating || 0)));
    b.setAttribute('aria-label', `${n} star${n > 1 ? 's' : ''}`);
    b.textContent = '★';
    b.addEventListener('click', () => setRating(rating === n ? 0 : n).catch((e) => showError(e.message)));
    return b;
  }));
}

async function openCustomer(id) {
  const c = await call('customer', `/api/v1/customers/${id}`);
  state.customer = c;
  $('#cust-empty').hidden = true;
  $('#cust').hidden = false;
  $('#cust-name').value = c.displayName || c.name || [c.firstName, c.lastName].filter(Boolean).join(' ') || '';
  renderStars(c.rating);
  $('#cust-status').value = c.status || 'NEW';
  const scheduled = c.scheduledStatus || c.scheduledStatusChange;
  $('#cust-scheduled').textContent = scheduled ? `→ ${scheduled.status} at ${new Date(scheduled.effectiveAt).toLocaleString()}` : '';
  $('#cust-assignee').textContent = c.assigneeId ? (c.assigneeId === state.me.sub ? 'you' : c.assigneeId) : '–';
  // Only an ADMIN or the current assignee may change or remove the assignment.
  const mayChange = state.me.roles.includes('ADMIN') || c.assigneeId === state.me.sub || !c.assigneeId;
  $('#cust-assign-me').hidden = !mayChange || c.assigneeId === state.me.sub;
  $('#cust-unassign').hidden = !c.assigneeId || !(state.me.roles.includes('ADMIN') || c.assigneeId === state.me.sub);
  renderKv($('#tab-contact'), c);
  renderKv($('#tab-origin'), c.origin);
  const idx = state.customerOrder.indexOf(id);
  $('#cust-prev').disabled = idx <= 0;
  $('#cust-next').disabled = idx < 0 || idx >= state.customerOrder.length - 1;
  await Promise.all([loadTimeline(), loadIndicators()]);
}

async function setRating(n) {
  await call('customer', `/api/v1/customers/${state.customer.id}/rating`, { method: 'PUT', body: { rating: n } });
  await openCustomer(state.customer.id);
}

async function saveName() {
  const name = $('#cust-name').value.trim();
  if (!name || name === (state.customer.displayName || state.customer.name)) return;
  await call('customer', `/api/v1/customers/${state.customer.id}`, { method: 'PATCH', body: { displayName: name } });
  await openCustomer(state.customer.id);
}

async function saveStatus() {
  const at = $('#cust-status-at').value;
  const body = { status: $('#cust-status').value };
  if (at) body.effectiveAt = new Date(at).toISOString();
  await call('customer', `/api/v1/customers/${state.customer.id}/status`, { method: 'PUT', body });
  $('#cust-status-at').value = '';
  await openCustomer(state.customer.id);
}

async function assignCustomer(remove) {
  const path = `/api/v1/customers/${state.customer.id}/assignee`;
  await (remove ? call('customer', path, { method: 'DELETE' }) : call('customer', path, { method: 'PUT', body: { assigneeId: state.me.sub } }));
  await openCustomer(state.customer.id);
}

// ------------------------------------------------------------------ timeline, notes, indicators
function timelineQuery() {
  const q = new URLSearchParams({ limit: '30' });
  if ($('#t-only-comments').checked) q.set('onlyComments', 'true');
  if ($('#t-types').value.trim()) q.set('types', $('#t-types').value.trim());
  if ($('#t-from').value) q.set('from', new Date($('#t-from').value).toISOString());
  if ($('#t-to').value) q.set('to', new Date(`${$('#t-to').value}T23:59:59`).toISOString());
  return q;
}

async function loadTimeline(more = false) {
  const q = timelineQuery();
  if (more && state.timelineCursor) q.set('cursor', state.timelineCursor);
  let page;
  try {
    page = await call('timeline', `/api/v1/timelines/${state.customer.id}?${q}`);
  } catch (e) {
    if (e.status === 404) page = { items: [], nextCursor: null }; // nothing recorded yet for this customer
    else throw e;
  }
  state.timelineCursor = page.nextCursor || null;
  const list = $('#timeline');
  const items = page.items.map((entry) => {
    const li = document.createElement('li');
    const isComment = /note_created$/.test(entry.type);
    li.className = isComment ? 'comment' : '';
    if (entry.deleted || entry.data?.deleted) li.classList.add('deleted');
    const when = document.createElement('div');
    when.className = 'when';
    const who = entry.actor ? ` · ${entry.actor.kind}${entry.actor.id ? ` ${entry.actor.id}` : ''}` : '';
    when.textContent = `${new Date(entry.occurredAt).toLocaleString()} · ${entry.type}${who}`;
    const text = document.createElement('div');
    text.className = 'text';
    text.textContent = isComment ? (entry.data?.text ?? entry.summary ?? '') : (entry.summary || '');
    li.append(when, text);
    if (isComment && !li.classList.contains('deleted') && entry.data?.commentId) {
      const del = document.createElement('button');
      del.className = 'ghost';
      del.textContent = 'Delete note';
      del.addEventListener('click', () => deleteComment(entry.data.commentId).catch((e) => showError(e.message)));
      li.append(del);
    }
    return li;
  });
  if (more) list.append(...items); else list.replaceChildren(...items);
  $('#more-timeline').hidden = !state.timelineCursor;
}

async function deleteComment(commentId) {
  await call('timeline', `/api/v1/timelines/${state.customer.id}/comments/${commentId}`, { method: 'DELETE' });
  await loadTimeline();
}

function mentionedAgents(text) {
  const handles = new Set((text.match(/@([\w.-]+)/g) || []).map((m) => m.slice(1)));
  return state.agents.filter((a) => handles.has(a.id) || handles.has(a.handle)).map((a) => a.id)
    .concat([...handles].filter((h) => !state.agents.length));
}

async function addComment(e) {
  e.preventDefault();
  const text = $('#comment').value;
  const attachmentIds = [];
  const file = $('#attachment').files[0];
  if (file) {
    const form = new FormData();
    form.append('file', file, file.name);
    const uploaded = await call('timeline', '/api/v1/attachments', { method: 'POST', body: form });
    attachmentIds.push(uploaded.id);
  }
  await call('timeline', `/api/v1/timelines/${state.customer.id}/comments`, {
    method: 'POST', body: { text, mentions: mentionedAgents(text), attachmentIds },
  });
  $('#comment').value = '';
  $('#attachment').value = '';
  // The note arrives on the timeline through the event stream: poll briefly until it shows.
  for (let i = 0; i < 20; i++) {
    await loadTimeline();
    if ([...$$('#timeline .text')].some((el) => el.textContent === text)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function suggestMentions() {
  const box = $('#mention-suggestions');
  const ta = $('#comment');
  const before = ta.value.slice(0, ta.selectionStart);
  const m = before.match(/@([\w.-]*)$/);
  if (!m || !state.agents.length) { box.hidden = true; return; }
  const matches = state.agents.filter((a) => a.id.startsWith(m[1]) || (a.displayName || '').toLowerCase().startsWith(m[1].toLowerCase())).slice(0, 6);
  box.replaceChildren(...matches.map((a, i) => {
    const li = document.createElement('li');
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', String(i === 0));
    li.textContent = `${a.displayName || a.id} (@${a.id})`;
    li.addEventListener('mousedown', (ev) => { ev.preventDefault(); insertMention(a.id, m[1].length); });
    return li;
  }));
  box.hidden = !matches.length;
  box.dataset.prefix = m[1];
  box.dataset.first = matches[0]?.id || '';
}

function insertMention(id, prefixLength) {
  const ta = $('#comment');
  const pos = ta.selectionStart;
  ta.value = `${ta.value.slice(0, pos - prefixLength)}${id} ${ta.value.slice(pos)}`;
  ta.focus();
  $('#mention-suggestions').hidden = true;
}

async function loadIndicators() {
  const q = new URLSearchParams();
  if ($('#ind-from').value) q.set('from', new Date($('#ind-from').value).toISOString());
  if ($('#ind-to').value) q.set('to', new Date(`${$('#ind-to').value}T23:59:59`).toISOString());
  let ind;
  try {
    ind = await call('timeline', `/api/v1/timelines/${state.customer.id}/indicators?${q}`);
  } catch (e) {
    if (e.status === 404) ind = {}; else throw e;
  }
  const box = $('#indicators');
  box.replaceChildren();
  for (const [title, key] of [['Conversations by status', 'conversationsByStatus'], ['By campaign', 'byCampaign'], ['Interactions by channel', 'interactionsByChannel']]) {
    const table = document.createElement('table');
    table.className = 'ind';
    const cap = document.createElement('caption');
    cap.textContent = title;
    table.append(cap);
    for (const [k, v] of Object.entries(ind[key] || {})) {
      const tr = document.createElement('tr');
      const th = document.createElement('th'); th.textContent = k;
      const td = document.createElement('td'); td.textContent = v;
      tr.append(th, td);
      table.append(tr);
    }
    box.append(table);
  }
  const last = document.createElement('p');
  last.textContent = `Channel preference: ${ind.channelPreference || '–'} · last interaction: ${ind.lastInteractionAt ? new Date(ind.lastInteractionAt).toLocaleString() : '–'}`;
  box.append(last);
}

// ------------------------------------------------------------------ mentions
async function loadNotifications() {
  try {
    const page = await call('notification', '/api/v1/agents/me/notifications');
    state.notifications = page.items || page || [];
  } catch (e) {
    showError(`Mentions: ${e.message}`);
  }
  renderNotifications();
}

function renderNotifications() {
  const unread = state.notifications.filter((n) => !n.read).length;
  $('#notif-count').textContent = String(unread);
  $('#notif-list').replaceChildren(...state.notifications.map((n) => {
    const li = document.createElement('li');
    li.className = n.read ? '' : 'unread';
    li.textContent = `${n.kind || 'mention'}: ${n.excerpt || ''}`;
    if (!n.read && n.id) {
      const b = document.createElement('button');
      b.className = 'ghost';
      b.textContent = 'Mark read';
      b.addEventListener('click', async () => {
        await call('notification', `/api/v1/agents/me/notifications/${n.id}/read`, { method: 'POST' });
        n.read = true;
        renderNotifications();
      });
      li.append(' ', b);
    }
    return li;
  }));
}

// ------------------------------------------------------------------ wiring
function selectTab(buttons, selected) {
  buttons.forEach((b) => b.setAttribute('aria-selected', String(b === selected)));
}

function bind() {
  $('#signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const token = $('#token').value.trim();
    if (!decodeToken(token)) { showError('That is not a valid token.'); return; }
    sessionStorage.setItem('switchboard.token', token);
    state.token = token;
    start().catch((err) => showError(err.message));
  });
  $('#signout').addEventListener('click', () => signOut());
  $$('.inbox [role=tab]').forEach((b) => b.addEventListener('click', () => {
    selectTab($$('.inbox [role=tab]'), b);
    state.scope = b.dataset.scope;
    loadConversations().catch((e) => showError(e.message));
  }));
  ['#f-status', '#f-channel', '#f-unread'].forEach((s) => $(s).addEventListener('change', () => loadConversations().catch((e) => showError(e.message))));
  $('#more-conversations').addEventListener('click', () => loadConversations(true).catch((e) => showError(e.message)));
  $$('.actions [data-action]').forEach((b) => b.addEventListener('click', () => conversationAction(b.dataset.action).catch((e) => showError(e.message))));
  $('#reply-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = $('#reply').value;
    await call('conversation', `/api/v1/conversations/${state.current.id}/messages`, {
      method: 'POST', body: { text, clientMessageId: crypto.randomUUID() },
    }).catch((err) => { showError(err.message); throw err; });
    $('#reply').value = '';
    await openConversation(state.current.id);
  });
  $('#reply').addEventListener('keydown', (e) => { if (e.key === 'Enter' && e.ctrlKey) $('#reply-form').requestSubmit(); });
  $('#schedule-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    await call('conversation', `/api/v1/conversations/${state.current.id}/scheduled-messages`, {
      method: 'POST', body: { text: $('#schedule-text').value, sendAt: new Date($('#schedule-at').value).toISOString() },
    }).catch((err) => { showError(err.message); throw err; });
    $('#schedule-text').value = '';
  });
  $('#cust-name').addEventListener('change', () => saveName().catch((e) => showError(e.message)));
  $('#cust-status-save').addEventListener('click', () => saveStatus().catch((e) => showError(e.message)));
  $('#cust-assign-me').addEventListener('click', () => assignCustomer(false).catch((e) => showError(e.message)));
  $('#cust-unassign').addEventListener('click', () => assignCustomer(true).catch((e) => showError(e.message)));
  $('#cust-prev').addEventListener('click', () => step(-1));
  $('#cust-next').addEventListener('click', () => step(1));
  $$('.customer [role=tab]').forEach((b) => b.addEventListener('click', () => {
    selectTab($$('.customer [role=tab]'), b);
    for (const t of ['contact', 'origin', 'indicators']) $(`#tab-${t}`).hidden = t !== b.dataset.tab;
  }));
  $('#ind-apply').addEventListener('click', () => loadIndicators().catch((e) => showError(e.message)));
  $('#t-apply').addEventListener('click', () => loadTimeline().catch((e) => showError(e.message)));
  $('#t-only-comments').addEventListener('change', () => loadTimeline().catch((e) => showError(e.message)));
  $('#more-timeline').addEventListener('click', () => loadTimeline(true).catch((e) => showError(e.message)));
  $('#comment-form').addEventListener('submit', (e) => addComment(e).catch((err) => showError(err.message)));
  $('#comment').addEventListener('input', suggestMentions);
  $('#comment').addEventListener('keydown', (e) => {
    const box = $('#mention-suggestions');
    if (!box.hidden && (e.key === 'Tab' || e.key === 'Enter') && box.dataset.first) {
      e.preventDefault();
      insertMention(box.dataset.first, box.dataset.prefix.length);
    } else if (e.key === 'Escape') box.hidden = true;
  });
  $('#notifications-btn').addEventListener('click', () => {
    const panel = $('#notifications');
    panel.hidden = !panel.hidden;
    $('#notifications-btn').setAttribute('aria-expanded', String(!panel.hidden));
  });
}

function step(delta) {
  const idx = state.customerOrder.indexOf(state.customer.id) + delta;
  const id = state.customerOrder[idx];
  if (!id) return;
  const conv = state.conversations.find((c) => c.customerId === id);
  (conv ? openConversation(conv.id) : openCustomer(id)).catch((e) => showError(e.message));
}

async function start() {
  state.me = decodeToken(state.token);
  if (!state.me || (state.me.exp && state.me.exp * 1000 < Date.now())) { signOut('Your token has expired.'); return; }
  $('#signin').hidden = true;
  $('#app').hidden = false;
  $('#signout').hidden = false;
  $('#whoami').textContent = `${state.me.name} · ${state.me.tenant}`;
  connect();
  const counters = await call('notification', '/api/v1/agents/me/counters').catch((e) => { showError(e.message); return null; });
  if (counters) setCounters(counters.counters);
  call('notification', '/api/v1/agents').then((list) => { state.agents = list.items || list || []; }).catch(() => {});
  await Promise.all([loadConversations(), loadNotifications()]);
  window.switchboardReady = true;
}

const t0 = performance.now();
state.api = resolveApi(await loadConfig());
bind();
if (state.token) await start().catch((e) => showError(e.message));
else $('#signin').hidden = false;
window.switchboardFirstRenderMs = performance.now() - t0;
