// Reporting a missing episode and recording a risk assessment through the real forms, as a police officer and
// then as the council's senior manager, with the accessibility check on every form and result.
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

/** Today in UK time, as the day, month and year a person would type. */
function today() {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' })
    .formatToParts(new Date());
  const part = (type) => parts.find((p) => p.type === type).value;
  return { day: part('day'), month: part('month'), year: part('year') };
}

test('an officer reports an episode and grades it; the rules and the council see it', async () => {
  const { page, done } = await openPage(browser);
  await signIn(page, 'police_officer');

  await page.getByRole('link', { name: 'Missing episodes' }).first().click();
  await page.getByRole('link', { name: 'Report a missing episode' }).click();
  assert.equal(await h1Text(page), 'Report a missing episode');
  await checkAccessibility(page, 'report form');

  // A form sent empty comes back with every problem listed, and is still accessible.
  await page.getByRole('button', { name: 'Report episode' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.title(), /^Error: /);
  await checkAccessibility(page, 'report form with errors');
  await screenshot(page, 'report-errors');

  const { day, month, year } = today();
  await page.getByLabel('Given name').fill('Synthetic');
  await page.getByLabel('Family name').fill('Browser');
  await page.locator('#date_of_birth').fill('4');
  await page.locator('#dob_month').fill('5');
  await page.locator('#dob_year').fill(String(Number(year) - 12));
  await page.getByLabel('Male', { exact: true }).check();
  await page.getByLabel('Responsible council').selectOption({ label: 'Northmoor County Council' });
  await page.locator('#went_missing_at').fill(day);
  await page.locator('#went_month').fill(month);
  await page.locator('#went_year').fill(year);
  await page.locator('#went_time').fill('0:05');
  await page.getByLabel('Where they went missing from', { exact: true }).selectOption('home');
  await page.getByLabel('Where they were last seen (optional)').fill('Leisure centre car park');
  await screenshot(page, 'report');
  await page.getByRole('button', { name: 'Report episode' }).click();

  await page.locator('.govuk-notification-banner--success').waitFor();
  assert.equal(await h1Text(page), 'Synthetic Browser');
  const episodePath = new URL(page.url()).pathname;
  await checkAccessibility(page, 'reported episode');

  await page.getByRole('button', { name: 'Record a risk assessment' }).click();
  assert.equal(await h1Text(page), 'Record a risk assessment');
  await checkAccessibility(page, 'assessment form');
  await page.getByLabel('Low', { exact: true }).check();
  await page.getByLabel('Out of character').check();
  await page.getByLabel('Why this grade').fill('Mum says he is at a friend\'s; not answering his phone.');
  await screenshot(page, 'assess');
  await page.getByRole('button', { name: 'Save assessment' }).click();

  await page.locator('.govuk-notification-banner--success').waitFor();
  const tags = await page.locator('.govuk-tag').allTextContents();
  assert.ok(tags.some((t) => t.includes('Risk: Medium')), `a 12-year-old is never below medium (tags: ${tags})`);
  await checkAccessibility(page, 'assessed episode');
  await screenshot(page, 'assessed');
  await done();

  // The council's senior manager sees the child, grades high, and gets the alert on the home page.
  const manager = await openPage(browser);
  await signIn(manager.page, 'la_senior_manager');
  await manager.page.goto(url(`${episodePath}/assess`));
  await manager.page.getByLabel('High', { exact: true }).check();
  await manager.page.getByLabel('Why this grade').fill('Known to be associating with older men who carry cash.');
  await manager.page.getByRole('button', { name: 'Save assessment' }).click();
  await manager.page.locator('.govuk-notification-banner--success').waitFor();
  await manager.page.goto(url('/'));
  const alerts = await manager.page.locator('.govuk-checkboxes__label').allTextContents();
  assert.ok(alerts.some((a) => a.includes('graded high')), `the council is alerted (alerts: ${alerts})`);
  await checkAccessibility(manager.page, 'home with alerts');
  await screenshot(manager.page, 'home-alerts');
  // The worklist: the alerts are counted by kind, and several are acknowledged at once with one note.
  await manager.page.getByRole('link', { name: /graded high/ }).click();
  await manager.page.locator('.govuk-checkboxes__input').first().check();
  await manager.page.getByLabel('What was done').fill('Senior manager told; strategy discussion booked.');
  await manager.page.getByRole('button', { name: 'Acknowledge the selected alerts' }).click();
  await manager.page.locator('.govuk-notification-banner--success').waitFor();
  await checkAccessibility(manager.page, 'home after acknowledging');
  await manager.done();
});
