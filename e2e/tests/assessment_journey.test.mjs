// The assessment office's month in a real browser: the ranking of the streets with its charts drawn by the vendored
// ECharts, a rate opened to the cases behind it, the leaders' dashboard, the month closed (frozen), and the printable
// report; no script errors anywhere.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, login, SHOTS } from './support.mjs';

let server;
let browser;
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the assessment office ranks the streets, opens a figure, reads the dashboard and closes the month', async () => {
  server = await startServer({ history: 2000, now: '2026-12-02T10:00:00+08:00' });
  browser = await launchBrowser();
  const page = await login(browser, server.base, 'evaluator');
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  // The ranking opens on last month (November); both charts are drawn.
  await page.getByRole('link', { name: '考核' }).first().click();
  await page.waitForURL(/\/staff\/assessment$/);
  assert.match(await page.locator('h1').innerText(), /2026-11/);
  const rows = page.locator('#ranking tbody tr');
  assert.ok(await rows.count() >= 9, 'every street has a row');
  await page.locator('[data-chart="chart-scores"][data-drawn="1"] canvas').first().waitFor();
  await page.locator('[data-chart="chart-trend"][data-drawn="1"] canvas').first().waitFor();
  await page.screenshot({ path: `${SHOTS}/assessment-ranking.png`, fullPage: true });

  // The first ranked street's response rate opens the cases behind it: numerator / denominator, one row per case.
  const first = rows.first();
  const street = await first.getAttribute('data-unit');
  await first.locator('td').nth(3).locator('a').click();
  await page.waitForURL(new RegExp(`/staff/assessment/units/${street.replace('.', '\\.')}\\?month=2026-11&measure=response`));
  const figure = await page.locator('#figure').innerText();
  const [, numerator, denominator] = figure.match(/= (\d+) \/ (\d+)/);
  assert.ok(Number(denominator) > 0);
  const ticks = await page.locator('#closings tbody tr td:nth-child(6)').allInnerTexts();
  assert.equal(ticks.filter((t) => t.trim() === '✓').length, Math.min(Number(numerator), 50), 'the ticked cases are the numerator');

  // The dashboard: trend, both rankings and the theme × street grid drawn.
  await page.goto(server.base + '/staff/dashboard');
  for (const id of ['chart-trend', 'chart-streets', 'chart-departments', 'chart-grid']) {
    await page.locator(`[data-chart="${id}"][data-drawn="1"] canvas`).first().waitFor();
  }
  await page.screenshot({ path: `${SHOTS}/assessment-dashboard.png`, fullPage: true });

  // Closing November: the page then says it is frozen.
  await page.goto(server.base + '/staff/assessment?month=2026-11');
  await page.locator('#freeze').click();
  await page.waitForURL(/saved=1/);
  assert.match(await page.locator('#month-status').innerText(), /已封存/);
  assert.equal(await page.locator('#freeze').count(), 0, 'a month is closed once');

  // The printable report.
  await page.goto(server.base + '/staff/assessment/report?month=2026-11');
  assert.ok(await page.locator('table.report tbody tr').count() > 0);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false, 'printed without the navigation');
  assert.deepEqual(errors, []);
});
