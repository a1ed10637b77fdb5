// The live dashboard page (GET /dashboard, src/live/dashboard.html) driven in headless Chromium (issue 7):
// sign in through the page, a REST receive happens, the page shows the new figures and the event.
//
// Uses the system's Chromium (Debian package `chromium`, installed by .ci/run) through playwright-core; no browser
// is downloaded. Outside CI the file is skipped (with a message) when /usr/bin/chromium is absent; in CI
// (CI=true) it always runs, so a missing browser is a failure, not a silent skip.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium, requireChromium } from '../helpers/browser';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';
import { createPo, floorUser, seeded } from '../helpers/inbound';
import { craftToken } from '../helpers/fixtures';

requireChromium('live dashboard page in headless Chromium');

const figure = (page: Page, key: string) => page.getByTestId(`figure-${key}`);
const figureValue = async (page: Page, key: string) => Number(await figure(page, key).textContent());

describe.skipIf(!haveChromium)('live dashboard page in headless Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];

  beforeAll(async () => {
    s = await startTestServer({ seed: true });
    // playwright's launch gives the browser a fresh temporary --user-data-dir and removes it on close
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      // failed HTTP requests are checked through `failedRequests` below
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
    });
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (r.status() >= 400 && path !== '/favicon.ico') failedRequests.push(`${r.request().method()} ${path} ${r.status()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('signs in, then shows the new figures and the event after a REST receive', async () => {
    const ids = await seeded(s.app);
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item3, quantity: 10 }] });
    const receiver = await floorUser(s, [ids.warehouseId], ['receive']);

    await page.goto(`${s.url}/dashboard`);
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('offline');

    // a wrong password is refused on the page
    await page.getByTestId('username').fill('admin');
    await page.getByTestId('password').fill('not-the-password');
    await page.getByTestId('sign-in').click();
    await expect.poll(() => page.getByTestId('login-error').textContent(), { timeout: 10_000 }).not.toBe('');
    expect(await page.getByTestId('app').isVisible()).toBe(false);

    await page.getByTestId('password').fill(ADMIN_PASSWORD);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('app').waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 10_000 }).toBe('live');
    expect(await page.getByTestId('who').textContent()).toBe('admin (ADMIN)');
    await figure(page, 'itemsAwaitingPutaway').waitFor({ timeout: 10_000 });

    const before = {
      pendingReceipts: await figureValue(page, 'pendingReceipts'),
      itemsAwaitingPutaway: await figureValue(page, 'itemsAwaitingPutaway'),
    };
    // the page shows what the dashboard query says
    const q = await s.gql(`{ dashboard { pendingReceipts itemsAwaitingPutaway } }`, {}, await s.adminToken());
    expect(q.data.dashboard).toEqual(before);
    expect(await page.getByTestId('event').count()).toBe(0);

    const r = await s.api('POST', '/api/receiving/receive', {
      token: receiver.token,
      body: { po_id: po.poId, warehouse_id: ids.warehouseId, items: [{ item_id: ids.item3, quantity: 6, bin_id: ids.stageBinId }] },
    });
    expect(r.status).toBe(200);

    await expect
      .poll(() => figureValue(page, 'itemsAwaitingPutaway'), { timeout: 10_000, interval: 100 })
      .toBe(before.itemsAwaitingPutaway + 6);
    expect(await figureValue(page, 'pendingReceipts')).toBe(before.pendingReceipts - 6);

    const event = page.locator('[data-testid="event"][data-topic="receiving.received"]');
    await event.first().waitFor({ timeout: 10_000 });
    expect(await event.count()).toBe(1);
    expect(await event.first().textContent()).toContain(`WH ${ids.warehouseId}`);
    // the receive's audit row is in the "recent activity" list of the same update
    await expect.poll(() => page.getByTestId('recent').textContent(), { timeout: 5000 }).toContain(`RECEIVE by ${receiver.username}`);

    await page.screenshot({ path: '/tmp/wms-dashboard.png', fullPage: true });
    expect(await page.getByTestId('app-error').textContent()).toBe('');
    expect(pageErrors).toEqual([]);
    expect(failedRequests).toEqual(['POST /api/auth/login 401']); // the wrong password only
  });

  it('renews its token on the open socket before it expires: still live afterwards, events keep coming', async () => {
    const ids = await seeded(s.app);
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item3, quantity: 10 }] });
    const receiver = await floorUser(s, [ids.warehouseId], ['receive']);
    const adminRow = await s.app.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
    const short = craftToken({ user_id: adminRow.userId, username: 'admin', role: 'ADMIN', warehouse_id: null, warehouse_ids: [] }, { expiresIn: 15 });
    const expiresAt = Date.now() + 15_000;
    const renewPage = await browser.newPage();
    renewPage.on('pageerror', (e) => pageErrors.push(String(e)));
    await renewPage.goto(`${s.url}/dashboard`);
    await renewPage.evaluate((t) => sessionStorage.setItem('wms_token', t), short);
    await renewPage.reload();
    await expect.poll(() => renewPage.getByTestId('status').textContent(), { timeout: 10_000 }).toBe('live');

    // past the first token's expiry: the page renewed it on the socket (no 4401, not signed out)
    await expect.poll(() => Date.now() > expiresAt + 1500, { timeout: 25_000, interval: 250 }).toBe(true);
    expect(await renewPage.getByTestId('status').textContent()).toBe('live');
    expect(await renewPage.getByTestId('app').isVisible()).toBe(true);
    const stored = await renewPage.evaluate(() => sessionStorage.getItem('wms_token'));
    expect(stored).not.toBe(short);
    expect((await s.gql('{ me { username } }', {}, stored!)).data.me.username).toBe('admin');

    const r = await s.api('POST', '/api/receiving/receive', {
      token: receiver.token,
      body: { po_id: po.poId, items: [{ item_id: ids.item3, quantity: 1, bin_id: ids.stageBinId }] },
    });
    expect(r.status).toBe(200);
    await renewPage.locator('[data-testid="event"][data-topic="receiving.received"]').first().waitFor({ timeout: 10_000 });
    expect(await renewPage.getByTestId('status').textContent()).toBe('live');
    expect(pageErrors).toEqual([]);
    await renewPage.close();
  }, 60_000);

  it('a wall-board runs on a read-only API token from the address; a revocation ends it', async () => {
    const ids = await seeded(s.app);
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item3, quantity: 10 }] });
    const receiver = await floorUser(s, [ids.warehouseId], ['receive']);
    const admin = await s.adminToken();
    const created = await s.gql(
      'mutation C($input: ApiTokenCreateInput!) { apiTokenCreate(input: $input) { created { token apiToken { tokenId } } } }',
      { input: { name: 'browser board', warehouseIds: [ids.warehouseId] } },
      admin,
    );
    const { token, apiToken } = created.data.apiTokenCreate.created;
    const board = await browser.newPage();
    board.on('pageerror', (e) => pageErrors.push(String(e)));
    await board.goto(`${s.url}/dashboard#token=${token}&warehouse=${ids.warehouseId}`);
    await expect.poll(() => board.getByTestId('status').textContent(), { timeout: 10_000 }).toBe('live');
    expect(await board.getByTestId('who').textContent()).toBe('API token (read-only)');
    expect(new URL(board.url()).hash).toBe(''); // the secret left the address bar
    await figure(board, 'itemsAwaitingPutaway').waitFor({ timeout: 10_000 });
    const before = await figureValue(board, 'itemsAwaitingPutaway');

    const r = await s.api('POST', '/api/receiving/receive', {
      token: receiver.token,
      body: { po_id: po.poId, items: [{ item_id: ids.item3, quantity: 3, bin_id: ids.stageBinId }] },
    });
    expect(r.status).toBe(200);
    await expect.poll(() => figureValue(board, 'itemsAwaitingPutaway'), { timeout: 10_000, interval: 100 }).toBe(before + 3);
    await board.locator('[data-testid="event"][data-topic="receiving.received"]').first().waitFor({ timeout: 10_000 });
    expect(await board.getByTestId('app-error').textContent()).toBe('');

    const revoked = await s.gql('mutation R($id: Int!) { apiTokenRevoke(input: { tokenId: $id }) { apiToken { status } } }', { id: apiToken.tokenId }, admin);
    expect(revoked.data.apiTokenRevoke.apiToken.status).toBe('REVOKED');
    await expect.poll(() => board.getByTestId('login-error').textContent(), { timeout: 5000 }).toBe('The API token expired or was revoked.');
    expect(await board.getByTestId('app').isVisible()).toBe(false);
    expect(pageErrors).toEqual([]);
    await board.close();
  });
});
