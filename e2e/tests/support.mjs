// Shared set-up for browser tests: start the real gongzhi binary on a free port with the demo district, and launch
// Debian's Chromium through playwright-core (never a browser that Playwright downloads).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

export const BIN = process.env.GONGZHI_BIN || resolve(import.meta.dirname, '../../target/debug/gongzhi');
export const SHOTS = resolve(import.meta.dirname, '../test-results');

// The folders this test file made and the servers it started: when the file's process ends — passed or failed — the
// servers are stopped and the folders removed, so no run leaves databases behind.
const made = [];
const started = [];
process.on('exit', () => {
  for (const child of started) { if (child.exitCode === null) child.kill('SIGKILL'); }
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

// Starts the server in a fresh folder, or (`options.dir`) again on the database a previous run left there, with its
// clock starting at `options.now` (RFC 3339) when given: a journey over weeks restarts the server later in time.
export async function startServer(options = {}) {
  const dir = options.dir || mkdtempSync(join(tmpdir(), 'gongzhi-e2e-'));
  if (!options.dir) made.push(dir);
  const env = { ...process.env, GONGZHI_LOG: 'warn' };
  if (options.now) env.GONGZHI_NOW = options.now;
  const child = spawn(BIN, ['serve', '--demo', '--demo-history', String(options.history ?? (process.env.GZ_HISTORY || '0')), '--demo-elders', process.env.GZ_ELDERS || '300', '--bind', '127.0.0.1:0'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  const lines = createInterface({ input: child.stdout });
  const base = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('server did not start in 60 s')), 60_000);
    child.on('exit', (code) => fail(new Error(`server exited with ${code}`)));
    lines.on('line', (line) => {
      const m = line.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
  });
  return {
    base,
    dir,
    async stop() {
      const exited = new Promise((ok) => child.on('exit', ok));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/// Starts the server and the browser before a test file's tests and stops both after; `ctx.server` and
/// `ctx.browser` are set once `before` has run.
export function withServerAndBrowser(before, after) {
  const ctx = {};
  before(async () => {
    ctx.server = await startServer();
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    ctx.exitCode = await ctx.server?.stop();
  });
  return ctx;
}

// Signs a member of staff in, in a fresh desktop context, and returns the page (on /staff).
export async function login(browser, base, username) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('gongzhi-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/staff$/);
  return page;
}

// Fills (optionally) and submits one action form of the case page, and checks that no refusal came back.
export async function act(page, formSelector, fill) {
  const form = page.locator(formSelector);
  if (fill) await fill(form);
  await form.locator('button[type=submit]').click();
  await page.waitForLoadState('load');
  assert.equal(await page.locator('#action-error').count(), 0, await page.locator('#action-error').allInnerTexts().then(String));
}
