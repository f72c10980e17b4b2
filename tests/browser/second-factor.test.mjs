// A new user's first sign-in: setting up an authenticator app from the key shown as text, the recovery codes
// shown once, then signing in with a recovery code (which works once).
//
// The new user is added with `homeward user add` on the server's database, so this journey needs
// HOMEWARD_DATABASE_URL (scripts/browser-tests.sh sets it) and the built binary (HOMEWARD_BIN, default
// target/debug/homeward); without them it is skipped.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  account,
  checkAccessibility,
  currentStep,
  fillSignIn,
  h1Text,
  launchBrowser,
  openPage,
  repoRoot,
  screenshot,
  totpCode,
  url,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const PASSWORD = 'a new starter passphrase';

function addUser() {
  const email = `new.starter.${Date.now()}@demo.example`;
  const agency = account('police_officer').agency;
  const bin = process.env.HOMEWARD_BIN || join(repoRoot, 'target', 'debug', 'homeward');
  execFileSync(
    bin,
    ['--database-url', process.env.HOMEWARD_DATABASE_URL, 'user', 'add', '--email', email, '--name', 'New Starter',
      '--agency', agency, '--role', 'police_officer'],
    { input: `${PASSWORD}\n`, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  return email;
}

async function submit(page, label, value) {
  await page.getByLabel(label, { exact: true }).fill(value);
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Continue', exact: true }).click(),
  ]);
  return response;
}

async function signOut(page) {
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Sign out', exact: true }).click(),
  ]);
}

test('a new user sets up an authenticator app, then signs in with a recovery code once', async (t) => {
  if (!process.env.HOMEWARD_DATABASE_URL) {
    t.skip('HOMEWARD_DATABASE_URL is not set: no way to add a new user');
    return;
  }
  const email = addUser();
  const { page, done } = await openPage(browser);

  // The password, then the set-up page: the key as text, and the otpauth:// link.
  await fillSignIn(page, email, PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/sign-in/set-up', `a new user sets up a second factor (got ${page.url()})`);
  assert.equal(await h1Text(page), 'Set up your authenticator app');
  const secret = (await page.locator('#secret').innerText()).replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{32}$/, 'the key is shown in base32');
  await page.getByText('My app asks for a setup link').click();
  assert.match(await page.locator('#otpauth-uri').innerText(), /^otpauth:\/\/totp\/Homeward:/);
  await checkAccessibility(page, 'second-factor-set-up');
  await screenshot(page, 'second-factor-set-up');

  // Nothing else opens before the second factor.
  const early = await page.request.get(url('/api/v1/episodes'), { maxRedirects: 0 });
  assert.equal(early.status(), 401, 'a session that has passed only the password reads nothing');

  // A wrong code is refused with the error summary; the right one shows ten recovery codes once.
  const wrong = await submit(page, 'Code from your authenticator app', '000000' === totpCode(secret, currentStep()) ? '111111' : '000000');
  assert.equal(wrong?.status(), 422);
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a correct code/);
  await checkAccessibility(page, 'second-factor-set-up-error');
  const confirmed = await submit(page, 'Code from your authenticator app', totpCode(secret, currentStep()));
  assert.equal(confirmed?.status(), 200);
  assert.equal(await h1Text(page), 'Your authenticator app is set up');
  const codes = await page.locator('#recovery-codes code').allInnerTexts();
  assert.equal(codes.length, 10, 'ten recovery codes');
  for (const code of codes) assert.match(code, /^[a-z2-7]{5}-[a-z2-7]{5}$/);
  await checkAccessibility(page, 'second-factor-recovery-codes');
  await screenshot(page, 'second-factor-recovery-codes');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: 'Continue to Homeward' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/', 'signed in');
  await signOut(page);

  // Signing in again asks for a code; a recovery code does instead, once.
  await fillSignIn(page, email, PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/sign-in/code');
  assert.equal(await h1Text(page), 'Enter the code from your authenticator app');
  await checkAccessibility(page, 'second-factor-code');
  await screenshot(page, 'second-factor-code');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: 'Use a recovery code instead' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/sign-in/recovery-code');
  assert.equal(await h1Text(page), 'Enter a recovery code');
  await checkAccessibility(page, 'second-factor-recovery-code');
  await submit(page, 'Enter a recovery code', codes[0]);
  assert.equal(new URL(page.url()).pathname, '/', 'a recovery code signs in');
  await signOut(page);

  await fillSignIn(page, email, PASSWORD);
  await page.goto(url('/sign-in/recovery-code'));
  const reused = await submit(page, 'Enter a recovery code', codes[0]);
  assert.equal(reused?.status(), 422, 'a recovery code works once');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a correct code/);
  await checkAccessibility(page, 'second-factor-recovery-code-used');
  await screenshot(page, 'second-factor-recovery-code-used');
  await submit(page, 'Enter a recovery code', codes[1]);
  assert.equal(new URL(page.url()).pathname, '/', 'another one still does');
  await done();
});
