import request from 'supertest';
import { Hetu, LocalDate } from '@luotsi/kernel';
import type { SqlPool } from '@luotsi/database';
import { PersonRegistry } from '@luotsi/identity';
import { SQL_POOL } from '@luotsi/runtime';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl, waitUntil } from '@luotsi/testing';
import { INTAKE_POLICY, INTAKE_QUEUE } from '@luotsi/contact-intake-service/testing';
import { luotsiDefinition } from './definition';

const AINO = Hetu.generate(LocalDate.parse('1950-03-15'), 904);
const COUNTY = as.county();
const GUNILLA = as.guidance('gunilla');
const SERVICE = 'velkaneuvonta-pirkanmaa';
const PHONE = 'velkaneuvonta-puhelin';
const OTHER_CHANNEL = 'omaolo-chat';

/**
 * Contact intake routes to a named service of the catalogue, in one process over the in-process
 * bus: intake learns the catalogue's services from its public events (its own copy), refuses a
 * service the catalogue does not offer (unknown or withdrawn) and a channel not of that service,
 * records the service and channel, and the catalogue counts the routing from intake's events.
 */
function intakeCatalogue(database: TestDatabase): void {
  let t: TestApp;
  const http = () => request(t.server);
  const count = async (sql: string, params: unknown[] = []) =>
    Number(((await t.app.get<SqlPool>(SQL_POOL).query(sql, params)).rows[0] as { n: string }).n);
  const events = () => count('SELECT count(*) AS n FROM es_events');
  const learned = (type: string) => count('SELECT count(*) AS n FROM es_events WHERE event_type = $1', [type]);
  const answeredContact = async () => {
    const c = await http()
      .post('/contact-intake/contacts')
      .set(GUNILLA)
      .send({ channel: 'phone', contactedBy: 'person', language: 'fi', municipality: '837', reason: 'debts', identityCode: AINO })
      .expect(201);
    await http().post(`/contact-intake/contacts/${c.body.contactId}/answer`).set(GUNILLA).expect(200);
    return c.body.contactId as string;
  };
  const close = (contactId: string, body: Record<string, unknown>) =>
    http().post(`/contact-intake/contacts/${contactId}/closure`).set(GUNILLA).send(body);

  beforeAll(async () => {
    // Wednesday 10 March 2027, 09:00 in Helsinki: the queue is open.
    t = await startTestApp(luotsiDefinition, database, { now: '2027-03-10T07:00:00Z', postgresUrl: testPostgresUrl() });
    await t.app.get(PersonRegistry).resolve(AINO, true);
    await http().put('/contact-intake/policy').set(COUNTY).send(INTAKE_POLICY).expect(200);
    await http().put('/contact-intake/queues/tampere-fi').set(COUNTY).send(INTAKE_QUEUE).expect(200);
    for (const channelId of [PHONE, OTHER_CHANNEL])
      await http()
        .put(`/service-channels/${channelId}`)
        .set(COUNTY)
        .send({ kind: 'e-service', names: { fi: channelId }, languages: ['fi'], url: `https://${channelId}.example.fi/` })
        .expect(200);
    await http()
      .put(`/services/${SERVICE}`)
      .set(COUNTY)
      .send({
        validFrom: '2027-03-10',
        names: { fi: 'Talous- ja velkaneuvonta', sv: 'Ekonomi- och skuldrådgivning' },
        arranger: { id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' },
        targetGroups: ['everyone'],
        accessModes: ['referral'],
        languages: ['fi', 'sv'],
        area: 'municipalities',
        municipalities: ['837'],
        channelIds: [PHONE],
      })
      .expect(200);
    // Intake hears of it on the bus, as it would from Kafka.
    await waitUntil(async () => (await learned('CatalogueServiceLearned')) >= 1, {
      timeoutMs: 40_000,
      what: "intake to learn the catalogue's service",
    });
  }, 120_000);
  afterAll(() => t?.close());

  it('refuses a service the catalogue does not offer and a channel not of the service, writing nothing', async () => {
    const contactId = await answeredContact();
    const before = await events();
    const unknown = await close(contactId, { outcome: 'routed', route: 'named-service', destination: 'no-such-service' }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'SERVICE_NOT_IN_CATALOGUE', details: { serviceId: 'no-such-service' } });
    const channel = await close(contactId, {
      outcome: 'routed',
      route: 'named-service',
      destination: SERVICE,
      channelId: OTHER_CHANNEL,
    }).expect(422);
    expect(channel.body).toMatchObject({ code: 'CHANNEL_NOT_OF_SERVICE', details: { serviceId: SERVICE, channelId: OTHER_CHANNEL } });
    const professional = await close(contactId, {
      outcome: 'routed',
      route: 'named-professional',
      destination: 'Virtanen',
      channelId: PHONE,
    }).expect(400);
    expect(professional.body.code).toBe('INVALID_OUTCOME');
    expect(await events()).toBe(before);
  });

  it('routes to the named service and its channel; the catalogue counts the routing; a withdrawn service is refused', async () => {
    const contactId = await answeredContact();
    const closed = await close(contactId, { outcome: 'routed', route: 'named-service', destination: SERVICE, channelId: PHONE }).expect(
      200,
    );
    expect(closed.body).toMatchObject({ status: 'closed', planRequested: true });
    // The catalogue counts it from intake's public plan-requested event, with the channel.
    const counted = await waitUntil(
      async () => {
        const res = await http().get('/statistics/service-routings').set(COUNTY).query({ from: '2027-03-01', to: '2027-03-31' });
        return res.status === 200 && res.body.counts.length > 0 ? res.body.counts : null;
      },
      { what: 'the catalogue to count the routing' },
    );
    expect(counted).toEqual([
      { serviceId: SERVICE, municipality: '837', routings: 1, names: expect.objectContaining({ fi: 'Talous- ja velkaneuvonta' }) },
    ]);
    expect(await count(`SELECT count(*) AS n FROM sc_routings WHERE service_id = $1 AND channel_id = $2`, [SERVICE, PHONE])).toBe(1);

    // Withdrawn from today: intake learns it and refuses the service from then on.
    await http().post(`/services/${SERVICE}/withdrawal`).set(COUNTY).send({ from: '2027-03-10', reason: 'moved to Kela' }).expect(200);
    await waitUntil(async () => (await learned('CatalogueServiceWithdrawalLearned')) >= 1, { what: 'intake to learn the withdrawal' });
    const next = await answeredContact();
    const refused = await close(next, { outcome: 'routed', route: 'named-service', destination: SERVICE }).expect(422);
    expect(refused.body.code).toBe('SERVICE_NOT_IN_CATALOGUE');
  });
}

describe('contact intake routes from the catalogue, on PGlite', () => intakeCatalogue('pglite'));
describeWithPostgres()('contact intake routes from the catalogue, on PostgreSQL', () => intakeCatalogue('postgres'));
