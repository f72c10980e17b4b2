// A care provider keeps a child's Philomena profile and photograph, and reads its earlier versions; the page and the
// photograph upload work through the real forms, without JavaScript help, and pass the accessibility check.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkAccessibility, episodeRowLinks, h1Text, launchBrowser, openPage, screenshot, signIn } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// A 1x1 PNG, made here: never a real person's photograph.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

test('care staff keep a Philomena profile with a dated photograph', async () => {
  const { page, done } = await openPage(browser);
  await signIn(page, 'care_staff');
  await page.getByRole('link', { name: 'Missing episodes' }).first().click();
  const links = await episodeRowLinks(page);
  assert.ok(links.length > 0, 'the provider sees the children placed with it');
  await page.locator(`a[href="${links[0].href}"]`).first().click();
  await page.getByRole('link', { name: 'Philomena or Herbert profile' }).click();
  assert.match(await h1Text(page), /Protocol profile$/);
  await checkAccessibility(page, 'profile');

  await page.getByLabel('Places frequented').fill('Skate park by the station; the arcade on Market Street');
  await page.getByRole('button', { name: 'Save a new version' }).click();
  await page.locator('.govuk-notification-banner--success').waitFor();
  assert.equal(await page.getByLabel('Places frequented').inputValue(), 'Skate park by the station; the arcade on Market Street');

  // Every save is a version: the list, latest first, and the one just saved, with who saved it.
  await page.getByRole('link', { name: 'See every version' }).click();
  assert.equal(await h1Text(page), 'Earlier versions');
  await checkAccessibility(page, 'profile versions');
  await page.locator('table.govuk-table tbody tr a').first().click();
  assert.match(await h1Text(page), /^Version \d+$/);
  assert.match(await page.locator('main').innerText(), /Saved by .+Skate park by the station/s);
  await checkAccessibility(page, 'profile version');
  await page.getByRole('link', { name: 'Back to the versions' }).click();
  await page.getByRole('link', { name: 'Back to the profile' }).click();

  await page.locator('#taken_day').fill('1');
  await page.locator('#taken_month').fill('5');
  await page.locator('#taken_year').fill('2026');
  await page.setInputFiles('#photo', { name: 'photo.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Upload photograph' }).click();
  const image = page.locator('img.app-photo');
  await image.waitFor();
  assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth === 1), 'the photograph loads');
  await checkAccessibility(page, 'profile with photograph');
  await screenshot(page, 'profile');
  await done();
});
