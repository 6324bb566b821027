// 吹哨报到 in a real browser: a street officer whistles in an emergency and summons the district's enforcement bureau;
// its officer, on a phone, sees the summons with the deadline counting down and reports (who came, on site, what was
// done, a photo); the street closes the whistle and rates the bureau.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, SHOTS, login as loginAs, act } from './support.mjs';

const ctx = withServerAndBrowser(before, after);
const login = (username) => loginAs(ctx.browser, ctx.server.base, username);

// A 1×1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1d6bf0000000049454e44ae426082', 'hex');

test('a street whistles, a department reports from a phone, the street closes and rates', async () => {
  const { server, browser } = ctx;
  // 1. The street officer blows the whistle.
  const street = await login('street-bajiao');
  await street.goto(server.base + '/staff/whistles');
  await street.locator('#blow-link').click();
  await street.locator('#reason').selectOption('emergency');
  await street.locator('#units').selectOption(['dept.cgzf']);
  await street.getByLabel('标题 *').fill('八角北路地下车库燃气泄漏');
  await street.getByLabel('详细描述 *').fill('居民反映车库燃气味浓，需执法和燃气部门到场。');
  await street.getByLabel('地址 *').fill('八角北路社区地下车库');
  await street.locator('#blow-button').click();
  await street.waitForURL(/\/staff\/whistles\/W\d{12}$/);
  const no = (await street.locator('#whistle-no').innerText()).trim();
  assert.match(await street.locator('#summons').innerText(), /待报到/);

  // 2. The bureau's officer, on a phone, finds it among what the unit was summoned to, and reports with a photo.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await context.newPage();
  await phone.goto(server.base + '/login');
  await phone.getByLabel('用户名').fill('dept-cgzf');
  await phone.getByLabel('密码').fill('gongzhi-demo');
  await phone.getByRole('button', { name: '登录' }).click();
  await phone.waitForURL(/\/staff$/);
  await phone.goto(server.base + '/staff/whistles?view=summoned');
  assert.match(await phone.locator('#whistles-table').innerText(), /分钟/, 'the deadline counts down');
  await phone.getByRole('link', { name: no }).click();
  await act(phone, '#report-form', async (f) => {
    await f.locator('input[name=people]').first().check();
    await f.locator('textarea[name=action]').fill('执法队员 3 人到场，疏散人员并设置警戒线。');
    await f.locator('input[name=photos]').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
  });
  assert.match(await phone.locator('#summons').innerText(), /已按时报到/);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390 + 1, `no sideways scrolling on a phone (${width}px)`);
  await phone.screenshot({ path: `${SHOTS}/whistle-reported-phone.png`, fullPage: true });

  // 3. The street closes and rates.
  await street.reload();
  assert.match(await street.locator('#summons').innerText(), /已按时报到/);
  await act(street, '#close-whistle-form', (f) => f.locator('textarea[name=outcome]').fill('泄漏点已封堵，车库恢复通行。'));
  assert.match(await street.locator('#whistle-status').innerText(), /已结束/);
  await act(street, '.rate-form[data-unit="dept.cgzf"]', async (f) => {
    await f.locator('select[name=timeliness]').selectOption('5');
    await f.locator('select[name=attitude]').selectOption('5');
    await f.locator('select[name=result]').selectOption('4');
    await f.locator('input[name=comment]').fill('响应迅速');
  });
  assert.match(await street.locator('#summons').innerText(), /及时性 5/);
  assert.match(await street.locator('#timeline').innerText(), /街道评价/);
  await street.screenshot({ path: `${SHOTS}/whistle-closed.png`, fullPage: true });
});
