import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { Hetu, LocalDate } from '@luotsi/kernel';
import type { EventStore } from '@luotsi/eventstore';
import { EVENT_STORE, SubscriptionRuntime } from '@luotsi/runtime';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { COUNTY, GUIDANCE, asResident, people, personRefOf, providerChoiceDefinition, seedPilot, settled, station } from './testing/provider-choice-fixture';

/** Shaped like a personal identity code (generated test data). */
const CODE = '131052-308T';
const provider = (providerId: string, stations: ReturnType<typeof station>[]) => ({ providerId, businessId: '1927400-1', name: `${providerId} Oy`, kind: 'private', stations });

function defectsSuite(database: TestDatabase): void {
  let t: TestApp;
  let store: EventStore;
  const api = () => request(t.server);
  const eventCount = async () => (await store.readAll()).length;

  beforeAll(async () => {
    t = await startTestApp(providerChoiceDefinition, database, { now: '2026-11-23T10:00:00Z', postgresUrl: testPostgresUrl() });
    store = t.app.get<EventStore>(EVENT_STORE);
    await seedPilot(t);
  }, 60_000);
  afterAll(async () => t?.close());

  it("answers a provider's listed clients only to the county and to that provider", async () => {
    expect((await api().get('/providers/tampere/listed?date=2026-11-15')).status).toBe(401);
    expect((await api().get('/providers/tampere/listed?date=2026-11-15').set(GUIDANCE)).body.code).toBe('FORBIDDEN_ROLE');
    expect((await api().get('/providers/tampere/listed?date=2026-11-15').set(asResident(people.outside))).status).toBe(403);
    const other = await api().get('/providers/tampere/listed?date=2026-11-15').set(as.provider('mehilainen')).expect(403);
    expect(other.body.code).toBe('FORBIDDEN_SCOPE');
    const own = await api().get('/providers/tampere/listed?date=2026-11-15').set(as.provider('tampere')).expect(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    await api().get('/providers/tampere/listed?date=2026-11-15').set(COUNTY).expect(200);
    expect((await api().get('/statistics/switches?month=2026-12')).status).toBe(401);
    expect((await api().get('/statistics/list-sizes?month=2026-12').set(GUIDANCE)).status).toBe(403);
  });

  it("refuses a station id another provider holds (409 STATION_TAKEN), writing nothing", async () => {
    const before = await eventCount();
    const taken = await api().post('/providers').set(COUNTY).send(provider('terveystalo', [station('terveystalo-hervanta', '33720'), station('hervanta', '33720')])).expect(409);
    expect(taken.body).toMatchObject({ code: 'STATION_TAKEN', details: { stationId: 'hervanta' } });
    const update = await api().put('/providers/pihlajalinna').set(COUNTY).send({ name: 'Pihlajalinna Oy', stations: [station('pihlajalinna-hervanta', '33720'), station('kaukajarvi', '33530')] }).expect(409);
    expect(update.body).toMatchObject({ code: 'STATION_TAKEN', details: { stationId: 'kaukajarvi' } });
    expect(await eventCount()).toBe(before);
  });

  it('lets exactly one of concurrent registrations take a new station', async () => {
    const results = await Promise.all(['aava', 'attendo', 'coronaria', 'diacor'].map((id) => api().post('/providers').set(COUNTY).send(provider(id, [station(`${id}-own`, '33720'), station('shared-station', '33720')]))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ code: 'STATION_TAKEN', details: { stationId: 'shared-station' } });
    const winner = results.find((r) => r.status === 201)!.body.providerId;
    // The losers' own stations stay free: a loser's claims are all or none.
    await api().post('/providers').set(COUNTY).send(provider('late', [station(`${['aava', 'attendo', 'coronaria', 'diacor'].find((id) => id !== winner)}-own`, '33720')])).expect(201);
  });

  it('refuses an identity code in free text and ids, naming the field and never echoing it', async () => {
    const eero = await personRefOf(t, people.eero);
    const before = await eventCount();
    const text = await api().post(`/residents/${eero}/switches`).set(GUIDANCE).send({ stationId: 'pihlajalinna-hervanta', channel: 'phone', reason: 'other', reasonText: `calling for ${CODE}` }).expect(400);
    expect(text.body).toMatchObject({ code: 'IDENTITY_CODE_NOT_ALLOWED', details: { paths: ['body.reasonText'] } });
    const suspension = await api().post('/providers/pihlajalinna/suspension').set(COUNTY).send({ from: '2027-06-01', reason: `complaint by ${CODE}` }).expect(400);
    expect(suspension.body).toMatchObject({ code: 'IDENTITY_CODE_NOT_ALLOWED', details: { paths: ['body.reason'] } });
    const name = await api().post('/providers').set(COUNTY).send({ ...provider('named', [station('named-1', '33720')]), name: `Lääkäri ${CODE}` }).expect(400);
    expect(name.body).toMatchObject({ code: 'IDENTITY_CODE_NOT_ALLOWED', details: { paths: ['body.name'] } });
    for (const body of [text.body, suspension.body, name.body]) expect(JSON.stringify(body)).not.toContain('131052');
    expect(await eventCount()).toBe(before);
  });

  it('keeps the channel rule in the listing decider: the portal is the resident\'s own', async () => {
    const eero = await personRefOf(t, people.eero);
    const res = await api().post(`/residents/${eero}/switches`).set(GUIDANCE).send({ stationId: 'pihlajalinna-hervanta', channel: 'portal', reason: 'good-location' }).expect(403);
    expect(res.body).toMatchObject({ code: 'CHANNEL_MISMATCH', details: { channel: 'portal', role: 'guidance' } });
  });

  it('configures the area through its decider: unknown default stations refused, nothing written', async () => {
    const before = await eventCount();
    const res = await api().put('/choice-area').set(COUNTY).send({ postalCodes: [{ postalCode: '33710', defaultStationId: 'nowhere' }], switchPeriodMonths: 3 }).expect(400);
    expect(res.body).toMatchObject({ code: 'STATION_NOT_FOUND', details: { unknown: ['33710: nowhere'] } });
    expect(await eventCount()).toBe(before);
    const area = await api().get('/choice-area').expect(200);
    expect(area.body).toEqual({ postalCodes: { '33710': { defaultStationId: 'hervanta' }, '33530': { defaultStationId: 'kaukajarvi' } }, switchPeriodMonths: 3 });
    expect((await store.readStream('area-county')).map((e) => e.schemaVersion)).toEqual([2]);
  });

  it('reports an over-long, NUL or non-UTF-8 import line as that line\'s error and goes on', async () => {
    const good = (n: number) => JSON.stringify({ type: 'resident-registered', identityCode: Hetu.generate(LocalDate.parse('1990-01-01'), 500 + n), postalCode: '33710', municipalityCode: '837', date: '2020-01-01' });
    // A server of our own streams the body in pieces, so the long line never exists as one string here either.
    const chunks: Buffer[] = [Buffer.from(`${good(1)}\n{"type":"resident-registered","identityCode":"`)];
    for (let i = 0; i < 48; i++) chunks.push(Buffer.alloc(64 * 1024, 0x41));
    chunks.push(Buffer.from(`"}\n${good(2)}\n{"type":"died","x":"a\u0000b"}\n`), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), Buffer.from(`${good(3)}\n`));
    if (!t.server.address()) await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = t.server.address() as AddressInfo;
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/population/import', method: 'POST', headers: { ...COUNTY, 'Content-Type': 'application/x-ndjson' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${res.statusCode} ${text}`))));
      });
      req.on('error', reject);
      (async () => {
        for (const c of chunks) if (!req.write(c)) await new Promise((r) => req.once('drain', r));
        req.end();
      })().catch(reject);
    });
    const report = JSON.parse(body);
    expect(report).toMatchObject({ rows: 6, applied: 3, failed: 3 });
    expect(report.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([[2, 'LINE_TOO_LONG'], [4, 'INVALID_CHARACTER'], [5, 'INVALID_ENCODING']]);
    await api().get('/health/live').expect((r) => expect(r.status).toBeLessThan(500));
  });

  it('reads an area stored at schema version 1 through its upcaster', async () => {
    await settled(t);
    const other = await startTestApp(providerChoiceDefinition, database, { now: '2026-11-23T10:00:00Z', postgresUrl: testPostgresUrl() });
    try {
      const otherStore = other.app.get<EventStore>(EVENT_STORE);
      await otherStore.append('area-county', [{ eventId: '6f1d7a0e-0000-4000-8000-000000000001', type: 'ChoiceAreaConfigured', schemaVersion: 1, data: { postalCodes: { '33710': { defaultStationId: 'hervanta' } }, switchPeriodMonths: 6, configuredBy: 'county:anna' } }], { expectedRevision: 'no_stream' });
      const area = await request(other.server).get('/choice-area').expect(200);
      expect(area.body).toEqual({ postalCodes: { '33710': { defaultStationId: 'hervanta' } }, switchPeriodMonths: 6 });
    } finally {
      await other.close();
    }
  }, 60_000);

  it('makes due switches on the declared due-changes timer', async () => {
    const ville = await personRefOf(t, people.ville);
    await api().post(`/residents/${ville}/switches`).set(GUIDANCE).send({ stationId: 'pihlajalinna-hervanta', channel: 'phone', reason: 'good-location' }).expect(201);
    await settled(t);
    t.clock.set('2026-12-01T05:00:00Z');
    await t.app.get(SubscriptionRuntime).runTimer('due-changes');
    const started = (await store.readStream(`listing-${ville}`)).filter((e) => e.type === 'ListingStarted').pop()!;
    expect(started.data).toMatchObject({ stationId: 'pihlajalinna-hervanta', effectiveFrom: '2026-12-01', reason: 'choice' });
    expect(started.metadata).toMatchObject({ actor: 'system:due-changes' });
  });
}

describe('provider choice defects over HTTP on PGlite (embedded)', () => defectsSuite('pglite'));
describeWithPostgres()('provider choice defects over HTTP on PostgreSQL', () => defectsSuite('postgres'));
