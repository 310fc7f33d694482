/// <reference lib="dom" />
// page.evaluate() callbacks run in the browser and name its globals.
import { createServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { startTsProcess, type RunningProcess } from '@luotsi/testing';
import { axe, buildWeb, chromiumOrWhy, launch, reloadThenSignOut, screenshot } from './browser';
import { seedPilot } from './seed';

/**
 * The resident's sign-in against the real Keycloak (realm luotsi, public client luotsi-web): the
 * app runs with OIDC_ISSUER set, so no development issuer; Chromium goes through Keycloak's own
 * login form and comes back with a code, traded with PKCE at Keycloak's token endpoint (CORS by
 * the client's web origins). The app listens on 127.0.0.1:3000, the redirect URI the realm registers.
 */
const keycloak = process.env['LUOTSI_TEST_KEYCLOAK_URL']?.replace(/\/+$/, '');
const why = chromiumOrWhy() ?? (keycloak ? null : 'LUOTSI_TEST_KEYCLOAK_URL not set');
const describeBrowser = why ? describe.skip : describe;
const PORT = 3000;

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => s.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
  });

describeBrowser(why ? `web app signing in at Keycloak [skipped: ${why}]` : 'web app signing in at Keycloak', () => {
  const base = `http://127.0.0.1:${PORT}`;
  const issuer = `${keycloak}/realms/luotsi`;
  let app: RunningProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!(await portFree(PORT))) throw new Error(`port ${PORT} is taken: the realm's luotsi-web redirect URI is ${base}/*`);
    buildWeb();
    app = startTsProcess('apps/luotsi/src/main.ts', {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      LUOTSI_DATA_DIR: 'memory',
      DATABASE_URL: '',
      KAFKA_BROKERS: '',
      EVENTSTORE_URL: '',
      OIDC_ISSUER: issuer,
      OIDC_JWKS_URI: '',
      LUOTSI_FIXED_NOW: '',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
    });
    await app.waitFor(/listening on http/, 120_000);
    await seedPilot(base, issuer);
    browser = await launch();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.kill();
  }, 30_000);

  it('a resident signs in through Keycloak with PKCE, sees the effective date, switches and cancels', async () => {
    const context = await browser!.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await page.goto(`${base}/resident`);
    await page.locator('main button').first().click();
    await page.waitForURL(
      (u) => u.href.startsWith(`${issuer}/protocol/openid-connect/auth`) && u.searchParams.get('code_challenge_method') === 'S256',
    );
    await page.locator('#username').fill('liisa.resident');
    await page.locator('#password').fill('luotsi-demo');
    await page.locator('#kc-login').click();
    await page.waitForURL(`${base}/resident`);
    await page.getByTestId('current-station').waitFor();
    expect(await page.getByTestId('current-station').textContent()).toBe('Hervannan terveysasema');
    // The token stays in memory: nothing of it in the browser's storage.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toMatch(/eyJ/);
    await screenshot(page, 'keycloak-resident-home');
    await page.locator('section:has(#switch-heading) button').click();
    const mehi = page.getByLabel('Mehiläinen Hervanta');
    await page.locator(`label[for="${await mehi.getAttribute('id')}"]`).click();
    await page.locator('main .actions button').click();
    const reason = page.locator('input[name="reason"][value="good-location"]');
    await page.locator(`label[for="${await reason.getAttribute('id')}"]`).click();
    await page.locator('main .actions button').click();
    await page.getByTestId('effective-date').waitFor();
    await page.locator('main .actions button').click();
    await page.waitForURL(`${base}/resident/switch/done`);
    expect(await page.getByTestId('reference').textContent()).toMatch(/^[0-9a-f-]{36}$/);
    expect(await axe(page, 'keycloak-done')).toEqual([]);
    await page.locator('main a[href="/resident"]').click();
    await page.getByTestId('pending-switch').locator('button').click();
    await page.getByTestId('pending-switch').waitFor({ state: 'detached' });
    await screenshot(page, 'keycloak-resident-cancelled');
    await context.close();
  }, 120_000);
  it("stays signed in across a reload from Keycloak's session, and signing out ends that session at Keycloak", async () => {
    const context = await browser!.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${base}/resident`);
    await page.locator('main button').first().click();
    await page.waitForURL((u) => u.href.startsWith(`${issuer}/protocol/openid-connect/auth`));
    await page.locator('#username').fill('liisa.resident');
    await page.locator('#password').fill('luotsi-demo');
    await page.locator('#kc-login').click();
    await page.waitForURL(`${base}/resident`);
    await page.getByTestId('current-station').waitFor();
    // The reload signs in with prompt=none from Keycloak's session; the sign-out is RP-initiated
    // logout (id_token_hint, so no confirmation page) back to the registered post-logout URI.
    await reloadThenSignOut(page, base, 'liisa.resident');
    // Keycloak's session is gone: signing in asks for the password again.
    await page.waitForURL((u) => u.href.startsWith(`${issuer}/protocol/openid-connect/auth`));
    await page.locator('#username').waitFor();
    expect(await page.locator('#password').count()).toBe(1);
    await context.close();
  }, 120_000);
});
