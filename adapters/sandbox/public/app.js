// The sandbox page: three panes over one live stream. Messages arrive as server-rendered HTML
// (escaped there); this script only places them, and turns clicks, picks, forms and typed text
// into posts to /sandbox/api/inbound as the person chosen in that pane.

const STAFF_CHANNEL = 'channel:sandbox:channel:staff';
const MANAGER_CHANNEL = 'channel:sandbox:channel:managers';

/** The customer writes in their own language; the hint follows it. */
const CUSTOMER_PLACEHOLDERS = {
  en: 'Tell Hearken what happened, or type /complain status',
  'zh-CN': '告诉 Hearken 发生了什么，或输入 /complain status',
};

const state = {
  /** @type {Array<{userId: string, name: string, locale: string, role: string}>} */
  users: [],
  /** @type {Map<number, {id: number, conversation: string, visibleTo?: string, authorId: string, html: string}>} */
  messages: new Map(),
  /** Per direct-message conversation, the newest message id the person has had on screen. */
  seenUpTo: new Map(),
};

function requestId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function makePane(name, options) {
  const root = document.getElementById(`${name}-pane`);
  return {
    name,
    root,
    log: root.querySelector('.log'),
    select: root.querySelector('[data-who]'),
    composer: root.querySelector('.composer'),
    input: root.querySelector('.composer textarea, .composer input'),
    notice: root.querySelector('.composer .notice'),
    inputLabel: root.querySelector('.composer label'),
    threadBar: root.querySelector('.thread-bar'),
    channelPlaceholder: root.querySelector('.composer textarea, .composer input').placeholder,
    channelLabel: root.querySelector('.log').getAttribute('aria-label'),
    threadPlaceholder: '/ticket reply your text · /ticket note … · /ticket resolve',
    thread: null,
    ...options,
  };
}

const panes = [
  makePane('customer', {
    roles: ['customer'],
    base: (pane) => (pane.select.value ? `dm:${pane.select.value}` : ''),
  }),
  makePane('staff', { roles: ['staff', 'manager'], base: () => STAFF_CHANNEL }),
  makePane('manager', { roles: ['manager'], base: () => MANAGER_CHANNEL }),
];

/** The conversation a pane shows now: its channel or DM, or a thread opened from it. */
function current(pane) {
  return pane.thread ? `thread:${pane.thread}` : pane.base(pane);
}

function userOf(pane) {
  return state.users.find((u) => u.userId === pane.select.value);
}

function visibleIn(pane, view) {
  if (view.conversation !== current(pane)) return false;
  return !view.visibleTo || view.visibleTo === pane.select.value;
}

// ---------- rendering ----------

function localiseTimes(root) {
  for (const time of root.querySelectorAll('time[datetime]')) {
    const date = new Date(time.getAttribute('datetime'));
    time.textContent = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    time.title = date.toLocaleString();
  }
}

function threadCount(id) {
  let count = 0;
  for (const view of state.messages.values()) if (view.conversation === `thread:${id}`) count += 1;
  return count;
}

/** Channel messages get a way into their thread, as in Slack or Discord. */
function addThreadButton(pane, element, view) {
  if (pane.thread || !view.conversation.startsWith('channel:') || view.visibleTo) return;
  const count = threadCount(view.id);
  // A card (a message with buttons) always offers its thread; other messages once they have one.
  if (count === 0 && !element.querySelector('.actions')) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'thread-link';
  button.dataset.openThread = String(view.id);
  button.textContent =
    count === 0 ? 'Open thread' : `${count} ${count === 1 ? 'reply' : 'replies'} in thread`;
  element.querySelector('.content')?.append(button);
}

function elementFor(pane, view) {
  const template = document.createElement('template');
  template.innerHTML = view.html;
  const element = template.content.firstElementChild;
  localiseTimes(element);
  // A chart grows the message once it has loaded; stay at the newest message if we were there.
  for (const image of element.querySelectorAll('img')) {
    image.addEventListener('load', () => {
      const log = pane.log;
      const fromBottom = log.scrollHeight - log.scrollTop - log.clientHeight - image.offsetHeight;
      if (fromBottom < 80) log.scrollTop = log.scrollHeight;
    });
  }
  addThreadButton(pane, element, view);
  return element;
}

function nearBottom(log) {
  return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
}

function emptyState(pane) {
  const p = document.createElement('p');
  p.className = 'empty';
  if (pane.name === 'customer') {
    p.textContent = pane.select.value
      ? 'Say hello, or tell Hearken what went wrong. It listens first.'
      : 'Create a customer to start.';
  } else if (pane.name === 'staff') {
    p.textContent = 'New complaints appear here as cards. Claim one, reply, resolve.';
  } else {
    p.textContent = 'Escalations and daily digests land here.';
  }
  return p;
}

function renderPane(pane) {
  pane.log.replaceChildren();
  if (pane.thread) {
    const parent = state.messages.get(pane.thread);
    if (parent) {
      const element = elementFor(pane, parent);
      element.classList.add('thread-parent');
      pane.log.append(element);
    }
  }
  const views = [...state.messages.values()].filter((view) => visibleIn(pane, view));
  for (const view of views) pane.log.append(elementFor(pane, view));
  if (views.length === 0 && !pane.thread) pane.log.append(emptyState(pane));
  pane.log.scrollTop = pane.log.scrollHeight;
  markSeen(pane);
  relabelSwitchers();
  const user = userOf(pane);
  if (pane.name === 'customer' && user) {
    pane.log.lang = user.locale;
    pane.input.lang = user.locale;
    pane.input.placeholder = CUSTOMER_PLACEHOLDERS[user.locale] ?? CUSTOMER_PLACEHOLDERS.en;
  }
}

function refreshThreadLink(pane, parentId) {
  const parent = state.messages.get(parentId);
  const existing = pane.log.querySelector(`article[data-id="${parentId}"]`);
  if (!parent || !existing || pane.thread) return;
  existing.replaceWith(elementFor(pane, parent));
}

function applyMessage(view) {
  state.messages.set(view.id, view);
  for (const pane of panes) {
    const existing = pane.log.querySelector(`article[data-id="${view.id}"]`);
    if (existing) {
      const element = elementFor(pane, view);
      if (existing.classList.contains('thread-parent')) element.classList.add('thread-parent');
      element.classList.add('just-updated');
      existing.replaceWith(element);
      continue;
    }
    if (view.conversation.startsWith('thread:')) refreshThreadLink(pane, Number(view.conversation.slice(7)));
    if (!visibleIn(pane, view)) continue;
    const stick = nearBottom(pane.log);
    pane.log.querySelector('.empty')?.remove();
    pane.log.append(elementFor(pane, view));
    if (stick || view.visibleTo) pane.log.scrollTop = pane.log.scrollHeight;
    markSeen(pane);
  }
  if (view.conversation.startsWith('dm:')) relabelSwitchers();
}

function unreadFor(userId) {
  const conversation = `dm:${userId}`;
  const seen = state.seenUpTo.get(conversation) ?? 0;
  let count = 0;
  for (const view of state.messages.values()) {
    if (view.conversation === conversation && view.authorId === 'sandbox:bot' && view.id > seen) count += 1;
  }
  return count;
}

/** "Ana Souza · EN", plus how many bot messages wait for that customer while someone else is shown. */
function labelFor(user) {
  const base = `${user.name} · ${user.locale === 'zh-CN' ? '中文' : 'EN'}`;
  const unread = user.role === 'customer' ? unreadFor(user.userId) : 0;
  return unread > 0 ? `${base} · ${unread} new` : base;
}

function markSeen(pane) {
  if (pane.name !== 'customer' || pane.thread) return;
  const conversation = current(pane);
  let newest = state.seenUpTo.get(conversation) ?? 0;
  for (const view of state.messages.values()) {
    if (view.conversation === conversation && view.id > newest) newest = view.id;
  }
  state.seenUpTo.set(conversation, newest);
}

function relabelSwitchers() {
  for (const pane of panes) {
    for (const option of pane.select.options) {
      const user = state.users.find((u) => u.userId === option.value);
      if (user) option.textContent = labelFor(user);
    }
  }
}

function fillSwitchers() {
  for (const pane of panes) {
    const stored = localStorage.getItem(`hearken.sandbox.${pane.name}`);
    const previous = pane.select.value || stored;
    const people = state.users.filter((u) => pane.roles.includes(u.role));
    pane.select.replaceChildren(
      ...people.map((u) => {
        const option = document.createElement('option');
        option.value = u.userId;
        option.textContent = labelFor(u);
        return option;
      }),
    );
    if (people.some((u) => u.userId === previous)) pane.select.value = previous;
  }
}

function renderAll() {
  fillSwitchers();
  for (const pane of panes) {
    if (pane.thread && !state.messages.has(pane.thread)) closeThread(pane, false);
    renderPane(pane);
  }
}

// ---------- threads ----------

function openThread(pane, id) {
  pane.thread = id;
  pane.threadBar.hidden = false;
  const parent = pane.log.querySelector(`article[data-id="${id}"] .title`);
  const label = parent ? `Thread: ${parent.textContent}` : 'Thread';
  pane.threadBar.querySelector('.thread-label').textContent = label;
  pane.log.setAttribute('aria-label', label);
  pane.input.placeholder = pane.threadPlaceholder;
  pane.inputLabel.textContent = 'Command for this thread';
  renderPane(pane);
  pane.input.focus();
}

function closeThread(pane, render = true) {
  const id = pane.thread;
  pane.thread = null;
  pane.threadBar.hidden = true;
  pane.input.placeholder = pane.channelPlaceholder;
  pane.inputLabel.textContent = 'Command';
  pane.log.setAttribute('aria-label', pane.channelLabel);
  if (!render) return;
  renderPane(pane);
  pane.log.querySelector(`[data-open-thread="${id}"]`)?.focus();
}

// ---------- talking to the server ----------

function say(pane, text) {
  pane.notice.textContent = text;
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error ?? 'The sandbox did not answer. Is it still running?');
  return data;
}

const formDialog = document.getElementById('form-dialog');

/** The picked files as the inbound API takes them: name, type and the bytes in base64. */
async function readFiles(list) {
  const out = [];
  for (const file of list ?? []) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let at = 0; at < bytes.length; at += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
    }
    out.push({ name: file.name, contentType: file.type || 'application/octet-stream', base64: btoa(binary) });
  }
  return out;
}

async function send(pane, payload, conversation = current(pane)) {
  if (!pane.select.value) {
    say(pane, 'Pick who you are first.');
    return false;
  }
  say(pane, '');
  try {
    const result = await post('/sandbox/api/inbound', {
      id: requestId(),
      actorId: pane.select.value,
      conversation,
      ...payload,
    });
    if (result.notice) say(pane, result.notice);
    if (result.formHtml) openForm(pane, result.formHtml, conversation);
    return true;
  } catch (error) {
    say(pane, error.message);
    return false;
  }
}

function openForm(pane, html, conversation) {
  formDialog.innerHTML = html;
  formDialog.lang = userOf(pane)?.locale ?? 'en';
  formDialog.dataset.pane = pane.name;
  formDialog.dataset.conversation = conversation;
  formDialog.showModal();
  formDialog.querySelector('input, textarea, select')?.focus();
}

formDialog.addEventListener('click', (event) => {
  if (event.target.closest('[data-close]')) formDialog.close();
});

formDialog.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const pane = panes.find((p) => p.name === formDialog.dataset.pane);
  const values = Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v)]));
  const payload = { kind: 'form', formId: form.dataset.formId, values };
  if (form.dataset.context !== undefined) payload.context = form.dataset.context;
  formDialog.close();
  await send(pane, payload, formDialog.dataset.conversation);
});

// ---------- command suggestions (staff and manager) ----------

/** `{ text, code }` per subcommand, derived from the command spec (`/sandbox/api/commands`). */
let commandHints = [];
const commandsLoaded = fetch('/sandbox/api/commands')
  .then((response) => (response.ok ? response.json() : { commands: [] }))
  .then((data) => {
    commandHints = data.commands;
  })
  .catch(() => undefined);

/** The hint whose complaint code is being typed now, and the code typed so far. */
function wantsCode(text) {
  for (const hint of commandHints) {
    if (!hint.code || text.length < hint.text.length) continue;
    if (text.slice(0, hint.text.length).toLowerCase() !== hint.text.toLowerCase()) continue;
    const typed = text.slice(hint.text.length);
    if (/^C?-?\d*$/i.test(typed)) return { prefix: text.slice(0, hint.text.length), typed };
  }
  return null;
}

function setSuggestions(list, values) {
  list.replaceChildren(
    ...values.map((value) => {
      const option = document.createElement('option');
      option.value = value;
      return option;
    }),
  );
}

/** Whole commands to pick from; once a subcommand wants a code, the open codes of the workspace. */
async function suggest(pane) {
  const list = pane.input.list;
  if (!list) return;
  await commandsLoaded;
  const text = pane.input.value;
  const wanted = pane.thread ? null : wantsCode(text);
  if (!wanted) {
    setSuggestions(list, text.startsWith('/') ? commandHints.map((hint) => hint.text) : []);
    return;
  }
  const query = new URLSearchParams({ actorId: pane.select.value, prefix: wanted.typed.toUpperCase() });
  const response = await fetch(`/sandbox/api/codes?${query}`).catch(() => undefined);
  const data = response?.ok ? await response.json() : { codes: [] };
  if (pane.input.value === text)
    setSuggestions(
      list,
      data.codes.map((code) => `${wanted.prefix}${code} `),
    );
}

// ---------- enlarged images (the digest chart) ----------

const imageDialog = document.getElementById('image-dialog');

function showImage(image) {
  const frame = imageDialog.querySelector('.image-frame');
  frame.querySelector('img')?.remove();
  frame.prepend(image.cloneNode());
  imageDialog.setAttribute('aria-label', image.alt || 'Image');
  imageDialog.showModal();
}

// ---------- wiring each pane ----------

for (const pane of panes) {
  pane.select.addEventListener('change', () => {
    localStorage.setItem(`hearken.sandbox.${pane.name}`, pane.select.value);
    say(pane, '');
    renderPane(pane);
  });

  pane.composer.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = pane.input.value.trim();
    const picker = pane.composer.querySelector('input[type=file]');
    const files = picker ? await readFiles(picker.files) : [];
    // An empty send still goes to the server, which answers it in the bot's words.
    pane.input.value = '';
    const sent = await send(pane, { kind: 'text', text, ...(files.length > 0 ? { files } : {}) });
    if (!sent) pane.input.value = text;
    else if (picker) picker.value = '';
    pane.input.focus();
  });

  pane.input.addEventListener('input', () => void suggest(pane));

  // Enter sends from the customer's text area too (Shift+Enter for a new line); a one-line command
  // box submits by itself, and leaves Enter to the suggestion list while it is open.
  pane.input.addEventListener('keydown', (event) => {
    if (pane.input.tagName !== 'TEXTAREA') return;
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      pane.composer.requestSubmit();
    }
  });

  pane.log.addEventListener('click', async (event) => {
    const zoom = event.target.closest('[data-zoom]');
    if (zoom) {
      showImage(zoom.querySelector('img'));
      return;
    }
    const threadLink = event.target.closest('[data-open-thread]');
    if (threadLink) {
      openThread(pane, Number(threadLink.dataset.openThread));
      return;
    }
    const button = event.target.closest('button[data-action]');
    if (!button || button.disabled) return;
    const source = Number(button.closest('article[data-id]')?.dataset.id);
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    const payload = { kind: 'action', action: button.dataset.action, value: button.dataset.value };
    if (source) payload.sourceId = source;
    await send(pane, payload);
    // The core may have replaced the message; if the button is still here, it can be used again.
    button.disabled = false;
    button.removeAttribute('aria-busy');
  });

  pane.log.addEventListener('submit', async (event) => {
    const form = event.target.closest('form.choice');
    if (!form) return;
    event.preventDefault();
    const value = form.elements.value.value;
    if (!value) return;
    const source = Number(form.closest('article[data-id]')?.dataset.id);
    const payload = { kind: 'action', action: form.dataset.action, value };
    if (source) payload.sourceId = source;
    await send(pane, payload);
  });

  if (pane.threadBar) {
    pane.threadBar.querySelector('[data-thread-back]').addEventListener('click', () => closeThread(pane));
    pane.root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && pane.thread && !formDialog.open) closeThread(pane);
    });
  }
}

// ---------- new customer ----------

const customerDialog = document.getElementById('customer-dialog');
const customerForm = document.getElementById('customer-form');

document.getElementById('new-customer').addEventListener('click', () => {
  customerForm.reset();
  customerForm.querySelector('.notice').textContent = '';
  customerDialog.showModal();
  customerForm.elements.name.focus();
});

customerDialog.addEventListener('click', (event) => {
  if (event.target.closest('[data-close]')) customerDialog.close();
});

customerForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const user = await post('/sandbox/api/users', {
      name: customerForm.elements.name.value,
      locale: customerForm.elements.locale.value,
    });
    if (!state.users.some((u) => u.userId === user.userId)) state.users.push(user);
    const pane = panes[0];
    localStorage.setItem('hearken.sandbox.customer', user.userId);
    pane.select.value = '';
    fillSwitchers();
    pane.select.value = user.userId;
    renderPane(pane);
    customerDialog.close();
    pane.input.focus();
  } catch (error) {
    customerForm.querySelector('.notice').textContent = error.message;
  }
});

// ---------- live stream ----------

const connection = document.getElementById('connection');

function setConnection(stateName, text) {
  connection.dataset.state = stateName;
  connection.textContent = text;
}

async function loadState() {
  const response = await fetch('/sandbox/api/state');
  const data = await response.json();
  state.users = data.users;
  state.messages = new Map(data.messages.map((view) => [view.id, view]));
  // What was there before the page opened counts as read; only what arrives later is "new".
  for (const view of state.messages.values()) {
    if (view.conversation.startsWith('dm:') && view.id > (state.seenUpTo.get(view.conversation) ?? 0)) {
      state.seenUpTo.set(view.conversation, view.id);
    }
  }
  renderAll();
}

function connect() {
  const stream = new EventSource('/sandbox/api/stream');
  stream.addEventListener('ready', async () => {
    await loadState();
    setConnection('live', 'Live');
    document.body.dataset.ready = 'true';
  });
  stream.addEventListener('message', (event) => applyMessage(JSON.parse(event.data)));
  stream.addEventListener('directory', (event) => {
    state.users = JSON.parse(event.data);
    fillSwitchers();
  });
  stream.addEventListener('error', () => setConnection('down', 'Reconnecting…'));
}

connect();
