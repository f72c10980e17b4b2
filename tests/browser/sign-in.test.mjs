// Signing in and out of the web interface.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  account,
  checkAccessibility,
  checkStylesheets,
  fillSignIn,
  h1Text,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  url,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the sign-in page renders, is accessible and loads its stylesheet', async () => {
  const { page, done } = await openPage(browser);

  // Signed out, the home page sends you to sign in.
  await page.goto(url('/'));
  assert.equal(new URL(page.url()).pathname, '/sign-in', `GET / signed out should redirect to /sign-in (got ${page.url()})`);

  const response = await page.goto(url('/sign-in'));
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-type'] || '', /text\/html/);
  const csp = response.headers()['content-security-policy'] || '';
  const directives = Object.fromEntries(
    csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k.toLowerCase(), v]),
  );
  const scriptSrc = directives['script-src'] || directives['default-src'];
  assert.ok(scriptSrc, `the page sends a Content-Security-Policy governing scripts (got "${csp}")`);
  assert.ok(!scriptSrc.includes("'unsafe-inline'") && !scriptSrc.includes("'unsafe-eval'"), `the CSP allows no inline script or eval ("${csp}")`);
  assert.equal(await h1Text(page), 'Sign in to Homeward');
  assert.match(await page.title(), /Homeward/, 'the <title> names the service');

  const email = page.getByLabel('Email address', { exact: true });
  const password = page.getByLabel('Password', { exact: true });
  assert.equal(await email.getAttribute('name'), 'email');
  assert.equal(await password.getAttribute('name'), 'password');
  assert.equal(await password.getAttribute('type'), 'password');

  const csrf = page.locator('form input[type="hidden"][name="csrf_token"]');
  assert.equal(await csrf.count(), 1, 'the sign-in form carries one hidden csrf_token');
  assert.ok((await csrf.getAttribute('value'))?.length > 0, 'the csrf_token has a value');
  assert.equal(await page.getByRole('button', { name: 'Sign in', exact: true }).count(), 1);

  await checkStylesheets(page);
  await checkAccessibility(page, 'sign-in');
  await screenshot(page, 'sign-in');
  await done();
});

test('a wrong password shows the error summary and does not sign in', async (t) => {
  const { page, done } = await openPage(browser);
  const coordinator = account('la_coordinator');

  const response = await fillSignIn(page, coordinator.email, `${coordinator.password}-wrong`);
  assert.equal(response?.status(), 422, 'a failed sign-in re-renders the form with 422');
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  assert.equal(await h1Text(page), 'Sign in to Homeward');

  const summary = page.locator('.govuk-error-summary');
  assert.equal(await summary.count(), 1, 'one GOV.UK error summary');
  assert.ok(await summary.isVisible());
  const summaryText = (await summary.innerText()).replace(/\s+/g, ' ');
  assert.match(summaryText, /There is a problem/);
  assert.match(summaryText, /Enter a correct email address and password/);
  if (!/^Error: /.test(await page.title())) {
    // Advisory, not part of the page contract: GOV.UK asks for "Error: " at the start of the title.
    t.diagnostic(`advisory: the title "${await page.title()}" does not start "Error: " (GOV.UK error pattern)`);
  }

  await checkAccessibility(page, 'sign-in-failed');
  await screenshot(page, 'sign-in-failed');

  // No session was started.
  await page.goto(url('/'));
  assert.equal(new URL(page.url()).pathname, '/sign-in', 'after a failed sign-in, / still redirects to /sign-in');
  await done();
});

test('the council coordinator signs in and lands on the home page', async () => {
  const { page, done } = await openPage(browser);
  await signIn(page, 'la_coordinator');

  const heading = await h1Text(page);
  assert.match(heading, /Home/, `home h1 (got "${heading}")`);

  const header = page.locator('header').first();
  assert.match(await header.innerText(), /Homeward/, 'the header names the service');

  const home = page.getByRole('link', { name: 'Home', exact: true });
  assert.ok((await home.count()) >= 1, 'a "Home" navigation link');
  const episodes = page.getByRole('link', { name: 'Missing episodes', exact: true });
  assert.ok((await episodes.count()) >= 1, 'a "Missing episodes" navigation link');
  assert.equal(await episodes.first().getAttribute('href'), '/episodes');

  const signOut = page.getByRole('button', { name: 'Sign out', exact: true });
  assert.equal(await signOut.count(), 1, 'a "Sign out" button');
  const form = signOut.locator('xpath=ancestor::form[1]');
  assert.equal((await form.getAttribute('method'))?.toLowerCase(), 'post');
  assert.equal(await form.getAttribute('action'), '/sign-out');

  const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
  for (const label of ['Missing now', 'Risk reviews due', 'Return interviews due']) {
    assert.match(main, new RegExp(label, 'i'), `home shows "${label}"`);
  }
  assert.ok((await page.locator('main a[href^="/episodes"]').count()) >= 1, 'home counts link to episode lists');

  await checkStylesheets(page);
  await checkAccessibility(page, 'home');
  await screenshot(page, 'home');
  await done();
});

test('signing out returns to sign-in and ends the session', async () => {
  const { page, done } = await openPage(browser);
  await signIn(page, 'la_coordinator');

  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Sign out', exact: true }).click(),
  ]);
  assert.equal(new URL(page.url()).pathname, '/sign-in', `sign out should land on /sign-in (got ${page.url()})`);
  assert.match((await page.locator('main').innerText()).replace(/\s+/g, ' '), /signed out/i, 'a "signed out" message');
  await checkAccessibility(page, 'signed-out');
  await screenshot(page, 'signed-out');

  await page.goto(url('/episodes'));
  assert.equal(new URL(page.url()).pathname, '/sign-in', 'after signing out, /episodes redirects to /sign-in');
  await done();
});
