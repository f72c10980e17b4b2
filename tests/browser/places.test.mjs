// Places and people (issue 15): a council's missing coordinator asks, with a reason, for the hotspots of the demo
// year (drawn as a map with its table), finds the places of a postcode district, opens one and a child linked to it,
// sees that child's network drawn and tabled, and opens the place as a context. The accessibility check runs on
// each page, and nothing needs JavaScript.
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

const REASON = 'Exploitation strategy meeting for Northmoor';

/** A date `days` before today, YYYY-MM-DD (UK calendar). */
function daysAgo(days) {
  const when = new Date(Date.now() - days * 24 * 3600 * 1000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(when);
}

test('a coordinator asks with a reason for hotspots, a place, a child network and opens a context', async () => {
  const { page, done } = await openPage(browser);
  await signIn(page, 'la_coordinator');
  await page.getByRole('link', { name: 'hotspots' }).click();
  assert.equal(await h1Text(page), 'Hotspots');
  await page.getByLabel('First day').fill(daysAgo(365));
  await page.getByLabel('Last day').fill(daysAgo(0));
  await page.getByLabel('Places (coordinators only)').check();
  await page.getByLabel('Why are you looking?').fill(REASON);
  await page.getByRole('button', { name: 'Show hotspots' }).click();
  await page.locator('#chart-hotspots svg').waitFor();
  const rows = await page.locator('#chart-hotspots + table tbody tr').count();
  assert.ok(rows > 0, 'the map comes with its table');
  await checkAccessibility(page, 'hotspots');
  await screenshot(page, 'hotspots');

  await page.goto(new URL('/places', page.url()).href);
  await page.getByLabel('Postcode or district').fill('DH1');
  await page.getByLabel('Why are you looking?').fill(REASON);
  await page.getByRole('button', { name: 'Find places' }).click();
  await checkAccessibility(page, 'places in a district');
  await page.locator('table a.govuk-link').first().click();
  await page.getByRole('heading', { name: 'By month' }).waitFor();
  await checkAccessibility(page, 'a place');
  await screenshot(page, 'place');
  const place = page.url();

  // The demo's places in DH1 are where its planted networks meet children: the place lists a child to follow.
  const child = page.locator('table a[href*="/network"]').first();
  assert.ok((await child.count()) > 0, 'the place lists a child the coordinator sees');
  await child.click();
  await page.locator('#chart-network svg').waitFor();
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await checkAccessibility(page, 'a child network');
  await screenshot(page, 'network');

  await page.goto(place);
  await page.getByRole('link', { name: 'Open a context about this place' }).click();
  assert.equal(await h1Text(page), 'Open a context');
  await page.getByRole('button', { name: 'Open the context' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  await checkAccessibility(page, 'context form with errors');
  await page.getByLabel('Title').fill('Station and takeaway');
  await page.getByLabel('Plan').fill('Disruption visits with the police; safety plans for the children named');
  await page.getByLabel('Review by').fill(daysAgo(-28));
  await page.getByRole('button', { name: 'Open the context' }).click();
  await page.locator('.govuk-notification-banner--success').waitFor();
  await checkAccessibility(page, 'a context');
  await screenshot(page, 'context');
  await done();
});
