// The return, end to end through the real forms: an officer records a child's return and the safe and well check,
// the council assigns the interview to an independent practitioner, the practitioner records the outcome with
// findings and a recommendation for the police, and the police respond. The accessibility check runs on every
// form, with and without errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { account, checkAccessibility, h1Text, launchBrowser, openPage, screenshot, signIn, url } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Yesterday in UK time, as the day, month and year a person would type: every time that day is past. */
function yesterday() {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' })
    .formatToParts(new Date(Date.now() - 24 * 60 * 60 * 1000));
  const part = (type) => parts.find((p) => p.type === type).value;
  return { day: part('day'), month: part('month'), year: part('year') };
}

async function fillWhen(page, first, prefix, { day, month, year }, time) {
  await page.locator(`#${first}`).fill(day);
  await page.locator(`#${prefix}_month`).fill(month);
  await page.locator(`#${prefix}_year`).fill(year);
  if (time) await page.locator(`#${prefix}_time`).fill(time);
}

async function submitExpectingErrors(page, button, name) {
  await page.getByRole('button', { name: button }).click();
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.title(), /^Error: /);
  await checkAccessibility(page, `${name} with errors`);
}

test('a return, its interview, the outcome with a recommendation, and the police response', async () => {
  const date = yesterday();
  const officer = await openPage(browser);
  await signIn(officer.page, 'police_officer');
  const page = officer.page;

  // A child who went missing just after midnight yesterday, back before one in the morning.
  await page.goto(url('/episodes/new'));
  await page.getByLabel('Given name').fill('Synthetic');
  await page.getByLabel('Family name').fill('Returner');
  await page.locator('#date_of_birth').fill('9');
  await page.locator('#dob_month').fill('9');
  await page.locator('#dob_year').fill(String(Number(date.year) - 14));
  await page.getByLabel('Female', { exact: true }).check();
  await page.getByLabel('Responsible council').selectOption({ index: 1 });
  await fillWhen(page, 'went_missing_at', 'went', date, '0:01');
  await page.getByLabel('Where they went missing from', { exact: true }).selectOption('home');
  await page.getByRole('button', { name: 'Report episode' }).click();
  await page.locator('.govuk-notification-banner--success').waitFor();
  const episodePath = new URL(page.url()).pathname;

  // Record the return: empty first, then properly.
  await page.getByRole('button', { name: 'Record the return' }).click();
  assert.equal(await h1Text(page), 'Record the return');
  await checkAccessibility(page, 'return form');
  await submitExpectingErrors(page, 'Save the return', 'return form');
  await fillWhen(page, 'returned_at', 'returned', date, '0:30');
  await page.getByLabel('Found by police').check();
  await page.getByLabel('Where they were found (optional)', { exact: true }).fill('Railway station');
  await page.getByLabel('Postcode where they were found (optional)').fill('ls1 1al');
  await page.getByLabel('Who found them (optional)').fill('British Transport Police');
  await page.getByLabel('Yes', { exact: true }).check();
  await screenshot(page, 'return');
  await page.getByRole('button', { name: 'Save the return' }).click();
  await page.locator('.govuk-notification-banner--success').waitFor();
  assert.match(await page.locator('.govuk-summary-list').allTextContents().then((t) => t.join(' ')), /LS1 1AL/);
  await checkAccessibility(page, 'returned episode');

  // The safe and well check closes the police side.
  await page.getByRole('button', { name: 'Record the safe and well check' }).click();
  await checkAccessibility(page, 'safe and well form');
  await submitExpectingErrors(page, 'Save the check', 'safe and well form');
  await fillWhen(page, 'checked_at', 'checked', date, '0:45');
  await page.getByLabel('Yes', { exact: true }).check();
  await page.getByLabel('What they disclosed (optional)').fill('Went to meet an older friend in Leeds.');
  await page.getByRole('button', { name: 'Save the check' }).click();
  await page.locator('.govuk-notification-banner--success').waitFor();
  const interviewHref = await page.locator('a[href^="/return-interviews/"]').first().getAttribute('href');
  assert.ok(interviewHref, 'the episode links to its return interview');
  await officer.done();

  // The council assigns the interview to the independent practitioner.
  const council = await openPage(browser);
  await signIn(council.page, 'la_coordinator');
  await council.page.goto(url('/return-interviews'));
  await checkAccessibility(council.page, 'return interview list');
  await council.page.goto(url(interviewHref));
  assert.equal(await h1Text(council.page), 'Return interview');
  await checkAccessibility(council.page, 'interview page');
  await council.page.getByLabel('Who will hold it').selectOption(account('rhi_practitioner').userId);
  await council.page.getByRole('button', { name: 'Assign' }).click();
  await council.page.locator('.govuk-notification-banner--success').waitFor();
  await screenshot(council.page, 'interview-assigned');
  await council.done();

  // The practitioner records the outcome: errors first, then completed with findings and a recommendation.
  const practitioner = await openPage(browser);
  await signIn(practitioner.page, 'rhi_practitioner');
  const p = practitioner.page;
  await p.goto(url(interviewHref));
  await p.getByRole('button', { name: 'Record the outcome' }).click();
  assert.equal(await h1Text(p), 'Record the outcome');
  await checkAccessibility(p, 'outcome form');
  await p.getByLabel('Completed: the interview took place').check();
  await submitExpectingErrors(p, 'Save the outcome', 'outcome form');
  await fillWhen(p, 'offered_at', 'offered', date, '0:50');
  await fillWhen(p, 'completed_at', 'completed', date, '0:55');
  await p.locator('#pull_factors-exploitation').check();
  await p.locator('#cce_indicators').check();
  await p.getByLabel('Place 1', { exact: true }).fill('Flat above the takeaway');
  await p.getByLabel('Postcode of place 1').fill('LS1 1AL');
  await p.locator('#person1_nickname').fill('Tiny');
  await p.getByLabel('In their own words (optional)').fill('They said I owed them.');
  await p.locator('#rec1_owner_agency').selectOption(account('police_officer').agency);
  await p.locator('#rec1_action').fill('Visit the flat named and disrupt');
  await fillWhen(p, 'rec1_due_on', 'rec1_due', { ...date, year: String(Number(date.year) + 1) });
  await screenshot(p, 'outcome');
  await p.getByRole('button', { name: 'Save the outcome' }).click();
  await p.locator('.govuk-notification-banner--success').waitFor();
  const found = (await p.locator('.govuk-summary-list').allTextContents()).join(' ');
  assert.match(found, /They said I owed them/);
  await checkAccessibility(p, 'interview with outcome');
  await practitioner.done();

  // The police see the recommendation and record their response.
  const police = await openPage(browser);
  await signIn(police.page, 'police_officer');
  const r = police.page;
  await r.getByRole('link', { name: 'Recommendations' }).first().click();
  await checkAccessibility(r, 'recommendations');
  await r.getByRole('link', { name: /^Respond/ }).first().click();
  assert.equal(await h1Text(r), 'Respond to a recommendation');
  await checkAccessibility(r, 'respond form');
  await r.getByLabel('Declined', { exact: true }).check();
  await submitExpectingErrors(r, 'Record the response', 'respond form');
  await r.getByLabel('Accepted and done').check();
  await r.getByLabel('What was done, or why it was declined').fill('Flat visited; warning notice served.');
  await r.getByRole('button', { name: 'Record the response' }).click();
  await r.locator('.govuk-notification-banner--success').waitFor();
  await screenshot(r, 'recommendation-answered');
  await police.done();
  assert.ok(episodePath.startsWith('/episodes/'));
});
