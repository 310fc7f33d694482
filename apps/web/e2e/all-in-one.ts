import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAllInOneProcess, type RunningProcess } from '@luotsi/testing';
import { axe, buildWeb, launch, type AxeFinding } from './browser';
import { seedPilot } from './seed';

/**
 * The web app against the all-in-one process of `npm start`, in its own process (PGlite in memory,
 * the in-process bus, the development issuer), seeded through the API with the pilot's data, and a
 * Chromium: what the browser specs share. Each role signs in through the issuer's sign-in page with
 * the code flow and PKCE.
 */
export interface AllInOne {
  base: string;
  issuer: string;
  /** Accessibility findings and page errors since the last `reset()`: a test expects none. */
  findings: AxeFinding[];
  newPage(locale?: string): Promise<{ context: BrowserContext; page: Page }>;
  /** Opens `path`, which asks to sign in, and signs in there as `username` on the issuer's page. */
  signIn(page: Page, path: string, username: string): Promise<void>;
  /** Waits for the page to settle and runs axe on it, keeping its findings. */
  check(page: Page, name: string): Promise<void>;
  reset(): void;
  stop(): Promise<void>;
}

export async function startAllInOne(portFrom: number): Promise<AllInOne> {
  const port = portFrom + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  const issuer = `${base}/dev-issuer/realms/luotsi`;
  buildWeb();
  const app: RunningProcess = startAllInOneProcess(port);
  let browser: Browser | undefined;
  try {
    await app.waitFor(/listening on http/, 120_000);
    await seedPilot(base, issuer);
    browser = await launch();
  } catch (error) {
    await app.kill();
    throw error;
  }
  const findings: AxeFinding[] = [];
  return {
    base,
    issuer,
    findings,
    async newPage(locale = 'fi-FI') {
      const context = await browser!.newContext({ locale, acceptDownloads: true, viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      page.on('pageerror', (e) => findings.push({ page: page.url(), id: 'pageerror', impact: 'critical', nodes: [e.message] }));
      return { context, page };
    },
    async signIn(page, path, username) {
      await page.goto(`${base}${path}`);
      await page.locator('main button').first().click();
      await page.waitForURL(/\/dev-issuer\//);
      await page.getByRole('button', { name: username }).click();
      await page.waitForURL(`${base}${path}`);
      await page.locator('h1').first().waitFor();
    },
    async check(page, name) {
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      findings.push(...(await axe(page, name)));
    },
    reset() {
      findings.length = 0;
    },
    async stop() {
      await browser?.close();
      await app.kill();
    },
  };
}
