// What follows a report (docs/FOLLOW-UP.md, docs/NOTICES.md), as a police supervisor works it: the long-term missing
// register from the home page, a register entry (a bad save first: the error summary, the input kept), a long-term
// review, Philomena part 2, a child abduction warning notice served in respect of the child, and the review of an
// episode imported graded "absent". Then a children's home's care staff: the long-term record, which they do not
// keep, is not found for them, and they record a notification to Ofsted. The accessibility check runs on every
// page visited.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  checkAccessibility,
  fillDate,
  h1Text,
  launchBrowser,
  openPage,
  repoRoot,
  screenshot,
  signIn,
  submitRefused,
  submitSaved,
  ukDay,
  url,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/**
 * An episode imported as the legacy systems sent it, graded "absent" (a category abolished in 2017), through the
 * same command a force's migration uses. HOMEWARD_DATABASE_URL and HOMEWARD_BIN come from scripts/browser-tests.sh.
 */
function importLegacyAbsent(familyName) {
  const database = process.env.HOMEWARD_DATABASE_URL;
  assert.ok(database, 'HOMEWARD_DATABASE_URL names the demo server\'s database');
  const bin = process.env.HOMEWARD_BIN || join(repoRoot, 'target', 'debug', 'homeward');
  const hour = 60 * 60 * 1000;
  const at = (ago) => new Date(Date.now() - ago).toISOString().replace(/\.\d+Z$/, 'Z');
  const dir = mkdtempSync(join(tmpdir(), 'homeward-legacy-'));
  try {
    const file = join(dir, 'legacy.csv');
    const ref = `BROWSER-ABSENT-${Date.now()}`;
    writeFileSync(
      file,
      'source_ref,agency,person_ref,given_name,family_name,date_of_birth,sex,looked_after,responsible_la,missing_from,went_missing_at,risk_grade,returned_at,return_outcome\n' +
        `${ref},NMP,${ref},Synthetic,${familyName},2011-03-04,F,N,E10000901,home,${at(2 * hour)},absent,${at(hour)},returned_self\n`,
    );
    execFileSync(bin, ['--database-url', database, 'import', 'episodes', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a police supervisor keeps the long-term missing register, a notice and a legacy review; a home tells Ofsted', async () => {
  importLegacyAbsent('Absentee');
  const supervisor = await openPage(browser);
  await signIn(supervisor.page, 'police_supervisor');
  const page = supervisor.page;

  // The force's child abduction warning notices, from the home page: an adult served one before, by their id.
  await page.getByRole('link', { name: 'Child abduction warning notices' }).click();
  assert.equal(await h1Text(page), 'Child abduction warning notices');
  await checkAccessibility(page, 'child abduction warning notices');
  const adultHref = await page.locator('table.govuk-table tbody tr a').first().getAttribute('href');
  const associateId = new URL(adultHref, page.url()).searchParams.get('associate_id');
  assert.ok(associateId, 'the adult\'s notices are listed by their id');
  await page.goto(url('/'));

  // The register, from the home page: the person missing longest first, reviews overdue flagged.
  await page.getByRole('link', { name: 'Long-term missing register' }).click();
  assert.equal(await h1Text(page), 'Long-term missing');
  await checkAccessibility(page, 'long-term missing register');
  const row = page.locator('table.govuk-table tbody tr').first();
  const name = (await row.locator('a').innerText()).trim();
  await row.locator('a').click();
  assert.equal(await h1Text(page), name);
  const episodePath = new URL(page.url()).pathname;
  assert.match((await page.locator('main h2').allInnerTexts()).join('|'), /Long-term missing register/);
  await checkAccessibility(page, 'long-term episode');

  // The entry: a guardian without the order's date is refused, and what was typed stays.
  await page.getByRole('link', { name: 'Long-term missing register entry' }).click();
  assert.equal(await h1Text(page), 'Long-term missing register entry');
  await checkAccessibility(page, 'long-term entry form');
  await page.getByLabel('Family liaison officer (optional)').fill('DC Synthetic Liaison');
  await page.getByLabel('Guardian named in the order (optional)').fill('A. Synthetic Guardian');
  await submitRefused(page, 'Save the entry', 'long-term entry form');
  assert.equal(await page.getByLabel('Family liaison officer (optional)').inputValue(), 'DC Synthetic Liaison');
  assert.equal(await page.getByLabel('Guardian named in the order (optional)').inputValue(), 'A. Synthetic Guardian');
  await fillDate(page, 'guardianship_order_on', 'guardianship_order', ukDay(-30));
  await submitSaved(page, 'Save the entry', 'episode after the register entry');
  assert.match(await page.locator('main').innerText(), /DC Synthetic Liaison/);

  // A review, dated today: the next falls due an interval on.
  await page.getByRole('link', { name: 'Record a long-term review' }).click();
  await checkAccessibility(page, 'long-term review form');
  await fillDate(page, 'reviewed_on', 'reviewed', ukDay(0));
  await page.getByLabel('What the review found and decided').fill('Family seen; MPU circulation renewed.');
  await submitSaved(page, 'Record the review', 'episode after the long-term review');

  // Philomena part 2, shown with part 1 on the episode.
  await page.getByRole('link', { name: 'Philomena part 2: clothing and where last seen' }).click();
  await checkAccessibility(page, 'Philomena part 2 form');
  await page.getByLabel('What they were wearing when last seen').fill('Green parka, grey joggers, white trainers');
  await page.getByLabel('Where and when they were last seen').fill('Bus station, Friday evening');
  await submitSaved(page, 'Save part 2', 'episode with part 2');
  assert.match(await page.locator('main').innerText(), /Green parka/);
  await screenshot(page, 'long-term-episode');

  // A notice served today on the adult in respect of this child, the child filled in from the episode; a date
  // written the wrong way is refused with what was typed kept.
  await page.getByRole('link', { name: 'Child abduction warning notices' }).click();
  await page.getByRole('button', { name: 'Record a notice' }).click();
  assert.equal(await h1Text(page), 'Record a child abduction warning notice');
  assert.match(await page.getByLabel("The child's Homeward id").inputValue(), /^[0-9a-f-]{36}$/, 'the child comes filled in');
  await checkAccessibility(page, 'record a child abduction warning notice');
  await page.getByLabel("The adult's Homeward id").fill(associateId);
  await page.getByLabel('Police reference (optional)').fill('CAWN-BROWSER-1');
  const today = ukDay(0);
  await page.getByLabel('Served on').fill(`${today.day}/${today.month}/${today.year}`);
  await page.getByLabel('Expires on').fill(ukDay(365).iso);
  await submitRefused(page, 'Record the notice', 'record a child abduction warning notice');
  assert.equal(await page.getByLabel('Police reference (optional)').inputValue(), 'CAWN-BROWSER-1');
  await page.getByLabel('Served on').fill(today.iso);
  await submitSaved(page, 'Record the notice', 'the child\'s notices');
  assert.match(await page.locator('table.govuk-table').innerText(), /CAWN-BROWSER-1/);

  // The episode imported as "absent": flagged until the supervisor reviews it.
  await page.goto(url('/episodes?status=returned'));
  await page.getByRole('link', { name: 'Synthetic Absentee' }).first().click();
  await page.locator('.govuk-warning-text').filter({ hasText: '"absent"' }).waitFor();
  await checkAccessibility(page, 'episode imported as absent');
  await page.getByRole('link', { name: 'Review the grade' }).click();
  assert.equal(await h1Text(page), 'Review the "absent" grade');
  await checkAccessibility(page, 'legacy absent review form');
  await page.getByLabel('What you concluded (optional)').fill('Regraded low on the evidence at the time.');
  await submitSaved(page, 'Mark the review done', 'episode after the legacy review');
  assert.equal(await page.getByRole('link', { name: 'Review the grade' }).count(), 0, 'the review is asked for once');
  await supervisor.done();

  // Care staff keep no long-term record, and this child was never placed with their home: not found.
  const carer = await openPage(browser);
  await signIn(carer.page, 'care_staff');
  const home = carer.page;
  const response = await home.goto(url(`${episodePath}/long-term`));
  assert.equal(response.status(), 404, `care staff GET ${episodePath}/long-term answered ${response.status()}`);
  assert.match(await h1Text(home), /not found/i);
  assert.doesNotMatch(await home.locator('main').innerText(), new RegExp(name));
  await checkAccessibility(home, 'long-term entry not found');

  // What the home owes Ofsted: an unreal date is refused, the reference kept; then told now.
  await home.goto(url('/'));
  await home.getByRole('link', { name: 'Notifications to Ofsted' }).first().click();
  assert.equal(await h1Text(home), 'Notifications to Ofsted');
  await checkAccessibility(home, 'notifications to Ofsted');
  await home.locator('.govuk-summary-card__actions a[href^="/ofsted-notifications/"]').first().click();
  assert.equal(await h1Text(home), 'Record a notification to Ofsted');
  await checkAccessibility(home, 'record a notification to Ofsted');
  await home.getByLabel("Ofsted's reference (optional)").fill('OFS-BROWSER-1');
  await fillDate(home, 'notified_at', 'notified', { day: '31', month: '2', year: today.year });
  await submitRefused(home, 'Record the notification', 'record a notification to Ofsted');
  assert.equal(await home.getByLabel("Ofsted's reference (optional)").inputValue(), 'OFS-BROWSER-1');
  const now = ukDay(0);
  await fillDate(home, 'notified_at', 'notified', now);
  await home.locator('#notified_time').fill(now.time);
  await submitSaved(home, 'Record the notification', 'notifications to Ofsted after recording');
  await screenshot(home, 'ofsted-notifications');
  await carer.done();
});
