import request from 'supertest';
import { demoSubject } from '@luotsi/auth';
import { Hetu, LocalDate, hasIdentityCodeShape } from '@luotsi/kernel';
import { PersonRegistry } from '@luotsi/identity';
import { EVENT_STORE } from '@luotsi/runtime';
import { clientPlansContract } from '@luotsi/client-plans-contracts';
import type { EventStore } from '@luotsi/eventstore';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { CONTACT_INTAKE_EVENT_TYPES as T } from './consumer/contact-intake-events';
import { LEVELS, clientPlansDefinition, createPlan, deliverContactIntake, plansSettled } from './testing/client-plans-fixture';

const PAULA = as.planWorker('paula');
const PEKKA = as.planWorker('pekka');
const KAISA = as.planWorker('kaisa');
const GUNILLA = as.guidance('gunilla');
const AUDITOR = as.auditor();
const COUNTY = as.county();
const sub = (name: string) => demoSubject(name);
const AINO = Hetu.generate(LocalDate.parse('1980-03-15'), 202);

function clientPlans(database: TestDatabase): void {
  let t: TestApp;
  let aino: string;
  const http = () => request(t.server);
  const plan = () => `/persons/${aino}/plan`;
  const log = async (personRef: string) =>
    (await http().get('/access-log').set(AUDITOR).query({ personRef, limit: '50' }).expect(200)).body.entries as Array<
      Record<string, unknown>
    >;

  beforeAll(async () => {
    t = await startTestApp(clientPlansDefinition, database, { now: '2027-01-15T10:00:00Z', postgresUrl: testPostgresUrl() });
    aino = (await t.app.get(PersonRegistry).resolve(AINO, true))!.personRef;
  }, 90_000);
  afterAll(async () => t?.close());

  describe('one plan per person, with the revision', () => {
    it('creates the plan once; a second create is 409 PLAN_EXISTS with its id; the guide may not create one', async () => {
      const created = await createPlan(t, aino, PAULA).expect(201);
      expect(created.headers['etag']).toBe('"0"');
      expect(created.body).toMatchObject({ planId: expect.any(String), version: 1, revision: 0 });
      const again = await createPlan(t, aino, PEKKA).expect(409);
      expect(again.body).toMatchObject({ code: 'PLAN_EXISTS', details: { planId: created.body.planId } });
      const guide = await createPlan(t, aino, GUNILLA).expect(403);
      expect(guide.body.code).toBe('FORBIDDEN_ROLE');
      // Both refusals are in the access log as refused, the creation as allowed.
      const entries = await log(aino);
      expect(
        entries.filter((e) => e['route'] === '/persons/:personRef/plan' && e['method'] === 'POST').map((e) => [e['outcome'], e['code']]),
      ).toEqual([
        ['refused', 'FORBIDDEN_ROLE'],
        ['refused', 'PLAN_EXISTS'],
        ['allowed', null],
      ]);
    });

    it('takes If-Match: the revision read goes through, a stale one is 409 with the current revision', async () => {
      const goal = {
        goalId: 'work',
        domain: 'work-and-education',
        clientWords: 'I want a job',
        workerWords: 'Job search with a coach',
        weight: 2,
        levels: LEVELS,
      };
      const ok = await http().post(`${plan()}/goals`).set(PAULA).set('If-Match', '"0"').send(goal).expect(201);
      expect(ok.headers['etag']).toBe('"1"');
      const stale = await http()
        .post(`${plan()}/goals`)
        .set(PAULA)
        .set('If-Match', '"0"')
        .send({ ...goal, goalId: 'home' })
        .expect(409);
      expect(stale.body).toMatchObject({ code: 'REVISION_CONFLICT', details: { currentRevision: 1 } });
      await http()
        .post(`${plan()}/goals`)
        .set(PAULA)
        .set('If-Match', 'soon')
        .send({ ...goal, goalId: 'home' })
        .expect(400);
    });

    it('a non-member of the care team may not write', async () => {
      const res = await http()
        .put(`${plan()}/follow-up-dates`)
        .set(KAISA)
        .send({ followUpDates: ['2027-04-15'] })
        .expect(403);
      expect(res.body.code).toBe('NOT_IN_CARE_TEAM');
    });
  });

  describe('content and purpose-limited reading', () => {
    beforeAll(async () => {
      await http()
        .post(`${plan()}/care-team`)
        .set(PAULA)
        .send({ subject: sub('pekka.plan-worker'), name: 'Pekka Nurse', role: 'nurse', organisation: 'pirkanmaa', purpose: 'health-care' })
        .expect(201);
      await http()
        .post(`${plan()}/care-team`)
        .set(PAULA)
        .send({
          subject: sub('gunilla.guidance'),
          name: 'Gunilla',
          role: 'social guide',
          organisation: 'pirkanmaa',
          purpose: 'service-guidance',
        })
        .expect(201);
      await http()
        .put(`${plan()}/situation`)
        .set(PAULA)
        .send({
          situation: [
            { domain: 'housing', description: 'Rent arrears since the summer' },
            { domain: 'health', description: 'Back pain limits work' },
          ],
        })
        .expect(200);
      const service = { organisation: 'pirkanmaa', responsibleWorker: 'Named worker', start: '2027-02-01' };
      await http()
        .post(`${plan()}/services`)
        .set(PAULA)
        .send({ ...service, serviceId: 'physio', sector: 'health-care', name: 'Physiotherapy' })
        .expect(201);
      await http()
        .post(`${plan()}/services`)
        .set(PAULA)
        .send({ ...service, serviceId: 'coach', sector: 'employment-services', name: 'Job coaching' })
        .expect(201);
      await http()
        .put(`${plan()}/participation`)
        .set(PAULA)
        .send({ howParticipated: 'In a meeting', agreedTo: 'Weekly coaching', clientView: 'I want to manage on my own' })
        .expect(200);
    });

    it('a member reads the sections their purpose justifies; the others are withheld and unnamed', async () => {
      const paula = await http().get(plan()).set(PAULA).expect(200);
      expect(Object.keys(paula.body.sections).sort()).toEqual(['employment', 'goals', 'plan', 'services', 'situation', 'substance-use']);
      expect(paula.body).toMatchObject({ basis: 'care-relationship', withheldSections: 1 });
      expect(JSON.stringify(paula.body)).not.toContain('Back pain');
      const pekka = await http().get(plan()).set(PEKKA).expect(200);
      expect(Object.keys(pekka.body.sections).sort()).toEqual(['health', 'plan', 'substance-use']);
      expect(pekka.body.sections.health.situation).toEqual([{ domain: 'health', description: 'Back pain limits work' }]);
      expect(pekka.headers['etag']).toMatch(/^"\d+"$/);
    });

    it('a member asking for a section their purpose does not justify is refused whole, naming no section', async () => {
      const res = await http().get(plan()).set(PEKKA).query({ sections: 'plan,goals' }).expect(403);
      expect(res.body.code).toBe('SECTIONS_WITHHELD');
      expect(JSON.stringify(res.body)).not.toMatch(/goals|employment|situation/);
    });

    it('a guide in the team reads the frame only; a non-member is refused', async () => {
      const guide = await http().get(plan()).set(GUNILLA).expect(200);
      expect(Object.keys(guide.body.sections)).toEqual(['plan']);
      const kaisa = await http().get(plan()).set(KAISA).expect(403);
      expect(kaisa.body).toEqual({ code: 'NOT_IN_CARE_TEAM', message: expect.any(String), details: {} });
    });

    it('an ended membership reads nothing from the day after', async () => {
      await http()
        .post(`${plan()}/care-team/${sub('gunilla.guidance')}/end`)
        .set(PAULA)
        .send({ validTo: '2027-01-15' })
        .expect(200);
      await http().get(plan()).set(GUNILLA).expect(200);
      t.clock.set('2027-01-16T10:00:00Z');
      const res = await http().get(plan()).set(GUNILLA).expect(403);
      expect(res.body.code).toBe('NOT_IN_CARE_TEAM');
    });

    it('logs every read: who, role, organisation, purpose, sections, allowed or refused', async () => {
      const reads = (await log(aino)).filter((e) => e['method'] === 'GET');
      const pekka = reads.find((e) => e['subject'] === sub('pekka.plan-worker') && e['outcome'] === 'allowed');
      expect(pekka).toMatchObject({
        role: 'plan-worker',
        organisation: 'pirkanmaa',
        purpose: 'client-planning:health-care',
        sections: ['plan', 'health', 'substance-use'],
        breakGlass: false,
        username: 'pekka.plan-worker',
      });
      expect(reads.find((e) => e['subject'] === sub('pekka.plan-worker') && e['outcome'] === 'refused')).toMatchObject({
        code: 'SECTIONS_WITHHELD',
      });
      expect(reads.find((e) => e['subject'] === sub('kaisa.plan-worker'))).toMatchObject({ outcome: 'refused', code: 'NOT_IN_CARE_TEAM' });
    });

    it('break-the-glass opens the plan with a stated reason, logged as such and in the auditors’ review list', async () => {
      await http().post(`${plan()}/break-the-glass`).set(KAISA).send({ reason: 'short' }).expect(400);
      const res = await http()
        .post(`${plan()}/break-the-glass`)
        .set(KAISA)
        .send({ reason: 'Brought in unconscious to the ER; plan needed for care now' })
        .expect(200);
      expect(res.body).toMatchObject({ basis: 'break-the-glass', withheldSections: 0 });
      expect(Object.keys(res.body.sections)).toHaveLength(7);
      const review = await http().get('/access-log/break-the-glass').set(AUDITOR).expect(200);
      expect(review.body.entries).toEqual([
        expect.objectContaining({
          subject: sub('kaisa.plan-worker'),
          personRef: aino,
          breakGlass: true,
          reason: 'Brought in unconscious to the ER; plan needed for care now',
          purpose: 'client-planning:break-the-glass',
          code: 'BREAK_THE_GLASS',
          outcome: 'allowed',
        }),
      ]);
      await http().get('/access-log/break-the-glass').set(PAULA).expect(403);
      // The auditor reviews the use; the list shows the finding.
      const entryId = review.body.entries[0].id as string;
      await http().post(`/access-log/break-the-glass/${entryId}/review`).set(AUDITOR).send({ finding: 'maybe' }).expect(400);
      await http().post('/access-log/break-the-glass/999999/review').set(AUDITOR).send({ finding: 'justified' }).expect(404);
      await http().post(`/access-log/break-the-glass/${entryId}/review`).set(PAULA).send({ finding: 'justified' }).expect(403);
      await http()
        .post(`/access-log/break-the-glass/${entryId}/review`)
        .set(AUDITOR)
        .send({ finding: 'justified', note: 'ER admission confirmed' })
        .expect(200);
      const reviewed = await http().get('/access-log/break-the-glass').set(AUDITOR).expect(200);
      expect(reviewed.body.entries[0].review).toMatchObject({
        finding: 'justified',
        note: 'ER admission confirmed',
        reviewedBy: expect.stringMatching(/^auditor:/),
      });
    });

    it('the resident reads their whole plan and sees who processed it and on what basis', async () => {
      const own = await http().get(plan()).set(as.resident(AINO)).expect(200);
      expect(own.body).toMatchObject({ basis: 'own-data', withheldSections: 0 });
      expect(own.body.sections.health.situation).toHaveLength(1);
      const mine = await http().get('/me/access-log').set(as.resident(AINO)).query({ limit: '100' }).expect(200);
      const entries = mine.body.entries as Array<Record<string, unknown>>;
      expect(entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            username: 'pekka.plan-worker',
            purpose: 'client-planning:health-care',
            sections: ['plan', 'health', 'substance-use'],
            outcome: 'allowed',
          }),
          expect.objectContaining({ username: 'kaisa.plan-worker', breakGlass: true, reason: expect.stringContaining('unconscious') }),
        ]),
      );
      // Another resident is not let into it.
      const other = Hetu.generate(LocalDate.parse('1990-01-01'), 404);
      const otherRef = (await t.app.get(PersonRegistry).resolve(other, true))!.personRef;
      await http().get(plan()).set(as.resident(other)).expect(403);
      await http().get(`/persons/${otherRef}/plan`).set(as.resident(other)).expect(404);
    });
  });

  describe('goals, GAS and versions', () => {
    it('follows a goal up and shows the T-score beside the goals', async () => {
      await http().post(`${plan()}/goals/work/status`).set(PAULA).send({ status: 'active' }).expect(200);
      let res = await http().get(plan()).set(PAULA).query({ sections: 'goals' }).expect(200);
      // One active goal at its baseline −1: 50 + 10·(−1)/√1 = 40.
      expect(res.body.sections.goals.tScore).toBe(40);
      await http().post(`${plan()}/goals/work/follow-ups`).set(PAULA).send({ level: 2 }).expect(201);
      res = await http().get(plan()).set(PAULA).query({ sections: 'goals' }).expect(200);
      expect(res.body.sections.goals.tScore).toBe(70);
      await http().post(`${plan()}/goals/work/follow-ups`).set(PAULA).send({ level: 3 }).expect(400);
      const future = await http().post(`${plan()}/goals/work/follow-ups`).set(PAULA).send({ level: 1, on: '2027-02-01' }).expect(422);
      expect(future.body.code).toBe('FOLLOW_UP_IN_FUTURE');
    });

    it('a completed plan is not edited; a new version replaces it and the old one stays readable', async () => {
      await http().post(`${plan()}/status`).set(PAULA).send({ status: 'active' }).expect(200);
      await http().post(`${plan()}/status`).set(PAULA).send({ status: 'completed' }).expect(200);
      const edit = await http()
        .put(`${plan()}/follow-up-dates`)
        .set(PAULA)
        .send({ followUpDates: ['2027-06-01'] })
        .expect(409);
      expect(edit.body.code).toBe('PLAN_COMPLETED');
      const v2 = await http().post(`${plan()}/versions`).set(PAULA).send({}).expect(201);
      expect(v2.body).toMatchObject({ version: 2 });
      const now = await http().get(plan()).set(PAULA).expect(200);
      expect(now.body).toMatchObject({ version: 2, status: 'draft', versions: [1, 2] });
      const old = await http().get(plan()).set(PAULA).query({ version: '1' }).expect(200);
      expect(old.body).toMatchObject({ version: 1, status: 'completed' });
      await http().get(plan()).set(PAULA).query({ version: '9' }).expect(404);
    });
  });

  describe('configuration, requests, family, events', () => {
    it('the county configures who reads what (as events), and the next read follows it', async () => {
      const config = (await http().get('/plan-configuration').set(COUNTY).expect(200)).body;
      expect(config).toMatchObject({ configured: false, rho: '0.3' });
      const rules = config.rules.map((r: { purpose: string; classes: string[] }) =>
        r.purpose === 'health-care' ? { ...r, classes: ['basic'] } : r,
      );
      await http()
        .put('/plan-configuration')
        .set(COUNTY)
        .send({
          sectionClasses: config.sectionClasses,
          rules,
          rho: '0.3',
          intensiveGuide: { subject: sub('gunilla.guidance'), name: 'Gunilla' },
        })
        .expect(200);
      const pekka = await http().get(plan()).set(PEKKA).expect(200);
      expect(Object.keys(pekka.body.sections)).toEqual(['plan']);
      await http()
        .put('/plan-configuration')
        .set(COUNTY)
        .send({ sectionClasses: { plan: 'secret' }, rules: [] })
        .expect(400);
      await http().put('/plan-configuration').set(PAULA).send({ sectionClasses: config.sectionClasses, rules }).expect(403);
    });

    it("records contact intake's plan requests and heavy-user suggestions once each, against the existing plan", async () => {
      const other = (await t.app.get(PersonRegistry).resolve(Hetu.generate(LocalDate.parse('1975-05-05'), 606), true))!.personRef;
      const requested = {
        contactId: 'c-100',
        personRef: other,
        municipality: '837',
        route: 'service-need-assessment',
        destination: null,
        segment: 'cared-for',
        requestedOn: '2027-01-16',
        channel: 'phone',
      };
      await deliverContactIntake(t, T.planRequested, requested, '11111111-1111-4111-8111-111111111111');
      await deliverContactIntake(t, T.planRequested, requested, '11111111-1111-4111-8111-111111111111');
      await deliverContactIntake(t, T.planRequested, {
        ...requested,
        contactId: 'c-101',
        personRef: aino,
        route: 'named-professional',
        destination: 'physiotherapy',
      });
      await deliverContactIntake(t, T.heavyUserFlagged, {
        personRef: aino,
        trigger: 'frequent-visits',
        count: 14,
        windowFrom: '2026-10-01',
        windowTo: '2026-12-31',
        flaggedOn: '2027-01-16',
      });
      // A malformed event (here an identity code where the personRef goes) goes to the dead letters, recording nothing.
      await expect(deliverContactIntake(t, T.planRequested, { ...requested, contactId: 'c-102', personRef: AINO })).resolves.toBe(
        'dead-lettered',
      );
      await plansSettled(t);
      const res = await http().get('/plan-requests').set(GUNILLA).query({ municipality: '837' }).expect(200);
      expect(res.body.requests).toHaveLength(3);
      expect(res.body.requests).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ personRef: other, kind: 'plan-requested', route: 'service-need-assessment', plan: null }),
          expect.objectContaining({
            personRef: aino,
            kind: 'plan-requested',
            route: 'named-professional',
            plan: expect.objectContaining({ planId: expect.any(String) }),
          }),
          expect.objectContaining({
            personRef: aino,
            kind: 'intensive-guidance-suggested',
            count: 14,
            suggestedGuide: { subject: sub('gunilla.guidance'), name: 'Gunilla' },
          }),
        ]),
      );
      expect(hasIdentityCodeShape(JSON.stringify(res.body))).toBe(false);
      // Listing them read those people's data: an entry in each one's access log.
      expect((await log(other)).filter((e) => e['code'] === 'PLAN_REQUEST_LISTED')).toEqual([
        expect.objectContaining({ subject: sub('gunilla.guidance'), role: 'guidance', outcome: 'allowed', purpose: 'client-planning' }),
      ]);
    });

    it('the family view shows of each member only what the viewer may see of them', async () => {
      const bro = (await t.app.get(PersonRegistry).resolve(Hetu.generate(LocalDate.parse('1978-08-08'), 808), true))!.personRef;
      await createPlan(t, bro, KAISA).expect(201);
      await http()
        .post('/families')
        .set(GUNILLA)
        .send({ familyId: 'fam-1', members: [aino, bro] })
        .expect(403);
      await http()
        .post('/families')
        .set(as.planWorker('outsider'))
        .send({ familyId: 'fam-1', members: [aino, bro] })
        .expect(403);
      await http()
        .post('/families')
        .set(PAULA)
        .send({ familyId: 'fam-1', members: [aino, bro] })
        .expect(201);
      const view = await http().get('/families/fam-1/plans').set(PAULA).expect(200);
      expect(view.body.members.map((m: { personRef: string; access: string }) => [m.personRef, m.access])).toEqual([
        [aino, 'granted'],
        [bro, 'withheld'],
      ]);
      expect(view.body.members[1].plan).toBeNull();
      const kaisaView = await http().get('/families/fam-1/plans').set(KAISA).expect(200);
      expect(kaisaView.body.members.map((m: { access: string }) => m.access)).toEqual(['withheld', 'granted']);
      await http().get('/families/none/plans').set(PAULA).expect(404);
    });

    it("stores no plan content in what is published: the relay's public form has none", async () => {
      const events = await t.app.get<EventStore>(EVENT_STORE).readStream(`plan-${aino}`);
      for (const e of events) {
        const def = clientPlansContract.events.find((d) => d.domainType === e.type);
        if (!def) continue;
        const published = JSON.stringify(def.toPublic!(e.data as Record<string, unknown>));
        expect(published).not.toMatch(/Back pain|Rent arrears|I want a job|Paula|coach/i);
      }
    });
  });
}

describe('client plans over HTTP on PGlite', () => clientPlans('pglite'));
describeWithPostgres()('client plans over HTTP on PostgreSQL', () => clientPlans('postgres'));
