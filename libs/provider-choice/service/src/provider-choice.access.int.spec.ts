import request from 'supertest';
import { demoSubject } from '@luotsi/auth';
import type { EventStore } from '@luotsi/eventstore';
import { EVENT_STORE } from '@luotsi/runtime';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { COUNTY, asResident, people, personRefOf, providerChoiceDefinition, seedPilot, settled } from './testing/provider-choice-fixture';

type LogEntry = {
  subject: string;
  role: string;
  purpose: string;
  route: string;
  method: string;
  personRef: string | null;
  outcome: string;
  code: string | null;
};

/** Who may do what in provider choice, by role, scope and purpose, and what the access log keeps of it. */
function accessSuite(database: TestDatabase): void {
  let t: TestApp;
  let store: EventStore;
  let aino: string;
  let eero: string;
  const http = () => request(t.server);
  const gunilla = as.guidance('gunilla');
  const auditLog = async (query: string) =>
    (await http().get(`/access-log?${query}`).set(as.auditor()).expect(200)).body.entries as LogEntry[];

  beforeAll(async () => {
    t = await startTestApp(providerChoiceDefinition, database, { now: '2026-11-23T10:00:00Z', postgresUrl: testPostgresUrl() });
    store = t.app.get<EventStore>(EVENT_STORE);
    await seedPilot(t);
    aino = await personRefOf(t, people.aino);
    eero = await personRefOf(t, people.eero);
  }, 60_000);
  afterAll(async () => t?.close());

  it("lets a provider's account read only its own clients", async () => {
    const own = await http().get('/providers/tampere/listed?date=2026-11-15').set(as.provider('tampere')).expect(200);
    expect(own.body.items.map((i: { personRef: string }) => i.personRef)).toContain(aino);
    const other = await http().get('/providers/tampere/listed?date=2026-11-15').set(as.provider('mehilainen')).expect(403);
    expect(other.body).toMatchObject({ code: 'FORBIDDEN_SCOPE' });
    const unscoped = await http()
      .get('/providers/tampere/listed?date=2026-11-15')
      .set(as.token({ sub: demoSubject('no-provider'), roles: ['provider'] }))
      .expect(403);
    expect(unscoped.body.code).toBe('FORBIDDEN_SCOPE');
  });

  it('lets a resident see their own listing only', async () => {
    const own = await http().get(`/residents/${aino}/listing`).set(asResident(people.aino)).expect(200);
    expect(own.body).toMatchObject({ personRef: aino, current: { stationId: 'hervanta' } });
    const other = await http().get(`/residents/${eero}/listing`).set(asResident(people.aino)).expect(403);
    expect(other.body).toMatchObject({ code: 'FORBIDDEN_SCOPE' });
    expect(JSON.stringify(other.body)).not.toContain(eero);
  });

  it('refuses a resident signed in below the required level of assurance, writing nothing', async () => {
    const before = (await store.readStream(`listing-${aino}`)).length;
    const low = await http()
      .post(`/residents/${aino}/switches`)
      .set(asResident(people.aino, { acr: 'low' }))
      .send({ stationId: 'mehilainen-hervanta', channel: 'portal', reason: 'good-location' })
      .expect(401);
    expect(low.body.code).toBe('INSUFFICIENT_ASSURANCE');
    expect((await store.readStream(`listing-${aino}`)).length).toBe(before);
  });

  it("records a resident's own switch and a guidance worker's phone switch under who made them", async () => {
    const own = await http()
      .post(`/residents/${aino}/switches`)
      .set(asResident(people.aino))
      .send({ stationId: 'mehilainen-hervanta', channel: 'portal', reason: 'good-location' })
      .expect(201);
    expect(own.body).toMatchObject({ channel: 'portal' });
    const byPhone = await http()
      .post(`/residents/${eero}/switches`)
      .set(gunilla)
      .send({ stationId: 'pihlajalinna-hervanta', channel: 'phone', reason: 'good-location' })
      .expect(201);
    expect(byPhone.body).toMatchObject({ personRef: eero, stationId: 'pihlajalinna-hervanta', channel: 'phone' });
    const requested = async (personRef: string) =>
      (await store.readStream(`listing-${personRef}`)).find((e) => e.type === 'SwitchRequested')!;
    const gunillaLabel = `guidance:${demoSubject('gunilla.guidance')}`;
    expect((await requested(eero)).metadata).toMatchObject({ actor: gunillaLabel, channel: 'phone' });
    expect((await requested(eero)).data).toMatchObject({ requestedBy: gunillaLabel });
    expect((await requested(aino)).metadata).toMatchObject({ actor: `resident:${aino}` });
    // The portal is the resident's own channel, whoever else may act for them.
    const portal = await http()
      .post(`/residents/${eero}/switches`)
      .set(gunilla)
      .send({ stationId: 'mehilainen-hervanta', channel: 'portal', reason: 'good-location', replacePending: true })
      .expect(403);
    expect(portal.body.code).toBe('CHANNEL_MISMATCH');
  });

  it('logs a look-up by identity code with its purpose and whom it found, for the auditor', async () => {
    await http().post('/persons/lookup').set(gunilla).send({ identityCode: people.ville }).expect(200);
    const ville = await personRefOf(t, people.ville);
    const entries = await auditLog(`personRef=${ville}`);
    expect(entries).toContainEqual(
      expect.objectContaining({
        subject: demoSubject('gunilla.guidance'),
        role: 'guidance',
        purpose: 'care-guidance',
        method: 'POST',
        route: '/persons/lookup',
        personRef: ville,
        outcome: 'allowed',
        code: 'PERSON_FOUND',
      }),
    );
    expect(JSON.stringify(await auditLog(`subject=${demoSubject('gunilla.guidance')}`))).not.toContain(people.ville);
  });

  it("shows a resident who read their listing, and nobody else's entries", async () => {
    await settled(t);
    await http().get(`/residents/${eero}/listing`).set(gunilla).expect(200);
    await http().get(`/residents/${aino}/listing`).set(gunilla).expect(200);
    const mine = await http().get('/me/access-log').set(asResident(people.eero)).expect(200);
    expect(mine.body.personRef).toBe(eero);
    expect(mine.body.entries).toContainEqual(
      expect.objectContaining({
        role: 'guidance',
        username: 'gunilla.guidance',
        purpose: 'care-guidance',
        what: 'GET /residents/:personRef/listing',
        outcome: 'allowed',
      }),
    );
    // aino's refused read of eero's listing is eero's to see (by role, not by name); aino's own reads are not.
    // The auditor's own query (purpose audit) names eero too, and comes after the resident's read.
    const all = (await auditLog(`personRef=${eero}`)).filter((e) => e.purpose !== 'audit');
    expect(mine.body.entries).toHaveLength(all.length);
    expect(all.every((e) => e.personRef === eero)).toBe(true);
    expect(all.length).toBeLessThan((await auditLog('limit=500')).length);
  });

  it('refuses the 31st look-up by one user within a minute with 429, logging it', async () => {
    // The access log outlives a run on PostgreSQL: a user of this run only.
    const name = `ritva${Date.now().toString(36)}`;
    const ritva = as.guidance(name);
    for (let i = 0; i < 30; i++) await http().post('/persons/lookup').set(ritva).send({ identityCode: people.aino }).expect(200);
    const refused = await http().post('/persons/lookup').set(ritva).send({ identityCode: people.aino }).expect(429);
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another user is not held back by ritva's look-ups.
    await http().post('/persons/lookup').set(COUNTY).send({ identityCode: people.aino }).expect(200);
    const ritvas = await auditLog(`subject=${demoSubject(`${name}.guidance`)}&limit=500`);
    expect(ritvas.filter((e) => e.code === 'RATE_LIMITED')).toHaveLength(1);
    expect(ritvas.filter((e) => e.code === 'PERSON_FOUND' && e.personRef === aino)).toHaveLength(30);
    t.clock.set('2026-11-23T10:01:30Z');
    await http().post('/persons/lookup').set(ritva).send({ identityCode: people.aino }).expect(200);
  });
}

describe('provider choice access by role, scope and purpose (PGlite)', () => accessSuite('pglite'));
describeWithPostgres()('provider choice access by role, scope and purpose (PostgreSQL)', () => accessSuite('postgres'));
