// The API's documentation: Swagger UI, served from the binary (nothing from the internet), renders the generated
// OpenAPI document under the server's strict content security policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, SHOTS } from './support.mjs';

const ctx = withServerAndBrowser(before, after);

test('Swagger UI shows every operation of the API without breaking the content security policy', async () => {
  const { server, browser } = ctx;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const violations = [];
  page.on('console', (msg) => { if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text()); });
  const outside = [];
  page.on('request', (req) => { if (!req.url().startsWith(server.base) && !req.url().startsWith('data:')) outside.push(req.url()); });
  await page.goto(server.base + '/api/docs/');
  await page.locator('.information-container .title').waitFor({ timeout: 30_000 });
  assert.match(await page.locator('.information-container .title').innerText(), /gongzhi API/);
  const paths = await page.locator('.opblock-summary-path').allInnerTexts();
  for (const path of ['/api/v1/cases', '/api/v1/cases/{case_no}/accept', '/api/v1/cases/{case_no}/merge', '/api/v1/track']) {
    assert.ok(paths.some((p) => p.replace(/\u200b/g, '') === path), `${path} is listed`);
  }
  await page.screenshot({ path: `${SHOTS}/api-docs.png` });
  assert.deepEqual(outside, [], 'nothing is fetched from another host');
  assert.deepEqual(violations, [], 'no content security policy violation');
});
