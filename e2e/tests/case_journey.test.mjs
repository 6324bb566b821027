// The whole journey of one matter: a resident submits → a dispatcher routes it → the community worker accepts,
// contacts the resident, replies and closes → the resident rates 不满意 and asks for a redo → the dispatcher sends it
// back to the same unit → the redo closes → the resident rates 满意.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, SHOTS, login as loginAs, act } from './support.mjs';

const ctx = withServerAndBrowser(before, after);

const login = (username) => loginAs(ctx.browser, ctx.server.base, username);

test('a matter goes from the resident to the community and back, is redone, and ends satisfied', async () => {
  const { server, browser } = ctx;
  // 1. The resident, on a phone, raises it at the centre of 八角北路社区.
  const resident = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await resident.goto(server.base + '/submit');
  await resident.getByLabel('投诉').check();
  await resident.getByLabel('标题 *').fill('垃圾桶满溢无人清运');
  await resident.getByLabel('详细描述 *').fill('八角北路社区5号楼旁的垃圾桶已经三天没有清运，气味很大。');
  await resident.getByLabel('地址 *').fill('八角街道八角北路社区5号楼');
  await resident.locator('#lat').fill('39.916');
  await resident.locator('#lon').fill('116.199264');
  await resident.getByLabel('您的称呼 *').fill('孙女士');
  await resident.getByLabel('手机号码 *').fill('13600001111');
  await resident.getByRole('button', { name: '提交' }).click();
  const caseNo = (await resident.locator('#case-no').innerText()).trim();
  const track = `${server.base}/track?case_no=${caseNo}&phone_last4=1111`;

  // 2. The dispatcher finds it in the queue and routes it by the catalogue.
  const dispatcher = await login('dispatcher');
  await dispatcher.goto(server.base + '/staff/cases?view=dispatch');
  await dispatcher.getByRole('link', { name: caseNo }).click();
  await act(dispatcher, '#route-form', (f) => f.locator('select[name=category]').selectOption('A01'));
  assert.match(await dispatcher.locator('#case-status').innerText(), /已派单/);
  assert.match(await dispatcher.locator('#case-unit').innerText(), /八角北路社区/);
  assert.match(await dispatcher.locator('#case-tier').innerText(), /社区级/);
  assert.match(await dispatcher.locator('#case-why').innerText(), /生活垃圾清运不及时/);
  await dispatcher.screenshot({ path: `${SHOTS}/journey-routed.png`, fullPage: true });

  // 3. The community worker sees it in the inbox and in their cases, accepts, contacts, replies, closes.
  const worker = await login('community-bajiao');
  await worker.goto(server.base + '/staff/inbox');
  assert.match(await worker.locator('#notices').innerText(), new RegExp(caseNo));
  await worker.goto(server.base + '/staff/cases?view=mine');
  await worker.getByRole('link', { name: caseNo }).click();
  await act(worker, 'form[action$="/accept"]');
  await act(worker, 'form[action$="/contact"]', (f) => f.locator('input[name=note]').fill('电话联系孙女士，确认位置。'));
  await act(worker, 'form[action$="/reply"]', (f) => f.locator('textarea[name=text]').fill('已协调物业今天下午清运。'));
  await act(worker, '#close-form', (f) => f.locator('textarea[name=note]').fill('物业已清运并加密清运频次。'));
  assert.match(await worker.locator('#case-status').innerText(), /已办结/);

  // 4. The resident is not satisfied and reopens.
  await resident.goto(track);
  assert.match(await resident.locator('.timeline').innerText(), /已协调物业今天下午清运/);
  assert.doesNotMatch(await resident.locator('.timeline').innerText(), /电话联系孙女士/, 'internal notes stay internal');
  await resident.locator('#rate input[name=resolved][value="0"]').check();
  await resident.locator('#rate input[name=satisfaction][value=dissatisfied]').check();
  await resident.locator('#rate button[type=submit]').click();
  await resident.waitForURL(/done=rated/);
  await resident.locator('#reopen textarea[name=reason]').fill('第二天又满了，没有根本解决。');
  await resident.locator('#reopen button[type=submit]').click();
  await resident.waitForURL(/done=reopened/);
  assert.match(await resident.locator('#track-status').innerText(), /已办结/, 'the dispatch centre decides the redo');
  await resident.screenshot({ path: `${SHOTS}/journey-reopened.png`, fullPage: true });

  // 5. The dispatcher finds it among the requests and sends it back to the same unit; the worker closes again.
  await dispatcher.goto(server.base + '/staff/cases?view=requests');
  await dispatcher.getByRole('link', { name: caseNo }).click();
  assert.match(await dispatcher.locator('#request-pending').innerText(), /不满意待派单重办/);
  await act(dispatcher, '#redo-form', (f) => f.locator('input[name=note]').fill('请原承办社区彻底解决。'));
  assert.match(await dispatcher.locator('#case-status').innerText(), /重办/);
  await worker.goto(`${server.base}/staff/cases/${caseNo}`);
  assert.match(await worker.locator('#case-status').innerText(), /重办/);
  await act(worker, '#close-form', (f) => f.locator('textarea[name=note]').fill('增设垃圾桶两个，每日清运两次。'));

  // 6. The resident is satisfied; no second reopen is offered.
  await resident.goto(track);
  await resident.locator('#rate input[name=resolved][value="1"]').check();
  await resident.locator('#rate input[name=satisfaction][value=satisfied]').check();
  await resident.locator('#rate button[type=submit]').click();
  await resident.waitForURL(/done=rated/);
  assert.match(await resident.locator('#track-verdict').innerText(), /满意/);
  assert.equal(await resident.locator('#reopen').count(), 0);
  await resident.screenshot({ path: `${SHOTS}/journey-done.png`, fullPage: true });

  // The whole story is on the staff timeline.
  await worker.goto(`${server.base}/staff/cases/${caseNo}`);
  const timeline = await worker.locator('#timeline').innerText();
  for (const step of ['已派单', '承办人已接单', '已联系诉求人', '答复', '已办结', '诉求人评价', '诉求人不满意，申请重办', '派单重办']) {
    assert.match(timeline, new RegExp(step));
  }
  await worker.screenshot({ path: `${SHOTS}/journey-case.png`, fullPage: true });
});
