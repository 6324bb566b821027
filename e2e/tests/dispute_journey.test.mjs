// A neighbour complaint becomes a mediation, an agreement and a court confirmation in one history: the resident
// complains from a phone; the dispatcher turns the case into a dispute, evaluates it and chooses the street's
// committee; the mediator records the respondent's consent, a video session with minutes and the agreement, and
// applies for confirmation; the court accepts and confirms; the resident, on the phone, sees the agreement and rates
// the mediator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, SHOTS, login as loginAs, act } from './support.mjs';

const ctx = withServerAndBrowser(before, after);
const login = (username) => loginAs(ctx.browser, ctx.server.base, username);

async function noSidewaysScroll(page, label) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390 + 1, `${label}: no sideways scrolling on a phone (${width}px)`);
}

test('a neighbour complaint is mediated, agreed and confirmed by the court, and the resident rates the mediator', async () => {
  const { server, browser } = ctx;
  // 1. The resident complains from a phone.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const resident = await context.newPage();
  await resident.goto(server.base + '/submit');
  await resident.getByLabel('投诉').check();
  await resident.getByLabel('标题 *').fill('楼上漏水多次协商不成');
  await resident.getByLabel('详细描述 *').fill('楼上卫生间漏水，我家天花板和墙面受损，找过楼上住户几次都没解决。');
  await resident.getByLabel('地址 *').fill('八角街道八角北路社区12号院3号楼');
  await resident.locator('#lat').fill('39.916');
  await resident.locator('#lon').fill('116.199264');
  await resident.getByLabel('您的称呼 *').fill('王女士');
  await resident.getByLabel('手机号码 *').fill('13911112222');
  await resident.getByRole('button', { name: '提交' }).click();
  const caseNo = (await resident.locator('#case-no').innerText()).trim();
  const track = `${server.base}/track?case_no=${caseNo}&phone_last4=2222`;

  // 2. The dispatcher turns it into a dispute, evaluates it and chooses the street's people's mediation committee.
  const dispatcher = await login('dispatcher');
  await dispatcher.goto(`${server.base}/staff/cases/${caseNo}`);
  await dispatcher.locator('#convert-dispute summary').click();
  await dispatcher.locator('#convert-form select[name=dispute_type]').selectOption('neighbour');
  await dispatcher.locator('#convert-form input[name=respondent]').fill('楼上住户赵先生');
  await dispatcher.locator('#convert-form textarea[name=claims]').fill('修好防水，赔偿修缮费3000元。');
  await dispatcher.locator('#convert-form input[name=amount]').fill('3000');
  await dispatcher.locator('#convert-form button[type=submit]').click();
  await dispatcher.waitForURL(new RegExp(`/staff/disputes/${caseNo}$`));
  assert.match(await dispatcher.locator('#recommendation').innerText(), /人民调解/);
  await act(dispatcher, '#evaluation-form', (f) => f.locator('select[name=complexity]').selectOption('low'));
  assert.equal(await dispatcher.locator('#dispute-stage').getAttribute('data-stage'), 'evaluated');
  await act(dispatcher, '#mediation-form', (f) => f.getByLabel(/郭建华/).check());
  assert.match(await dispatcher.locator('#dispute-mediator').innerText(), /郭建华.*八角街道人民调解委员会/);

  // 3. The mediator: consent, a video session with minutes, the agreement, the application for confirmation.
  const mediator = await login('mediator');
  await mediator.goto(server.base + '/staff/disputes');
  await mediator.getByRole('link', { name: caseNo }).click();
  await act(mediator, '#consent-form', (f) => f.locator('input[name=note]').fill('电话联系赵先生，同意调解。'));
  assert.equal(await mediator.locator('#dispute-stage').getAttribute('data-stage'), 'mediating');
  await act(mediator, '#session-form', async (f) => {
    await f.locator('input[name=scheduled_at]').fill('2026-12-03T10:00');
    await f.getByLabel('视频调解').check();
    await f.locator('input[name=video_link]').fill('https://meeting.example.gov.cn/odr/123');
  });
  await act(mediator, '.minutes-form', async (f) => {
    await f.locator('textarea[name=minutes]').fill('双方陈述事实，赵先生同意修复防水并赔偿。');
    await f.locator('textarea[name=private_applicant]').fill('王女士底线2500元');
  });
  assert.match(await mediator.locator('#sessions').innerText(), /王女士底线2500元/, 'the mediator sees the private note');
  await act(mediator, '#agreement-form', async (f) => {
    const texts = f.locator('input[name=term_text]');
    await texts.nth(0).fill('赵先生于12月20日前修复卫生间防水');
    await f.locator('input[name=term_due]').nth(0).fill('2026-12-20');
    await texts.nth(1).fill('赵先生赔偿王女士修缮费');
    await f.locator('input[name=term_amount]').nth(1).fill('2800');
  });
  assert.equal(await mediator.locator('#dispute-stage').getAttribute('data-stage'), 'agreed');
  await mediator.locator('#print-link').click();
  assert.match(await mediator.locator('#agreement-doc').innerText(), /人民调解协议书[\s\S]*2,800\.00 元/);
  await mediator.emulateMedia({ media: 'print' });
  assert.equal(await mediator.locator('header.top').isVisible(), false, 'the printed agreement has no site header');
  await mediator.pdf({ path: `${SHOTS}/dispute-agreement.pdf`, format: 'A4' });
  await mediator.emulateMedia({ media: 'screen' });
  await mediator.goBack();
  // Both parties sign (人民调解法 art. 29), then both apply for confirmation (art. 33).
  await act(mediator, '#signature-form', (f) => f.locator('select[name=party]').selectOption('applicant'));
  await act(mediator, '#signature-form', (f) => f.locator('select[name=party]').selectOption('respondent'));
  await act(mediator, '#apply-form', (f) => f.locator('select[name=party]').selectOption('applicant'));
  assert.equal(await mediator.locator('#dispute-stage').getAttribute('data-stage'), 'agreed');
  await act(mediator, '#apply-form', (f) => f.locator('select[name=party]').selectOption('respondent'));
  assert.equal(await mediator.locator('#dispute-stage').getAttribute('data-stage'), 'confirmation_applied');

  // 4. The court accepts and confirms.
  const court = await login('court');
  await court.goto(server.base + '/staff/disputes');
  await court.getByRole('link', { name: caseNo }).click();
  await act(court, '#court-form', (f) => f.locator('select[name=step]').selectOption('accept'));
  await act(court, '#court-form', async (f) => {
    await f.locator('select[name=step]').selectOption('confirm');
    await f.locator('input[name=note]').fill('裁定确认调解协议有效');
  });
  assert.equal(await court.locator('#dispute-stage').getAttribute('data-stage'), 'confirmed');
  assert.doesNotMatch(await court.locator('body').innerText(), /王女士底线2500元/, 'private notes are the mediator\'s alone');

  // 5. The resident, on the phone: one history, the agreement, a rating.
  await resident.goto(track);
  assert.match(await resident.locator('#track-dispute-stage').innerText(), /已司法确认/);
  assert.match(await resident.locator('#track-dispute').innerText(), /修复卫生间防水/);
  const history = await resident.locator('.timeline').innerText();
  for (const step of ['转为纠纷调解', '达成调解协议', '法院裁定确认调解协议有效']) assert.match(history, new RegExp(step), `${step} in the history`);
  await noSidewaysScroll(resident, 'tracking');
  await resident.locator('#rate-mediator-form input[name=stars][value="5"]').check();
  await resident.locator('#rate-mediator-form button[type=submit]').click();
  await resident.waitForURL(/done=mediator_rated/);
  assert.match(await resident.locator('#mediator-rating').innerText(), /5/);
  await resident.screenshot({ path: `${SHOTS}/dispute-tracked-phone.png`, fullPage: true });

  // 6. The public form and the guide work on a phone too.
  await resident.goto(server.base + '/disputes/consult/neighbour?a=nyy');
  assert.equal(await resident.locator('#advice').getAttribute('data-path'), 'mediate');
  await resident.locator('#file-from-advice').click();
  await noSidewaysScroll(resident, 'the filing form');
});
