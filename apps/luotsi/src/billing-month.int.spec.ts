import request from 'supertest';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl, waitUntil } from '@luotsi/testing';
import { people, personRefOf, seedPilot, settled } from '@luotsi/provider-choice-service/testing';
import { luotsiDefinition } from './definition';

const EEVA = as.finance('eeva');
const ERKKI = as.finance('erkki');
const MEHILAINEN = as.provider('mehilainen');
const COUNTY = as.county();
const FEES = {
  'doctor-visit': 4_500,
  'nurse-visit': 2_500,
  'physiotherapy-session': 3_500,
  'mental-health-substance-visit': 4_000,
  'social-guidance-meeting': 3_000,
};

/** Provider choice and billing in one process over the in-process bus: a month from listing to export. */
function billingMonth(database: TestDatabase): void {
  let t: TestApp;
  let aino: string;
  const http = () => request(t.server);
  const billingListings = async () =>
    Number(
      ((await t.app.get<DataSource>(getDataSourceToken()).query('SELECT count(*) AS n FROM bl_listings')) as Array<{ n: string }>)[0]!.n,
    );

  beforeAll(async () => {
    t = await startTestApp(luotsiDefinition, database, { now: '2027-01-15T10:00:00Z', postgresUrl: testPostgresUrl() });
    await seedPilot(t);
    aino = await personRefOf(t, people.aino);
    await http()
      .put('/rates/capitation')
      .set(EEVA)
      .send({
        validFrom: '2026-01-01',
        annualCentsByAgeBand: { '0-6': 60_000, '7-17': 36_000, '18-64': 30_000, '65-74': 48_000, '75-84': 72_000, '85+': 96_000 },
      })
      .expect(200);
    await http().put('/rates/service-fees').set(EEVA).send({ validFrom: '2026-01-01', centsByServiceType: FEES }).expect(200);
    await http()
      .put('/rates/client-fees')
      .set(EEVA)
      .send({
        validFrom: '2026-01-01',
        annualCapCents: 81_500,
        centsByServiceType: {
          'doctor-visit': 2_390,
          'nurse-visit': 1_450,
          'physiotherapy-session': 1_640,
          'mental-health-substance-visit': 0,
          'social-guidance-meeting': 0,
        },
        countsTowardCap: {
          'doctor-visit': true,
          'nurse-visit': true,
          'physiotherapy-session': true,
          'mental-health-substance-visit': true,
          'social-guidance-meeting': false,
        },
      })
      .expect(200);
    await http()
      .post(`/residents/${aino}/switches`)
      .set(as.resident(people.aino))
      .send({ stationId: 'mehilainen-hervanta', channel: 'portal', reason: 'quality-of-care' })
      .expect(201);
    await settled(t);
    t.clock.set('2027-02-01T06:00:00Z');
    await http().post('/operations/due-changes').set(COUNTY).expect(200);
    await settled(t);
    // billing learns listings from provider choice's events only: 3 defaults + 1 choice
    await waitUntil(async () => (await billingListings()) === 4, { what: 'billing to observe the listings' }).catch(async (e) => {
      throw new Error(`${e.message} (has ${await billingListings()})`);
    });
  }, 90_000);
  afterAll(async () => t?.close());

  it('records reported services row by row, with per-row errors, and ignores a row reported again', async () => {
    t.clock.set('2027-02-10T10:00:00Z');
    const rows = [
      {
        providerSideId: 'M-1',
        identityCode: people.aino,
        serviceType: 'doctor-visit',
        date: '2027-02-03',
        stationId: 'mehilainen-hervanta',
      },
      {
        providerSideId: 'M-2',
        identityCode: people.eero,
        serviceType: 'nurse-visit',
        date: '2027-02-04',
        stationId: 'mehilainen-hervanta',
      },
      {
        providerSideId: 'M-3',
        identityCode: people.aino,
        serviceType: 'doctor-visit',
        date: '2027-02-11',
        stationId: 'mehilainen-hervanta',
      },
      { providerSideId: 'M-4', identityCode: people.aino, serviceType: 'massage', date: '2027-02-05', stationId: 'hervanta' },
      {
        providerSideId: 'M-5',
        identityCode: people.aino,
        serviceType: 'nurse-visit',
        date: '2027-02-06',
        stationId: 'mehilainen-hervanta',
        noShow: true,
      },
    ];
    const res = await http().post('/providers/mehilainen/service-reports').set(MEHILAINEN).send({ rows }).expect(200);
    expect(res.body).toMatchObject({ rows: 5, recorded: 3, duplicates: 0, unlisted: 1, adjustments: 0 });
    expect(res.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'FUTURE_DATE'],
      [4, 'UNKNOWN_SERVICE_TYPE'],
      [4, 'STATION_NOT_OF_PROVIDER'],
    ]);
    expect(JSON.stringify(res.body)).not.toContain(people.aino);
    const again = await http()
      .post('/providers/mehilainen/service-reports')
      .set(MEHILAINEN)
      .send({ rows: rows.slice(0, 1) })
      .expect(200);
    expect(again.body).toMatchObject({ recorded: 0, duplicates: 1 });
    // A provider files only for itself: the scope of its account, not its role, refuses it.
    const other = await http()
      .post('/providers/pihlajalinna/service-reports')
      .set(MEHILAINEN)
      .send({ rows: rows.slice(0, 1) })
      .expect(403);
    expect(other.body.code).toBe('FORBIDDEN_SCOPE');
  });

  it('charges client fees toward the annual cap and gives a statement', async () => {
    const res = await http().get(`/client-fees/${aino}/2027`).set(as.resident(people.aino)).expect(200);
    expect(res.body).toMatchObject({ totalChargedCents: 2_390, accumulatedTowardCapCents: 2_390, capReachedOn: null });
    expect(res.body.lines).toEqual([
      {
        date: '2027-02-03',
        serviceType: 'doctor-visit',
        visitId: expect.any(String),
        listPriceCents: 2_390,
        chargedCents: 2_390,
        countsTowardCap: true,
        // Added with fee accounts: whose visit, whose cap it counted toward, corrections, the net.
        personRef: aino,
        accountRef: aino,
        corrections: [],
        netChargedCents: 2_390,
      },
    ]);
  });

  it('settles the month: capitation on the first day, fees for listed services; four eyes approve; approved never changes', async () => {
    t.clock.set('2027-03-02T08:00:00Z');
    const run = await http().post('/settlements/2027-02/run').set(EEVA).send({}).expect(200);
    expect(run.body.find((r: { providerId: string }) => r.providerId === 'mehilainen')).toMatchObject({
      status: 'draft',
      totalCents: 10_500,
    });
    const draft = await http().get('/settlements/2027-02/providers/mehilainen').set(MEHILAINEN).expect(200);
    expect(draft.body.providers[0]).toMatchObject({
      status: 'draft',
      unlistedServices: 1,
      totalCents: 10_500,
      lines: [
        { kind: 'capitation', ageBand: '75-84', clients: 1, unitCents: 6_000, amountCents: 6_000 },
        { kind: 'service', serviceType: 'doctor-visit', count: 1, unitCents: 4_500, amountCents: 4_500 },
      ],
    });
    await http().get('/settlements/2027-02/providers/tampere').set(MEHILAINEN).expect(403);
    const rerun = await http()
      .post('/settlements/2027-02/run')
      .set(EEVA)
      .send({ providerIds: ['mehilainen'] })
      .expect(200);
    expect(rerun.body[0]).toMatchObject({ changed: false, totalCents: 10_500 });
    const self = await http().post('/settlements/2027-02/providers/mehilainen/approval').set(EEVA).expect(403);
    expect(self.body.code).toBe('FOUR_EYES_REQUIRED');
    for (const p of ['mehilainen', 'tampere', 'pihlajalinna'])
      await http().post(`/settlements/2027-02/providers/${p}/approval`).set(ERKKI).expect(200);
    const locked = await http()
      .post('/settlements/2027-02/run')
      .set(EEVA)
      .send({ providerIds: ['mehilainen'] })
      .expect(409);
    expect(locked.body.code).toBe('SETTLEMENT_APPROVED');
  });

  it('exports CSV that reconciles line by line', async () => {
    const res = await http().get('/settlements/2027-02/export?format=csv').set(ERKKI).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const [header, ...rows] = res.text
      .trim()
      .split('\r\n')
      .map((r) => r.split(','));
    expect(header).toEqual([
      'provider_id',
      'month',
      'status',
      'line',
      'age_band',
      'sex',
      'need_coefficient',
      'service_type',
      'corrects_month',
      'quantity',
      'unit_cents',
      'amount_cents',
      'unit_eur',
      'amount_eur',
    ]);
    const col = (row: string[], name: string) => row[header!.indexOf(name)]!;
    const mehilainen = rows.filter((r) => col(r, 'provider_id') === 'mehilainen');
    expect(
      mehilainen.map((r) => [
        col(r, 'line'),
        col(r, 'age_band'),
        col(r, 'service_type'),
        col(r, 'quantity'),
        col(r, 'amount_cents'),
        col(r, 'amount_eur'),
      ]),
    ).toEqual([
      ['capitation', '75-84', '', '1', '6000', '60.00'],
      ['service', '', 'doctor-visit', '1', '4500', '45.00'],
      ['total', '', '', '', '10500', '105.00'],
    ]);
    // lines sum to each provider's total; providers sum to the grand total
    const providers = [...new Set(rows.map((r) => col(r, 'provider_id')).filter((p) => p !== 'ALL'))];
    let grand = 0;
    for (const p of providers) {
      const mine = rows.filter((r) => col(r, 'provider_id') === p);
      const lines = mine.filter((r) => col(r, 'line') !== 'total').reduce((a, r) => a + Number(col(r, 'amount_cents')), 0);
      const total = Number(
        col(
          mine.find((r) => col(r, 'line') === 'total')!,
          'amount_cents',
        ),
      );
      expect(lines).toBe(total);
      grand += total;
    }
    expect(
      Number(
        col(
          rows.find((r) => col(r, 'line') === 'grand-total')!,
          'amount_cents',
        ),
      ),
    ).toBe(grand);
    expect(providers.sort()).toEqual(['mehilainen', 'pihlajalinna', 'tampere']);
  });

  it('turns a service for the approved month that arrives late into an adjustment line of the next settlement', async () => {
    const late = await http()
      .post('/providers/mehilainen/service-reports')
      .set(MEHILAINEN)
      .send({
        rows: [
          {
            providerSideId: 'M-9',
            identityCode: people.aino,
            serviceType: 'physiotherapy-session',
            date: '2027-02-20',
            stationId: 'mehilainen-hervanta',
          },
        ],
      })
      .expect(200);
    expect(late.body).toMatchObject({ recorded: 1, adjustments: 1 });
    t.clock.set('2027-04-01T08:00:00Z');
    await http()
      .post('/settlements/2027-03/run')
      .set(EEVA)
      .send({ providerIds: ['mehilainen'] })
      .expect(200);
    const march = await http().get('/settlements/2027-03/providers/mehilainen').set(EEVA).expect(200);
    expect(march.body.providers[0].lines).toEqual([
      { kind: 'capitation', ageBand: '75-84', sex: null, needCoefficient: 1, clients: 1, unitCents: 6_000, amountCents: 6_000 },
      {
        kind: 'adjustment',
        correctsMonth: '2027-02',
        serviceType: 'physiotherapy-session',
        count: 1,
        unitCents: 3_500,
        amountCents: 3_500,
      },
    ]);
    const february = await http().get('/settlements/2027-02/providers/mehilainen').set(EEVA).expect(200);
    expect(february.body.providers[0].totalCents).toBe(10_500);
  });

  it("gives identical settlements after billing's read models are dropped and rebuilt from the log", async () => {
    const before = (await http().get('/settlements/2027-03/providers/mehilainen').set(EEVA).expect(200)).body;
    await http().post('/operations/rebuild-read-models').set(EEVA).expect(200);
    const rerun = await http()
      .post('/settlements/2027-03/run')
      .set(EEVA)
      .send({ providerIds: ['mehilainen'] })
      .expect(200);
    expect(rerun.body[0]).toMatchObject({ changed: false });
    const after = (await http().get('/settlements/2027-03/providers/mehilainen').set(EEVA).expect(200)).body;
    expect(after).toEqual(before);
  });

  it("capitates a terminated provider's clients to their default station from the month after", async () => {
    await http().post('/providers/mehilainen/termination').set(COUNTY).send({ from: '2027-04-10', reason: 'contract ended' }).expect(200);
    await settled(t);
    t.clock.set('2027-05-01T06:00:00Z');
    expect((await http().post('/operations/due-changes').set(COUNTY).expect(200)).body.returns).toBe(1);
    await settled(t);
    await waitUntil(async () => (await billingListings()) === 5, { what: 'billing to observe the return to the default station' });
    t.clock.set('2027-05-02T08:00:00Z');
    const run = await http().post('/settlements/2027-05/run').set(EEVA).send({}).expect(200);
    const byProvider = Object.fromEntries(run.body.map((r: { providerId: string; totalCents: number }) => [r.providerId, r.totalCents]));
    // Aino is back with the city from 1 May: Mehiläinen has no capitation for May (only the
    // adjustment for February's late service, which no approved settlement has paid yet).
    expect(byProvider['mehilainen']).toBe(3_500);
    const mehilainen = await http().get('/settlements/2027-05/providers/mehilainen').set(EEVA).expect(200);
    expect(mehilainen.body.providers[0].lines.filter((l: { kind: string }) => l.kind === 'capitation')).toEqual([]);
    const tampere = await http().get('/settlements/2027-05/providers/tampere').set(EEVA).expect(200);
    expect(tampere.body.providers[0].lines.find((l: { ageBand?: string }) => l.ageBand === '75-84')).toMatchObject({
      clients: 1,
      amountCents: 6_000,
    });
  });
}

describe('a billing month on PGlite (embedded)', () => billingMonth('pglite'));
describeWithPostgres()('a billing month on PostgreSQL', () => billingMonth('postgres'));
