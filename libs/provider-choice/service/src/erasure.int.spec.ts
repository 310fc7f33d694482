import request from 'supertest';
import { Hetu, LocalDate, PersonRef } from '@luotsi/kernel';
import type { SqlPool } from '@luotsi/database';
import { CommandPipeline, todayOf, type EventStore } from '@luotsi/eventstore';
import { EVENT_STORE, SQL_POOL } from '@luotsi/runtime';
import { startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { listingStreams } from './provider-choice.streams';
import { COUNTY, GUIDANCE, people, personRefOf, providerChoiceDefinition, seedPilot, settled } from './testing/provider-choice-fixture';

// The registry's schema outlives a test run on PostgreSQL, and so do tombstones: fresh codes each run.
const freshCode = () =>
  Hetu.generate(LocalDate.addDays(LocalDate.parse('1960-01-01'), Math.floor(Math.random() * 12_000)), 2 + Math.floor(Math.random() * 897));

function erasureSuite(database: TestDatabase): void {
  let t: TestApp;
  let store: EventStore;
  let pool: SqlPool;
  const erin = freshCode();
  const olli = freshCode();
  const http = () => request(t.server);
  const ndjson = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n');
  const importRows = (rows: object[]) =>
    http().post('/population/import').set(COUNTY).set('Content-Type', 'application/x-ndjson').send(ndjson(rows)).expect(200);
  const registerRow = (identityCode: string) => ({
    type: 'resident-registered',
    identityCode,
    postalCode: '33710',
    municipalityCode: '837',
    date: '2021-01-01',
  });
  const erase = (personRef: string, reason = 'registered-in-error', actor = COUNTY) =>
    http().post(`/persons/${personRef}/erasure`).set(actor).send({ reason });
  const registryRows = async () => (await pool.query(`SELECT * FROM ${t.config.registrySchema}.persons`)).rows;
  // On PostgreSQL the registry's schema is shared with other suites: compare the tombstones, which only erasure writes.
  const tombstones = async () =>
    (await pool.query(`SELECT * FROM ${t.config.registrySchema}.persons WHERE identity_code IS NULL ORDER BY code_hash`)).rows;

  beforeAll(async () => {
    t = await startTestApp(providerChoiceDefinition, database, { now: '2026-11-23T10:00:00Z', postgresUrl: testPostgresUrl() });
    store = t.app.get<EventStore>(EVENT_STORE);
    pool = t.app.get<SqlPool>(SQL_POOL);
    await seedPilot(t);
    await importRows([registerRow(erin), registerRow(olli)]);
    await settled(t);
  }, 60_000);
  afterAll(async () => t?.close());

  it('refuses other roles, unknown people, free-text or code-shaped reasons, writing nothing', async () => {
    const ref = await personRefOf(t, erin);
    const head = await store.headPosition();
    await erase(ref, 'registered-in-error', GUIDANCE).expect(403);
    expect((await erase(ref, 'because they asked').expect(400)).body).toMatchObject({ code: 'INVALID_ERASURE_REASON' });
    const shaped = await erase(ref, erin).expect(400);
    expect(shaped.body).toMatchObject({ code: 'IDENTITY_CODE_NOT_ALLOWED', details: { paths: ['body.reason'] } });
    expect(JSON.stringify(shaped.body)).not.toContain(erin);
    await http().post(`/persons/${ref}/erasure`).set(COUNTY).send({ reason: 'test-data', note: 'free text' }).expect(400);
    const unknown = await erase(PersonRef.fromUuid('00000000-0000-4000-8000-00000000e1a5')).expect(404);
    expect(unknown.body).toMatchObject({ code: 'PERSON_NOT_FOUND' });
    expect(await store.headPosition()).toBe(head);
    expect(await personRefOf(t, erin)).toBe(ref);
  });

  it('ends the listing, cancels a pending switch, removes the mapping and refuses a re-import of the code', async () => {
    const ref = await personRefOf(t, erin);
    await http()
      .post(`/residents/${ref}/switches`)
      .set(GUIDANCE)
      .send({ stationId: 'mehilainen-hervanta', channel: 'phone', reason: 'good-location' })
      .expect(201);
    const res = await erase(ref).expect(200);
    expect(res.body).toEqual({ personRef: ref, erased: true, erasedOn: '2026-11-23', reason: 'registered-in-error' });
    const stream = await store.readStream(`listing-${ref}`);
    expect(stream.slice(-3).map((e) => [e.type, e.data])).toEqual([
      ['SwitchCancelled', expect.objectContaining({ why: 'erased' })],
      ['ListingEnded', expect.objectContaining({ stationId: 'hervanta', effectiveTo: '2026-11-23', reason: 'erased' })],
      ['PersonErased', { personRef: ref, erasedOn: '2026-11-23', reason: 'registered-in-error' }],
    ]);
    await settled(t);
    const listing = await http().get(`/residents/${ref}/listing`).set(GUIDANCE).expect(200);
    expect(listing.body).toMatchObject({
      upcoming: null,
      history: [expect.objectContaining({ stationId: 'hervanta', effectiveTo: '2026-11-23', endReason: 'erased' })],
    });
    t.clock.set('2026-11-24T10:00:00Z');
    expect((await http().get(`/residents/${ref}/listing`).set(GUIDANCE).expect(200)).body.current).toBeNull();
    t.clock.set('2026-11-23T10:00:00Z');

    const lookup = await http().post('/persons/lookup').set(GUIDANCE).send({ identityCode: erin }).expect(404);
    expect(lookup.body).toMatchObject({ code: 'PERSON_NOT_FOUND' });

    const head = await store.headPosition();
    const rowsBefore = await tombstones();
    const moved = { type: 'moved', identityCode: erin, postalCode: '33530', municipalityCode: '837', date: '2026-11-01' };
    // A person's rows are one lane: a refused registration fails the rows after it too.
    const again = await importRows([registerRow(erin), moved, registerRow(` ${erin.toLowerCase()}`)]);
    expect(again.body).toMatchObject({ rows: 3, applied: 0, failed: 3 });
    expect(again.body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [1, 'PERSON_ERASED'],
      [2, 'PERSON_ERASED'],
      [3, 'PERSON_ERASED'],
    ]);
    expect((await importRows([moved])).body.errors).toEqual([{ line: 1, code: 'PERSON_NOT_FOUND', message: expect.any(String) }]);
    expect(JSON.stringify(again.body)).not.toContain(erin);
    expect(await store.headPosition()).toBe(head);
    expect(await tombstones()).toEqual(rowsBefore);
    await http().post('/persons/lookup').set(GUIDANCE).send({ identityCode: erin }).expect(404);
    await http()
      .post(`/residents/${ref}/switches`)
      .set(GUIDANCE)
      .send({ stationId: 'pihlajalinna-hervanta', channel: 'phone', reason: 'good-location' })
      .expect(404);
  });

  it('answers a repeated erasure the same and writes nothing', async () => {
    const ref = (await store.readAll()).find((e) => e.type === 'PersonErased')!.streamId.slice('listing-'.length);
    const head = await store.headPosition();
    const rowsBefore = await tombstones();
    const res = await erase(ref, 'data-subject-request').expect(200);
    expect(res.body).toEqual({ personRef: ref, erased: true, erasedOn: '2026-11-23', reason: 'registered-in-error' });
    expect(await store.headPosition()).toBe(head);
    expect(await tombstones()).toEqual(rowsBefore);
  });

  it('completes a half-done erasure: the event stored, the mapping not yet removed', async () => {
    const ref = PersonRef.parse(await personRefOf(t, olli));
    const envelope = { actor: 'county:anna', now: t.clock.now(), correlationId: 'crash-test' };
    await t.app.get(CommandPipeline).execute(
      listingStreams,
      {
        type: 'ForgetPerson',
        personRef: ref,
        reason: 'test-data',
        erasedOn: todayOf(envelope),
        erasedBy: 'county:anna',
        inRegistry: true,
      },
      envelope,
    );
    // The mapping still resolves, but the stream takes no second registration.
    const meanwhile = await importRows([registerRow(olli)]);
    expect(meanwhile.body.errors.map((e: { code: string }) => e.code)).toEqual(['PERSON_ERASED']);
    const head = await store.headPosition();
    expect((await erase(ref).expect(200)).body).toEqual({ personRef: ref, erased: true, erasedOn: '2026-11-23', reason: 'test-data' });
    expect(await store.headPosition()).toBe(head);
    await http().post('/persons/lookup').set(GUIDANCE).send({ identityCode: olli }).expect(404);
    expect((await importRows([registerRow(olli)])).body.errors.map((e: { code: string }) => e.code)).toEqual(['PERSON_ERASED']);
  });

  it('leaves no identity code in any event or registry row of an erased person', async () => {
    const events = JSON.stringify(await store.readAll());
    const registry = JSON.stringify(await registryRows());
    for (const code of [erin, olli]) {
      for (const form of [code, code.toLowerCase(), code.slice(0, 10)]) {
        expect(events).not.toContain(form);
        expect(registry).not.toContain(form);
      }
    }
    // Still-listed people keep their mapping (the registry is where a code may be), never in events.
    expect(registry).toContain(people.aino);
    expect(events).not.toContain(people.aino);
  });
}

describe('erasure (PGlite)', () => erasureSuite('pglite'));
describeWithPostgres()('erasure (PostgreSQL)', () => erasureSuite('postgres'));
