// After the return (docs/AFTER-MISSING.md): the interview practitioner plans support after a completed interview
// (an empty form first: the error summary, the input kept), records a session and a review and closes the plan;
// the child's social worker records the child missing education, sees it among the exploitation prompts and ends
// it. The accessibility check runs on every page visited.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  checkAccessibility,
  fillDate,
  h1Text,
  launchBrowser,
  openPage,
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

test('a practitioner plans support after an interview; a social worker records a child missing education', async () => {
  const practitioner = await openPage(browser);
  await signIn(practitioner.page, 'rhi_practitioner');
  const page = practitioner.page;

  // The plans the practitioner's agency holds, from the home page; then a completed interview of theirs.
  await page.getByRole('link', { name: 'Support plans' }).click();
  assert.equal(await h1Text(page), 'Support plans');
  await checkAccessibility(page, 'support plans');
  await page.getByRole('link', { name: 'Return interviews' }).first().click();
  await page.locator('table.govuk-table tbody tr').filter({ hasText: 'Completed' }).first().locator('a[href^="/return-interviews/"]').click();
  assert.equal(await h1Text(page), 'Return interview');
  const episodeHref = await page.getByRole('link', { name: 'Back to the episode' }).getAttribute('href');

  // The plan: nothing filled in is refused, and what was typed stays.
  await page.getByRole('button', { name: 'Plan support' }).click();
  assert.equal(await h1Text(page), 'Plan support');
  await checkAccessibility(page, 'plan support form');
  await page.getByLabel('Safety plan').fill('Carers collect from school; a trusted adult to call.');
  await submitRefused(page, 'Make the plan', 'plan support form');
  assert.equal(await page.getByLabel('Safety plan').inputValue(), 'Carers collect from school; a trusted adult to call.');
  await page.getByLabel('How many sessions are planned?').fill('4');
  await fillDate(page, 'review_on', 'review_on', ukDay(28));
  await submitSaved(page, 'Make the plan', 'support plan');
  assert.equal(await h1Text(page), 'Support plan');

  // A session held today, a review moving the date on, then the outcome closing it.
  const sessions = page.locator('form[action$="/sessions"]');
  await fillDate(sessions, 'held_on', 'held_on', ukDay(0));
  await sessions.getByLabel('Yes', { exact: true }).check();
  await sessions.getByLabel('Note (optional)').fill('Talked through the safety plan.');
  await submitSaved(page, 'Record the session', 'support plan with a session');
  assert.match(await page.locator('table.govuk-table').innerText(), /Talked through the safety plan/);
  await fillDate(page.locator('form[action$="/review"]'), 'review_on', 'review_on', ukDay(56));
  await submitSaved(page, 'Record the review', 'support plan reviewed');
  await page.getByLabel("The plan's aims were met").check();
  await submitSaved(page, 'Close the plan', 'support plan closed');
  await screenshot(page, 'support-plan');

  // The child's record of missing education is the council's to keep: the social worker's, from the episode.
  await page.getByRole('link', { name: 'The missing episode' }).click();
  assert.equal(new URL(page.url()).pathname, episodeHref, 'the plan leads back to the episode');
  const educationHref = await page.getByRole('link', { name: 'Missing education' }).getAttribute('href');
  await practitioner.done();

  const worker = await openPage(browser);
  await signIn(worker.page, 'social_worker');
  const w = worker.page;
  await w.goto(url(educationHref));
  assert.equal(await h1Text(w), 'Missing education');
  await checkAccessibility(w, 'missing education');
  // A spell with no reason and an unreal date is refused; the dates typed stay.
  await fillDate(w, 'started_on', 'started_on', { day: '31', month: '2', year: ukDay(0).year });
  await submitRefused(w, 'Record it', 'missing education');
  assert.equal(await w.locator('#started_on').inputValue(), '31');
  assert.match(await w.locator('.govuk-error-summary').innerText(), /Started on: enter a real date, for example/);
  await w.getByLabel('Persistently absent from school').check();
  await fillDate(w, 'started_on', 'started_on', ukDay(-30));
  await submitSaved(w, 'Record it', 'missing education recorded');
  assert.match(await w.locator('main ul.govuk-list').innerText(), /Persistently absent from school since/);

  // It counts among the exploitation prompts on the episode.
  await w.goto(url(episodeHref));
  assert.match(await w.locator('main').innerText(), /Persistently absent from school since/);
  await w.getByRole('link', { name: 'Missing education' }).click();
  await w.getByRole('button', { name: /^Back in education today/ }).first().click();
  await w.locator('.govuk-notification-banner--success').waitFor();
  await checkAccessibility(w, 'missing education ended');
  await screenshot(w, 'missing-education');
  await worker.done();
});
