import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (.ci/run installs it); never a browser downloaded by a test tool. */
export const CHROMIUM = process.env['LUOTSI_CHROMIUM'] || '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps calling out to a closed network.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const ROOT = join(__dirname, '..', '..', '..');
export const RESULTS = join(ROOT, 'tmp', 'test-results', 'web');

/**
 * Whether the browser tier can run: without Chromium it is skipped locally and FAILS under
 * LUOTSI_REQUIRE_INFRA=1 (CI), where a missing browser means a missing install step.
 */
export function chromiumOrWhy(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const why = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env['LUOTSI_REQUIRE_INFRA'] === '1') throw new Error(`${why}; LUOTSI_REQUIRE_INFRA=1 requires the browser tests to run`);
  return why;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Builds apps/web/dist if its sources changed (what `npm start`'s prestart does). */
export function buildWeb(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'apps/web/scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
}

export interface AxeFinding {
  page: string;
  id: string;
  impact: string;
  nodes: string[];
}

/** axe-core on the page as it is now (WCAG 2.0/2.1 A and AA rules); returns the serious and critical findings. */
export async function axe(page: Page, name: string): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: name, id: v.id, impact: v.impact ?? '', nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

/**
 * What a signed-in resident on `/resident` (`base` the app's origin) sees of the issuer's session:
 * a reload signs in again silently (the token was in memory only), on the same page; signing out
 * goes through the issuer's logout back to the front page, signed out; a reload then stays signed
 * out. Ends with the sign-in button clicked, for the caller to check that the issuer asks again.
 */
export async function reloadThenSignOut(page: Page, base: string, username: string): Promise<void> {
  await page.reload();
  await page.getByTestId('current-station').waitFor();
  expect(page.url()).toBe(`${base}/resident`);
  expect(await page.locator('.who').textContent()).toContain(username);
  await page.locator('.who button').click();
  await page.waitForURL(`${base}/`);
  await page.locator('h1').first().waitFor();
  expect(await page.locator('.who').count()).toBe(0);
  await page.goto(`${base}/resident`);
  await page.locator('main button').first().waitFor();
  expect(await page.locator('.who').count()).toBe(0);
  await page.locator('main button').first().click();
}
