// A working day in the workbench, in a real browser: a resident on a phone places the matter by tapping the map,
// refreshes the confirmation (nothing filed twice), follows it and rates it; a 12345 seat sees a caller's earlier
// cases as the number is typed; a dispatcher works the queue in bulk; an agent replies from a canned reply and
// prints the work order. No script errors anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, SHOTS, login as loginAs, act } from './support.mjs';

const ctx = withServerAndBrowser(before, after);
after(() => assert.equal(ctx.exitCode, 0, 'the server shuts down cleanly on SIGTERM'));
const login = (username) => loginAs(ctx.browser, ctx.server.base, username);

async function api(path, token, body) {
  const r = await fetch(ctx.server.base + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.ok, `${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}
const token = async (username) => (await api('/api/v1/auth/login', null, { username, password: 'gongzhi-demo' })).token;

function watch(page, errors) {
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
}

test('a resident on a phone taps the map, refreshes the confirmation, follows the case and rates it', async () => {
  const { server, browser } = ctx;
  const errors = [];
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'zh-CN' });
  const page = await phone.newPage();
  watch(page, errors);
  await page.goto(server.base + '/submit');
  await page.getByLabel('求助').check();
  await page.getByLabel('标题 *').fill('路灯不亮');
  await page.getByLabel('详细描述 *').fill('小区门口的路灯已经三天不亮了。');
  await page.getByLabel('地址 *').fill('八角北路社区东门');
  // Tap the place on the map: the coordinates fill in.
  const map = page.locator('#pick-map[data-drawn="1"]');
  await map.waitFor();
  await map.scrollIntoViewIfNeeded();
  await map.tap();
  await page.locator('#pick-map[data-picked="1"]').waitFor();
  const lat = Number(await page.locator('#lat').inputValue());
  const lon = Number(await page.locator('#lon').inputValue());
  assert.ok(lat > 39.8 && lat < 40.05 && lon > 116.05 && lon < 116.3, `inside the district: ${lat}, ${lon}`);
  await page.screenshot({ path: `${SHOTS}/resident-map-tapped.png`, fullPage: true });
  await page.getByLabel('您的称呼 *').fill('钱先生');
  await page.getByLabel('手机号码 *').fill('13700007777');
  await page.getByRole('button', { name: '提交' }).click();
  const caseNo = (await page.locator('#case-no').innerText()).trim();
  await page.reload();
  assert.equal((await page.locator('#case-no').innerText()).trim(), caseNo);
  const dispatcher = await token('dispatcher');
  const mine = await api('/api/v1/cases?phone=13700007777', dispatcher);
  assert.equal(mine.total, 1, 'the refresh filed nothing again');
  const stored = mine.items[0].point;
  assert.ok(stored && Math.abs(stored.lat - lat) < 1e-5 && Math.abs(stored.lon - lon) < 1e-5, `the tapped point is the case's: ${JSON.stringify(stored)}`);

  // The district handles it: routed, accepted, contacted, answered, closed.
  // 建筑垃圾 goes to 城管执法局, whose head (dept-cgzf) may act on its cases.
  await api(`/api/v1/cases/${caseNo}/route`, dispatcher, { category: 'A03' });
  const agent = await token('dept-cgzf');
  for (const [action, body] of [['accept', {}], ['contact', {}], ['reply', { text: '已通知路灯养护单位维修。' }], ['close', { outcome: 'resolved', note: '路灯已修复。' }]]) {
    await api(`/api/v1/cases/${caseNo}/${action}`, agent, body);
  }
  // The resident follows it and rates it.
  await page.goto(`${server.base}/track?case_no=${caseNo}&phone_last4=7777`);
  assert.match(await page.locator('.timeline').innerText(), /已派单[\s\S]*已办结/);
  const rate = page.locator('#rate');
  await rate.locator('input[name="resolved"][value="1"]').check();
  await rate.locator('input[name="satisfaction"][value="satisfied"]').check();
  await rate.locator('button[type=submit]').click();
  await page.waitForLoadState('load');
  assert.equal(await page.locator('#rate').count(), 0, 'rated once');
  assert.match(await page.locator('.timeline').innerText(), /满意/);
  await page.screenshot({ path: `${SHOTS}/resident-rated.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await phone.close();
});

test('a seat sees a caller\'s cases, a dispatcher routes in bulk, an agent replies from a canned reply and prints', async () => {
  const { server } = ctx;
  const errors = [];
  // Two earlier calls from one number, waiting for dispatch.
  for (const title of ['楼道堆物', '楼道堆物又多了']) {
    await api('/api/v1/cases', null, { kind: 'complaint', title, description: '3号楼楼道堆满杂物。', address: '八角北路社区3号楼', name: '周女士', phone: '13900002222' });
  }
  // The seat types the number: the earlier cases appear beside it.
  const seat = await login('intake');
  watch(seat, errors);
  await seat.goto(server.base + '/staff/intake');
  await seat.locator('input[name="phone"]').fill('13900002222');
  await seat.locator('#caller-cases li').first().waitFor();
  assert.equal(await seat.locator('#caller-cases li').count(), 2);

  // The dispatcher's queue: both flagged as from the same caller, routed at once.
  const dispatcher = await login('dispatcher');
  watch(dispatcher, errors);
  await dispatcher.goto(server.base + '/staff/cases');
  assert.ok(await dispatcher.locator('[data-same-caller="1"]').count() >= 2);
  const boxes = dispatcher.locator('tr', { hasText: '楼道堆物' }).locator('input[name="case_no"]');
  assert.equal(await boxes.count(), 2);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  assert.equal(await dispatcher.locator('#bulk-count').innerText(), '(2)');
  await dispatcher.locator('#bulk select[name="category"]').selectOption('A01');
  await dispatcher.locator('#bulk-route').click();
  await dispatcher.waitForURL(/bulk_done=2/);
  assert.equal(await dispatcher.locator('#bulk-done').innerText(), '2');
  assert.match(await dispatcher.locator('#flash').innerText(), /批量处理已完成/);
  await dispatcher.screenshot({ path: `${SHOTS}/dispatcher-bulk.png`, fullPage: true });
  // On a phone the list starts on the first screen and the title has room.
  await dispatcher.setViewportSize({ width: 390, height: 844 });
  await dispatcher.goto(server.base + '/staff/cases?view=all');
  const table = await dispatcher.locator('#cases-table').boundingBox();
  assert.ok(table.y < 844, `the list starts on the first screen (at ${table.y})`);
  const title = await dispatcher.locator('#cases-table td.title-col').first().boundingBox();
  assert.ok(title.width >= 120, `the title has room (${title.width} px)`);
  await dispatcher.screenshot({ path: `${SHOTS}/dispatcher-list-phone.png` });

  // The agent has the inbox open: a case handed to them meanwhile shows up without reloading.
  const agentInbox = await login('community-bajiao');
  watch(agentInbox, errors);
  await agentInbox.goto(server.base + '/staff/inbox');
  const before = await agentInbox.locator('#notices li').count();
  const dispatcherToken = await token('dispatcher');
  const late = await api('/api/v1/cases', null, { kind: 'complaint', title: '楼道灯不亮', description: '3号楼楼道灯坏了。', address: '八角北路社区3号楼', name: '吴先生', phone: '13900003333' });
  await api(`/api/v1/cases/${late.case_no}/route`, dispatcherToken, { category: 'A01' });
  await agentInbox.waitForFunction((n) => document.querySelectorAll('#notices li').length > n, before, { timeout: 25000 });
  assert.match(await agentInbox.locator('#notices').innerText(), new RegExp(late.case_no));
  assert.notEqual(await agentInbox.locator('#unread-badge').innerText(), '0');
  await agentInbox.context().close();

  // The agent: a canned reply fills the box, the reply goes out, the work order prints.
  // Placed by the address in 八角北路社区: its worker (community-bajiao) is the agent.
  const list = await api('/api/v1/cases?phone=13900002222', await token('dispatcher'));
  const one = list.items[0];
  assert.match(one.agent.name, /八角北路|社区/);
  const agent = await login('community-bajiao');
  watch(agent, errors);
  await agent.goto(`${server.base}/staff/cases/${one.case_no}`);
  await act(agent, 'form[action$="/accept"]');
  await agent.locator('#canned-replies a.canned-reply', { hasText: '垃圾已清运' }).click();
  assert.match(await agent.locator('#reply-text').inputValue(), /清运/);
  await act(agent, '#reply-form');
  assert.match(await agent.locator('#flash').innerText(), /答复已发送/);
  await agent.locator('#print-link').click();
  await agent.locator('#work-order').waitFor();
  assert.match(await agent.locator('#order-case-no').innerText(), new RegExp(one.case_no));
  await agent.emulateMedia({ media: 'print' });
  assert.equal(await agent.locator('header.top').isVisible(), false, 'on paper only the order');
  await agent.screenshot({ path: `${SHOTS}/work-order-print.png`, fullPage: true });
  assert.deepEqual(errors, []);
});
