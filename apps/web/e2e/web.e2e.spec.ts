/// <reference lib="dom" />
// page.evaluate() callbacks run in the browser and name its globals.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startAllInOne, type AllInOne } from './all-in-one';
import { chromiumOrWhy, reloadThenSignOut, screenshot, type AxeFinding } from './browser';
import { call, identityCodeOf, tokenOf } from './seed';

/**
 * The web app in a real Chromium against the real all-in-one process of `npm start` (its own
 * process: PGlite in memory, the in-process bus, the development issuer), seeded through the API.
 * Each role signs in through the issuer's sign-in page with the code flow and PKCE.
 */
const why = chromiumOrWhy();
const describeBrowser = why ? describe.skip : describe;
const title = why ? `web app in Chromium [skipped: ${why}]` : 'web app in Chromium';

const LANGS = ['fi', 'sv', 'en'] as const;

describeBrowser(title, () => {
  let aio: AllInOne | undefined;
  let base = '';
  let issuer = '';
  let findings: AxeFinding[] = [];

  beforeAll(async () => {
    aio = await startAllInOne(46000);
    ({ base, issuer, findings } = aio);
  }, 180_000);
  beforeEach(() => aio!.reset());
  afterAll(async () => {
    await aio?.stop();
  }, 30_000);
  const newPage = (locale?: string) => aio!.newPage(locale);
  const signIn = (page: Page, path: string, username: string) => aio!.signIn(page, path, username);
  const check = (page: Page, name: string) => aio!.check(page, name);

  it('a resident signs in, sees the effective date, switches and cancels, in Finnish, Swedish and English', async () => {
    const { context, page } = await newPage();
    await signIn(page, '/resident', 'liisa.resident');
    // The access token is in the app's memory only: no JWT in the browser's storage.
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toMatch(/eyJ/);
    for (const lang of LANGS) {
      await page.getByTestId(`lang-${lang}`).click();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await page.getByTestId('current-station').waitFor();
      expect(await page.getByTestId('current-station').textContent()).toBe('Hervannan terveysasema');
      await check(page, `resident-${lang}`);
      await screenshot(page, `resident-${lang}-1-home`);

      await page.locator('#switch-heading ~ button, section:has(#switch-heading) button').first().click();
      await page.waitForURL(`${base}/resident/switch`);
      // Narrowing by language: only stations serving in English are left.
      await page.locator('#filter-language').selectOption('en');
      await page.getByLabel('Mehiläinen Hervanta').waitFor();
      expect(await page.getByRole('radio').count()).toBe(1);
      await page.locator('#filter-language').selectOption('');
      await check(page, `switch-station-${lang}`);
      // Continue without a choice: the error summary takes focus and links to the field.
      await page.locator('main .actions button').click();
      await page.locator('.error-summary').waitFor();
      expect(await page.evaluate(() => document.activeElement?.closest('.error-summary') !== null)).toBe(true);
      await check(page, `switch-station-error-${lang}`);
      await screenshot(page, `resident-${lang}-2-error`);
      await pick(page.getByLabel('Mehiläinen Hervanta'));
      await screenshot(page, `resident-${lang}-3-station`);
      await page.locator('main .actions button').click();

      await page.waitForURL(`${base}/resident/switch/reason`);
      await pick(page.locator('input[name="reason"][value="good-location"]'));
      await pick(page.locator('input[name="previousMainUse"][value="health-centre"]'));
      await check(page, `switch-reason-${lang}`);
      await screenshot(page, `resident-${lang}-4-reason`);
      await page.locator('main .actions button').click();

      await page.waitForURL(`${base}/resident/switch/check`);
      await page.getByTestId('effective-date').waitFor();
      const effective = await page.getByTestId('effective-date').locator('.big').textContent();
      expect(effective).toBeTruthy();
      await check(page, `switch-check-${lang}`);
      await screenshot(page, `resident-${lang}-5-check`);
      await page.locator('main .actions button').click();

      await page.waitForURL(`${base}/resident/switch/done`);
      const reference = await page.getByTestId('reference').textContent();
      expect(reference).toMatch(/^[0-9a-f-]{36}$/);
      await check(page, `switch-done-${lang}`);
      await screenshot(page, `resident-${lang}-6-done`);

      await page.locator('main a[href="/resident"]').click();
      await page.getByTestId('pending-switch').waitFor();
      expect(await page.getByTestId('pending-switch').textContent()).toContain(effective!);
      await screenshot(page, `resident-${lang}-7-pending`);
      await page.getByTestId('pending-switch').locator('button').click();
      await page.locator('.notice-success').waitFor();
      await page.getByTestId('pending-switch').waitFor({ state: 'detached' });
      await screenshot(page, `resident-${lang}-8-cancelled`);
    }
    // The fees and the access log, which now lists the resident's own reads.
    await page.locator('nav a[href="/resident/fees"]').click();
    await page.getByTestId('fees-total').waitFor();
    // The doctor's visit the seed reported: €23.90, counted toward the cap, on this year's statement.
    await page.getByText('€23.90').first().waitFor();
    expect(await page.getByTestId('fees-total').textContent()).toBe('€23.90');
    await screenshot(page, 'resident-en-9-fees');
    await check(page, 'resident-fees');
    await page.locator('nav a[href="/resident/access-log"]').click();
    await page.getByTestId('access-log').waitFor();
    expect(await page.getByTestId('access-log').locator('tbody tr').count()).toBeGreaterThan(0);
    await check(page, 'resident-access-log');
    await page.locator('footer a[href="/accessibility"]').click();
    await check(page, 'accessibility-statement');
    expect(await page.locator('footer a[href^="mailto:"]').count()).toBe(1);
    await context.close();
    expect(findings).toEqual([]);
  }, 240_000);

  it("stays signed in across a reload, from the issuer's session, and signing out ends that session too", async () => {
    const { context, page } = await newPage();
    await signIn(page, '/resident', 'liisa.resident');
    await page.getByTestId('current-station').waitFor();
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toMatch(/eyJ/);
    await reloadThenSignOut(page, base, 'liisa.resident');
    // The issuer's session is gone: the sign-in asks who is signing in.
    await page.waitForURL(/\/dev-issuer\//);
    expect(await page.getByRole('button', { name: 'liisa.resident' }).count()).toBe(1);
    await context.close();
  });

  it('keeps what the user typed when the language changes, and sets <html lang>', async () => {
    const { context, page } = await newPage('en-GB');
    await signIn(page, '/resident/switch', 'liisa.resident');
    await page.locator('#filter-accessibility').fill('induction');
    await page.getByTestId('lang-sv').click();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
    expect(await page.locator('#filter-accessibility').inputValue()).toBe('induction');
    expect(await page.getByRole('radio').count()).toBe(1);
    await page.getByTestId('lang-fi').click();
    expect(await page.locator('#filter-accessibility').inputValue()).toBe('induction');
    await context.close();
  }, 120_000);

  it("completes the resident's switch with the keyboard only", async () => {
    const { context, page } = await newPage('en-GB');
    await page.goto(`${base}/resident`);
    await page.getByTestId('lang-en').click();
    // Sign in, then every step by Tab, arrows, Space and Enter.
    await tabTo(page, (a) => a.tag === 'BUTTON' && a.text === 'Sign in');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/dev-issuer\//);
    await tabTo(page, (a) => a.tag === 'BUTTON' && a.text === 'liisa.resident');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/resident`);
    await page.getByTestId('current-station').waitFor();
    await tabTo(page, (a) => a.tag === 'BUTTON' && a.text === 'Choose a new station');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/resident/switch`);
    await tabTo(page, (a) => a.type === 'radio');
    for (let i = 0; i < 5 && (await active(page)).label !== 'Mehiläinen Hervanta'; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Mehiläinen Hervanta').isChecked()).toBe(true);
    await tabTo(page, (a) => a.tag === 'BUTTON' && a.text === 'Continue');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/resident/switch/reason`);
    await tabTo(page, (a) => a.type === 'radio' && a.name === 'reason');
    await page.keyboard.press('Space');
    await tabTo(page, (a) => a.tag === 'BUTTON' && a.text === 'Continue');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/resident/switch/check`);
    await page.getByTestId('effective-date').waitFor();
    await tabTo(page, (a) => a.tag === 'BUTTON' && a.text === 'Send the switch');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/resident/switch/done`);
    expect(await page.getByTestId('reference').textContent()).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(page, 'resident-keyboard-done');
    // Leave the resident without a pending switch for the tests after this one.
    await tabTo(page, (a) => a.tag === 'A' && a.text === 'Back to my station');
    await page.keyboard.press('Enter');
    await page.getByTestId('pending-switch').waitFor();
    await tabTo(page, (a) => a.tag === 'BUTTON' && a.text === 'Cancel the switch');
    await page.keyboard.press('Enter');
    await page.getByTestId('pending-switch').waitFor({ state: 'detached' });
    await context.close();
  }, 120_000);

  it('lets a guidance worker find a resident by identity code and switch on their behalf by phone', async () => {
    const { context, page } = await newPage('en-GB');
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${base}/`);
    await page.getByTestId('lang-en').click();
    await signIn(page, '/guidance', 'gunilla.guidance');
    await check(page, 'guidance-find');
    await page.locator('main form button').click();
    await page.locator('.error-summary').waitFor();
    await check(page, 'guidance-find-error');
    const code = identityCodeOf('matti.resident');
    await page.locator('#identity-code').fill(code);
    await page.locator('main form button').click();
    await page.waitForURL(`${base}/guidance/resident`);
    await page.getByTestId('current-station').waitFor();
    await check(page, 'guidance-resident');
    await page.getByRole('button', { name: 'Switch on the resident’s behalf' }).click();
    await pick(page.getByLabel('Kalevan terveysasema'));
    await page.locator('main .actions button').click();
    await pick(page.locator('input[name="channel"][value="phone"]'));
    await pick(page.locator('input[name="reason"][value="opening-hours"]'));
    await check(page, 'guidance-reason');
    await page.locator('main .actions button').click();
    await page.getByTestId('effective-date').waitFor();
    expect(await page.locator('.summary').textContent()).toContain('By phone');
    await check(page, 'guidance-check');
    await page.locator('main .actions button').click();
    await page.waitForURL(`${base}/guidance/switch/done`);
    await check(page, 'guidance-done');
    await screenshot(page, 'guidance-done');
    expect(urls.some((u) => u.includes(code))).toBe(false);
    // What Matti sees: his pending switch to Kaleva, the channel phone, and Gunilla in his access log.
    const matti = await tokenOf(issuer, 'matti.resident');
    const me = await call(base, matti, 'GET', '/me');
    const listing = await call(base, matti, 'GET', `/residents/${me.body['personRef'] as string}/listing`);
    expect(listing.body['upcoming']).toMatchObject({ stationId: 'kaleva', status: 'pending' });
    const log = await call(base, matti, 'GET', '/me/access-log');
    expect(JSON.stringify(log.body)).toContain('gunilla.guidance');
    await context.close();
    expect(findings).toEqual([]);
  }, 120_000);

  it('lets finance run a month, has another person approve it, and downloads a CSV whose lines sum to the total', async () => {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit' }).format(new Date());
    const eeva = await newPage('en-GB');
    await eeva.page.goto(`${base}/`);
    await eeva.page.getByTestId('lang-en').click();
    await signIn(eeva.page, '/finance', 'eeva.finance');
    await eeva.page.locator('#settlement-month').fill(month);
    await eeva.page.getByRole('button', { name: 'Calculate the drafts' }).click();
    await eeva.page.getByTestId('settlement-tampere').waitFor();
    await check(eeva.page, 'finance-drafts');
    await screenshot(eeva.page, 'finance-drafts');
    // Four eyes: who ran it cannot approve it.
    await eeva.page.getByRole('button', { name: 'Approve the settlement of tampere' }).click();
    await eeva.page.locator('[role="alert"]').waitFor();
    expect(await eeva.page.locator('[role="alert"]').textContent()).toContain('Another person');
    await eeva.context.close();

    const erkki = await newPage('en-GB');
    await erkki.page.goto(`${base}/`);
    await erkki.page.getByTestId('lang-en').click();
    await signIn(erkki.page, '/finance', 'erkki.finance');
    await erkki.page.locator('#settlement-month').fill(month);
    await erkki.page.getByRole('button', { name: 'Show the month' }).click();
    for (const p of ['tampere', 'mehilainen']) {
      const status = erkki.page.getByTestId(`status-${p}`);
      await status.waitFor();
      if ((await status.textContent()) !== 'Draft') continue;
      await erkki.page.getByRole('button', { name: `Approve the settlement of ${p}` }).click();
      await erkki.page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent === 'Approved', `status-${p}`);
    }
    const downloading = erkki.page.waitForEvent('download');
    await erkki.page.getByRole('button', { name: 'Download CSV' }).click();
    // An export the API refused shows as an alert: fail with its text rather than a timeout.
    const refused = erkki.page
      .locator('main [role="alert"]')
      .waitFor({ timeout: 29_000 })
      .then(async () => `export refused: ${await erkki.page.locator('main [role="alert"]').textContent()}`)
      .catch(() => 'no download and no alert');
    const download = await Promise.race([downloading, refused]);
    if (typeof download === 'string') throw new Error(download);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    const header = csv[0]!.split(',');
    const col = (row: string, name: string) => row.split(',')[header.indexOf(name)]!;
    const rows = csv.slice(1);
    const providers = [...new Set(rows.map((r) => col(r, 'provider_id')).filter((p) => p !== 'ALL'))];
    expect(providers.length).toBeGreaterThan(0);
    let lineCount = 0;
    for (const p of providers) {
      const lines = rows.filter((r) => col(r, 'provider_id') === p && col(r, 'line') !== 'total');
      const total = rows.find((r) => col(r, 'provider_id') === p && col(r, 'line') === 'total')!;
      lineCount += lines.length;
      expect(lines.reduce((a, r) => a + Number(col(r, 'amount_cents')), 0)).toBe(Number(col(total, 'amount_cents')));
    }
    // Liisa and Matti are listed, so there are capitation lines, and the grand total is their sum too.
    expect(lineCount).toBeGreaterThan(0);
    const grand = rows.find((r) => col(r, 'line') === 'grand-total')!;
    expect(
      rows.filter((r) => !['total', 'grand-total'].includes(col(r, 'line'))).reduce((a, r) => a + Number(col(r, 'amount_cents')), 0),
    ).toBe(Number(col(grand, 'amount_cents')));
    expect(Number(col(grand, 'amount_cents'))).toBeGreaterThan(0);
    await check(erkki.page, 'finance-approved');
    await screenshot(erkki.page, 'finance-approved');
    await erkki.context.close();
    expect(findings).toEqual([]);
  }, 120_000);

  it('shows the county the switch chart move after a switch', async () => {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit' }).format(new Date());
    const { context, page } = await newPage('en-GB');
    await page.goto(`${base}/`);
    await page.getByTestId('lang-en').click();
    await signIn(page, '/county/dashboard', 'anna.county');
    const cell = page.getByTestId(`chart-requests-${month}`);
    await cell.waitFor();
    const before = Number(await cell.textContent());
    await check(page, 'county-dashboard');
    // A resident switches (through the API: the browser path is the tests above).
    const liisa = await tokenOf(issuer, 'liisa.resident');
    const me = await call(base, liisa, 'GET', '/me');
    const switched = await call(base, liisa, 'POST', `/residents/${me.body['personRef'] as string}/switches`, {
      stationId: 'kaleva',
      channel: 'portal',
      reason: 'good-parking',
    });
    expect(switched.status).toBe(201);
    await page.locator('nav a[href="/county"]').click();
    await check(page, 'county-providers');
    // The county suspends Mehiläinen from next month (the decision date the page proposes).
    await page.getByRole('button', { name: 'Suspend Mehiläinen Oy' }).click();
    await page.locator('.notice-success').waitFor();
    await page.locator('section:has(#provider-mehilainen) li', { hasText: 'suspended' }).waitFor();
    await check(page, 'county-suspended');
    await screenshot(page, 'county-providers');
    await page.locator('nav a[href="/county/dashboard"]').click();
    await page.waitForFunction(([id, n]) => Number(document.querySelector(`[data-testid="${id}"]`)?.textContent) === n, [
      `chart-requests-${month}`,
      before + 1,
    ] as const);
    expect(Number(await page.locator(`svg rect`).nth(5).getAttribute('data-value'))).toBe(before + 1);
    await screenshot(page, 'county-dashboard');
    await context.close();
    expect(findings).toEqual([]);
  }, 120_000);
});

/** Chooses a radio button as a person does: by clicking its label (Suomi.fi's label covers the input). */
async function pick(input: ReturnType<Page['locator']>): Promise<void> {
  const id = await input.getAttribute('id');
  await input.page().locator(`label[for="${id}"]`).click();
  expect(await input.isChecked()).toBe(true);
}

interface Active {
  tag: string;
  type: string;
  name: string;
  text: string;
  label: string;
}

async function active(page: Page): Promise<Active> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    const label = el?.id ? (document.querySelector(`label[for="${el.id}"]`)?.textContent ?? '') : '';
    return {
      tag: el?.tagName ?? '',
      type: el?.type ?? '',
      name: el?.name ?? '',
      text: (el?.textContent ?? '').trim(),
      label: label.trim() || (el?.closest('label')?.textContent ?? '').trim(),
    };
  });
}

/** Presses Tab until the focused element passes `test` (at most 80 times). */
async function tabTo(page: Page, test: (a: Active) => boolean): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (test(await active(page))) return;
  }
  throw new Error(`Tab never reached the element; last focused: ${JSON.stringify(await active(page))}`);
}
