import request from 'supertest';
import { Hetu, LocalDate } from '@luotsi/kernel';
import type { EventStore } from '@luotsi/eventstore';
import { EVENT_STORE } from '@luotsi/runtime';
import { startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import {
  COUNTY,
  GUIDANCE,
  asResident,
  people,
  personRefOf,
  providerChoiceDefinition,
  seedPilot,
  settled,
} from './testing/provider-choice-fixture';

function providerChoiceSuite(database: TestDatabase): void {
  let t: TestApp;
  let store: EventStore;
  let aino: string;
  let eero: string;
  let villeStation: string;
  const mehilainenClients = () => 1 + (villeStation === 'mehilainen-hervanta' ? 1 : 0);
  const http = () => request(t.server);
  const streamOf = async (personRef: string) => (await store.readStream(`listing-${personRef}`)).map((e) => e.type);

  beforeAll(async () => {
    t = await startTestApp(providerChoiceDefinition, database, { now: '2026-11-23T10:00:00Z', postgresUrl: testPostgresUrl() });
    store = t.app.get<EventStore>(EVENT_STORE);
    await seedPilot(t);
    aino = await personRefOf(t, people.aino);
    eero = await personRefOf(t, people.eero);
  }, 60_000);
  afterAll(async () => t?.close());

  it('lists every eligible resident with the default station of their postal code', async () => {
    const res = await http().get(`/residents/${aino}/listing`).set(GUIDANCE).expect(200);
    expect(res.body).toMatchObject({
      eligible: true,
      current: { stationId: 'hervanta', providerId: 'tampere', effectiveFrom: '2018-01-01', reason: 'default' },
      upcoming: null,
      nextPossibleSwitchDate: '2026-12-01',
    });
    const eeroListing = await http().get(`/residents/${eero}/listing`).set(GUIDANCE).expect(200);
    expect(eeroListing.body.current).toMatchObject({ stationId: 'kaukajarvi' });
  });

  it('imports idempotently and reports bad rows without stopping', async () => {
    const rows = [
      JSON.stringify({
        type: 'resident-registered',
        identityCode: people.aino,
        postalCode: '33710',
        municipalityCode: '837',
        date: '2018-01-01',
      }),
      JSON.stringify({
        type: 'resident-registered',
        identityCode: '131052-308X',
        postalCode: '33710',
        municipalityCode: '837',
        date: '2018-01-01',
      }),
      JSON.stringify({ type: 'moved', identityCode: people.ville, postalCode: '33710', municipalityCode: '837', date: '2026-02-30' }),
      'not json',
      JSON.stringify({ type: 'died', identityCode: people.outside, date: '2026-10-01' }),
    ].join('\n');
    const res = await http().post('/population/import').set(COUNTY).set('Content-Type', 'application/x-ndjson').send(rows).expect(200);
    expect(res.body).toMatchObject({ rows: 5, applied: 1, unchanged: 1, failed: 3 });
    expect(res.body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [2, 'INVALID_HETU'],
      [3, 'INVALID_DATE'],
      [4, 'INVALID_ROW'],
    ]);
    expect(JSON.stringify(res.body)).not.toContain('131052');
    const csv = ['type,identityCode,postalCode,municipalityCode,date', `died,${people.outside},,,2026-10-01`].join('\n');
    const again = await http().post('/population/import').set(COUNTY).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(again.body).toMatchObject({ rows: 1, applied: 0, unchanged: 1, failed: 0 });
  });

  it("decides a new person's rows of one file in memory exactly as row by row, file by file", async () => {
    const rowsOf = (identityCode: string) => [
      { type: 'resident-registered', identityCode, postalCode: '33710', municipalityCode: '837', date: '2019-03-01' },
      { type: 'resident-registered', identityCode, postalCode: '33710', municipalityCode: '837', date: '2019-03-01' },
      { type: 'moved', identityCode, postalCode: '33530', municipalityCode: '837', date: '2020-05-10' },
      { type: 'moved', identityCode, postalCode: '00100', municipalityCode: '091', date: '2021-07-15' },
      { type: 'died', identityCode, date: '2022-01-02' },
    ];
    const together = Hetu.generate(LocalDate.parse('1961-06-15'), 402);
    const apart = Hetu.generate(LocalDate.parse('1961-06-15'), 404);
    const all = await http()
      .post('/population/import')
      .set(COUNTY)
      .set('Content-Type', 'application/x-ndjson')
      .send(
        rowsOf(together)
          .map((r) => JSON.stringify(r))
          .join('\n'),
      )
      .expect(200);
    const one = { applied: 0, unchanged: 0, failed: 0 };
    for (const row of rowsOf(apart)) {
      const res = await http()
        .post('/population/import')
        .set(COUNTY)
        .set('Content-Type', 'application/x-ndjson')
        .send(JSON.stringify(row))
        .expect(200);
      for (const k of ['applied', 'unchanged', 'failed'] as const) one[k] += res.body[k];
    }
    expect(all.body).toMatchObject({ rows: 5, ...one });
    expect(one).toEqual({ applied: 4, unchanged: 1, failed: 0 });
    const [x, y] = [await personRefOf(t, together), await personRefOf(t, apart)];
    const shape = async (personRef: string) =>
      JSON.parse(JSON.stringify((await store.readStream(`listing-${personRef}`)).map((e) => [e.type, e.data])).replaceAll(personRef, 'P'));
    expect(await shape(x)).toEqual(await shape(y));
    expect((await shape(x)).map(([type]: [string]) => type)).toContain('ListingEnded');
  });

  it('switches from the next month start, and refuses a second switch while one is pending, writing nothing', async () => {
    const res = await http()
      .post(`/residents/${aino}/switches`)
      .set(asResident(people.aino))
      .send({ stationId: 'mehilainen-hervanta', channel: 'portal', reason: 'good-location', previousMainUse: 'health-centre' })
      .expect(201);
    expect(res.body).toMatchObject({
      stationId: 'mehilainen-hervanta',
      providerId: 'mehilainen',
      effectiveFrom: '2026-12-01',
      channel: 'portal',
    });
    const before = await streamOf(aino);
    const pending = await http()
      .post(`/residents/${aino}/switches`)
      .set(asResident(people.aino))
      .send({ stationId: 'pihlajalinna-hervanta', channel: 'portal', reason: 'opening-hours' })
      .expect(409);
    expect(pending.body).toMatchObject({
      code: 'SWITCH_PENDING',
      details: { effectiveFrom: '2026-12-01', stationId: 'mehilainen-hervanta' },
    });
    expect(await streamOf(aino)).toEqual(before);
    await settled(t);
    const listing = await http().get(`/residents/${aino}/listing`).set(asResident(people.aino)).expect(200);
    expect(listing.body.upcoming).toMatchObject({ stationId: 'mehilainen-hervanta', effectiveFrom: '2026-12-01', status: 'pending' });
  });

  it('refuses bad input with a 4xx and a stable code', async () => {
    const invalid = await http()
      .post(`/residents/${eero}/switches`)
      .set(GUIDANCE)
      .send({ stationId: 'mehilainen-hervanta', channel: 'fax', reason: 'good-location' })
      .expect(400);
    expect(invalid.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'channel' }] } });
    const noToken = await http()
      .post(`/residents/${eero}/switches`)
      .send({ stationId: 'mehilainen-hervanta', channel: 'phone', reason: 'good-location' })
      .expect(401);
    expect(noToken.body.code).toBe('TOKEN_MISSING');
    const otherPerson = await http().get(`/residents/${eero}/listing`).set(asResident(people.aino)).expect(403);
    expect(otherPerson.body.code).toBe('FORBIDDEN_SCOPE');
    const unknownStation = await http()
      .post(`/residents/${eero}/switches`)
      .set(GUIDANCE)
      .send({ stationId: 'nowhere', channel: 'phone', reason: 'good-location' })
      .expect(404);
    expect(unknownStation.body.code).toBe('STATION_NOT_FOUND');
    const same = await http()
      .post(`/residents/${eero}/switches`)
      .set(GUIDANCE)
      .send({ stationId: 'kaukajarvi', channel: 'in-person', reason: 'good-location' })
      .expect(409);
    expect(same.body.code).toBe('ALREADY_LISTED');
    const outsider = await personRefOf(t, people.outside);
    const notEligible = await http()
      .post(`/residents/${outsider}/switches`)
      .set(GUIDANCE)
      .send({ stationId: 'kaukajarvi', channel: 'phone', reason: 'good-location' })
      .expect(422);
    expect(notEligible.body).toMatchObject({ code: 'NOT_ELIGIBLE' });
    const badHetu = await http().post('/persons/lookup').set(GUIDANCE).send({ identityCode: '010101-0000' }).expect(400);
    expect(badHetu.body.code).toBe('INVALID_HETU');
    expect(await streamOf(eero)).toEqual(['ResidentRegistered', 'ListingStarted']);
  });

  it('answers a retry with the same Idempotency-Key with the first answer and writes nothing more', async () => {
    const body = {
      stationId: 'pihlajalinna-hervanta',
      channel: 'phone',
      reason: 'other',
      reasonText: 'nearer to work',
      previousMainUse: 'occupational-health',
    };
    const first = await http().post(`/residents/${eero}/switches`).set(GUIDANCE).set('Idempotency-Key', 'call-42').send(body).expect(201);
    const retry = await http().post(`/residents/${eero}/switches`).set(GUIDANCE).set('Idempotency-Key', 'call-42').send(body).expect(201);
    expect(retry.body).toEqual(first.body);
    expect((await streamOf(eero)).filter((e) => e === 'SwitchRequested')).toHaveLength(1);
    const reused = await http()
      .post(`/residents/${eero}/switches`)
      .set(GUIDANCE)
      .set('Idempotency-Key', 'call-42')
      .send({ ...body, stationId: 'mehilainen-hervanta' })
      .expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('lets exactly one of many concurrent switch requests for the same resident win', async () => {
    const ville = await personRefOf(t, people.ville);
    const stations = ['mehilainen-hervanta', 'pihlajalinna-hervanta', 'kaukajarvi'];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        http()
          .post(`/residents/${ville}/switches`)
          .set(GUIDANCE)
          .send({ stationId: stations[i % 3], channel: 'phone', reason: 'good-location' }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    villeStation = results.find((r) => r.status === 201)!.body.stationId;
    expect(statuses.filter((s) => s !== 201).every((s) => s === 409)).toBe(true);
    for (const r of results.filter((x) => x.status === 409)) expect(['SWITCH_PENDING', 'CONCURRENCY_CONFLICT']).toContain(r.body.code);
    expect((await streamOf(ville)).filter((e) => e === 'SwitchRequested')).toHaveLength(1);
  });

  it('makes the switch on its date, then enforces three months from it', async () => {
    // The due-changes pass finds pending switches in the read model: the requests above must be in it
    // (under load the projection can lag a moment; the timer's next pass would make a missed one).
    await settled(t);
    t.clock.set('2026-12-01T05:00:00Z');
    const due = await http().post('/operations/due-changes').set(COUNTY).expect(200);
    expect(due.body.switches).toBeGreaterThanOrEqual(1);
    await settled(t);
    const listing = await http().get(`/residents/${aino}/listing`).set(asResident(people.aino)).expect(200);
    expect(listing.body).toMatchObject({
      current: { stationId: 'mehilainen-hervanta', effectiveFrom: '2026-12-01', reason: 'choice' },
      upcoming: null,
      nextPossibleSwitchDate: '2027-03-01',
    });
    expect(listing.body.history.map((h: { stationId: string; effectiveTo: string | null }) => [h.stationId, h.effectiveTo])).toEqual([
      ['hervanta', '2026-11-30'],
      ['mehilainen-hervanta', null],
    ]);
    const tooSoon = await http()
      .post(`/residents/${aino}/switches`)
      .set(asResident(people.aino))
      .send({ stationId: 'pihlajalinna-hervanta', channel: 'portal', reason: 'quality-of-care' })
      .expect(422);
    expect(tooSoon.body).toMatchObject({ code: 'SWITCH_TOO_SOON', details: { earliestEffectiveDate: '2027-03-01' } });
  });

  it('reports list sizes on a month start, the switching statistics, and who is listed, paged', async () => {
    const sizes = await http().get('/statistics/list-sizes?month=2026-12').set(COUNTY).expect(200);
    const byProvider = Object.fromEntries(
      sizes.body.providers.map((p: { providerId: string; clients: number }) => [p.providerId, p.clients]),
    );
    expect(byProvider['mehilainen']).toBe(mehilainenClients());
    expect(sizes.body.total).toBe(3);
    const stats = await http().get('/statistics/switches?month=2026-12').set(COUNTY).expect(200);
    expect(stats.body).toMatchObject({
      switchesEffective: 3,
      byChannel: { portal: 1, phone: 2 },
      byAgeBand: { '75+': 1, '35-44': 1, '18-24': 1 },
    });
    const page1 = await http().get('/providers/tampere/listed?date=2026-11-15&limit=1').set(COUNTY).expect(200);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await http()
      .get(`/providers/tampere/listed?date=2026-11-15&limit=1&after=${page1.body.nextPage}`)
      .set(COUNTY)
      .expect(200);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.items[0].personRef).not.toBe(page1.body.items[0].personRef);
  });

  it("returns a terminated provider's clients to their default station from the next month", async () => {
    await http().post('/providers/mehilainen/termination').set(COUNTY).send({ from: '2027-02-10', reason: 'contract ended' }).expect(200);
    await settled(t);
    t.clock.set('2027-03-01T06:00:00Z');
    const due = await http().post('/operations/due-changes').set(COUNTY).expect(200);
    expect(due.body.returns).toBe(mehilainenClients());
    expect((await store.readStream('provider-mehilainen')).map((e) => e.type)).toContain('ProviderClientsReturned');
    await settled(t);
    expect((await http().post('/operations/due-changes').set(COUNTY).expect(200)).body.returns).toBe(0);
    const listing = await http().get(`/residents/${aino}/listing`).set(GUIDANCE).expect(200);
    expect(listing.body.current).toMatchObject({ stationId: 'hervanta', effectiveFrom: '2027-03-01', reason: 'provider-terminated' });
    const refused = await http()
      .post(`/residents/${aino}/switches`)
      .set(asResident(people.aino))
      .send({ stationId: 'mehilainen-hervanta', channel: 'portal', reason: 'quality-of-care' })
      .expect(422);
    expect(refused.body.code).toBe('PROVIDER_NOT_APPROVED');
  });
}

describe('provider choice over HTTP on PGlite (embedded)', () => providerChoiceSuite('pglite'));
describeWithPostgres()('provider choice over HTTP on PostgreSQL', () => providerChoiceSuite('postgres'));
