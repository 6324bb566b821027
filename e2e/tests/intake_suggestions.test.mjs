// A 12345 seat takes a call in a real browser: as the text is typed the likeliest categories appear (from the model
// the server trained at start-up on the demo history's closed cases), one click fills in the category, and the
// case is filed and routed; the dispatcher's queue shows its suggestion too. No script errors anywhere.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, login, SHOTS } from './support.mjs';

let server;
let browser;
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('suggested categories appear as the operator types and one click fills the category in', async () => {
  server = await startServer({ history: 2000, now: '2026-12-02T10:00:00+08:00' });
  browser = await launchBrowser();
  const page = await login(browser, server.base, 'intake');
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  // The server trains its first model in the background at start-up: wait until the page's fragment suggests.
  for (let i = 0; i < 120; i++) {
    const r = await page.request.get(`${server.base}/staff/suggest?title=${encodeURIComponent('油烟')}`);
    if (r.status() === 200 && (await r.text()).includes('class="button small suggestion"')) break;
    await new Promise((done) => setTimeout(done, 500));
  }

  await page.goto(`${server.base}/staff/intake`);
  await page.locator('input[name="title"]').fill('楼下饭馆油烟太大');
  await page.locator('textarea[name="description"]').fill('烧烤店油烟直接排到居民楼，每天晚上熏得开不了窗。');
  const first = page.locator('#category-suggestions button.suggestion').first();
  await first.waitFor();
  assert.equal(await first.getAttribute('data-category'), 'B04');
  assert.match(await page.locator('#category-suggestions').innerText(), /油烟/);
  await page.screenshot({ path: `${SHOTS}/intake-suggestions.png`, fullPage: true });
  await first.click();
  assert.equal(await page.locator('#intake-category').inputValue(), 'B04');

  await page.locator('input[name="address"]').fill('八角北路12号院');
  await page.locator('input[name="name"]').fill('王女士');
  await page.locator('input[name="phone"]').fill('13912345678');
  await page.locator('#intake-form button[type="submit"]').click();
  await page.waitForURL(/\/staff\/cases\/\d{14}$/);
  assert.match(await page.locator('main').innerText(), /餐饮油烟扰民/);
  assert.deepEqual(errors, []);
});
