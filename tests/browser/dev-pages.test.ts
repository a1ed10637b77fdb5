// GraphiQL (GET /graphql) and the REST API docs (GET /api/docs, Swagger UI) driven in headless Chromium (issue 19),
// with every request that is not to this server aborted: both pages must work on a machine without internet.
//
// Browser setup: tests/helpers/browser.ts (the system Chromium through playwright-core; outside CI
// the file is skipped when it is absent, in CI a missing browser fails).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium, requireChromium } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

requireChromium('GraphiQL and API docs in headless Chromium');

describe.skipIf(!haveChromium)('GraphiQL and API docs in headless Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    s = await startTestServer({ seed: true });
    token = await s.adminToken();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  /** A fresh page whose requests outside this server are aborted and recorded; page errors are recorded too. */
  async function offlinePage() {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1400, height: 1000 }, serviceWorkers: 'block' });
    const page: Page = await context.newPage();
    const origin = new URL(s.url).origin;
    const blocked: string[] = [];
    const errors: string[] = [];
    const failed: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      blocked.push(url);
      return route.abort('internetdisconnected');
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`);
    });
    return { context, page, blocked, errors, failed };
  }

  it('GraphiQL: runs a query, then again with the Authorization header typed into the headers editor', async () => {
    const { context, page, blocked, errors, failed } = await offlinePage();
    const sent: (string | undefined)[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/graphql' && r.postData()?.includes('username role')) sent.push(r.headers().authorization);
    });
    await page.goto(`${s.url}/graphql?query=${encodeURIComponent('{ me { username role } }')}`);
    const response = page.locator('.graphiql-response');
    const responseText = async () => ((await response.textContent()) ?? '').replace(/\s+/g, ' ');
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });

    // no token yet: the answer is the UNAUTHENTICATED error
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(responseText, { timeout: 15_000 }).toContain('UNAUTHENTICATED');

    // the headers editor is open by default with an Authorization line to complete
    const headers = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden)');
    await expect.poll(async () => ((await headers.textContent()) ?? '').replace(/\s+/g, ' ')).toContain('"Authorization": "Bearer "');
    await headers.locator('.view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(responseText, { timeout: 15_000 }).toMatch(/"username": "admin", "role": "ADMIN"/);
    expect(await responseText()).not.toContain('UNAUTHENTICATED');

    // the first run sent the placeholder ("Bearer " as the browser trims it), the second the token typed in
    expect(sent).toEqual(['Bearer', `Bearer ${token}`]);
    await page.screenshot({ path: '/tmp/wms-graphiql.png' });
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    await context.close();
  });

  it('API docs: authorizes with a bearer token and runs GET /api/auth/me against this server', async () => {
    const { context, page, blocked, errors, failed } = await offlinePage();
    const calls: { auth?: string; status?: number }[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/api/auth/me') calls.push({ auth: r.request().headers().authorization, status: r.status() });
    });
    await page.goto(`${s.url}/api/docs`);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 30_000 });
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('WMS REST API');

    // Authorize: the bearer token of POST /api/auth/login
    await page.locator('.auth-wrapper button.authorize').click();
    await page.locator('.modal-ux input').fill(token);
    await page.locator('.modal-ux button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();

    // GET /api/auth/me: open it, execute ("try it out" is on), see the answer of this server
    const op = page.locator('#operations-auth-Me');
    await op.locator('.opblock-summary').first().click();
    await op.locator('button.execute').click();
    const live = op.locator('.live-responses-table');
    await expect.poll(async () => (await live.locator('tbody .response-col_status').first().textContent())?.trim(), { timeout: 15_000 }).toBe('200');
    await expect.poll(async () => (await live.locator('.highlight-code').first().textContent()) ?? '').toMatch(/"username":\s*"admin"/);
    expect(await op.locator('.request-url').textContent()).toContain(`${s.url}/api/auth/me`);

    expect(calls).toEqual([{ auth: `Bearer ${token}`, status: 200 }]);
    await page.screenshot({ path: '/tmp/wms-api-docs.png', fullPage: false });
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    await context.close();
  });
});
