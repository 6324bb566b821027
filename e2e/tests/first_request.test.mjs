// A resident raises a request on a phone, gets a case number, follows it; a dispatcher signs in and finds it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, SHOTS } from './support.mjs';

const ctx = withServerAndBrowser(before, after);
after(() => assert.equal(ctx.exitCode, 0, 'the server shuts down cleanly on SIGTERM'));

test('a resident submits a request, fixes a mistake, and follows the case', async () => {
  const { server, browser } = ctx;
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  await page.goto(server.base + '/');
  await page.getByRole('link', { name: '提交诉求' }).click();
  await page.getByLabel('投诉').check();
  await page.getByLabel('标题 *').fill('小区门口路灯不亮');
  await page.getByLabel('详细描述 *').fill('古城南路5号院东门的路灯已经一周不亮，晚上出行不便。');
  await page.getByLabel('地址 *').fill('古城街道古城南路5号院东门');
  await page.getByLabel('您的称呼 *').fill('赵女士');
  await page.getByLabel('手机号码 *').fill('1381234');
  await page.getByRole('button', { name: '提交' }).click();

  // The mistake is explained beside the field, and what was typed is kept.
  await assert.doesNotReject(page.locator('[data-field="phone"]').waitFor());
  assert.match(await page.locator('[data-field="phone"]').innerText(), /有效的 11 位手机号码/);
  assert.equal(await page.getByLabel('标题 *').inputValue(), '小区门口路灯不亮');
  await page.screenshot({ path: `${SHOTS}/resident-form-error.png`, fullPage: true });

  await page.getByLabel('手机号码 *').fill('13812345678');
  await page.getByRole('button', { name: '提交' }).click();
  const caseNo = (await page.locator('#case-no').innerText()).trim();
  assert.match(caseNo, /^\d{14}$/);
  // Refreshing the confirmation shows the same case and files nothing again (post/redirect/get).
  await page.reload();
  assert.equal((await page.locator('#case-no').innerText()).trim(), caseNo);
  await page.screenshot({ path: `${SHOTS}/resident-submitted.png`, fullPage: true });

  await page.getByRole('link', { name: '查看进度' }).click();
  await page.locator('#track-result').waitFor();
  assert.match(await page.locator('#track-status').innerText(), /已受理/);
  assert.match(await page.locator('.timeline').innerText(), /诉求已提交并受理/);
  assert.doesNotMatch(await page.content(), /13812345678|赵女士/);

  // A wrong last-four answers "not found".
  await page.goto(`${server.base}/track?case_no=${caseNo}&phone_last4=0000`);
  assert.match(await page.locator('#track-message').innerText(), /未找到匹配的诉求/);
  await page.close();
});

test('a dispatcher logs in and finds the new case', async () => {
  const { server, browser } = ctx;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.base + '/staff/cases');
  // Not signed in: sent to the login page, then back.
  await page.getByLabel('用户名').fill('dispatcher');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  assert.match(await page.locator('#login-error').innerText(), /用户名或密码错误/);
  await page.getByLabel('密码').fill('gongzhi-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/staff\/cases$/);
  assert.match(await page.locator('#cases-total').innerText(), /共 1 件/);
  await page.screenshot({ path: `${SHOTS}/staff-cases.png`, fullPage: true });

  const caseNo = (await page.locator('#cases-table tbody tr td a').first().innerText()).trim();
  assert.match(caseNo, /^\d{14}$/);
  await page.getByRole('link', { name: caseNo }).click();
  assert.match(await page.locator('h1').innerText(), /小区门口路灯不亮/);
  assert.equal(await page.locator('#case-phone').innerText(), '13812345678', 'a dispatcher calls residents');
  await page.screenshot({ path: `${SHOTS}/staff-case.png`, fullPage: true });

  // The language switch is remembered across pages.
  await page.locator('#lang-switch').click();
  await page.goto(server.base + '/staff');
  assert.match(await page.locator('h1').innerText(), /Hello/);
  await page.close();
});
