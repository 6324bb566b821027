// A petition under the 信访工作条例, in a real browser: a resident files it online (网上信访) with a typed address the
// gazetteer places → a dispatcher routes it → the department accepts it (受理), and the petitioner sees the notice →
// the steps, the written answer (不予支持), report back and closing → the petitioner asks the organ above for review
// (复查) → the district leader in charge answers it, and the petitioner reads the review's answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, SHOTS, login as loginAs, act } from './support.mjs';

const ctx = withServerAndBrowser(before, after);

const login = (username) => loginAs(ctx.browser, ctx.server.base, username);

test('a petition is accepted, answered, reviewed by the organ above, and the petitioner follows every notice', async () => {
  const { server, browser } = ctx;
  // 1. The petitioner files online, on a phone, with a typed address and no map point.
  const petitioner = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await petitioner.goto(server.base + '/submit');
  await petitioner.getByLabel('信访').check();
  await petitioner.getByLabel('标题 *').fill('公租房配租资格复核');
  await petitioner.getByLabel('详细描述 *').fill('本人多次申请公租房配租资格复核，至今没有书面答复，请求依法处理。');
  await petitioner.getByLabel('地址 *').fill('石景山区鲁谷路 74 号院');
  await petitioner.getByLabel('您的称呼 *').fill('周先生');
  await petitioner.getByLabel('手机号码 *').fill('13900002222');
  await petitioner.getByRole('button', { name: '提交' }).click();
  const caseNo = (await petitioner.locator('#case-no').innerText()).trim();
  const track = `${server.base}/track?case_no=${caseNo}&phone_last4=2222`;

  // 2. The dispatcher sees the gazetteer's guess and routes it by the catalogue (公租房 → 区住建委).
  const dispatcher = await login('dispatcher');
  await dispatcher.goto(`${server.base}/staff/cases/${caseNo}`);
  assert.match(await dispatcher.locator('#case-place').innerText(), /鲁谷路社区/);
  assert.equal(await dispatcher.locator('#place-guessed').count(), 1, 'the place is shown as a guess');
  await act(dispatcher, '#route-form', (f) => f.locator('select[name=category]').selectOption('D07'));
  assert.match(await dispatcher.locator('#case-unit').innerText(), /区住房和城乡建设委员会/);
  assert.equal(await dispatcher.locator('#place-guessed').count(), 0, 'routing confirms the place');

  // 3. The department accepts it (受理); the petitioner sees the notice of acceptance.
  const dept = await login('dept-zjw');
  await dept.goto(`${server.base}/staff/cases/${caseNo}`);
  assert.equal(await dept.locator('form[action$="/step"]').count(), 0, 'no steps before acceptance');
  await act(dept, 'form[action$="/accept"]');
  assert.match(await dept.locator('#petition-accepted').innerText(), /\d{4}-\d{2}-\d{2}/);
  await petitioner.goto(track);
  assert.match(await petitioner.locator('.timeline').innerText(), /信访事项已受理（受理告知书）/);

  // 4. Steps in order, the written answer, report back, closing.
  await act(dept, 'form[action$="/contact"]', (f) => f.locator('input[name=note]').fill('电话联系周先生，了解诉求。'));
  for (const note of ['已调阅配租档案，核实收入情况。', '已提出处理意见。', '已与街道社保所核对。']) {
    await act(dept, 'form[action$="/step"]', (f) => f.locator('input[name=note]').fill(note));
  }
  await act(dept, '#answer-petition-form', async (f) => {
    await f.locator('select[name=answer]').selectOption('not_support');
    await f.locator('textarea[name=text]').fill('经核查，您家庭人均收入超过本市公租房准入标准，对配租资格申请不予支持。');
  });
  assert.match(await dept.locator('#petition-answer').innerText(), /不予支持/);
  await act(dept, 'form[action$="/step"]', (f) => f.locator('input[name=note]').fill('已将处理意见书送达信访人。'));
  await act(dept, '#close-form', async (f) => {
    await f.locator('select[name=outcome]').selectOption('not_substantiated');
    await f.locator('textarea[name=note]').fill('已书面答复。');
  });
  assert.match(await dept.locator('#case-status').innerText(), /已办结/);

  // 5. The petitioner reads the answer and asks the organ above for review (复查).
  await petitioner.goto(track);
  assert.match(await petitioner.locator('.timeline').innerText(), /超过本市公租房准入标准/);
  await petitioner.screenshot({ path: `${SHOTS}/petition-answered.png`, fullPage: true });
  await petitioner.locator('#review textarea[name=reason]').fill('收入计算有误，未扣除医疗支出，申请复查。');
  await petitioner.locator('#review button[type=submit]').click();
  await petitioner.waitForURL(/done=reviewed/);
  assert.match(await petitioner.locator('#track-status').innerText(), /办理中/);
  assert.match(await petitioner.locator('.timeline').innerText(), /申请复查/);

  // 6. The leader in charge of 老山 answers the review; the petitioner reads it.
  const leader = await login('leader');
  await leader.goto(server.base + '/staff/inbox');
  assert.match(await leader.locator('#notices').innerText(), new RegExp(caseNo));
  await leader.goto(`${server.base}/staff/cases/${caseNo}`);
  assert.match(await leader.locator('#review-level').innerText(), /复查中/);
  await act(leader, '#answer-petition-form', async (f) => {
    await f.locator('select[name=answer]').selectOption('explain');
    await f.locator('textarea[name=text]').fill('复查意见：医疗支出不在收入核算的扣除范围内，维持原处理意见，并告知可申请其他住房保障。');
  });
  await act(leader, 'form[action$="/contact"]', (f) => f.locator('input[name=note]').fill('电话告知复查意见。'));
  await act(leader, '#close-form', async (f) => {
    await f.locator('select[name=outcome]').selectOption('explained');
    await f.locator('textarea[name=note]').fill('复查意见书已送达。');
  });
  await petitioner.goto(track);
  const timeline = await petitioner.locator('.timeline').innerText();
  assert.match(timeline, /维持原处理意见/);
  assert.match(await petitioner.locator('#track-status').innerText(), /已办结/);
  assert.match(await petitioner.locator('#review h2').innerText(), /申请复核/, 're-review is offered next');
  await petitioner.screenshot({ path: `${SHOTS}/petition-reviewed.png`, fullPage: true });
});
