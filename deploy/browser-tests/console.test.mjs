// The agent console, driven like an agent drives it: headless Chromium against the running suite.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSign, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = process.env.SWITCHBOARD_ROOT || join(import.meta.dirname, '..', '..');
const SHOTS = process.env.SCREENSHOTS || join(ROOT, '.run', 'screenshots');
const CONSOLE = process.env.SWITCHBOARD_CONSOLE_URL || 'http://127.0.0.1:8084/';
const CONVERSATION = process.env.SWITCHBOARD_CONVERSATION_URL || 'http://127.0.0.1:8082';
const TENANT = `ui-${randomUUID().slice(0, 8)}`;
const DEADLINE = 10_000; // ms: "live" means well within this

function token(user, roles, name) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({
    iss: 'switchboard-dev', sub: user, upn: user, tenant: TENANT, groups: roles, name, iat: now, exp: now + 3600, jti: randomUUID(),
  })}`;
  const signer = createSign('RSA-SHA256');
  signer.update(input);
  return `${input}.${signer.sign(readFileSync(join(ROOT, 'deploy', 'dev-keys', 'private.pem'))).toString('base64url')}`;
}

async function api(method, url, { auth, apiKey, body, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    headers: {
      ...(auth ? { Authorization: `Bearer ${auth}` } : {}),
      ...(apiKey ? { 'X-Api-Key': apiKey } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${url} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

let browser;
const errors = [];
const ana = token('ana', ['AGENT', 'ADMIN'], 'Ana');
const bob = token('bob', ['AGENT'], 'Bob');
let apiKey;

async function signIn(jwt) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()}`); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(CONSOLE);
  await page.fill('#token', jwt);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#connection.online', { timeout: DEADLINE });
  return page;
}

const counter = (page, name) => page.locator(`[data-counter="${name}"]`);
const shot = (page, name) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  apiKey = (await api('POST', `${CONVERSATION}/api/v1/bots`, { auth: ana, body: { name: 'browser-test bot' } })).apiKey;
  // Bob signs in once, so the directory knows him for @mention suggestions.
  await api('GET', 'http://127.0.0.1:8084/api/v1/agents/me/counters', { auth: bob });
});

after(async () => {
  await browser?.close();
});

test('first screen renders fast and the sign-in works', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(CONSOLE);
  await page.waitForSelector('#signin:not([hidden])');
  // Milliseconds from navigation start until the first screen is shown, as the browser measures it.
  const ms = await page.evaluate(() => performance.now());
  console.log(`first screen rendered ${Math.round(ms)} ms after navigation start`);
  await shot(page, '01-sign-in');
  await context.close();
});

test('an agent works a chat: live counters, reply, resolve, mention', async () => {
  const page = await signIn(ana);
  await shot(page, '02-signed-in');
  await page.click('[data-scope=unassigned]');
  // The snapshot frame fills the counters; read them only once it has.
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-counter=unassigned]').textContent), null, { timeout: DEADLINE });
  const before = Number(await counter(page, 'unassigned').textContent());

  // A customer writes: the unassigned counter and the inbox move without a reload.
  const contact = `web-${randomUUID().slice(0, 6)}`;
  const posted = await api('POST', `${CONVERSATION}/api/v1/channels/webchat/inbound`, {
    apiKey, body: { contact: { externalId: contact, name: 'Lucía Gómez' }, text: '¿Tienen envío a Rosario?' },
  });
  await page.waitForFunction((n) => Number(document.querySelector('[data-counter=unassigned]').textContent) === n,
    before + 1, { timeout: DEADLINE });
  const item = page.locator(`#conversations button[data-id="${posted.conversationId}"]`);
  await item.waitFor({ timeout: DEADLINE });
  await shot(page, '03-message-arrived');

  // Take it: it is now hers, unread and with an open (green) activity.
  await item.click();
  await page.click('[data-action=take]');
  await page.waitForFunction(() => document.querySelector('[data-counter=unread]').textContent === '1', null, { timeout: DEADLINE });
  await page.waitForFunction(() => document.querySelector('[data-counter=openActivities]').textContent === '1', null, { timeout: DEADLINE });
  assert.match(await page.locator('#conv-activity').getAttribute('class'), /green/);
  await shot(page, '04-taken-unread-green');

  // Reply: unread clears, the activity stays open (green).
  await page.fill('#reply', 'Sí, enviamos a todo el país.');
  await page.click('#reply-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('[data-counter=unread]').textContent === '0', null, { timeout: DEADLINE });
  assert.equal(await counter(page, 'openActivities').textContent(), '1');
  await page.locator('#messages li.OUTGOING').first().waitFor({ timeout: DEADLINE });
  await shot(page, '05-replied');

  // Resolve: the activity is completed, the customer shows grey.
  await page.click('[data-action=resolve]');
  await page.waitForFunction(() => document.querySelector('[data-counter=openActivities]').textContent === '0', null, { timeout: DEADLINE });
  await page.waitForFunction(() => !document.querySelector('#conv-activity').classList.contains('green'), null, { timeout: DEADLINE });
  await shot(page, '06-resolved-grey');

  // A note mentioning Bob reaches Bob's console.
  const bobPage = await signIn(bob);
  const bobBefore = Number(await bobPage.locator('#notif-count').textContent());
  await page.fill('#comment', '@bob ¿podés confirmar el envío?\nGracias');
  await page.click('#comment-form button[type=submit]');
  await page.locator('#timeline li.comment').first().waitFor({ timeout: DEADLINE });
  await shot(page, '07-note-with-mention');
  await bobPage.waitForFunction((n) => Number(document.querySelector('#notif-count').textContent) > n, bobBefore, { timeout: DEADLINE });
  await bobPage.click('#notifications-btn');
  await shot(bobPage, '08-mentioned-agent');

  assert.deepEqual(errors, [], 'no errors in the browser console');
});
