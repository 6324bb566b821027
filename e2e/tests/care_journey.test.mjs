// An elder's way from the census to a settled month of long-term care, over two months of the server's clock: the
// civil-affairs officer imports a census file with her; two assessors record the national standard's 17 items on site
// (level 3, 重度失能Ⅰ级); the medical-insurance officer reviews and publishes it; after the publicity period the
// conclusion takes effect from the next month, she is enrolled, her contribution recorded and a plan matched to the
// station nearest her home, which she accepts; in January the station's carer records visits and the officer
// verifies them; in February the month is entered, checked and settled.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, login, SHOTS } from './support.mjs';

let server;
let browser;
after(async () => {
  await browser?.close();
  await server?.stop();
});

// A valid ID number (GB 11643 check digit) for the first 17 digits.
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

async function restart(now) {
  const dir = server.dir;
  await server.stop();
  server = await startServer({ dir, now });
}

test('an elder is assessed at level 3, matched to a plan, cared for and the month is settled', async () => {
  server = await startServer();
  browser = await launchBrowser();
  const base = () => server.base;

  // 1. The census: one elder, uploaded by the civil-affairs officer; the progress view shows the import done.
  const id = idNumber('11010719380405002');
  const csv = `\ufeff姓名,公民身份号码,性别,出生日期,街道,社区,居住状况,经济状况,联系电话,服务需求\n周淑珍,${id},女,1938-04-05,八宝山街道,玉泉西里一区社区,独居,低保,13900001111,助浴、助洁\n`;
  let officer = await login(browser, base(), 'careadmin');
  await officer.goto(base() + '/staff/care/census');
  await officer.locator('#census-form input[name=file]').setInputFiles({ name: 'census.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await officer.locator('#census-upload').click();
  await officer.waitForURL(/\/staff\/care\/census\/[0-9a-f-]+$/);
  await officer.locator('#import-status[data-status=done]').waitFor({ timeout: 30_000 });
  assert.equal((await officer.locator('#import-created').innerText()).trim(), '1');

  // 2. Two assessors on site: the first records the 17 items; the computed level is 3.
  const assessor = await login(browser, base(), 'assessor');
  await assessor.goto(base() + '/staff/care/elders?name=' + encodeURIComponent('周淑珍'));
  await assessor.getByRole('link', { name: '周淑珍' }).click();
  await assessor.locator('#assess-link').click();
  const scores = { eating: 5, dressing: 5, grooming: 0, bowel: 5, bladder: 5, toileting: 5, walking: 5, transfer: 5, stairs: 5, bathing: 0,
    time_orientation: 4, person_orientation: 4, place_orientation: 4, memory: 4, vision: 4, hearing: 4, communication: 4 };
  for (const [item, score] of Object.entries(scores)) {
    await assessor.locator(`#assess-form input[name=${item}][value="${score}"]`).check();
  }
  await assessor.locator('#second-assessor').selectOption({ label: '失能评估员 郑丽' });
  await assessor.locator('#assessor-level').selectOption('3');
  await assessor.locator('#record-assessment').click();
  await assessor.waitForURL(/\/staff\/care\/assessments\/[0-9a-f-]+/);
  assert.equal(await assessor.locator('#computed-level').getAttribute('data-level'), '3');
  assert.match(await assessor.locator('#sums').innerText(), /40\/100/);
  const assessmentPath = new URL(assessor.url()).pathname;

  // The second assessor confirms the scores under her own account.
  const second = await login(browser, base(), 'assessor-2');
  await second.goto(base() + assessmentPath);
  await second.locator('#confirm-button').click();
  await second.waitForLoadState('load');
  assert.notEqual(await second.locator('#second-confirmed time').count(), 0, 'confirmed');

  // 3. The medical-insurance officer (not one of the assessors) reviews it: the table's level, published for the
  // publicity period.
  const yb = await login(browser, base(), 'careadmin-yb');
  await yb.goto(base() + assessmentPath);
  await yb.locator('#review-form input[name=decision][value=confirm]').check();
  await yb.locator('#review-button').click();
  await yb.waitForLoadState('load');
  assert.equal(await yb.locator('#assessment-status').getAttribute('data-status'), 'publicised');

  // 4. A week later: the conclusion takes effect from January; enrolment, the year's contribution, a matched plan.
  await restart('2026-12-09T10:00:00+08:00');
  officer = await login(browser, base(), 'careadmin');
  await officer.goto(base() + assessmentPath);
  // The sweeper concludes it once the publicity period is over; the officer may not have to.
  if (await officer.locator('#conclude-form').count()) {
    await officer.locator('#conclude-form button').click();
    await officer.waitForLoadState('load');
  }
  await officer.goto(base() + assessmentPath);
  assert.equal(await officer.locator('#assessment-status').getAttribute('data-status'), 'concluded');
  assert.match(await officer.locator('#validity').innerText(), /2027-01-01/);
  await officer.locator('a', { hasText: '周淑珍' }).first().click();
  await officer.locator('#insurance-form select[name=category]').selectOption('resident');
  await officer.locator('#insurance-form input[name=year]').fill('2027');
  await officer.locator('#insurance-form select[name=payer]').selectOption('government');
  await officer.locator('#insurance-form input[name=amount]').fill('90');
  await officer.locator('#insurance-form button').click();
  await officer.waitForLoadState('load');
  assert.match(await officer.locator('#insurance').innerText(), /已参保/);
  // The year is paid only with the person's own share too (the rule's two shares of ¥90).
  await officer.locator('#insurance-form input[name=year]').fill('2027');
  await officer.locator('#insurance-form select[name=payer]').selectOption('individual');
  await officer.locator('#insurance-form input[name=amount]').fill('90');
  await officer.locator('#insurance-form button').click();
  await officer.waitForLoadState('load');
  // The contribution counts once a second officer has checked it (maker-checker): the one who typed it cannot.
  assert.equal(await officer.locator('#contributions form button').count(), 0);
  const elderPage = officer.url();
  const checker = await login(browser, base(), 'careadmin-yb');
  await checker.goto(elderPage);
  await checker.locator('#contributions form button').first().click();
  await checker.waitForLoadState('load');
  await checker.locator('#contributions form button').first().click();
  await checker.waitForLoadState('load');
  assert.equal(await checker.locator('#contributions tr[data-checked=true]').count(), 2);
  await checker.close();
  await officer.goto(elderPage);
  await officer.locator('#propose-plan').click();
  await officer.waitForLoadState('load');
  const plan = officer.locator('article.plan[data-status=proposed]');
  assert.match(await plan.locator('h3').innerText(), /玉泉西里一区社区养老服务驿站/);
  assert.match(await plan.innerText(), /失能帮扶/);
  await plan.locator('button.accept-plan').click();
  await officer.waitForLoadState('load');
  assert.equal(await officer.locator('article.plan[data-status=accepted]').count(), 1);
  await officer.screenshot({ path: `${SHOTS}/care-plan.png`, fullPage: true });

  // 5. January: the station's carer records three two-hour visits; the officer verifies the station's month.
  await restart('2027-01-20T10:00:00+08:00');
  const carer = await login(browser, base(), 'provider');
  for (const day of ['05', '12', '19']) {
    await carer.goto(base() + '/staff/care/services');
    await carer.locator('#plan-elder').selectOption({ label: '周淑珍' });
    await carer.locator('#service').selectOption('disability_aid');
    await carer.locator('#started-at').fill(`2027-01-${day}T09:00`);
    await carer.locator('#minutes').fill('120');
    await carer.locator('#record-service').click();
    await carer.waitForLoadState('load');
    assert.match(await carer.locator('#message').innerText(), /服务已登记/);
  }
  assert.equal(await carer.locator('#records-table tbody tr').count(), 3);
  officer = await login(browser, base(), 'careadmin');
  await officer.goto(base() + '/staff/care/services');
  await officer.locator('#facility-filter select[name=facility]').selectOption({ label: '玉泉西里一区社区养老服务驿站' });
  await officer.locator('#facility-filter button').click();
  await officer.waitForLoadState('load');
  await officer.locator('#verify-form button').click();
  await officer.waitForLoadState('load');
  assert.match(await officer.locator('#message').innerText(), /已核实 3 条/);

  // 6. February: January is entered, checked and settled for the station.
  await restart('2027-02-03T10:00:00+08:00');
  officer = await login(browser, base(), 'careadmin');
  await officer.goto(base() + '/staff/care/settlements?month=2027-01');
  await officer.locator('#provider').selectOption({ label: '玉泉西里一区社区养老服务驿站' });
  await officer.locator('#settle-month').fill('2027-01');
  await officer.locator('#enter-settlement').click();
  await officer.waitForURL(/\/staff\/care\/settlements\/[0-9a-f-]+/);
  assert.equal(await officer.locator('#settlement-status').getAttribute('data-status'), 'entered');
  // Three visits of two hours at ¥45 an hour: ¥270, within the ¥1,200 cap; the fund pays 70 %.
  assert.match(await officer.locator('#fund-total').innerText(), /189\.00/);
  // Maker-checker: the one who entered it is offered no check; the medical-insurance officer checks, the one who
  // entered it settles.
  assert.equal(await officer.locator('#check-form').count(), 0);
  assert.match(await officer.locator('#maker-checker').innerText(), /另一名经办人员/);
  const settlementPage = officer.url().split('?')[0];
  const yb2 = await login(browser, base(), 'careadmin-yb');
  await yb2.goto(settlementPage);
  await yb2.locator('#check-form button').click();
  await yb2.waitForLoadState('load');
  assert.equal(await yb2.locator('#settlement-status').getAttribute('data-status'), 'checked');
  assert.equal(await yb2.locator('#settle-form').count(), 0);
  await yb2.close();
  await officer.goto(settlementPage);
  await officer.locator('#settle-form button').click();
  await officer.waitForLoadState('load');
  assert.equal(await officer.locator('#settlement-status').getAttribute('data-status'), 'settled');
  assert.match(await officer.locator('#signatures').innerText(), /黄涛/);
  await officer.screenshot({ path: `${SHOTS}/care-settlement.png`, fullPage: true });
});
