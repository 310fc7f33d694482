import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { cloudEventHeaders, type CloudEvent } from '@luotsi/contracts';
import { dropSchema } from '@luotsi/database';
import { createKafka, ensureTopics, KafkaPublisher } from '@luotsi/messaging';
import { describeWith, startTsProcess, testKafkaBrokers, testPostgresUrl, waitUntil, type RunningProcess } from '@luotsi/testing';
import { keycloakIssuer, testKeycloakUrl, userToken } from './sign-in.testing';

const keycloak = testKeycloakUrl();
const PERSON = 'per_2d9e5b1a-3c4f-4e6a-9b8c-7d1e2f3a4b5c';

/**
 * Contact intake → Kafka → client plans, client plans as its own process on PostgreSQL, signed in
 * at the real Keycloak. Contact intake's routing of a contact is produced as its gateway produces
 * it (a CloudEvent, keyed by the contact's stream, ce_* headers, acks from all replicas); at merge
 * the producer becomes the contact-intake process itself.
 */
describeWith(
  'Kafka, PostgreSQL and Keycloak (LUOTSI_TEST_KAFKA_BROKERS, LUOTSI_TEST_DATABASE_URL, LUOTSI_TEST_KEYCLOAK_URL)',
  testKafkaBrokers() && testPostgresUrl() && keycloak,
)('contact intake → Kafka → client plans, as a separate process', () => {
  const url = testPostgresUrl()!;
  const run = randomUUID().slice(0, 8);
  const prefix = `e2e-${run}`;
  const schemas = { cp: `e2e_cp_${run}`, registry: `e2e_reg_${run}`, access: `e2e_acc_${run}` };
  const issuer = keycloakIssuer(keycloak ?? '');
  const port = 45000 + Math.floor(Math.random() * 1000);
  const http = () => request(`http://127.0.0.1:${port}`);
  const kafka = createKafka({ brokers: testKafkaBrokers()!, clientId: `e2e-${run}` });
  let plans: RunningProcess | undefined;
  let publisher: KafkaPublisher | undefined;

  afterAll(async () => {
    await plans?.kill();
    await publisher?.close();
    for (const s of Object.values(schemas)) await dropSchema(url, s);
  }, 60_000);

  it('a contact routed to a service-need assessment becomes a plan request; the plan then created is published without content', async () => {
    plans = startTsProcess('apps/client-plans/src/main.ts', {
      DATABASE_URL: url,
      DATABASE_SCHEMA: schemas.cp,
      KAFKA_BROKERS: testKafkaBrokers()!.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      OIDC_ISSUER: issuer,
      LUOTSI_REGISTRY_SCHEMA: schemas.registry,
      LUOTSI_ACCESS_SCHEMA: schemas.access,
      LUOTSI_IDENTITY_KEY: `e2e-identity-key-${run}-0123456789abcdef`,
      LUOTSI_FIXED_NOW: '2027-01-15T10:00:00Z',
      PORT: String(port),
      LOG_LEVEL: 'info',
    });
    await plans.waitFor(/listening on http/, 90_000);

    // Contact intake's gateway: the CloudEvent of plan-requested on luotsi.contact-intake.v1.
    publisher = await KafkaPublisher.connect(kafka, { topicPrefix: prefix });
    const event: CloudEvent = {
      specversion: '1.0',
      id: randomUUID(),
      type: 'fi.luotsi.contact-intake.plan-requested.v1',
      source: '/luotsi/contact-intake',
      subject: 'contact-c-e2e-1',
      time: '2027-01-15T08:30:00.000Z',
      datacontenttype: 'application/json',
      streamrevision: 2,
      globalposition: 17,
      data: {
        contactId: 'c-e2e-1',
        personRef: PERSON,
        municipality: '837',
        route: 'service-need-assessment',
        destination: null,
        segment: 'supported',
        requestedOn: '2027-01-15',
      },
    };
    await publisher.publish([{ topic: 'luotsi.contact-intake.v1', key: event.subject, value: event, headers: cloudEventHeaders() }]);
    // The same delivery again (at least once): still one request.
    await publisher.publish([{ topic: 'luotsi.contact-intake.v1', key: event.subject, value: event, headers: cloudEventHeaders() }]);

    const gunilla = await userToken(issuer, 'gunilla.guidance');
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
        segment: 'supported',
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
