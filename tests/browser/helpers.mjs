// Shared helpers for the browser tests: Debian's Chromium driven by playwright-core, demo sign-ins,
// axe-core accessibility checks, console/CSP error collection and screenshots.
//
// Environment:
//   HOMEWARD_URL       base URL of a running `homeward serve --demo` (e.g. http://127.0.0.1:8080)
//   HOMEWARD_SIGN_INS  path of the server's captured stdout, holding the
//                      `demo sign-in: EMAIL PASSWORD ROLE AGENCY_CODE USER_ID TOTP_SECRET` lines (the last field is
//                      the user's authenticator secret in base32: sign-ins compute RFC 6238 codes from it)
//   CHROMIUM_PATH      optional; defaults to /usr/bin/chromium (Debian's package). Never a downloaded browser.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const screenshotDir = join(repoRoot, 'target', 'browser-screenshots');

export const baseUrl = (process.env.HOMEWARD_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');

/** Absolute URL for a path on the server under test. */
export function url(path = '/') {
  return new URL(path, baseUrl + '/').toString();
}

/** Path (plus query) of a page URL, for assertions that ignore the origin. */
export function pathOf(pageUrl) {
  const u = new URL(pageUrl);
  return u.pathname + u.search;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launch headless Chromium (Debian's /usr/bin/chromium). playwright-core gives every launched browser a
 * fresh temporary user-data directory and removes it on close.
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/**
 * A fresh browser context and page with error collection attached. Call `done()` at the end of the test
 * (it asserts no console errors / page errors / failed sub-resources, then closes the context).
 */
export async function openPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const problems = watchPage(page);
  const done = async () => {
    try {
      assertNoPageProblems(problems);
    } finally {
      await context.close();
    }
  };
  return { context, page, problems, done };
}

/**
 * Collect console errors, uncaught page errors (CSP violations are reported as console errors), and
 * sub-resources (stylesheets, scripts, images, fonts) that fail or answer >= 400.
 *
 * A main-document navigation answering 404 or 422 is expected in some tests; Chromium logs
 * "Failed to load resource: the server responded with a status of N" for it, so console messages of that
 * form are ignored when they refer to a main-frame navigation URL. The tests assert those statuses
 * themselves.
 */
export function watchPage(page) {
  const problems = [];
  const navigationUrls = new Set();
  page.on('request', (req) => {
    if (req.isNavigationRequest() && req.frame() === page.mainFrame()) navigationUrls.add(req.url());
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const where = msg.location()?.url || '';
    if (/^Failed to load resource: the server responded with a status of \d+/.test(text) && navigationUrls.has(where)) {
      return;
    }
    problems.push(`console error on ${page.url()}: ${text}${where ? ` (at ${where})` : ''}`);
  });
  page.on('pageerror', (err) => {
    problems.push(`uncaught page error on ${page.url()}: ${err?.message || err}`);
  });
  page.on('requestfailed', (req) => {
    if (req.isNavigationRequest()) return; // superseded navigations (redirects, form posts) abort normally
    if (/\/favicon\.ico$/.test(new URL(req.url()).pathname)) return;
    problems.push(`request failed on ${page.url()}: ${req.resourceType()} ${req.url()} — ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    const req = res.request();
    if (req.isNavigationRequest()) return;
    if (/\/favicon\.ico$/.test(new URL(res.url()).pathname)) return;
    if (res.status() >= 400) {
      problems.push(`sub-resource answered ${res.status()} on ${page.url()}: ${req.resourceType()} ${res.url()}`);
    }
  });
  return problems;
}

export function assertNoPageProblems(problems) {
  if (problems.length === 0) return;
  const count = problems.length;
  const list = problems.map((p) => `  - ${p}`).join('\n');
  problems.length = 0;
  assert.fail(`the page reported ${count} problem(s):\n${list}`);
}

// ---------------------------------------------------------------------------------------------------------
// Demo sign-ins

let signInCache;

/**
 * Parse HOMEWARD_SIGN_INS (`demo sign-in: EMAIL PASSWORD ROLE AGENCY_CODE USER_ID TOTP_SECRET` lines) into
 * `{ email, password, role, agency, userId, totpSecret }` keyed by role (the first line for each role wins).
 */
export function signIns() {
  if (signInCache) return signInCache;
  const file = process.env.HOMEWARD_SIGN_INS;
  assert.ok(file, 'HOMEWARD_SIGN_INS must name the file holding the server\'s "demo sign-in:" lines');
  const byRole = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = line.match(/demo sign-in:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(\S+))?/);
    if (!m) continue;
    const [, email, password, role, agency, userId, totpSecret] = m;
    if (!byRole[role]) byRole[role] = { email, password, role, agency, userId, totpSecret };
  }
  assert.ok(Object.keys(byRole).length > 0, `no "demo sign-in:" lines found in ${file}`);
  signInCache = byRole;
  return byRole;
}

export function account(role) {
  const user = signIns()[role];
  assert.ok(user, `no demo sign-in for role ${role}; have: ${Object.keys(signIns()).join(', ')}`);
  return user;
}

/** Go to /sign-in and fill in the form; returns the response to the form submission's final page. */
export async function fillSignIn(page, email, password) {
  const page1 = await page.goto(url('/sign-in'));
  assert.equal(page1?.status(), 200, `GET /sign-in answered ${page1?.status()}`);
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Sign in', exact: true }).click(),
  ]);
  return response;
}

// ---------------------------------------------------------------------------------------------------------
// Second factor (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps)

export const TOTP_STEP_SECONDS = 30;

/** RFC 4648 base32 (no padding) to bytes. */
export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(c);
    assert.ok(index >= 0, `"${c}" is not base32`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The 6-digit code of a base32 secret for one 30-second step. */
export function totpCode(secretBase32, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const offset = digest[19] & 0x0f;
  const word = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(word % 1_000_000).padStart(6, '0');
}

export function currentStep() {
  return Math.floor(Date.now() / 1000 / TOTP_STEP_SECONDS);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The step to send a user's next code for. Homeward accepts a code once (a later step each time) and up to one
 * step ahead, and test files run in parallel, so the last step used per email is kept in a file beside
 * HOMEWARD_SIGN_INS under a directory lock; when the next step is more than one ahead, this waits for the clock.
 */
export async function nextStep(email) {
  const stateFile = `${process.env.HOMEWARD_SIGN_INS}.totp-steps.json`;
  const lock = `${stateFile}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      await sleep(50);
    }
  }
  let step;
  try {
    const used = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
    step = Math.max(currentStep(), (used[email] ?? -Infinity) + 1);
    used[email] = step;
    writeFileSync(stateFile, JSON.stringify(used));
  } finally {
    rmdirSync(lock);
  }
  // Accepted once the server's clock is at most one step behind it.
  while (currentStep() < step - 1) await sleep(500);
  return step;
}

/** On the "Enter the code" page, enter the user's next code and continue. */
export async function enterCode(page, user) {
  const step = await nextStep(user.email);
  await page.getByLabel('Enter the code from your authenticator app', { exact: true }).fill(totpCode(user.totpSecret, step));
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Continue', exact: true }).click(),
  ]);
  return response;
}

/** Sign in as the demo user with the given role (password, then code) and check that it lands on the home page. */
export async function signIn(page, role) {
  const user = account(role);
  await fillSignIn(page, user.email, user.password);
  assert.equal(new URL(page.url()).pathname, '/sign-in/code', `after the password, ${role} is asked for a code (got ${page.url()})`);
  assert.ok(user.totpSecret, `the demo sign-in line for ${role} carries an authenticator secret`);
  await enterCode(page, user);
  assert.equal(new URL(page.url()).pathname, '/', `signing in as ${role} should land on / (got ${page.url()})`);
  return user;
}

// ---------------------------------------------------------------------------------------------------------
// Accessibility

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const AXE_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  resultTypes: ['violations'],
};

/**
 * Run axe-core (WCAG 2.2 AA) on the page and fail listing the violations. axe is injected through DevTools
 * evaluation (`page.evaluate(source)`), which the page's Content-Security-Policy does not govern; a
 * <script> tag would be blocked, and bypassCSP would hide CSP problems.
 */
export async function checkAccessibility(page, name) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(axeSource);
  const results = await page.evaluate((opts) => window.axe.run(document, opts), AXE_OPTIONS);
  const violations = results.violations || [];
  if (violations.length === 0) return results;
  const lines = [];
  for (const v of violations) {
    lines.push(`  - ${v.id} [${v.impact}] ${v.help} (${v.nodes.length} node(s)) ${v.helpUrl}`);
    for (const node of v.nodes.slice(0, 5)) {
      lines.push(`      ${JSON.stringify(node.target)} ${node.html.slice(0, 200).replace(/\s+/g, ' ')}`);
      if (node.failureSummary) lines.push(`        ${node.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}`);
    }
  }
  assert.fail(`accessibility violations on "${name}" (${page.url()}):\n${lines.join('\n')}`);
}

// ---------------------------------------------------------------------------------------------------------
// Screenshots and page checks

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Every `link[rel=stylesheet]` on the page answers 200 with a long-lived immutable cache-control, and
 * the browser actually applied it (it appears in document.styleSheets with rules).
 */
export async function checkStylesheets(page) {
  const hrefs = await page.$$eval('link[rel~="stylesheet"]', (links) => links.map((l) => l.href));
  assert.ok(hrefs.length > 0, `no <link rel="stylesheet"> on ${page.url()}`);
  for (const href of hrefs) {
    const res = await page.request.get(href);
    assert.equal(res.status(), 200, `stylesheet ${href} answered ${res.status()}`);
    const cacheControl = res.headers()['cache-control'] || '';
    assert.match(cacheControl, /immutable/, `stylesheet ${href} cache-control is "${cacheControl}", wanted immutable`);
    const contentType = res.headers()['content-type'] || '';
    assert.match(contentType, /text\/css/, `stylesheet ${href} content-type is "${contentType}"`);
  }
  const applied = await page.evaluate(() =>
    Array.from(document.styleSheets).map((s) => {
      let rules = -1;
      try {
        rules = s.cssRules.length;
      } catch {
        rules = -1;
      }
      return { href: s.href, rules };
    }),
  );
  for (const href of hrefs) {
    const sheet = applied.find((s) => s.href === href);
    assert.ok(sheet && sheet.rules > 0, `stylesheet ${href} was not applied by the browser (${JSON.stringify(applied)})`);
  }
  return hrefs;
}

/** Text of the page's single h1, whitespace-collapsed. */
export async function h1Text(page) {
  const h1s = await page.locator('h1').allInnerTexts();
  assert.equal(h1s.length, 1, `expected exactly one <h1> on ${page.url()}, found ${h1s.length}: ${JSON.stringify(h1s)}`);
  return h1s[0].replace(/\s+/g, ' ').trim();
}

/** Links from the episodes table rows: [{ href, text }]. */
export async function episodeRowLinks(page) {
  return page.$$eval('table.govuk-table tbody tr', (rows) =>
    rows.map((row) => {
      const a = row.querySelector('a[href*="/episodes/"]');
      return a ? { href: a.getAttribute('href'), text: a.textContent.replace(/\s+/g, ' ').trim() } : null;
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Forms

/**
 * A day in UK time, `daysOn` days from now (before it when negative), as a person would type it: `day`, `month`
 * and `year` (two digits for day and month), `time` (24-hour) and `iso` (YYYY-MM-DD, for the forms that ask so).
 */
export function ukDay(daysOn = 0) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() + daysOn * 24 * 60 * 60 * 1000));
  const part = (type) => parts.find((p) => p.type === type).value;
  const [day, month, year] = [part('day'), part('month'), part('year')];
  return { day, month, year, time: `${part('hour')}:${part('minute')}`, iso: `${year}-${month}-${day}` };
}

/**
 * Fill a GOV.UK date input (templates/fields.html's `when`): the day box's id is the field's name (`first`), the
 * month's and year's `${prefix}_month` and `${prefix}_year`. `scope` is the page or one form on it.
 */
export async function fillDate(scope, first, prefix, { day, month, year }) {
  await scope.locator(`#${first}`).fill(day);
  await scope.locator(`#${prefix}_month`).fill(month);
  await scope.locator(`#${prefix}_year`).fill(year);
}

/** Press the button expecting the form back with its error summary, and check the page with the errors. */
export async function submitRefused(page, button, name) {
  await page.getByRole('button', { name: button }).click();
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.title(), /^Error: /, `the title of "${name}" with errors says so`);
  await checkAccessibility(page, `${name} with errors`);
}

/** Press the button expecting the success banner on the page it leads to, and check that page. */
export async function submitSaved(page, button, name) {
  await page.getByRole('button', { name: button }).click();
  await page.locator('.govuk-notification-banner--success').waitFor();
  await checkAccessibility(page, name);
}
