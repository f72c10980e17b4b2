// The returns a council owes (docs/RETURNS.md): a council's senior manager goes from the figures to the Returns
// page, asks for a period that runs backwards (the error summary, the file chosen kept), then downloads Ofsted's
// Annex A list. The accessibility check runs on every page visited.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { checkAccessibility, h1Text, launchBrowser, openPage, screenshot, signIn, submitRefused, ukDay } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('a council\'s senior manager downloads Ofsted\'s Annex A list from the Returns page', async () => {
  const { page, done } = await openPage(browser);
  await signIn(page, 'la_senior_manager');
  await page.getByRole('link', { name: 'Figures', exact: true }).first().click();
  await page.getByRole('link', { name: 'Returns', exact: true }).click();
  assert.equal(await h1Text(page), 'Returns');
  await checkAccessibility(page, 'returns');
  // A period that runs backwards is refused; the file chosen stays chosen.
  await page.getByLabel("Ofsted Annex A: missing episodes of the council's children").check();
  const fill = async (first, prefix, [day, month, year]) => {
    await page.locator(`#${first}`).fill(day);
    await page.locator(`#${prefix}_month`).fill(month);
    await page.locator(`#${prefix}_year`).fill(year);
  };
  const year = ukDay().year;
  await fill('from', 'from', ['1', '1', year]);
  await fill('to', 'to', ['1', '1', String(Number(year) - 1)]);
  await submitRefused(page, 'Prepare the file', 'returns');
  assert.ok(await page.getByLabel("Ofsted Annex A: missing episodes of the council's children").isChecked());
  await fill('to', 'to', ['31', '12', year]);
  await page.getByRole('button', { name: 'Prepare the file' }).click();
  await page.getByRole('heading', { name: 'Your file is ready' }).waitFor();
  await checkAccessibility(page, 'returns with the file ready');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download as CSV/ }).click()]);
  assert.match(download.suggestedFilename(), /^annex-a-E10000901-\d{4}-01-01-to-\d{4}-12-31\.csv$/);
  const csv = (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
  assert.match(csv[0], /^Child Unique ID,Gender,Date of Birth,Age of Child \(Years\),/);
  assert.ok(csv.length > 1, 'the council\'s children who went missing this year are listed');
  await screenshot(page, 'returns');
  await done();
});
