import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { Hetu, LocalDate } from '@luotsi/kernel';
import type { EventStore } from '@luotsi/eventstore';
import { EVENT_STORE, SubscriptionRuntime } from '@luotsi/runtime';
import { PersonRegistry } from '@luotsi/identity';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
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
  station,
} from './testing/provider-choice-fixture';

/** Shaped like a personal identity code (generated test data). */
const CODE = '131052-308T';
const provider = (providerId: string, stations: ReturnType<typeof station>[]) => ({
  providerId,
  businessId: '1927400-1',
  name: `${providerId} Oy`,
  kind: 'private',
  stations,
});

function defectsSuite(database: TestDatabase): void {
  let t: TestApp;
  let store: EventStore;
  const api = () => request(t.server);
  // The head, not readAll's length: readAll hides committed events while an older transaction on
  // the server (another test file's) is still open, so a count could grow without a write here.
  const eventCount = () => store.headPosition();

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

  it('refuses an array where a station object belongs (400, was 500), writing nothing', async () => {
    const before = await eventCount();
    const nested = await api()
      .post('/providers')
      .set(COUNTY)
      .send({ ...provider('nested', []), stations: [[station('nested-1', '33720')]] })
      .expect(400);
    expect(nested.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const update = await api()
      .put('/providers/mehilainen')
      .set(COUNTY)
      .send({ name: 'Mehiläinen Oy', stations: [[station('mehilainen-hervanta', '33720')]] })
      .expect(400);
    expect(update.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const area = await api()
      .put('/choice-area')
      .set(COUNTY)
      .send({ postalCodes: [[{ postalCode: '33710', defaultStationId: 'hervanta' }]], switchPeriodMonths: 3 })
      .expect(400);
    expect(area.body.code).toBe('VALIDATION_FAILED');
    expect(await eventCount()).toBe(before);
  });

  it('answers the listed clients only of a known provider and station, each query value given once', async () => {
    const listed = (query: string, provider = 'tampere') => api().get(`/providers/${provider}/listed?${query}`).set(COUNTY);
    expect((await listed('date=2026-11-15', 'nobody').expect(404)).body.code).toBe('PROVIDER_NOT_FOUND');
    expect((await listed('date=2026-11-15', 'x'.repeat(4000)).expect(404)).body.code).toBe('PROVIDER_NOT_FOUND');
    for (const bad of ['<script>alert(1)</script>', "' OR 1=1 --", '../etc', 'x'.repeat(4000), '%ED%A0%80', '%FF%FE']) {
      const res = await listed(`date=2026-11-15&stationId=${bad.startsWith('%') ? bad : encodeURIComponent(bad)}`);
      expect({ bad, status: res.status, code: res.body.code }).toEqual({
        bad,
        status: 400,
        code: expect.stringMatching(/^INVALID_STATION_ID|INVALID_CHARACTERS|INVALID_ENCODING$/),
      });
    }
    expect((await listed('stationId=nowhere').expect(404)).body).toMatchObject({
      code: 'STATION_NOT_FOUND',
      details: { providerId: 'tampere', stationId: 'nowhere' },
    });
    expect((await listed('stationId=mehilainen-hervanta').expect(404)).body.code).toBe('STATION_NOT_FOUND');
    for (const twice of [
      'stationId=hervanta&stationId=kaukajarvi',
      'stationId[a]=hervanta',
      'date[a]=2026-11-15',
      'limit[a]=1',
      'date=2026-11-15&date=2026-11-16',
    ]) {
      const res = await listed(twice).expect(400);
      expect({ twice, code: res.body.code }).toEqual({ twice, code: 'INVALID_QUERY' });
    }
    expect((await listed('after=not-a-ref').expect(400)).body.code).toBe('INVALID_PAGE');
    const one = await listed('date=2026-11-15&stationId=hervanta').expect(200);
    expect(one.body.items.length).toBeGreaterThan(0);
    expect(one.body.items.every((i: { stationId: string }) => i.stationId === 'hervanta')).toBe(true);
  });

  it('refuses an erasure with a malformed Idempotency-Key (400), erasing nothing', async () => {
    const outside = await personRefOf(t, people.outside);
    const before = await eventCount();
    for (const key of ['k'.repeat(9000), 'k'.repeat(201), 'two words', '<b>key</b>', 'avain-ä']) {
      const res = await api().post(`/persons/${outside}/erasure`).set(COUNTY).set('Idempotency-Key', key).send({ reason: 'test-data' });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'IDEMPOTENCY_KEY_INVALID' });
    }
    expect(await eventCount()).toBe(before);
    expect(await personRefOf(t, people.outside)).toBe(outside);
  });

  it('refuses an import in another charset (415) or with a malformed Idempotency-Key (400), applying nothing', async () => {
    const newcomer = Hetu.generate(LocalDate.parse('1977-04-04'), 611);
    const line = JSON.stringify({
      type: 'resident-registered',
      identityCode: newcomer,
      postalCode: '33710',
      municipalityCode: '837',
      date: '2026-11-01',
    });
    const before = await eventCount();
    for (const charset of ['latin1', 'x-klingon', '"iso-8859-1"']) {
      const res = await api()
        .post('/population/import')
        .set(COUNTY)
        .set('Content-Type', `application/x-ndjson; charset=${charset}`)
        .send(line)
        .expect(415);
      expect(res.body).toMatchObject({ code: 'UNSUPPORTED_CHARSET', details: { supported: ['utf-8'] } });
    }
    for (const key of ['k'.repeat(9000), 'two words']) {
      const res = await api()
        .post('/population/import')
        .set(COUNTY)
        .set('Content-Type', 'application/x-ndjson')
        .set('Idempotency-Key', key)
        .send(line)
        .expect(400);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
    }
    expect(await eventCount()).toBe(before);
    const utf8 = await api()
      .post('/population/import')
      .set(COUNTY)
      .set('Content-Type', 'application/x-ndjson; charset=UTF-8')
      .set('Idempotency-Key', 'register-2026-11')
      .send(line)
      .expect(200);
    expect(utf8.body).toMatchObject({ rows: 1, applied: 1, failed: 0 });
  });

  it("makes a line's unknown field or a change dated after today that line's error, applying nothing of it", async () => {
    const code = (n: number) => Hetu.generate(LocalDate.parse('1981-08-08'), 700 + n);
    const good = (n: number, extra = '') =>
      `{"type":"resident-registered","identityCode":"${code(n)}","postalCode":"33710","municipalityCode":"837","date":"2026-11-01"${extra}}`;
    const lines = [
      good(1, ',"note":"x"'),
      good(2, ',"__proto__":{"admin":true}'),
      good(3, ',"constructor":{"prototype":{"admin":true}}'),
      good(4, `,"deep":${'['.repeat(5000)}${']'.repeat(5000)}`),
      good(5, `,"note":"asiakas ${CODE}"`),
      good(6).replace('2026-11-01', '2026-12-01'),
      good(7),
    ];
    const res = await api()
      .post('/population/import')
      .set(COUNTY)
      .set('Content-Type', 'application/x-ndjson')
      .send(lines.join('\n'))
      .expect(200);
    expect(res.body).toMatchObject({ rows: 7, applied: 1, failed: 6 });
    expect(res.body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [1, 'UNKNOWN_FIELD'],
      [2, 'UNKNOWN_FIELD'],
      [3, 'UNKNOWN_FIELD'],
      [4, 'UNKNOWN_FIELD'],
      [5, 'UNKNOWN_FIELD'],
      [6, 'FUTURE_DATE'],
    ]);
    expect(JSON.stringify(res.body)).not.toContain('131052');
    // Only the good line's person is registered and listed.
    const registry = t.app.get(PersonRegistry);
    for (const n of [1, 2, 3, 4, 5, 6]) await expect(registry.require(code(n))).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
    const { personRef } = await registry.require(code(7));
    expect((await store.readStream(`listing-${personRef}`)).map((e) => e.type)).toEqual(['ResidentRegistered', 'ListingStarted']);
    // Today's registration is no future one.
    const today = await api()
      .post('/population/import')
      .set(COUNTY)
      .set('Content-Type', 'application/x-ndjson')
      .send(good(6).replace('2026-11-01', '2026-11-23'))
      .expect(200);
    expect(today.body).toMatchObject({ applied: 1, failed: 0 });
  });

  it('refuses a station id another provider holds (409 STATION_TAKEN), writing nothing', async () => {
    const before = await eventCount();
    const taken = await api()
      .post('/providers')
      .set(COUNTY)
      .send(provider('terveystalo', [station('terveystalo-hervanta', '33720'), station('hervanta', '33720')]))
      .expect(409);
    expect(taken.body).toMatchObject({ code: 'STATION_TAKEN', details: { stationId: 'hervanta' } });
    const update = await api()
      .put('/providers/pihlajalinna')
      .set(COUNTY)
      .send({ name: 'Pihlajalinna Oy', stations: [station('pihlajalinna-hervanta', '33720'), station('kaukajarvi', '33530')] })
      .expect(409);
    expect(update.body).toMatchObject({ code: 'STATION_TAKEN', details: { stationId: 'kaukajarvi' } });
    expect(await eventCount()).toBe(before);
  });

  it('lets exactly one of concurrent registrations take a new station', async () => {
    const results = await Promise.all(
      ['aava', 'attendo', 'coronaria', 'diacor'].map((id) =>
        api()
          .post('/providers')
          .set(COUNTY)
          .send(provider(id, [station(`${id}-own`, '33720'), station('shared-station', '33720')])),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body).toMatchObject({ code: 'STATION_TAKEN', details: { stationId: 'shared-station' } });
    const winner = results.find((r) => r.status === 201)!.body.providerId;
    // The losers' own stations stay free: a loser's claims are all or none.
    await api()
      .post('/providers')
      .set(COUNTY)
      .send(provider('late', [station(`${['aava', 'attendo', 'coronaria', 'diacor'].find((id) => id !== winner)}-own`, '33720')]))
      .expect(201);
  });

  it('refuses an identity code in free text and ids, naming the field and never echoing it', async () => {
    const eero = await personRefOf(t, people.eero);
    const before = await eventCount();
    const text = await api()
      .post(`/residents/${eero}/switches`)
      .set(GUIDANCE)
      .send({ stationId: 'pihlajalinna-hervanta', channel: 'phone', reason: 'other', reasonText: `calling for ${CODE}` })
      .expect(400);
    expect(text.body).toMatchObject({ code: 'IDENTITY_CODE_NOT_ALLOWED', details: { paths: ['body.reasonText'] } });
    const suspension = await api()
      .post('/providers/pihlajalinna/suspension')
      .set(COUNTY)
      .send({ from: '2027-06-01', reason: `complaint by ${CODE}` })
      .expect(400);
    expect(suspension.body).toMatchObject({ code: 'IDENTITY_CODE_NOT_ALLOWED', details: { paths: ['body.reason'] } });
    const name = await api()
      .post('/providers')
      .set(COUNTY)
      .send({ ...provider('named', [station('named-1', '33720')]), name: `Lääkäri ${CODE}` })
      .expect(400);
    expect(name.body).toMatchObject({ code: 'IDENTITY_CODE_NOT_ALLOWED', details: { paths: ['body.name'] } });
    for (const body of [text.body, suspension.body, name.body]) expect(JSON.stringify(body)).not.toContain('131052');
    expect(await eventCount()).toBe(before);
  });

  it("keeps the channel rule in the listing decider: the portal is the resident's own", async () => {
    const eero = await personRefOf(t, people.eero);
    const res = await api()
      .post(`/residents/${eero}/switches`)
      .set(GUIDANCE)
      .send({ stationId: 'pihlajalinna-hervanta', channel: 'portal', reason: 'good-location' })
      .expect(403);
    expect(res.body).toMatchObject({ code: 'CHANNEL_MISMATCH', details: { channel: 'portal', role: 'guidance' } });
  });

  it('configures the area through its decider: unknown default stations refused, nothing written', async () => {
    const before = await eventCount();
    const res = await api()
      .put('/choice-area')
      .set(COUNTY)
      .send({ postalCodes: [{ postalCode: '33710', defaultStationId: 'nowhere' }], switchPeriodMonths: 3 })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'STATION_NOT_FOUND', details: { unknown: ['33710: nowhere'] } });
    expect(await eventCount()).toBe(before);
    const area = await api().get('/choice-area').expect(200);
    expect(area.body).toEqual({
      postalCodes: { '33710': { defaultStationId: 'hervanta' }, '33530': { defaultStationId: 'kaukajarvi' } },
      switchPeriodMonths: 3,
    });
    expect((await store.readStream('area-county')).map((e) => e.schemaVersion)).toEqual([2]);
  });

  it("reports an over-long, NUL or non-UTF-8 import line as that line's error and goes on", async () => {
    const good = (n: number) =>
      JSON.stringify({
        type: 'resident-registered',
        identityCode: Hetu.generate(LocalDate.parse('1990-01-01'), 500 + n),
        postalCode: '33710',
        municipalityCode: '837',
        date: '2020-01-01',
      });
    // A server of our own streams the body in pieces, so the long line never exists as one string here either.
    const chunks: Buffer[] = [Buffer.from(`${good(1)}\n{"type":"resident-registered","identityCode":"`)];
    for (let i = 0; i < 48; i++) chunks.push(Buffer.alloc(64 * 1024, 0x41));
    chunks.push(
      Buffer.from(`"}\n${good(2)}\n{"type":"died","x":"a\u0000b"}\n`),
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]),
      Buffer.from(`${good(3)}\n`),
    );
    if (!t.server.address()) await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = t.server.address() as AddressInfo;
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/population/import',
          method: 'POST',
          headers: { ...COUNTY, 'Content-Type': 'application/x-ndjson' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${res.statusCode} ${text}`))));
        },
      );
      req.on('error', reject);
      (async () => {
        for (const c of chunks) if (!req.write(c)) await new Promise((r) => req.once('drain', r));
        req.end();
      })().catch(reject);
    });
    const report = JSON.parse(body);
    expect(report).toMatchObject({ rows: 6, applied: 3, failed: 3 });
    expect(report.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [2, 'LINE_TOO_LONG'],
      [4, 'INVALID_CHARACTER'],
      [5, 'INVALID_ENCODING'],
    ]);
    await api()
      .get('/health/live')
      .expect((r) => expect(r.status).toBeLessThan(500));
  });

  it('reads an area stored at schema version 1 through its upcaster', async () => {
    await settled(t);
    const other = await startTestApp(providerChoiceDefinition, database, { now: '2026-11-23T10:00:00Z', postgresUrl: testPostgresUrl() });
    try {
      const otherStore = other.app.get<EventStore>(EVENT_STORE);
      await otherStore.append(
        'area-county',
        [
          {
            eventId: '6f1d7a0e-0000-4000-8000-000000000001',
            type: 'ChoiceAreaConfigured',
            schemaVersion: 1,
            data: { postalCodes: { '33710': { defaultStationId: 'hervanta' } }, switchPeriodMonths: 6, configuredBy: 'county:anna' },
          },
        ],
        { expectedRevision: 'no_stream' },
      );
      const area = await request(other.server).get('/choice-area').expect(200);
      expect(area.body).toEqual({ postalCodes: { '33710': { defaultStationId: 'hervanta' } }, switchPeriodMonths: 6 });
    } finally {
      await other.close();
    }
  }, 60_000);

  it('makes due switches on the declared due-changes timer', async () => {
    const ville = await personRefOf(t, people.ville);
    await api()
      .post(`/residents/${ville}/switches`)
      .set(GUIDANCE)
      .send({ stationId: 'pihlajalinna-hervanta', channel: 'phone', reason: 'good-location' })
      .expect(201);
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
