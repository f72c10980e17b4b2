// One child, one record (issue 14): a supervisor reporting a child already held is asked first whether it is
// someone already recorded; recorded anyway, the pair waits in the review queue, where it is decided through the
// form. The accessibility check runs on the question, the queue and the decision form.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkAccessibility, h1Text, launchBrowser, openPage, screenshot, signIn } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Fills the report form for a made-up child who went missing at 00:05 today (UK time). */
async function fillReport(page, given) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' })
    .formatToParts(new Date());
  const part = (type) => parts.find((p) => p.type === type).value;
  await page.getByLabel('Given name').fill(given);
  await page.getByLabel('Family name').fill('Quarrendon');
  await page.locator('#date_of_birth').fill('7');
  await page.locator('#dob_month').fill('9');
  await page.locator('#dob_year').fill(String(Number(part('year')) - 13));
  await page.getByLabel('Female', { exact: true }).check();
  await page.locator('#went_missing_at').fill(part('day'));
  await page.locator('#went_month').fill(part('month'));
  await page.locator('#went_year').fill(part('year'));
  await page.locator('#went_time').fill('0:05');
  await page.getByLabel('Where they went missing from', { exact: true }).selectOption('home');
}

test('a child reported twice is offered as already recorded, then linked through the review queue', async () => {
  const { page, done } = await openPage(browser);
  await signIn(page, 'police_supervisor');
  await page.goto(new URL('/episodes/new', page.url()).href);
  await fillReport(page, 'Odessa');
  await page.getByRole('button', { name: 'Report episode' }).click();
  await page.locator('.govuk-notification-banner--success').waitFor();

  // The same child again, her name in capitals: the page asks before recording anyone.
  await page.goto(new URL('/episodes/new', page.url()).href);
  await fillReport(page, 'ODESSA');
  await page.getByRole('button', { name: 'Report episode' }).click();
  await page.getByRole('heading', { name: 'Is this someone already recorded?' }).waitFor();
  const offered = await page.locator('.govuk-radios__label').allTextContents();
  assert.ok(offered.some((label) => label.includes('Odessa Quarrendon')), `offered: ${offered}`);
  await checkAccessibility(page, 'possible matches on the report form');
  await screenshot(page, 'report-possible-matches');

  // Recorded as new anyway, the pair is proposed for review.
  await page.getByLabel('None of these: record a new person').check();
  await page.getByRole('button', { name: 'Report episode' }).click();
  await page.locator('.govuk-notification-banner--success').waitFor();

  await page.goto(new URL('/', page.url()).href);
  await page.getByRole('link', { name: 'Review possible duplicate records' }).click();
  assert.equal(await h1Text(page), 'Possible duplicate records');
  await checkAccessibility(page, 'review queue');
  await page.getByRole('link', { name: /^Decide/ }).first().click();
  assert.equal(await h1Text(page), 'Review a possible duplicate');
  const compared = await page.locator('.govuk-summary-list').textContent();
  assert.match(compared, /Date of birth: the same\./);
  await checkAccessibility(page, 'decision form');
  await page.getByLabel('The same person: link the records').check();
  await page.getByLabel('Why').fill('Same child, reported twice tonight.');
  await screenshot(page, 'link-decision');
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await page.locator('.govuk-notification-banner--success').waitFor();
  await checkAccessibility(page, 'review queue after a decision');
  await done();
});
