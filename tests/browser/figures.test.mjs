// The figures page as an analyst uses it: the default period, a shorter one, numbers in every table, charts that
// are labelled images each followed by its table, the error summary, and the CSV download. The accessibility
// check runs with and without form errors.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { checkAccessibility, h1Text, launchBrowser, openPage, screenshot, signIn } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A count or share as the page writes it: 1,234 or 45.7% (or a dash where no rate exists). */
const FIGURE = /^(\d{1,3}(,\d{3})*|\d{1,3}(\.\d)?%|–)$/;

/** The value of a summary list row, as a number. */
async function summaryValue(page, label) {
  const text = await page
    .locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
    .first()
    .locator('dd')
    .innerText();
  return Number(text.replace(/,/g, ''));
}

async function checkFigures(page, where) {
  const cells = await page.$$eval('td.govuk-table__cell--numeric, dd.app-figure-value', (els) =>
    els.map((el) => el.textContent.trim()),
  );
  assert.ok(cells.length > 40, `${where}: the figures are shown (${cells.length} values)`);
  for (const cell of cells) assert.match(cell, FIGURE, `${where}: "${cell}" is a number`);
  const charts = await page.$$eval('svg[role="img"]', (svgs) =>
    svgs.map((svg) => ({
      label: svg.getAttribute('aria-label'),
      title: svg.querySelector('title')?.textContent,
      next: svg.closest('figure')?.nextElementSibling?.tagName,
      bars: svg.querySelectorAll('rect').length,
    })),
  );
  assert.equal(charts.length, 4, `${where}: four charts`);
  for (const chart of charts) {
    assert.ok(chart.label && chart.label === chart.title, `${where}: a chart is labelled: ${JSON.stringify(chart)}`);
    assert.equal(chart.next, 'TABLE', `${where}: "${chart.label}" is followed by its table`);
    assert.ok(chart.bars > 2, `${where}: "${chart.label}" draws bars`);
  }
}

test('an analyst reads the key figures, changes the period and downloads them as CSV', async () => {
  const { page, done } = await openPage(browser);
  await signIn(page, 'analyst');
  await page.getByRole('link', { name: 'Figures', exact: true }).click();
  await page.waitForLoadState('load');
  assert.equal(await h1Text(page), 'Key figures');
  await checkFigures(page, 'the last 12 months');
  const yearIncidents = await summaryValue(page, 'Incidents');
  assert.ok(yearIncidents > 0, 'the demo year has incidents in the last 12 complete months');
  await checkAccessibility(page, 'figures');
  await screenshot(page, 'figures');

  // The last three complete months instead.
  const toMonth = Number(await page.locator('#to_month').inputValue());
  const toYear = Number(await page.locator('#to_year').inputValue());
  const fromMonth = ((toMonth + 9) % 12) + 1;
  const fromYear = fromMonth > toMonth ? toYear - 1 : toYear;
  await page.locator('#from').fill('1');
  await page.locator('#from_month').fill(String(fromMonth));
  await page.locator('#from_year').fill(String(fromYear));
  await page.getByRole('button', { name: 'Show figures' }).click();
  await page.waitForLoadState('load');
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const heading = await page.locator('h2.govuk-heading-m').first().innerText();
  assert.match(heading, new RegExp(`^1 ${months[fromMonth - 1]} ${fromYear} to `), 'the chosen period is shown');
  await checkFigures(page, 'three months');
  const quarterIncidents = await summaryValue(page, 'Incidents');
  assert.ok(quarterIncidents > 0 && quarterIncidents < yearIncidents, `${quarterIncidents} of ${yearIncidents}`);
  assert.equal(await page.locator('#chart-incidents-by-month + table tbody tr').count(), 3, 'one row a month');
  await checkAccessibility(page, 'figures for three months');

  // The CSV holds the same figures.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /Download as CSV/ }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^key-figures-\d{4}-\d{2}-01-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  assert.equal(csv[0], 'figure,value');
  // A header, CONTRACT.md's 32 figures, and issue 17's six: the ofsted group's four, children missing education and
  // legacy absent episodes awaiting review.
  assert.equal(csv.length, 39, 'a header and every figure');
  assert.equal(csv[1], `incidents,${quarterIncidents}`);
  for (const row of csv.slice(1)) assert.match(row, /^[a-z_]+(\.[a-z0-9_]+)?,\d+$/);

  // An end before the start, and a date that does not exist: named in the error summary.
  await page.locator('#to').fill('31');
  await page.locator('#to_month').fill('2');
  await page.locator('#from_year').fill(String(toYear + 1));
  await page.getByRole('button', { name: 'Show figures' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.title(), /^Error: /);
  const summary = await page.locator('.govuk-error-summary').innerText();
  assert.match(summary, /Enter a real end date/);
  await checkAccessibility(page, 'figures with errors');
  await screenshot(page, 'figures-errors');
  await page.locator('#to').fill('28');
  await page.locator('#from_year').fill(String(toYear));
  await page.locator('#to_year').fill(String(toYear - 1));
  await page.getByRole('button', { name: 'Show figures' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /End date must be the same as or after the start date/);
  await checkAccessibility(page, 'figures with a backwards period');
  await done();
});
