// The episodes list, one episode, and scope (an analyst cannot open a named episode).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  checkAccessibility,
  checkStylesheets,
  episodeRowLinks,
  h1Text,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  url,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const EPISODE_HREF = /^\/episodes\/[^/?#]+$/;

/** Cell texts of the episodes table column headed `heading`, or null when there is no such column. */
async function columnTexts(page, heading) {
  return page.$$eval(
    'table.govuk-table',
    ([table], heading) => {
      const heads = Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent.replace(/\s+/g, ' ').trim());
      const i = heads.indexOf(heading);
      if (i < 0) return null;
      return Array.from(table.querySelectorAll('tbody tr')).map((tr) =>
        (tr.children[i]?.textContent || '').replace(/\s+/g, ' ').trim(),
      );
    },
    heading,
  );
}

function assertRowLinks(rows, where) {
  assert.ok(rows.length > 0, `${where}: the episodes table has rows`);
  rows.forEach((row, i) => {
    assert.ok(row, `${where}: row ${i + 1} links to its episode`);
    assert.match(row.href, EPISODE_HREF, `${where}: row ${i + 1} link href`);
    assert.ok(row.text.length > 0, `${where}: row ${i + 1} link text is the person's name`);
  });
}

test('the episodes list is accessible, filters by status and pages', async () => {
  const { page, done } = await openPage(browser);
  await signIn(page, 'la_coordinator');

  const response = await page.goto(url('/episodes'));
  assert.equal(response.status(), 200);
  assert.equal(await h1Text(page), 'Missing episodes');

  const form = page.locator('form:has(select[name="status"])');
  assert.equal(await form.count(), 1, 'one filter form');
  assert.notEqual((await form.getAttribute('method'))?.toLowerCase(), 'post', 'the filter form uses GET');
  for (const name of ['status', 'risk', 'agency', 'order']) {
    assert.equal(await form.locator(`select[name="${name}"]`).count(), 1, `a "${name}" select`);
  }
  assert.equal(await form.getByRole('button', { name: 'Apply filters', exact: true }).count(), 1);

  const firstPage = await episodeRowLinks(page);
  assertRowLinks(firstPage, '/episodes');
  await checkStylesheets(page);
  await checkAccessibility(page, 'episodes');
  await screenshot(page, 'episodes');

  // Next page.
  const next = page.locator('a[rel="next"]');
  assert.equal(await next.count(), 1, 'a "Next page" link on the first page');
  assert.match(await next.innerText(), /Next/);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), next.click()]);
  assert.equal(new URL(page.url()).pathname, '/episodes');
  const secondPage = await episodeRowLinks(page);
  assertRowLinks(secondPage, 'second page');
  const firstHrefs = new Set(firstPage.map((r) => r.href));
  const overlap = secondPage.filter((r) => firstHrefs.has(r.href));
  assert.equal(overlap.length, 0, `the second page repeats rows of the first: ${JSON.stringify(overlap.slice(0, 3))}`);
  await checkAccessibility(page, 'episodes-page-2');

  // Filter by status.
  await page.goto(url('/episodes'));
  await page.locator('select[name="status"]').selectOption('missing');
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Apply filters', exact: true }).click(),
  ]);
  const filtered = new URL(page.url());
  assert.equal(filtered.pathname, '/episodes');
  assert.equal(filtered.searchParams.get('status'), 'missing', `the filter is in the URL (${page.url()})`);
  assert.equal(await page.locator('select[name="status"]').inputValue(), 'missing', 'the chosen filter stays selected');
  assertRowLinks(await episodeRowLinks(page), '/episodes?status=missing');
  const statuses = await columnTexts(page, 'Status');
  if (statuses) {
    const others = statuses.filter((s) => s !== 'Missing');
    assert.equal(others.length, 0, `status=missing shows only missing episodes (also got ${JSON.stringify(others)})`);
  }
  await checkAccessibility(page, 'episodes-missing');
  await screenshot(page, 'episodes-missing');
  await done();
});

test('an episode page is accessible and has its four sections', async () => {
  const { page, done } = await openPage(browser);
  await signIn(page, 'la_coordinator');
  await page.goto(url('/episodes'));

  const link = page.locator('table.govuk-table tbody tr a[href*="/episodes/"]').first();
  const name = (await link.innerText()).replace(/\s+/g, ' ').trim();
  const href = await link.getAttribute('href');
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
  assert.equal(response?.status(), 200);
  assert.equal(new URL(page.url()).pathname, href);
  assert.equal(await h1Text(page), name, 'the h1 is the person\'s full name');

  const h2s = (await page.locator('main h2').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  for (const section of ['Person', 'Episode', 'Risk', 'Timeline']) {
    assert.ok(h2s.includes(section), `an h2 "${section}" (h2s: ${JSON.stringify(h2s)})`);
  }

  await checkStylesheets(page);
  await checkAccessibility(page, 'episode');
  await screenshot(page, 'episode');
  await done();
});

test('an analyst opening an episode the coordinator sees gets a 404 page', async () => {
  // The coordinator's view: pick an episode id.
  const coordinator = await openPage(browser);
  await signIn(coordinator.page, 'la_coordinator');
  await coordinator.page.goto(url('/episodes'));
  const rows = await episodeRowLinks(coordinator.page);
  assertRowLinks(rows, 'coordinator /episodes');
  const href = rows[0].href;
  await coordinator.done();

  // A fresh context for the analyst.
  const { page, done } = await openPage(browser);
  await signIn(page, 'analyst');
  const response = await page.goto(url(href));
  assert.equal(response.status(), 404, `analyst GET ${href} should answer 404 (got ${response.status()})`);
  assert.match(response.headers()['content-type'] || '', /text\/html/, 'the 404 is an HTML page');
  assert.equal(new URL(page.url()).pathname, href);
  const heading = await h1Text(page);
  assert.match(heading, /not found/i, `the 404 page's h1 (got "${heading}")`);
  assert.doesNotMatch(
    (await page.locator('main').innerText()).replace(/\s+/g, ' '),
    new RegExp(rows[0].text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    'the 404 page must not show the person\'s name',
  );
  await checkStylesheets(page);
  await checkAccessibility(page, 'not-found');
  await screenshot(page, 'not-found');
  await done();
});
