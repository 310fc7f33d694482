/// <reference lib="dom" />
// page.evaluate() callbacks run in the browser and name its globals.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startAllInOne, type AllInOne } from './all-in-one';
import { chromiumOrWhy, screenshot, type AxeFinding } from './browser';
import { call, identityCodeOf, tokenOf } from './seed';

/**
 * The guidance worker's console for contact intake, in a real Chromium against the all-in-one
 * process (PGlite in memory, the development issuer), seeded through the API: the county's queue,
 * screening form and rules, and two contacts arriving by phone and chat.
 */
const why = chromiumOrWhy();
const describeBrowser = why ? describe.skip : describe;
const title = why ? `guidance console in Chromium [skipped: ${why}]` : 'guidance console in Chromium';

const FIXTURES = join(__dirname, '..', '..', '..', 'libs/service-catalogue/service/src/import/fixtures');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const DENTAL = '5e7a1c00-0001-4a00-8000-000000000001';

const ALL_DAYS = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, { open: '00:00', close: '23:59' }]));

describeBrowser(title, () => {
  let aio: AllInOne | undefined;
  let base = '';
  let issuer = '';
  let findings: AxeFinding[] = [];
  const contacts: string[] = [];

  beforeAll(async () => {
    aio = await startAllInOne(47000);
    ({ base, issuer, findings } = aio);
    const county = await tokenOf(issuer, 'anna.county');
    const ok = async (p: Promise<{ status: number; body: unknown }>) => {
      const r = await p;
      if (r.status >= 300) throw new Error(`seed failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as Record<string, unknown>;
    };
    await ok(
      call(base, county, 'PUT', '/contact-intake/policy', {
        linkWindowDays: 30,
        repeatWindowDays: 7,
        shortAbandonSeconds: 5,
        serviceLevelSeconds: 20,
        serviceLevelTargetPercent: 80,
        frequentVisits: { count: 10, windowDays: 365 },
        missedAppointments: { count: 3, windowDays: 30 },
      }),
    );
    await ok(
      call(base, county, 'PUT', '/contact-intake/queues/tampere-fi', {
        name: 'Tampereen seutu',
        municipalities: ['837'],
        language: 'fi',
        organisation: 'pirkanmaa',
        openingHours: { weekly: ALL_DAYS, closedOnHolidays: false, closedDates: [] },
      }),
    );
    await ok(
      call(base, county, 'PUT', '/contact-intake/screening/form', {
        questions: [
          {
            id: 'manages-daily-chores',
            text: { fi: 'Pärjäättekö arjessa?', sv: 'Klarar ni vardagen?', en: 'Do you manage daily life?' },
            type: 'yes-no',
            required: true,
          },
          { id: 'worry-scale', text: { fi: 'Huoli 0–10', sv: 'Oro 0–10', en: 'Worry 0–10' }, type: 'scale', required: true },
        ],
      }),
    );
    await ok(
      call(base, county, 'PUT', '/contact-intake/screening/rules', {
        formVersion: 1,
        rules: [
          {
            id: 'no-daily-coping',
            question: 'manages-daily-chores',
            op: 'eq',
            value: false,
            then: { coping: 'hard' },
            reason: 'does not manage daily chores',
          },
          { id: 'high-worry', question: 'worry-scale', op: 'gte', value: 7, then: { risk: 'high' }, reason: 'worry 7 or more' },
        ],
      }),
    );
    // The county's catalogue, imported in the Suomi.fi open data shape (the fixture the catalogue's own tests use).
    await ok(call(base, county, 'POST', '/service-catalogue/imports/service-channels', fixture('pirkanmaa-service-channels.json')));
    await ok(call(base, county, 'POST', '/service-catalogue/imports/services', fixture('pirkanmaa-services.json')));
    // Two contacts arrive (as the switchboard records them): a phone call, then a chat.
    const gunilla = await tokenOf(issuer, 'gunilla.guidance');
    for (const channel of ['phone', 'chat']) {
      const r = await ok(
        call(base, gunilla, 'POST', '/contact-intake/contacts', {
          channel,
          contactedBy: 'person',
          language: 'fi',
          municipality: '837',
          reason: 'home-care',
        }),
      );
      contacts.push(r['contactId'] as string);
      await new Promise((r) => setTimeout(r, 1100));
    }
  }, 240_000);
  beforeEach(() => aio!.reset());
  afterAll(async () => {
    await aio?.stop();
  }, 30_000);
  const newPage = (locale?: string) => aio!.newPage(locale);
  const signIn = (page: Page, path: string, username: string) => aio!.signIn(page, path, username);
  const check = (page: Page, name: string) => aio!.check(page, name);

  it('a guidance worker takes a contact from the queue, screens it, routes it, and switches on the resident’s behalf', async () => {
    const { context, page } = await newPage('en-GB');
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${base}/`);
    await page.getByTestId('lang-en').click();
    await signIn(page, '/guidance/queue', 'gunilla.guidance');

    // The queue, oldest first, with waiting times, in each language.
    await page.getByTestId('queue').waitFor();
    expect(await page.locator('[data-testid="queue"] tbody tr').count()).toBe(2);
    const waits = await page.getByTestId('wait').allTextContents();
    expect(waits.every((w) => /^\d+:\d\d$/.test(w))).toBe(true);
    // The phone call arrived first, so it has waited at least as long as the chat.
    const seconds = waits.map((w) => Number(w.split(':')[0]) * 60 + Number(w.split(':')[1]));
    expect(seconds[0]!).toBeGreaterThanOrEqual(seconds[1]!);
    for (const lang of ['fi', 'sv', 'en'] as const) {
      await page.getByTestId(`lang-${lang}`).click();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await check(page, `queue-${lang}`);
      await screenshot(page, `guidance-queue-${lang}`);
    }

    // Take the next contact: the oldest (the phone call).
    await page.getByRole('button', { name: 'Take the next contact' }).click();
    await page.waitForURL(`${base}/guidance/contact?contact=${contacts[0]!}`);
    await page.getByTestId('contact-status').waitFor();
    expect(await page.getByTestId('contact-status').textContent()).toBe('Answered');
    expect(await page.getByTestId('contact-summary').textContent()).toContain('Phone');
    await check(page, 'contact-answered');

    // Screening without answers: the error summary takes focus and names each question.
    await page.getByRole('button', { name: 'Screen' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('.error-summary') !== null)).toBe(true);
    expect(await page.locator('.error-summary').textContent()).toContain('Do you manage daily life?');
    await check(page, 'contact-screening-error');
    await pick(page.getByRole('radio', { name: 'No', exact: true }));
    await page.locator('#q-worry-scale').selectOption('8');
    await page.getByRole('button', { name: 'Screen' }).click();
    await page.getByTestId('screening-result').waitFor();
    expect(await page.getByTestId('segment').textContent()).toBe('Cared for');
    const reasons = await page.getByTestId('reasons').textContent();
    expect(reasons).toContain('does not manage daily chores');
    expect(reasons).toContain('worry 7 or more');
    await check(page, 'contact-screened');
    await screenshot(page, 'guidance-contact-screened');

    // Routing asks for a plan, which needs the person: identify first (the code in a POST body only).
    const code = identityCodeOf('matti.resident');
    await page.locator('#contact-identity-code').fill(code);
    await page.getByRole('button', { name: 'Identify', exact: true }).click();
    await page.getByRole('button', { name: 'Open the person’s health station' }).waitFor();

    // The outcome form's own checks, then route to a service-need assessment.
    await page.getByRole('button', { name: 'Save the outcome' }).click();
    await page.locator('.error-summary').waitFor();
    await pick(page.getByRole('radio', { name: 'Routed onward' }));
    await page.locator('#route').selectOption('service-need-assessment');
    await check(page, 'contact-outcome');
    await page.getByRole('button', { name: 'Save the outcome' }).click();
    await page.getByTestId('outcome-done').waitFor();
    expect(await page.getByTestId('contact-status').textContent()).toBe('Closed');
    await screenshot(page, 'guidance-contact-routed');
    const gunilla = await tokenOf(issuer, 'gunilla.guidance');
    const closed = await call(base, gunilla, 'GET', `/contact-intake/contacts/${contacts[0]!}`);
    expect(closed.body).toMatchObject({ status: 'closed' });
    expect(JSON.stringify(closed.body['history'])).toContain('PlanRequested');

    // From the contact to the resident's station, and the switch on their behalf by phone.
    await page.getByRole('button', { name: 'Open the person’s health station' }).click();
    await page.waitForURL(`${base}/guidance/resident`);
    await page.getByTestId('current-station').waitFor();
    await page.getByRole('button', { name: 'Switch on the resident’s behalf' }).click();
    await pick(page.getByLabel('Kalevan terveysasema'));
    await page.locator('main .actions button').click();
    await pick(page.locator('input[name="channel"][value="phone"]'));
    await pick(page.locator('input[name="reason"][value="opening-hours"]'));
    await page.locator('main .actions button').click();
    await page.getByTestId('effective-date').waitFor();
    await page.locator('main .actions button').click();
    await page.waitForURL(`${base}/guidance/switch/done`);
    await check(page, 'contact-switch-done');
    await screenshot(page, 'guidance-contact-switch-done');
    expect(urls.some((u) => u.includes(code))).toBe(false);
    const matti = await tokenOf(issuer, 'matti.resident');
    const me = await call(base, matti, 'GET', '/me');
    const listing = await call(base, matti, 'GET', `/residents/${me.body['personRef'] as string}/listing`);
    expect(listing.body['upcoming']).toMatchObject({ stationId: 'kaleva', status: 'pending' });

    // The chat is left: take it from the list and transfer it to Raisio's guidance.
    // In-app navigation, as a worker moves between the console's pages.
    await page.locator('nav.nav').getByRole('link', { name: 'Contact queue' }).click();
    await page.getByTestId('queue').waitFor();
    expect(await page.locator('[data-testid="queue"] tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: 'Take contact 1' }).click();
    await page.waitForURL(`${base}/guidance/contact?contact=${contacts[1]!}`);
    await page.getByTestId('contact-status').waitFor();
    await pick(page.getByRole('radio', { name: 'Transferred to another municipality’s guidance' }));
    await page.locator('#to-organisation').fill('raisio');
    await page.locator('#to-municipality').fill('68');
    await page.getByRole('button', { name: 'Save the outcome' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('three-digit');
    await page.locator('#to-municipality').fill('680');
    await page.getByRole('button', { name: 'Save the outcome' }).click();
    await page.getByTestId('outcome-done').waitFor();
    expect(await page.getByTestId('outcome-done').textContent()).toContain('raisio');
    await check(page, 'contact-transferred');
    const sent = await call(base, gunilla, 'GET', `/contact-intake/contacts/${contacts[1]!}`);
    expect(sent.body['pendingTransfer']).toMatchObject({ toOrganisation: 'raisio', toMunicipality: '680' });
    // The queue is empty now.
    await page.getByRole('link', { name: 'Back to the contact queue' }).click();
    await page.getByRole('button', { name: 'Take the next contact' }).click();
    await page.locator('[role="status"]', { hasText: 'Nobody is waiting' }).first().waitFor();
    await context.close();
    expect(findings).toEqual([]);
  }, 240_000);
  it('a resident finds a service: free text, language, place, open now, walk-in and accessibility, with why each matched', async () => {
    const { context, page } = await newPage('fi-FI');
    await page.goto(`${base}/`);
    await page.getByTestId('lang-fi').click();
    await page.getByRole('link', { name: 'Etsi palvelu' }).click();
    await page.waitForURL(`${base}/resident/services`);
    await check(page, 'services-fi');
    // An inflected Finnish word, searched with the keyboard only (Enter in the field).
    await page.locator('#service-q').fill('hammashoitolaan');
    await page.locator('#service-q').press('Enter');
    await page.getByTestId('service-results').waitFor();
    const first = page.getByTestId('service-result').first();
    expect(await first.locator('h3').textContent()).toBe('Suun terveydenhuolto – hammashoitola');
    expect((await first.getByTestId('why').textContent())!.length).toBeGreaterThan(0);
    await check(page, 'services-fi-results');
    await screenshot(page, 'services-fi-results');
    // A place: near a postal code, the why names the distance.
    await page.locator('#service-q').fill('terveysasema');
    await page.locator('#service-postal-code').fill('33720');
    await page.getByRole('button', { name: 'Hae', exact: true }).click();
    await page.waitForFunction(() => /km/.test(document.querySelector('[data-testid="why"]')?.textContent ?? ''));
    // A bad postal code: the error summary takes focus and links to the field.
    await page.locator('#service-postal-code').fill('337');
    await page.getByRole('button', { name: 'Hae', exact: true }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('.error-summary') !== null)).toBe(true);
    await check(page, 'services-fi-error');
    await page.locator('#service-postal-code').fill('');
    // Open now: the emergency clinic is always open, and the why says so.
    await page.locator('#service-q').fill('yhteispäivystys');
    await page.locator('label[for="service-open-now"]').click();
    await page.getByRole('button', { name: 'Hae', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="service-result"]').length === 1);
    expect(await page.getByTestId('service-result').locator('h3').textContent()).toBe('Yhteispäivystys');
    await page.locator('label[for="service-open-now"]').click();
    // Walk-in and an accessibility feature: each shows as a reason.
    await page.locator('#service-q').fill('');
    await page.locator('label[for="service-walk-in"]').click();
    await page.locator('label[for="service-step-free-access"]').click();
    await page.getByRole('button', { name: 'Hae', exact: true }).click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="why"]')?.children.length ?? 0) >= 2);
    await check(page, 'services-fi-filters');
    await screenshot(page, 'services-fi-filters');
    // Swedish: a Swedish query finds the Swedish name, answered in Swedish.
    await page.getByTestId('lang-sv').click();
    await page.locator('label[for="service-walk-in"]').click();
    await page.locator('label[for="service-step-free-access"]').click();
    await page.locator('#service-q').fill('tandkliniken');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await page.waitForFunction(() => /tand/i.test(document.querySelector('[data-testid="service-result"] h3')?.textContent ?? ''));
    await check(page, 'services-sv');
    await screenshot(page, 'services-sv-results');
    // English, with the service-language filter.
    await page.getByTestId('lang-en').click();
    await page.locator('#service-q').fill('dentist');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForFunction(() => /dental/i.test(document.querySelector('[data-testid="service-result"] h3')?.textContent ?? ''));
    await check(page, 'services-en');
    await screenshot(page, 'services-en-results');
    await context.close();
    expect(findings).toEqual([]);
  }, 120_000);

  it('a guidance worker routes a contact to a named service picked from the catalogue, and the catalogue counts it', async () => {
    const gunilla = await tokenOf(issuer, 'gunilla.guidance');
    const arrived = await call(base, gunilla, 'POST', '/contact-intake/contacts', {
      channel: 'phone',
      contactedBy: 'person',
      language: 'fi',
      municipality: '837',
      reason: 'dental-care',
    });
    expect(arrived.status).toBe(201);
    const contactId = arrived.body['contactId'] as string;
    const { context, page } = await newPage('en-GB');
    await page.goto(`${base}/`);
    await page.getByTestId('lang-en').click();
    await signIn(page, '/guidance/queue', 'gunilla.guidance');
    await page.getByRole('button', { name: 'Take the next contact' }).click();
    await page.waitForURL(`${base}/guidance/contact?contact=${contactId}`);
    await page.locator('#contact-identity-code').fill(identityCodeOf('liisa.resident'));
    await page.getByRole('button', { name: 'Identify', exact: true }).click();
    await page.getByRole('button', { name: 'Open the person’s health station' }).waitFor();
    await pick(page.getByRole('radio', { name: 'Routed onward' }));
    await page.locator('#route').selectOption('named-service');
    // Without a pick the outcome is refused in words.
    await page.getByRole('button', { name: 'Save the outcome' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('Choose the service from the catalogue');
    // The picker starts from the contact's municipality.
    expect(await page.locator('#picker-municipality').inputValue()).toBe('837');
    await page.locator('#picker-q').fill('dental');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('picker-results').waitFor();
    await check(page, 'picker-results');
    await page
      .getByRole('button', { name: /^Choose Oral health care – dental clinic at / })
      .first()
      .click();
    expect(await page.getByTestId('picked').textContent()).toContain('Oral health care – dental clinic');
    await screenshot(page, 'guidance-picker');
    await page.getByRole('button', { name: 'Save the outcome' }).click();
    await page.getByTestId('outcome-done').waitFor();
    expect(await page.getByTestId('contact-status').textContent()).toBe('Closed');
    await check(page, 'picker-routed');
    // The catalogue counted the routing to the dental service in Tampere.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());
    const county = await tokenOf(issuer, 'anna.county');
    const stats = await call(base, county, 'GET', `/statistics/service-routings?from=${today}&to=${today}&municipality=837`);
    expect(stats.status).toBe(200);
    expect(stats.body['counts']).toEqual([expect.objectContaining({ serviceId: DENTAL, municipality: '837', routings: 1 })]);
    await context.close();
    expect(findings).toEqual([]);
  }, 120_000);
  it('the county sees the contact-intake figures with their definitions, the same as the API publishes', async () => {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit' }).format(new Date());
    const { context, page } = await newPage('en-GB');
    await page.goto(`${base}/`);
    await page.getByTestId('lang-en').click();
    await signIn(page, '/county/contact-intake', 'anna.county');
    await page.locator('#kpi-from').fill('2027-1');
    await page.getByRole('button', { name: 'Show the figures' }).click();
    await page.locator('.error-summary').waitFor();
    await check(page, 'kpis-error');
    await page.locator('#kpi-from').fill(month);
    await page.getByRole('button', { name: 'Show the figures' }).click();
    await page.getByTestId('kpis').waitFor();
    // The three contacts of the tests above: one routed to an assessment, one to a named service, one transferred.
    expect(await page.getByTestId('kpi-value-contacts').textContent()).toBe('3');
    expect(await page.getByTestId('kpi-value-routingsByDestination').textContent()).toContain('assessment 1');
    expect(await page.getByTestId('kpi-value-routingsByDestination').textContent()).toContain('service 1');
    expect(await page.getByTestId('kpi-value-transfers').textContent()).toContain('1 requested');
    // Each definition shown is, in English, the API's own sentence with the policy's parameters.
    const county = await tokenOf(issuer, 'anna.county');
    const api = await call(base, county, 'GET', `/contact-intake/municipalities/837/kpis?from=${month}&to=${month}`);
    const definitions = api.body['definitions'] as Record<string, string>;
    for (const [figure, text] of Object.entries(definitions)) expect(await page.getByTestId(`kpi-def-${figure}`).textContent()).toBe(text);
    await check(page, 'kpis-en');
    await screenshot(page, 'county-kpis-en');
    for (const lang of ['fi', 'sv'] as const) {
      await page.getByTestId(`lang-${lang}`).click();
      expect(await page.getByTestId('kpi-def-serviceLevel').textContent()).toContain('80/20');
      await check(page, `kpis-${lang}`);
      await screenshot(page, `county-kpis-${lang}`);
    }
    await context.close();
    expect(findings).toEqual([]);
  }, 120_000);
  it('a plan worker reads a plan as their purpose allows; the resident reads all of it and sees who has read it', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());
    const paula = await tokenOf(issuer, 'paula.planworker');
    const liisa = await tokenOf(issuer, 'liisa.resident');
    const ref = (await call(base, liisa, 'GET', '/me')).body['personRef'] as string;
    const plan = `/persons/${ref}/plan`;
    const seed = async (method: string, path: string, body: unknown) => {
      const r = await call(base, paula, method, path, body);
      if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    await seed('POST', plan, { responsibleOrganisation: 'pirkanmaa', municipality: '837', purpose: 'social-work' });
    await seed('POST', `${plan}/goals`, {
      goalId: 'work',
      domain: 'work-and-education',
      clientWords: 'I want a job',
      workerWords: 'Job search with a coach, two applications a month',
      weight: 1,
      levels: { '-2': 'No applications', '-1': 'One application', '0': 'Two a month', '1': 'An interview', '2': 'A job' },
      baselineLevel: -1,
    });
    await seed('POST', `${plan}/goals/work/status`, { status: 'active' });
    await seed('POST', `${plan}/goals/work/follow-ups`, { level: 1 });
    await seed('POST', `${plan}/services`, {
      serviceId: 'coaching',
      sector: 'employment-services',
      name: 'Job coaching',
      organisation: 'TE-palvelut',
      responsibleWorker: 'Coach Kaisa',
      start: today,
    });
    await seed('POST', `${plan}/services`, {
      serviceId: 'nurse',
      sector: 'health-care',
      name: 'Nurse visits',
      organisation: 'Pirkanmaa',
      responsibleWorker: 'Nurse Niina',
      start: today,
    });

    const worker = await newPage('en-GB');
    await worker.page.goto(`${base}/`);
    await worker.page.getByTestId('lang-en').click();
    await signIn(worker.page, '/plans', 'paula.planworker');
    // Liisa's request came from the contact routed to a named service above.
    await worker.page.getByTestId('plan-requests').waitFor();
    // Two requests (Matti's and Liisa's routings); only Liisa has a plan, a draft.
    const states = await worker.page.getByTestId('request-plan').allTextContents();
    expect(states.filter((x) => x === 'Draft')).toHaveLength(1);
    await worker.page.getByRole('button', { name: `Open the plan of request ${states.indexOf('Draft') + 1}` }).click();
    await worker.page.getByTestId('plan').waitFor();
    const withheld = await worker.page.getByTestId('withheld').textContent();
    // A social-work purpose does not justify the health section: withheld, and not named.
    expect(withheld).toMatch(/^\d+ sections of this plan are withheld/);
    expect(await worker.page.getByTestId('plan').textContent()).not.toContain('Nurse visits');
    expect(await worker.page.getByTestId('sector-employment-services').textContent()).toContain('Job coaching');
    expect(await worker.page.getByTestId('care-team').textContent()).toContain('pirkanmaa');
    expect(await worker.page.getByTestId('level-work-1').textContent()).toContain('at the last follow-up');
    expect(await worker.page.getByTestId('level-work--1').textContent()).toContain('at the start');
    await check(worker.page, 'plan-worker-en');
    await screenshot(worker.page, 'plan-worker-en');
    for (const lang of ['fi', 'sv'] as const) {
      await worker.page.getByTestId(`lang-${lang}`).click();
      await check(worker.page, `plan-worker-${lang}`);
    }
    await worker.context.close();

    const resident = await newPage('en-GB');
    await resident.page.goto(`${base}/`);
    await resident.page.getByTestId('lang-en').click();
    await signIn(resident.page, '/resident/plan', 'liisa.resident');
    await resident.page.getByTestId('plan').waitFor();
    expect(await resident.page.getByTestId('withheld').textContent()).toBe('You see every section of this plan.');
    expect(await resident.page.getByTestId('sector-health-care').textContent()).toContain('Nurse visits');
    await resident.page.getByTestId('plan-readers').waitFor();
    expect(await resident.page.getByTestId('plan-readers').textContent()).toContain('paula.planworker');
    await check(resident.page, 'resident-plan-en');
    await screenshot(resident.page, 'resident-plan-en');
    for (const lang of ['fi', 'sv'] as const) {
      await resident.page.getByTestId(`lang-${lang}`).click();
      await check(resident.page, `resident-plan-${lang}`);
    }
    await resident.context.close();
    expect(findings).toEqual([]);
  }, 120_000);
});

async function pick(input: ReturnType<Page['locator']>): Promise<void> {
  const id = await input.getAttribute('id');
  await input.page().locator(`label[for="${id}"]`).click();
  expect(await input.isChecked()).toBe(true);
}
