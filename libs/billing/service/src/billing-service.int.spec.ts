import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { Hetu, LocalDate } from '@luotsi/kernel';
import type { EventStore } from '@luotsi/eventstore';
import type { InboundConsumer } from '@luotsi/messaging';
import { EVENT_STORE, inboundToken, PlatformModule, type RuntimeConfig, type ServiceDefinition } from '@luotsi/runtime';
import { PersonRegistry } from '@luotsi/identity';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl, waitUntil } from '@luotsi/testing';
import { clientFeeStream, serviceStream, settlementStream } from '@luotsi/billing-domain';
import { BillingModule } from './billing.module';
import { PROVIDER_CHOICE_EVENT_TYPES as T } from './consumer/provider-choice-events';

@Module({})
class BillingOnly {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: BillingOnly, imports: [PlatformModule.forRoot(config), BillingModule] };
  }
}
const billingDefinition: ServiceDefinition = {
  service: 'billing',
  title: 'billing',
  description: 'billing alone',
  module: (config) => BillingOnly.forRoot(config),
  consumes: [],
};

const EEVA = as.finance('eeva');
const ERKKI = as.finance('erkki');
const MEHILAINEN = as.provider('mehilainen');
const AINO = Hetu.generate(LocalDate.parse('1950-03-15'), 202);
const EERO = Hetu.generate(LocalDate.parse('1985-07-01'), 301, { signStyle: 'new' });
const TYPES = ['doctor-visit', 'nurse-visit', 'physiotherapy-session', 'mental-health-substance-visit', 'social-guidance-meeting'];
const byType = <T>(v: T) => Object.fromEntries(TYPES.map((t) => [t, v]));
const row = (providerSideId: string, over: Record<string, unknown> = {}) => ({
  providerSideId,
  identityCode: AINO,
  serviceType: 'doctor-visit',
  date: '2027-02-03',
  stationId: 'mehilainen-hervanta',
  ...over,
});

/** Billing alone over HTTP with its real stores; provider choice appears only as its public events. */
function billingService(database: TestDatabase): void {
  let t: TestApp;
  let refs: Record<string, string>;
  let sequence = 0;
  const http = () => request(t.server);
  const db = () => t.app.get<DataSource>(getDataSourceToken());
  const store = () => t.app.get<EventStore>(EVENT_STORE);
  const count = async (sql: string, params: unknown[] = []) => Number(((await db().query(sql, params)) as Array<{ n: string }>)[0]!.n);
  const publish = (type: string, data: Record<string, unknown>) =>
    t.app
      .get<Map<string, InboundConsumer>>(inboundToken('billing'))
      .get('listings')!
      .consume({
        specversion: '1.0',
        id: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
        type,
        source: '/luotsi/provider-choice',
        subject: 'x',
        time: '2027-01-01T00:00:00Z',
        datacontenttype: 'application/json',
        data,
      });
  const report = (rows: unknown[]) => http().post('/providers/mehilainen/service-reports').set(MEHILAINEN).send({ rows }).expect(200);
  const fees = async (code: string, year: number) => (await store().readStream(clientFeeStream(refs[code]!, year))).length;

  beforeAll(async () => {
    t = await startTestApp(billingDefinition, database, { now: '2027-01-15T10:00:00Z', postgresUrl: testPostgresUrl() });
    const registry = t.app.get(PersonRegistry);
    refs = { [AINO]: (await registry.resolve(AINO, true))!.personRef, [EERO]: (await registry.resolve(EERO, true))!.personRef };
    await publish(T.providerRegistered, { providerId: 'mehilainen', stations: [{ stationId: 'mehilainen-hervanta', name: 'x' }] });
    await publish(T.providerRegistered, { providerId: 'pihlajalinna', stations: [{ stationId: 'pihlajalinna-keskusta' }] });
    for (const code of [AINO, EERO]) {
      await publish(T.listingStarted, {
        personRef: refs[code],
        providerId: 'mehilainen',
        stationId: 'mehilainen-hervanta',
        effectiveFrom: '2027-01-01',
        birthDate: '1950-03-15',
        sex: 'female',
        reason: 'choice',
      });
    }
    await http()
      .put('/rates/capitation')
      .set(EEVA)
      .send({
        validFrom: '2026-01-01',
        annualCentsByAgeBand: { '0-6': 60_000, '7-17': 36_000, '18-64': 30_000, '65-74': 48_000, '75-84': 72_000, '85+': 96_000 },
      })
      .expect(200);
    await http()
      .put('/rates/service-fees')
      .set(EEVA)
      .send({ validFrom: '2026-01-01', centsByServiceType: { ...byType(3_000), 'doctor-visit': 4_500 } })
      .expect(200);
    await http()
      .put('/rates/client-fees')
      .set(EEVA)
      .send({ validFrom: '2026-01-01', annualCapCents: 81_500, centsByServiceType: byType(1_000), countsTowardCap: byType(true) })
      .expect(200);
    t.clock.set('2027-02-10T10:00:00Z');
  }, 90_000);
  afterAll(async () => t?.close());

  it('refuses a row resent under a known provider-side id for another person, charging nobody; the same row again stays a duplicate', async () => {
    expect((await report([row('C-1')])).body).toMatchObject({ recorded: 1, errors: [] });
    const conflict = await report([row('C-1', { identityCode: EERO })]);
    expect(conflict.body).toMatchObject({
      recorded: 0,
      duplicates: 0,
      errors: [{ row: 1, providerSideId: 'C-1', code: 'SERVICE_ID_CONFLICT' }],
    });
    expect(conflict.body.errors[0].message).toContain('2027-02-03');
    expect(JSON.stringify(conflict.body)).not.toMatch(new RegExp(`${AINO}|${EERO}|per_`));
    expect(await fees(EERO, 2027)).toBe(0);
    const other = await report([row('C-1', { serviceType: 'nurse-visit' })]);
    expect(other.body.errors.map((e: { code: string }) => e.code)).toEqual(['SERVICE_ID_CONFLICT']);
    expect((await report([row('C-1')])).body).toMatchObject({ recorded: 0, duplicates: 1, errors: [] });
    expect(await fees(AINO, 2027)).toBe(1);
  });

  it('answers a report per row: each bad row its own error and nothing of it written, every good row applied', async () => {
    const res = await report([
      row('R-1'),
      row('R-2', { date: '2025-12-10' }),
      row('R-3\u0000x'),
      row('R-4', { stationId: 'mehilainen-hervanta\ud800' }),
      row(`R-${AINO}`),
      row('R-6', { date: '0001-01-01' }),
      row('R-7', { serviceType: 'nurse-visit' }),
    ]);
    expect(res.body).toMatchObject({ rows: 7, recorded: 2 });
    expect(
      res.body.errors.map((e: { row: number; code: string; providerSideId: string | null }) => [e.row, e.code, e.providerSideId]),
    ).toEqual([
      [2, 'NO_RATES', 'R-2'],
      [3, 'INVALID_CHARACTERS', null],
      [4, 'INVALID_CHARACTERS', 'R-4'],
      [5, 'IDENTITY_CODE_IN_FIELD', null],
      [6, 'DATE_OUT_OF_RANGE', 'R-6'],
    ]);
    expect(JSON.stringify(res.body)).not.toContain(AINO);
    for (const id of ['R-2', 'R-3\u0000x', 'R-4', `R-${AINO}`, 'R-6'])
      expect(await store().readStream(serviceStream('mehilainen', id))).toEqual([]);
    expect(await fees(AINO, 2025)).toBe(0);
    expect((await store().readStream(serviceStream('mehilainen', 'R-7'))).map((e) => e.type)).toEqual(['ServiceRecorded']);
  });

  it('refuses rates valid from absurd dates', async () => {
    for (const validFrom of ['0001-01-01', '9999-12-01', '1999-12-01']) {
      const res = await http()
        .put('/rates/client-fees')
        .set(EEVA)
        .send({ validFrom, annualCapCents: 81_500, centsByServiceType: byType(1_000), countsTowardCap: byType(true) })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'DATE_OUT_OF_RANGE', details: { field: 'validFrom' } });
    }
  });

  it('pays a service reported between a run and its approval as an adjustment of the next month', async () => {
    t.clock.set('2027-03-02T08:00:00Z');
    const before = (
      await http()
        .post('/settlements/2027-02/run')
        .set(EEVA)
        .send({ providerIds: ['mehilainen'] })
        .expect(200)
    ).body[0];
    // Reported after the draft was calculated, before it is approved: not in the draft.
    expect((await report([row('LATE-1', { serviceType: 'physiotherapy-session', date: '2027-02-20' })])).body).toMatchObject({
      recorded: 1,
      adjustments: 0,
    });
    await http().post('/settlements/2027-02/providers/mehilainen/approval').set(ERKKI).expect(200);
    const february = await http().get('/settlements/2027-02/providers/mehilainen').set(EEVA).expect(200);
    expect(february.body.providers[0].totalCents).toBe(before.totalCents);
    t.clock.set('2027-04-01T08:00:00Z');
    await http()
      .post('/settlements/2027-03/run')
      .set(EEVA)
      .send({ providerIds: ['mehilainen'] })
      .expect(200);
    const march = await http().get('/settlements/2027-03/providers/mehilainen').set(EEVA).expect(200);
    expect(march.body.providers[0].lines.filter((l: { kind: string }) => l.kind === 'adjustment')).toEqual([
      {
        kind: 'adjustment',
        correctsMonth: '2027-02',
        serviceType: 'physiotherapy-session',
        count: 1,
        unitCents: 3_000,
        amountCents: 3_000,
      },
    ]);
  });

  it('runs a month for all providers after one is approved: the approved one skipped and named, the rest recalculated', async () => {
    const run = await http().post('/settlements/2027-02/run').set(EEVA).send({}).expect(200);
    expect(run.body).toEqual([
      expect.objectContaining({ providerId: 'mehilainen', status: 'approved', skipped: true, changed: false }),
      expect.objectContaining({ providerId: 'pihlajalinna', status: 'draft' }),
    ]);
    const once = await http()
      .post('/settlements/2027-02/run')
      .set(EEVA)
      .send({ providerIds: ['pihlajalinna', 'pihlajalinna'] })
      .expect(200);
    expect(once.body).toHaveLength(1);
  });

  it('refuses unknown provider ids in a run, writing nothing', async () => {
    const revision = (await store().readStream(settlementStream('pihlajalinna', '2027-02'))).length;
    const res = await http()
      .post('/settlements/2027-02/run')
      .set(EEVA)
      .send({ providerIds: ['pihlajalinna', 'nobody', 'nobody2'] })
      .expect(404);
    expect(res.body).toMatchObject({ code: 'PROVIDER_NOT_FOUND', details: { providerIds: ['nobody', 'nobody2'] } });
    t.clock.set('2027-04-01T09:00:00Z');
    await http()
      .post('/settlements/2027-02/run')
      .set(EEVA)
      .send({ providerIds: ['nobody', 'pihlajalinna'] })
      .expect(404);
    expect(await store().readStream(settlementStream('pihlajalinna', '2027-02'))).toHaveLength(revision);
  });

  it("keeps a station with its first owner when a newcomer's event claims it", async () => {
    await publish(T.providerRegistered, {
      providerId: 'newcomer',
      stations: [{ stationId: 'mehilainen-hervanta' }, { stationId: 'newcomer-1' }],
    });
    await waitUntil(async () => (await count(`SELECT count(*) AS n FROM bl_stations WHERE provider_id = 'newcomer'`)) === 1, {
      what: "the newcomer's own station",
    });
    expect(
      await count(`SELECT count(*) AS n FROM bl_stations WHERE station_id = 'mehilainen-hervanta' AND provider_id = 'mehilainen'`),
    ).toBe(1);
    expect((await report([row('S-1', { date: '2027-03-30' })])).body).toMatchObject({ recorded: 1, errors: [] });
  });

  it('declares idempotency on its command endpoints: the same key answers the same, an overlong key writes nothing', async () => {
    const key = { 'Idempotency-Key': 'report-K-1' };
    const first = await http()
      .post('/providers/mehilainen/service-reports')
      .set(MEHILAINEN)
      .set(key)
      .send({ rows: [row('K-1', { date: '2027-03-29' })] })
      .expect(200);
    const again = await http()
      .post('/providers/mehilainen/service-reports')
      .set(MEHILAINEN)
      .set(key)
      .send({ rows: [row('K-1', { date: '2027-03-29' })] })
      .expect(200);
    expect(again.body).toEqual(first.body);
    expect(first.body).toMatchObject({ recorded: 1 });
    const long = await http()
      .post('/providers/mehilainen/service-reports')
      .set(MEHILAINEN)
      .set({ 'Idempotency-Key': 'k'.repeat(9_000) })
      .send({ rows: [row('K-2', { date: '2027-03-29' })] })
      .expect(400);
    expect(long.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(await store().readStream(serviceStream('mehilainen', 'K-2'))).toEqual([]);
    const anonymous = await http().post('/settlements/2027-03/run').send({});
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'TOKEN_MISSING']);
  });

  it('pays a late service once when it sits in the drafts of two later months', async () => {
    // LATE-1 (February, reported after February's run) is in March's draft, not yet approved.
    t.clock.set('2027-05-02T08:00:00Z');
    const adjustments = async (month: string) =>
      (await http().get(`/settlements/${month}/providers/mehilainen`).set(EEVA).expect(200)).body.providers[0].lines.filter(
        (l: { kind: string }) => l.kind === 'adjustment',
      );
    await http()
      .post('/settlements/2027-03/run')
      .set(EEVA)
      .send({ providerIds: ['mehilainen'] })
      .expect(200);
    await http()
      .post('/settlements/2027-04/run')
      .set(EEVA)
      .send({ providerIds: ['mehilainen'] })
      .expect(200);
    expect(await adjustments('2027-03')).toHaveLength(1);
    expect(await adjustments('2027-04')).toHaveLength(1);
    await http().post('/settlements/2027-03/providers/mehilainen/approval').set(ERKKI).expect(200);
    const revision = (await store().readStream(settlementStream('mehilainen', '2027-04'))).length;
    const twice = await http().post('/settlements/2027-04/providers/mehilainen/approval').set(ERKKI).expect(409);
    expect(twice.body).toMatchObject({
      code: 'ADJUSTMENT_ALREADY_PAID',
      details: { month: '2027-04', paid: [{ service: serviceStream('mehilainen', 'LATE-1'), paidIn: '2027-03' }] },
    });
    expect(await store().readStream(settlementStream('mehilainen', '2027-04'))).toHaveLength(revision);
    await http()
      .post('/settlements/2027-04/run')
      .set(EEVA)
      .send({ providerIds: ['mehilainen'] })
      .expect(200);
    expect(await adjustments('2027-04')).toEqual([]);
    await http().post('/settlements/2027-04/providers/mehilainen/approval').set(ERKKI).expect(200);
  });

  it('refuses a malformed public event instead of recording it', async () => {
    const listings = await count('SELECT count(*) AS n FROM bl_listings');
    await publish(T.listingStarted, {
      personRef: AINO,
      providerId: 'mehilainen',
      stationId: 'mehilainen-hervanta',
      effectiveFrom: '2027-04-01',
      birthDate: '1950-03-15',
      sex: 'female',
    });
    await publish(T.listingStarted, {
      personRef: refs[EERO],
      providerId: 'mehilainen',
      stationId: 'mehilainen-hervanta',
      effectiveFrom: 'soon',
      birthDate: '1950-03-15',
      sex: 'female',
    });
    await http().get('/rates').set(EEVA).expect(200);
    expect(await count('SELECT count(*) AS n FROM bl_listings')).toBe(listings);
    expect(await store().readStream(`blisting-${AINO}`)).toEqual([]);
  });

  it('compares token subjects for four eyes: the same person under another username is refused, another person approves', async () => {
    const stream = () => store().readStream(settlementStream('pihlajalinna', '2027-02'));
    const revision = (await stream()).length;
    // Ran by Eeva (as.finance('eeva')); the same subject signing in as eeva.2 is still Eeva.
    const eevaAgain = as.finance('eeva', { preferred_username: 'eeva.2' });
    const refused = await http().post('/settlements/2027-02/providers/pihlajalinna/approval').set(eevaAgain).expect(403);
    expect(refused.body).toMatchObject({ code: 'FOUR_EYES_REQUIRED' });
    expect(await stream()).toHaveLength(revision);
    expect((await http().post('/settlements/2027-02/providers/pihlajalinna/approval').set(ERKKI).expect(200)).body).toMatchObject({
      status: 'approved',
    });
    const [settlement] = (await http().get('/settlements/2027-02/providers/pihlajalinna').set(EEVA).expect(200)).body.providers;
    expect(settlement.calculatedBy).toMatch(/^finance:/);
    expect(settlement.approvedBy).toMatch(/^finance:/);
    expect(settlement.approvedBy).not.toBe(settlement.calculatedBy);
  });

  it("checks an export's query before anything is recorded: format, locale, each once and as text", async () => {
    const exports = async () =>
      (await store().readStream(settlementStream('mehilainen', '2027-04'))).filter((e) => e.type === 'SettlementExported').length;
    const before = await exports();
    const bad: Array<[string, string]> = [
      ['locale=%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'INVALID_LOCALE'],
      [`locale=${'x'.repeat(4_000)}`, 'INVALID_LOCALE'],
      ['locale=FI', 'INVALID_LOCALE'],
      ['locale=fi&locale=en', 'INVALID_QUERY'],
      ['locale%5Ba%5D=fi', 'INVALID_QUERY'],
      ['format%5Ba%5D=csv', 'INVALID_QUERY'],
      ['format=csv&format=json', 'INVALID_QUERY'],
      ['format=xml', 'INVALID_FORMAT'],
      ['colour=red', 'INVALID_QUERY'],
    ];
    for (const [query, code] of bad) {
      const finance = await http().get(`/settlements/2027-04/export?providerId=mehilainen&${query}`).set(EEVA);
      expect([query, finance.status, finance.body.code]).toEqual([query, 400, code]);
      const own = await http().get(`/settlements/2027-04/providers/mehilainen/export?${query}`).set(MEHILAINEN);
      expect([query, own.status, own.body.code]).toEqual([query, 400, code]);
    }
    expect(
      (await http().get('/settlements/2027-04/export?providerId=mehilainen&providerId=pihlajalinna').set(EEVA).expect(400)).body.code,
    ).toBe('INVALID_QUERY');
    // The provider's path takes no providerId in the query: its scope is the path's.
    expect(
      (await http().get('/settlements/2027-04/providers/mehilainen/export?providerId=pihlajalinna').set(MEHILAINEN).expect(400)).body.code,
    ).toBe('INVALID_QUERY');
    expect(await exports()).toBe(before);
    const sv = await http().get('/settlements/2027-04/providers/mehilainen/export?locale=sv').set(MEHILAINEN).expect(200);
    expect(sv.headers['content-disposition']).toContain('luotsi-settlement-2027-04-mehilainen.csv');
    expect(sv.text.split('\r\n')[0]).toMatch(/^provider_id;month;status;/);
    expect(sv.text).toMatch(/;"\d+,\d{2}"\r\n/);
    expect(await exports()).toBe(before + 1);
    const finance = await http().get('/settlements/2027-04/export?format=json&providerId=mehilainen&locale=fi').set(EEVA).expect(200);
    expect(finance.body.providers.map((p: { providerId: string }) => p.providerId)).toEqual(['mehilainen']);
    expect(await exports()).toBe(before + 2);
  });

  it("keeps a provider to its own reports, settlements and exports: another provider's is 403 FORBIDDEN_SCOPE and writes nothing", async () => {
    const events = () => count('SELECT count(*) AS n FROM es_events');
    const before = await events();
    const report = await http()
      .post('/providers/pihlajalinna/service-reports')
      .set(MEHILAINEN)
      .send({ rows: [row('X-1', { stationId: 'pihlajalinna-keskusta', date: '2027-04-20' })] })
      .expect(403);
    expect(report.body).toMatchObject({ code: 'FORBIDDEN_SCOPE' });
    expect(await store().readStream(serviceStream('pihlajalinna', 'X-1'))).toEqual([]);
    expect((await http().get('/settlements/2027-02/providers/pihlajalinna').set(MEHILAINEN).expect(403)).body.code).toBe('FORBIDDEN_SCOPE');
    expect((await http().get('/settlements/2027-02/providers/pihlajalinna/export').set(MEHILAINEN).expect(403)).body.code).toBe(
      'FORBIDDEN_SCOPE',
    );
    // Every provider's export, and the old path's query form, are finance's.
    expect((await http().get('/settlements/2027-04/export?providerId=mehilainen').set(MEHILAINEN).expect(403)).body.code).toBe(
      'FORBIDDEN_ROLE',
    );
    expect((await http().get('/rates').set(MEHILAINEN).expect(403)).body.code).toBe('FORBIDDEN_ROLE');
    expect((await http().post('/settlements/2027-05/run').set(MEHILAINEN).send({}).expect(403)).body.code).toBe('FORBIDDEN_ROLE');
    expect(await events()).toBe(before);
    // Finance files for any provider (a correction on its behalf).
    expect(
      (
        await http()
          .post('/providers/pihlajalinna/service-reports')
          .set(EEVA)
          .send({ rows: [row('X-1', { stationId: 'pihlajalinna-keskusta', date: '2027-04-20' })] })
          .expect(200)
      ).body,
    ).toMatchObject({ recorded: 1 });
  });

  it('shows a resident only their own client fees, and who read them in their access log', async () => {
    const aino = refs[AINO]!;
    const eero = refs[EERO]!;
    const other = await http().get(`/client-fees/${eero}/2027`).set(as.resident(AINO)).expect(403);
    expect(other.body).toMatchObject({ code: 'FORBIDDEN_SCOPE' });
    expect(JSON.stringify(other.body)).not.toContain(eero);
    const own = await http().get(`/client-fees/${aino}/2027`).set(as.resident(AINO)).expect(200);
    expect(own.body).toMatchObject({ personRef: aino, year: 2027 });
    expect(own.body.lines.length).toBeGreaterThan(0);
    await http().get(`/client-fees/${aino}/2027`).set(EEVA).expect(200);
    const mine = (await http().get('/me/access-log').set(as.resident(AINO)).expect(200)).body;
    const fees = mine.entries.filter((e: { what: string }) => e.what.includes('client-fees'));
    expect(fees).toEqual([
      expect.objectContaining({ role: 'finance', username: 'eeva.finance', purpose: 'billing', outcome: 'allowed' }),
      expect.objectContaining({ role: 'resident', purpose: 'billing', outcome: 'allowed' }),
    ]);
    // Aino's attempt on Eero's fees is in Eero's log, refused, and not in hers.
    expect(mine.entries.filter((e: { outcome: string }) => e.outcome === 'refused')).toEqual([]);
    const eeros = (await http().get('/me/access-log').set(as.resident(EERO)).expect(200)).body;
    expect(eeros.entries).toContainEqual(
      expect.objectContaining({ role: 'resident', username: null, purpose: 'billing', outcome: 'refused', code: 'FORBIDDEN_SCOPE' }),
    );
    expect(JSON.stringify([mine, eeros])).not.toMatch(new RegExp(`${AINO}|${EERO}`));
  });
}

describe('billing over HTTP on PGlite', () => billingService('pglite'));
describeWithPostgres()('billing over HTTP on PostgreSQL', () => billingService('postgres'));
