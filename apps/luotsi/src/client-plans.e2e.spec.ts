import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { dropSchema, openPool } from '@luotsi/database';
import { PersonRegistry } from '@luotsi/identity';
import { FixedClock, Hetu, LocalDate, randomIds } from '@luotsi/kernel';
import { createKafka, ensureTopics } from '@luotsi/messaging';
import { describeWith, startTsProcess, testKafkaBrokers, testPostgresUrl, waitUntil, type RunningProcess } from '@luotsi/testing';
import { keycloakIssuer, testKeycloakUrl, userToken } from './sign-in.testing';

const keycloak = testKeycloakUrl();
const AINO = Hetu.generate(LocalDate.parse('1948-05-02'), 244);
const HOURS = {
  weekly: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, { open: '08:00', close: '16:00' }])),
  closedOnHolidays: true,
  closedDates: [],
};

/**
 * Contact intake → Kafka → client plans: both contexts as their own processes on PostgreSQL (own
 * schemas, sharing only the identity registry), signed in at the real Keycloak. A guide routes a
 * contact to a service-need assessment in contact intake; its relay publishes plan-requested on the
 * broker and client plans' consumer turns it into a plan request.
 */
describeWith(
  'Kafka, PostgreSQL and Keycloak (LUOTSI_TEST_KAFKA_BROKERS, LUOTSI_TEST_DATABASE_URL, LUOTSI_TEST_KEYCLOAK_URL)',
  testKafkaBrokers() && testPostgresUrl() && keycloak,
)('contact intake → Kafka → client plans, as a separate process', () => {
  const url = testPostgresUrl()!;
  const run = randomUUID().slice(0, 8);
  const prefix = `e2e-${run}`;
  const schemas = {
    cp: `e2e_cp_${run}`,
    ci: `e2e_ci_${run}`,
    registry: `e2e_reg_${run}`,
    access: `e2e_acc_${run}`,
    ciAccess: `e2e_ciacc_${run}`,
  };
  const identityKey = `e2e-identity-key-${run}-0123456789abcdef`;
  const issuer = keycloakIssuer(keycloak ?? '');
  const port = 45000 + Math.floor(Math.random() * 500);
  const intakePort = 45500 + Math.floor(Math.random() * 500);
  const http = () => request(`http://127.0.0.1:${port}`);
  const intake = () => request(`http://127.0.0.1:${intakePort}`);
  const kafka = createKafka({ brokers: testKafkaBrokers()!, clientId: `e2e-${run}` });
  let plans: RunningProcess | undefined;
  let contactIntake: RunningProcess | undefined;

  afterAll(async () => {
    await plans?.kill();
    await contactIntake?.kill();
    for (const s of Object.values(schemas)) await dropSchema(url, s);
  }, 60_000);

  it('a contact routed to a service-need assessment becomes a plan request; the plan then created is published without content', async () => {
    const common = {
      DATABASE_URL: url,
      KAFKA_BROKERS: testKafkaBrokers()!.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      OIDC_ISSUER: issuer,
      LUOTSI_REGISTRY_SCHEMA: schemas.registry,
      LUOTSI_ACCESS_SCHEMA: schemas.access,
      LUOTSI_IDENTITY_KEY: identityKey,
      LUOTSI_FIXED_NOW: '2027-01-15T10:00:00Z',
      LOG_LEVEL: 'info',
    };
    // Aino is a resident the registry knows (population data arrives through provider choice, not run here).
    const pool = await openPool({ kind: 'postgres', url, schema: schemas.registry });
    const registry = await PersonRegistry.open(pool, {
      ids: randomIds,
      clock: new FixedClock('2027-01-15T10:00:00Z'),
      identityKey,
      schema: schemas.registry,
    });
    const PERSON = (await registry.resolve(AINO, true))!.personRef;
    await pool.end();

    // Both processes start side by side (the slow part of this test).
    plans = startTsProcess('apps/client-plans/src/main.ts', { ...common, DATABASE_SCHEMA: schemas.cp, PORT: String(port) });
    contactIntake = startTsProcess('apps/contact-intake/src/main.ts', {
      ...common,
      DATABASE_SCHEMA: schemas.ci,
      LUOTSI_ACCESS_SCHEMA: schemas.ciAccess,
      PORT: String(intakePort),
    });
    await Promise.all([plans.waitFor(/listening on http/, 120_000), contactIntake.waitFor(/listening on http/, 120_000)]);

    // A guide takes Aino's call in contact intake and routes it to a service-need assessment.
    const county = await userToken(issuer, 'anna.county');
    const gunilla = await userToken(issuer, 'gunilla.guidance');
    await intake()
      .put('/contact-intake/queues/tampere-fi')
      .set(county)
      .send({ name: 'Tampere', municipalities: ['837'], language: 'fi', organisation: 'pirkanmaa', openingHours: HOURS })
      .expect(200);
    const contact = await intake()
      .post('/contact-intake/contacts')
      .set(gunilla)
      .send({ channel: 'phone', contactedBy: 'person', language: 'fi', municipality: '837', reason: 'home-care', identityCode: AINO })
      .expect(201);
    const contactId = contact.body.contactId as string;
    await intake().post(`/contact-intake/contacts/${contactId}/answer`).set(gunilla).expect(200);
    const closed = await intake()
      .post(`/contact-intake/contacts/${contactId}/closure`)
      .set(gunilla)
      .send({ outcome: 'routed', route: 'service-need-assessment' })
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', planRequested: true });

    const requests = await waitUntil(
      async () => {
        const res = await http().get('/plan-requests').set(gunilla).query({ municipality: '837' });
        return res.status === 200 && res.body.requests.length > 0 ? res.body.requests : null;
      },
      { timeoutMs: 60_000, what: 'the plan request from contact intake' },
    );
    expect(requests).toEqual([
      expect.objectContaining({
        personRef: PERSON,
        kind: 'plan-requested',
        route: 'service-need-assessment',
        segment: null,
        plan: null,
      }),
    ]);

    // A plan worker acts on it; the guide could not.
    const paula = await userToken(issuer, 'paula.planworker');
    await http()
      .post(`/persons/${PERSON}/plan`)
      .set(gunilla)
      .send({ responsibleOrganisation: 'pirkanmaa', purpose: 'social-work' })
      .expect(403);
    const created = await http()
      .post(`/persons/${PERSON}/plan`)
      .set(paula)
      .send({ municipality: '837', segment: 'supported', responsibleOrganisation: 'pirkanmaa', purpose: 'social-work' })
      .expect(201);

    // plan-created reaches the broker carrying who, where and the status, and no content.
    const consumer = kafka.consumer({ groupId: `e2e-${run}-reader` });
    await consumer.connect();
    await ensureTopics(kafka, [{ topic: 'luotsi.client-plans.v1', partitions: 6, retentionMs: -1 }], prefix);
    await consumer.subscribe({ topic: `${prefix}.luotsi.client-plans.v1`, fromBeginning: true });
    const seen: Array<{ type: string; data: Record<string, unknown> }> = [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(JSON.parse(message.value!.toString()) as { type: string; data: Record<string, unknown> });
      },
    });
    await waitUntil(() => seen.find((e) => e.type === 'fi.luotsi.client-plans.plan-created.v1'), {
      timeoutMs: 60_000,
      what: 'plan-created on Kafka',
    });
    await consumer.disconnect();
    expect(seen.find((e) => e.type === 'fi.luotsi.client-plans.plan-created.v1')!.data).toEqual({
      planId: created.body.planId,
      personRef: PERSON,
      responsibleOrganisation: 'pirkanmaa',
      status: 'draft',
      municipality: '837',
      version: 1,
    });
    const after = await http().get('/plan-requests').set(gunilla).query({ municipality: '837' }).expect(200);
    expect(after.body.requests).toEqual([expect.objectContaining({ plan: { planId: created.body.planId, status: 'draft' } })]);
  }, 240_000);
});
