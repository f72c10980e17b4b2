// Choosing alert emails and the daily digest, and the admin's list of notifications given up on: each page
// accessible, working without JavaScript's help.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkAccessibility, h1Text, launchBrowser, openPage, screenshot, signIn, url } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('a senior manager chooses the daily digest on their alert emails page', async () => {
  const { page, done } = await openPage(browser);
  await signIn(page, 'la_senior_manager');
  await page.getByRole('link', { name: 'Choose which alerts are emailed to you' }).click();
  assert.equal(await h1Text(page), 'Alerts by email');
  await checkAccessibility(page, 'alert emails');
  const digest = page.getByLabel('Email me the daily digest', { exact: true });
  await digest.check();
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Save' }).click()]);
  assert.match(await page.textContent('.govuk-notification-banner'), /has been saved/);
  assert.ok(await page.getByLabel('Email me the daily digest', { exact: true }).isChecked(), 'kept after saving');
  await screenshot(page, 'alert-emails');
  await done();
});

test('an admin sees the notifications Homeward gave up on', async () => {
  const { page, done } = await openPage(browser);
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Notifications not delivered' }).click();
  assert.equal(new URL(page.url()).pathname, '/notifications/given-up');
  assert.equal(await h1Text(page), 'Notifications not delivered');
  await checkAccessibility(page, 'notifications given up');
  const response = await page.goto(url('/notifications/given-up?cursor=bogus'));
  assert.equal(response.status(), 200, 'a stray cursor shows the first page');

  // The admin's list of users, where sign-in lock-outs are cleared and second factors reset (not pressed here:
  // other journeys sign in as these users at the same time).
  await page.goto(url('/'));
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  assert.equal(new URL(page.url()).pathname, '/users');
  assert.equal(await h1Text(page), 'Users');
  assert.ok((await page.getByRole('button', { name: /^Clear sign-in attempts/ }).count()) >= 1);
  await checkAccessibility(page, 'users');
  await screenshot(page, 'users');
  await done();
});
