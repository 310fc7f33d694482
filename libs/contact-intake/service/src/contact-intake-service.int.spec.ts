import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import request from 'supertest';
import { Hetu, LocalDate } from '@luotsi/kernel';
import { demoSubject } from '@luotsi/auth';
import type { EventStore } from '@luotsi/eventstore';
import type { InboundConsumer } from '@luotsi/messaging';
import { EVENT_STORE, inboundToken, PlatformModule, SQL_POOL, type RuntimeConfig, type ServiceDefinition } from '@luotsi/runtime';
import type { SqlPool } from '@luotsi/database';
import { PersonRegistry } from '@luotsi/identity';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { contactStream } from '@luotsi/contact-intake-domain';
import { contactIntakeContract } from '@luotsi/contact-intake-contracts';
import { toCloudEvent } from '@luotsi/contracts';
import { ContactIntakeModule } from './contact-intake.module';
import { SERVICE_RECORDED_V1 } from './consumer/billing-inbound';

@Module({})
class IntakeOnly {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: IntakeOnly, imports: [PlatformModule.forRoot(config), ContactIntakeModule] };
  }
}
const definition: ServiceDefinition = {
  service: 'contact-intake',
  title: 'contact intake',
  description: 'alone',
  module: (c) => IntakeOnly.forRoot(c),
  consumes: [],
};

const ANNA = as.county();
const GUNILLA = as.guidance('gunilla');
const GRETA = as.guidance('greta');
const SVEN = as.guidance('sven', { organisation: 'raisio' });
const PAULA = as.planWorker('paula');
const AINO = Hetu.generate(LocalDate.parse('1950-03-15'), 902);
const EERO = Hetu.generate(LocalDate.parse('1985-07-01'), 903, { signStyle: 'new' });
const HOURS = {
  weekly: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, { open: '08:00', close: '16:00' }])),
  closedOnHolidays: true,
  closedDates: [],
};
const QUESTIONS = [
  { id: 'manages-daily-chores', text: { fi: 'Pärjäättekö arjessa?', sv: 'Klarar ni vardagen?' }, type: 'yes-no', required: true },
  { id: 'worry-scale', text: { fi: 'Huoli 0–10' }, type: 'scale', required: true },
];
const RULES = [
  {
    id: 'no-daily-coping',
    question: 'manages-daily-chores',
    op: 'eq',
    value: false,
    then: { coping: 'hard' },
    reason: 'does not manage daily chores',
  },
  { id: 'high-worry', question: 'worry-scale', op: 'gte', value: 7, then: { risk: 'high' }, reason: 'worry 7 or more' },
];

function intakeService(database: TestDatabase): void {
  let t: TestApp;
  let refs: { aino: string; eero: string };
  let sequence = 0;
  const http = () => request(t.server);
  const store = () => t.app.get<EventStore>(EVENT_STORE);
  const count = async (sql: string) => Number(((await t.app.get<SqlPool>(SQL_POOL).query(sql)).rows[0] as { n: string }).n);
  const events = () => count('SELECT count(*) AS n FROM es_events');
  const newContact = async (over: Record<string, unknown> = {}, who = GUNILLA) =>
    (
      await http()
        .post('/contact-intake/contacts')
        .set(who)
        .send({ channel: 'phone', contactedBy: 'person', language: 'fi', municipality: '837', reason: 'home-care', ...over })
        .expect(201)
    ).body as {
      contactId: string;
      personRef: string | null;
      heavyUseFlags: unknown[];
      links: string[];
    };
  const answered = async (over: Record<string, unknown> = {}, who = GUNILLA) => {
    const c = await newContact(over, who);
    t.clock.advance(9_000);
    await http().post(`/contact-intake/contacts/${c.contactId}/answer`).set(who).expect(200);
    return c;
  };
  const publishService = (n: number, personRef: string, date: string, noShow = false) =>
    t.app
      .get<Map<string, InboundConsumer>>(inboundToken('contact-intake'))
      .get('billing-services')!
      .consume({
        specversion: '1.0',
        id: `00000000-0000-4000-9000-${String(++sequence).padStart(12, '0')}`,
        type: SERVICE_RECORDED_V1,
        source: '/luotsi/billing',
        subject: `service-mehilainen:${n}`,
        time: '2027-01-01T00:00:00Z',
        datacontenttype: 'application/json',
        data: {
          providerId: 'mehilainen',
          providerSideId: `M-${n}`,
          personRef,
          serviceType: 'doctor-visit',
          date,
          stationId: 'mehilainen-hervanta',
          noShow,
          listedAtReport: true,
        },
      });

  beforeAll(async () => {
    // Wednesday 10 March 2027, 09:00 in Helsinki.
    t = await startTestApp(definition, database, {
      now: '2027-03-10T07:00:00Z',
      postgresUrl: testPostgresUrl(),
      config: { configCacheMs: 0 },
    });
    const registry = t.app.get(PersonRegistry);
    refs = { aino: (await registry.resolve(AINO, true))!.personRef, eero: (await registry.resolve(EERO, true))!.personRef };
    const policy = {
      linkWindowDays: 30,
      repeatWindowDays: 7,
      shortAbandonSeconds: 5,
      serviceLevelSeconds: 20,
      serviceLevelTargetPercent: 80,
      frequentVisits: { count: 10, windowDays: 365 },
      missedAppointments: { count: 3, windowDays: 30 },
    };
    await http().put('/contact-intake/policy').set(ANNA).send(policy).expect(200);
    await http()
      .put('/contact-intake/queues/tampere-fi')
      .set(ANNA)
      .send({ name: 'Tampereen seutu', municipalities: ['837', '211'], language: 'fi', organisation: 'pirkanmaa', openingHours: HOURS })
      .expect(200);
    await http()
      .put('/contact-intake/queues/tampere-sv')
      .set(ANNA)
      .send({ name: 'Tammerforsregionen', municipalities: ['837'], language: 'sv', organisation: 'pirkanmaa', openingHours: HOURS })
      .expect(200);
    await http()
      .put('/contact-intake/queues/raisio-fi')
      .set(ANNA)
      .send({ name: 'Raision ohjaus', municipalities: ['680'], language: 'fi', organisation: 'raisio', openingHours: HOURS })
      .expect(200);
    const form = await http().put('/contact-intake/screening/form').set(ANNA).send({ questions: QUESTIONS }).expect(200);
    expect(form.body).toEqual({ version: 1, changed: true });
    await http().put('/contact-intake/screening/rules').set(ANNA).send({ formVersion: 1, rules: RULES }).expect(200);
  }, 120_000);
  afterAll(() => t?.close());

  it('takes a phone call from the queue, answers it, screens it with the reasons, identifies and routes it, and asks for a plan', async () => {
    const c = await newContact({ contactedBy: 'relative' });
    expect(c.personRef).toBeNull();
    t.clock.advance(12_000);
    const taken = await http().post('/contact-intake/queues/tampere-fi/next').set(GUNILLA).expect(200);
    expect(taken.body).toMatchObject({ contactId: c.contactId, channel: 'phone' });
    const answer = await http().post(`/contact-intake/contacts/${c.contactId}/answer`).set(GUNILLA).expect(200);
    expect(answer.body).toMatchObject({ status: 'answered', waitSeconds: 12, countedWaitSeconds: 12, withinServiceLevel: true });
    const screened = await http()
      .post(`/contact-intake/contacts/${c.contactId}/screening`)
      .set(GUNILLA)
      .send({ answers: { 'manages-daily-chores': false, 'worry-scale': 8 } })
      .expect(200);
    expect(screened.body).toMatchObject({
      segment: 'cared-for',
      recommendedRoute: 'service-need-assessment',
      formVersion: 1,
      ruleSetVersion: 1,
    });
    expect(screened.body.reasons.map((r: { ruleId: string }) => r.ruleId)).toEqual(['no-daily-coping', 'high-worry', 'segment-default']);
    // Routing needs the person: refused while anonymous, and nothing is written.
    const before = await events();
    await http()
      .post(`/contact-intake/contacts/${c.contactId}/closure`)
      .set(GUNILLA)
      .send({ outcome: 'routed', route: 'service-need-assessment' })
      .expect(422);
    expect(await events()).toBe(before);
    const who = await http()
      .post(`/contact-intake/contacts/${c.contactId}/identification`)
      .set(GUNILLA)
      .send({ identityCode: AINO })
      .expect(200);
    expect(who.body.personRef).toBe(refs.aino);
    await http()
      .post(`/contact-intake/contacts/${c.contactId}/notes`)
      .set(GUNILLA)
      .send({ text: 'Tytär soitti, äiti kaatuillut.' })
      .expect(201);
    t.clock.advance(240_000);
    const closed = await http()
      .post(`/contact-intake/contacts/${c.contactId}/closure`)
      .set(GUNILLA)
      .send({ outcome: 'routed', route: 'service-need-assessment' })
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', planRequested: true });
    const stored = await store().readStream(contactStream(c.contactId));
    const plan = stored.find((e) => e.type === 'PlanRequested')!;
    const published = toCloudEvent(contactIntakeContract, plan)!;
    expect(published.type).toBe('fi.luotsi.contact-intake.plan-requested.v1');
    expect(published.data).toEqual({
      contactId: c.contactId,
      personRef: refs.aino,
      municipality: '837',
      route: 'service-need-assessment',
      destination: null,
      channelId: null,
      segment: 'cared-for',
      requestedOn: '2027-03-10',
    });
    // The note stays private: its event is not published, and no identity code is stored anywhere in the log.
    expect(
      toCloudEvent(
        contactIntakeContract,
        stored.find((e) => e.type === 'NoteAdded')!,
      ),
    ).toBeNull();
    expect(await count(`SELECT count(*) AS n FROM es_events WHERE data::text LIKE '%${AINO}%' OR metadata::text LIKE '%${AINO}%'`)).toBe(0);
    const view = await http().get(`/contact-intake/contacts/${c.contactId}`).set(GUNILLA).expect(200);
    expect(view.body).toMatchObject({
      status: 'closed',
      personRef: refs.aino,
      notes: [{ text: 'Tytär soitti, äiti kaatuillut.', by: expect.stringMatching(/^guidance:/) }],
    });
    expect(JSON.stringify(view.body)).not.toContain(AINO);
  });

  it('lets an authority decide at the contact but never a guide, and writes nothing for the refusal', async () => {
    const c = await answered();
    const before = await events();
    const refused = await http()
      .post(`/contact-intake/contacts/${c.contactId}/closure`)
      .set(GUNILLA)
      .send({ outcome: 'decided', decision: 'home-care-granted' })
      .expect(403);
    expect(refused.body.code).toBe('GUIDE_NOT_AN_AUTHORITY');
    expect(await events()).toBe(before);
    await http()
      .post(`/contact-intake/contacts/${c.contactId}/closure`)
      .set(PAULA)
      .send({ outcome: 'decided', decision: 'home-care-granted' })
      .expect(200);
  });

  it('transfers a contact to another municipality: accepted, the sender loses access and the receiver holds its history', async () => {
    const c = await answered();
    await http().post(`/contact-intake/contacts/${c.contactId}/notes`).set(GUNILLA).send({ text: 'Muuttaa Raisioon.' }).expect(201);
    await http()
      .post(`/contact-intake/contacts/${c.contactId}/transfer`)
      .set(GUNILLA)
      .send({ toOrganisation: 'raisio', toMunicipality: '680' })
      .expect(200);
    // The receiver sees it while deciding; only the receiver answers.
    await http().get(`/contact-intake/contacts/${c.contactId}`).set(SVEN).expect(200);
    expect((await http().post(`/contact-intake/contacts/${c.contactId}/transfer/acceptance`).set(GUNILLA).expect(403)).body.code).toBe(
      'NOT_TRANSFER_RECEIVER',
    );
    const accepted = await http().post(`/contact-intake/contacts/${c.contactId}/transfer/acceptance`).set(SVEN).expect(200);
    expect(accepted.body).toMatchObject({ organisation: 'raisio', pendingTransfer: null });
    expect((await http().get(`/contact-intake/contacts/${c.contactId}`).set(GUNILLA).expect(403)).body.code).toBe('CONTACT_NOT_HELD');
    expect(
      (await http().post(`/contact-intake/contacts/${c.contactId}/notes`).set(GUNILLA).send({ text: 'x' }).expect(403)).body.code,
    ).toBe('CONTACT_NOT_HELD');
    const view = await http().get(`/contact-intake/contacts/${c.contactId}`).set(SVEN).expect(200);
    expect(view.body.notes.map((n: { text: string }) => n.text)).toEqual(['Muuttaa Raisioon.']);
    await http()
      .post(`/contact-intake/contacts/${c.contactId}/closure`)
      .set(SVEN)
      .send({ outcome: 'resolved', adviceCategory: 'moving' })
      .expect(200);
  });

  it('transfers a contact: rejected with a reason, the sender keeps it', async () => {
    const c = await answered();
    await http()
      .post(`/contact-intake/contacts/${c.contactId}/transfer`)
      .set(GUNILLA)
      .send({ toOrganisation: 'raisio', toMunicipality: '680' })
      .expect(200);
    await http()
      .post(`/contact-intake/contacts/${c.contactId}/transfer/rejection`)
      .set(SVEN)
      .send({ reason: 'because we say so' })
      .expect(400);
    const rejected = await http()
      .post(`/contact-intake/contacts/${c.contactId}/transfer/rejection`)
      .set(SVEN)
      .send({ reason: 'not-our-municipality' })
      .expect(200);
    expect(rejected.body).toMatchObject({ organisation: 'pirkanmaa', pendingTransfer: null });
    expect((await http().get(`/contact-intake/contacts/${c.contactId}`).set(SVEN).expect(403)).body.code).toBe('CONTACT_NOT_HELD');
    await http()
      .post(`/contact-intake/contacts/${c.contactId}/closure`)
      .set(GUNILLA)
      .send({ outcome: 'resolved', adviceCategory: 'home-care' })
      .expect(200);
    const stored = (await store().readStream(contactStream(c.contactId))).map((e) => e.type);
    expect(stored).toEqual(expect.arrayContaining(['TransferRequested', 'TransferRejected', 'ContactClosed']));
  });

  it("assigns the least-busy worker who serves in the contact's language", async () => {
    await http()
      .put('/contact-intake/workers/me/availability')
      .set(GUNILLA)
      .send({ languages: ['fi'], available: true })
      .expect(200);
    await http()
      .put('/contact-intake/workers/me/availability')
      .set(GRETA)
      .send({ languages: ['fi', 'sv'], available: true })
      .expect(200);
    const sv = await newContact({ language: 'sv' });
    const assigned = await http().post(`/contact-intake/contacts/${sv.contactId}/assignment`).set(GUNILLA).expect(200);
    expect(assigned.body.workerId).toBe(demoSubject('greta.guidance'));
    // Gunilla may not answer Greta's contact.
    expect((await http().post(`/contact-intake/contacts/${sv.contactId}/answer`).set(GUNILLA).expect(409)).body.code).toBe(
      'ASSIGNED_TO_ANOTHER',
    );
    const fi = await newContact();
    const second = await http().post(`/contact-intake/contacts/${fi.contactId}/assignment`).set(GUNILLA).expect(200);
    expect(second.body.workerId).toBe(demoSubject('gunilla.guidance')); // Greta has one open contact, Gunilla none
    const en = await newContact({ language: 'en', municipality: '837' }).catch(() => null);
    expect(en).toBeNull(); // no English queue: NO_QUEUE
  });

  it("links a person's contacts across channels, merges and unlinks them", async () => {
    const first = await newContact({ channel: 'email', identityCode: EERO });
    t.clock.advance(3_600_000);
    const second = await newContact({ channel: 'chat', identityCode: EERO });
    expect(second.links).toEqual([first.contactId]);
    await http()
      .post(`/contact-intake/contacts/${second.contactId}/unlink`)
      .set(GUNILLA)
      .send({ otherContactId: first.contactId })
      .expect(200);
    expect((await http().get(`/contact-intake/contacts/${second.contactId}`).set(GUNILLA).expect(200)).body.links).toEqual([]);
    await http()
      .post(`/contact-intake/contacts/${second.contactId}/merge`)
      .set(GUNILLA)
      .send({ otherContactId: first.contactId })
      .expect(200);
    expect((await http().get(`/contact-intake/contacts/${first.contactId}`).set(GUNILLA).expect(200)).body).toMatchObject({
      status: 'merged',
      mergedInto: second.contactId,
    });
    expect((await http().post(`/contact-intake/contacts/${first.contactId}/answer`).set(GUNILLA).expect(409)).body.code).toBe(
      'CONTACT_MERGED',
    );
  });

  it("flags a heavy user on their next contact, from billing's service events, with the figures, once", async () => {
    for (let n = 1; n <= 10; n++) await publishService(n, refs.aino, `2026-${String(n + 1).padStart(2, '0')}-10`);
    await publishService(10, refs.aino, '2026-11-10'); // a redelivery changes nothing
    const c = await newContact({ identityCode: AINO, reason: 'loneliness' });
    expect(c.heavyUseFlags).toEqual([
      { trigger: 'frequent-visits', count: 10, windowFrom: '2025-11-11', windowTo: '2026-11-10', flaggedOn: '2027-03-10' },
    ]);
    const flagged = (await store().readStream(contactStream(c.contactId))).find((e) => e.type === 'HeavyUserFlagged')!;
    expect(toCloudEvent(contactIntakeContract, flagged)!.data).toEqual({
      personRef: refs.aino,
      trigger: 'frequent-visits',
      count: 10,
      windowFrom: '2025-11-11',
      windowTo: '2026-11-10',
      flaggedOn: '2027-03-10',
    });
    const next = await newContact({ identityCode: AINO, reason: 'loneliness' });
    expect(next.heavyUseFlags).toEqual([]);
  });

  it('takes the public form without sign-in, with its privacy notice, and limits it per address', async () => {
    const notice = await http().get('/contact-intake/ask-for-help/privacy-notice').expect(200);
    expect(notice.body).toMatchObject({ version: 1, text: { fi: expect.any(String), sv: expect.any(String), en: expect.any(String) } });
    const form = {
      municipality: '837',
      language: 'fi',
      contactedBy: 'relative',
      message: 'Äitini ei enää pärjää kotona.',
      contactBack: '+358 40 123 4567',
      privacyNoticeVersion: 1,
    };
    const sent = await http().post('/contact-intake/ask-for-help').send(form).expect(201);
    expect(sent.body).toMatchObject({ received: true, privacyNoticeVersion: 1 });
    const before = await events();
    expect(
      (
        await http()
          .post('/contact-intake/ask-for-help')
          .send({ ...form, privacyNoticeVersion: 2 })
          .expect(400)
      ).body.code,
    ).toBe('PRIVACY_NOTICE_OUTDATED');
    const withCode = await http()
      .post('/contact-intake/ask-for-help')
      .send({ ...form, message: `Minun tunnukseni on ${AINO}` });
    expect(withCode.status).toBe(400);
    expect(withCode.text).not.toContain(AINO);
    expect(await events()).toBe(before);
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await http().post('/contact-intake/ask-for-help').send(form)).status);
    expect(answers.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await http().post('/contact-intake/ask-for-help').send(form).expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    // The message is the contact's private note; the public event says only that a contact happened.
    const taken = await http().post('/contact-intake/queues/tampere-fi/next').set(GUNILLA);
    expect([200, 404]).toContain(taken.status);
  });

  it('answers live KPIs of a municipality with their definitions, scoped for a municipality account', async () => {
    const kpis = await http()
      .get('/contact-intake/municipalities/837/kpis')
      .query({ from: '2027-01', to: '2027-12' })
      .set(ANNA)
      .expect(200);
    expect(kpis.body.total.contacts).toBeGreaterThan(5);
    expect(kpis.body.total.routingsByDestination['service-need-assessment']).toBe(1);
    expect(kpis.body.total.routingsByDestination.decided).toBe(1);
    expect(kpis.body.total.transfers).toEqual({ requested: 2, accepted: 1, rejected: 1 });
    expect(kpis.body.total.heavyUserFlags).toBe(1);
    expect(kpis.body.definitions.serviceLevel).toContain('within 20 s');
    expect(kpis.body.months.map((m: { month: string }) => m.month)).toEqual(['2027-03']);
    expect(kpis.body.byChannel.map((c: { channel: string }) => c.channel)).toEqual(expect.arrayContaining(['phone', 'web-form']));
    await http()
      .get('/contact-intake/municipalities/837/kpis')
      .query({ from: '2027-01', to: '2027-12' })
      .set(as.municipality('837'))
      .expect(200);
    expect(
      (
        await http()
          .get('/contact-intake/municipalities/837/kpis')
          .query({ from: '2027-01', to: '2027-12' })
          .set(as.municipality('091'))
          .expect(403)
      ).body.code,
    ).toBe('FORBIDDEN_SCOPE');
    expect(
      (await http().get('/contact-intake/municipalities/837/kpis').query({ from: '2027-12', to: '2027-01' }).set(ANNA).expect(400)).body
        .code,
    ).toBe('INVALID_PERIOD');
  });

  it('replays a command under the same Idempotency-Key and writes nothing more', async () => {
    const body = { channel: 'walk-in', contactedBy: 'person', language: 'fi', municipality: '211' };
    const a = await http().post('/contact-intake/contacts').set(GUNILLA).set('Idempotency-Key', 'walk-in-1').send(body).expect(201);
    const before = await events();
    const b = await http().post('/contact-intake/contacts').set(GUNILLA).set('Idempotency-Key', 'walk-in-1').send(body).expect(201);
    expect(b.body.contactId).toBe(a.body.contactId);
    expect(await events()).toBe(before);
  });

  it("shows an auditor a contact's trail: each step, by whom, the notes' text withheld, the read itself logged", async () => {
    const c = await answered({ identityCode: AINO });
    await http().post(`/contact-intake/contacts/${c.contactId}/notes`).set(GUNILLA).send({ text: 'Tytär soittaa huomenna.' }).expect(201);
    await http()
      .post(`/contact-intake/contacts/${c.contactId}/transfer`)
      .set(GUNILLA)
      .send({ toOrganisation: 'raisio', toMunicipality: '680' })
      .expect(200);
    await http().post(`/contact-intake/contacts/${c.contactId}/transfer/acceptance`).set(SVEN).expect(200);
    const AUDITOR = as.auditor('aino');
    const trail = await http().get(`/contact-intake/contacts/${c.contactId}/audit-trail`).set(AUDITOR).expect(200);
    expect(trail.body).toMatchObject({ contactId: c.contactId, organisation: 'raisio', personRef: refs.aino });
    const steps = trail.body.steps as Array<{ revision: number; type: string; by: string | null; at: string }>;
    expect(steps.map((s) => s.revision)).toEqual(steps.map((_, i) => i));
    expect(steps.map((s) => s.type)).toEqual(
      expect.arrayContaining(['ContactReceived', 'ContactAnswered', 'NoteAdded', 'TransferAccepted']),
    );
    const by = (type: string) => steps.find((s) => s.type === type)!.by;
    expect(by('NoteAdded')).toBe(by('ContactReceived'));
    expect(by('TransferAccepted')).not.toBe(by('NoteAdded'));
    expect(JSON.stringify(trail.body)).not.toContain('Tytär');
    // Only auditors, and an unknown contact is a 404.
    for (const who of [GUNILLA, SVEN, ANNA])
      expect((await http().get(`/contact-intake/contacts/${c.contactId}/audit-trail`).set(who).expect(403)).body.code).toBe(
        'FORBIDDEN_ROLE',
      );
    expect((await http().get('/contact-intake/contacts/not-a-contact/audit-trail').set(AUDITOR).expect(404)).body.code).toBe(
      'CONTACT_NOT_FOUND',
    );
    const log = await http().get('/access-log').query({ personRef: refs.aino, limit: '50' }).set(AUDITOR).expect(200);
    // Every step on the identified contact names its person in the log, the auditor's read too.
    const routes = (log.body.entries as Array<{ route: string; username: string; purpose: string }>).map(
      (e) => `${e.username} ${e.purpose} ${e.route.replace('/contact-intake/contacts', '')}`,
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'gunilla.guidance care-guidance /:contactId/answer',
        'gunilla.guidance care-guidance /:contactId/notes',
        'gunilla.guidance care-guidance /:contactId/transfer',
        'sven.guidance care-guidance /:contactId/transfer/acceptance',
        'aino.auditor audit /:contactId/audit-trail',
      ]),
    );
  });
}

describe('contact intake over HTTP on PGlite', () => intakeService('pglite'));
describeWithPostgres()('contact intake over HTTP on PostgreSQL', () => intakeService('postgres'));
