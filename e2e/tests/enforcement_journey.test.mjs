// 综合执法 in a real browser: a street officer opens a case of illegal construction, the head files it and orders the
// demolition within 15 days (an order, not a penalty: 行政处罚法 art. 28) as a decision with social impact; the
// printable decision document names what art. 59 asks; the decision is published and anyone reads it without signing
// in, the party named as the organisation it is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, SHOTS, login as loginAs, act } from './support.mjs';

const ctx = withServerAndBrowser(before, after);
const login = (username) => loginAs(ctx.browser, ctx.server.base, username);

test('an officer opens, the head orders a demolition, the decision is printed and published', async () => {
  const { server, browser } = ctx;
  const officer = await login('street-bajiao-2');
  await officer.goto(server.base + '/staff/enforcement/new');
  const form = officer.locator('#enforcement-form');
  await form.locator('#power').selectOption('SJS-CG-001');
  await form.locator('select[name=party_kind]').selectOption('organisation');
  await form.locator('input[name=party_name]').fill('某建筑工程公司');
  await form.locator('input[name=party_address]').fill('八角街道某路一号');
  await form.locator('textarea[name=facts]').fill('在小区楼顶搭建彩钢板房约四十平方米。');
  await form.locator('button[type=submit]').click();
  await officer.waitForURL(/\/staff\/enforcement\/E\d{12}$/);
  const no = (await officer.locator('#enforcement-no').innerText()).trim();

  const head = await login('street-bajiao');
  await head.goto(server.base + '/staff/enforcement/' + no);
  await act(head, '#file-form');
  await act(head, '#decide-form', async (f) => {
    await f.locator('select[name=ruling]').selectOption('order');
    await f.locator('select[name=order]').selectOption('demolition');
    await f.locator('input[name=order_days]').fill('15');
    await f.locator('input[name=social_impact]').check();
  });
  assert.match(await head.locator('#enforcement-order').innerText(), /拆除/);
  assert.match(await head.locator('#enforcement-publication').innerText(), /\d/, 'the publication is due');

  await head.locator('#decision-link').click();
  await head.waitForURL(/\/decision$/);
  const doc = await head.locator('#decision-doc').innerText();
  for (const part of ['某建筑工程公司', '八角街道某路一号', '彩钢板房', '第二十八条', '行政复议', '行政诉讼']) {
    assert.ok(doc.includes(part), `${part} in the decision document`);
  }
  await head.screenshot({ path: `${SHOTS}/enforcement-decision.png`, fullPage: true });

  await head.goto(server.base + '/staff/enforcement/' + no);
  await act(head, '#publish-form');
  assert.ok(await head.locator('#enforcement-published').isVisible());

  const anyone = await (await browser.newContext()).newPage();
  await anyone.goto(server.base + '/enforcement/published');
  const table = await anyone.locator('#published-table').innerText();
  assert.ok(table.includes(no) && table.includes('某建筑工程公司'), table);
  assert.ok(!table.includes('彩钢板房'), 'no facts in public');
});
