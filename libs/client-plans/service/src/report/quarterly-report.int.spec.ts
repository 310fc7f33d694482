import request from 'supertest';
import { Hetu, LocalDate } from '@luotsi/kernel';
import { PersonRegistry } from '@luotsi/identity';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { LEVELS, clientPlansDefinition, createPlan, plansSettled } from '../testing/client-plans-fixture';
import { quarterOf, suppress } from './quarterly-report';

const PAULA = as.planWorker('paula');

describe('suppression and quarters', () => {
  it('shows 1–4 as "<5", 0 and 5+ as they are', () => {
    expect([0, 1, 4, 5, 12].map(suppress)).toEqual([0, '<5', '<5', 5, 12]);
  });
  it('reads YYYY-Qn and refuses anything else', () => {
    expect(quarterOf('2027-Q2')).toEqual({ from: '2027-04-01', to: '2027-06-30' });
    expect(() => quarterOf('2027-Q5')).toThrow(expect.objectContaining({ code: 'INVALID_QUARTER' }));
  });
});

function reports(database: TestDatabase): void {
  let t: TestApp;
  const refs: string[] = [];
  const http = () => request(t.server);

  beforeAll(async () => {
    t = await startTestApp(clientPlansDefinition, database, { now: '2027-01-15T10:00:00Z', postgresUrl: testPostgresUrl() });
    const registry = t.app.get(PersonRegistry);
    for (let i = 0; i < 7; i++) refs.push((await registry.resolve(Hetu.generate(LocalDate.parse('1970-01-01'), 100 + i), true))!.personRef);
    for (const [i, ref] of refs.entries()) {
      // Six plans in Tampere (837), five of them "supported"; one in Helsinki (091).
      await createPlan(t, ref, PAULA, { municipality: i === 6 ? '091' : '837', segment: i === 5 ? 'cared-for' : 'supported' }).expect(201);
      await http()
        .post(`/persons/${ref}/plan/goals`)
        .set(PAULA)
        .send({ goalId: 'work', domain: 'work-and-education', clientWords: 'A job', workerWords: 'Job search', weight: 1, levels: LEVELS })
        .expect(201);
      await http().post(`/persons/${ref}/plan/goals/work/status`).set(PAULA).send({ status: 'active' }).expect(200);
      await http().post(`/persons/${ref}/plan/status`).set(PAULA).send({ status: 'active' }).expect(200);
    }
    await http()
      .post(`/persons/${refs[0]}/plan/services`)
      .set(PAULA)
      .send({
        serviceId: 'kela',
        sector: 'kela',
        name: 'Rehabilitation allowance',
        organisation: 'Kela',
        responsibleWorker: 'Kela officer',
        start: '2027-01-20',
      })
      .expect(201);
    t.clock.set('2027-05-10T10:00:00Z');
    for (const ref of refs.slice(0, 5))
      await http().post(`/persons/${ref}/plan/goals/work/follow-ups`).set(PAULA).send({ level: 1 }).expect(201);
    await plansSettled(t);
  }, 120_000);
  afterAll(async () => t?.close());

  it('aggregates a municipality’s quarter, suppressing small counts, with the mean T-score and its change', async () => {
    const res = await http().get('/municipalities/837/plan-reports/2027-Q2').set(as.county()).expect(200);
    expect(res.body).toMatchObject({
      municipality: '837',
      quarter: '2027-Q2',
      plans: 6,
      plansByStatus: { active: 6, draft: 0, completed: 0 },
      plansBySegment: { supported: 5, 'cared-for': '<5', 'self-reliant': 0 },
      goalsByDomain: { 'work-and-education': 6, housing: 0 },
      servicesBySector: { kela: '<5', 'health-care': 0 },
      scoredPlans: 6,
      // Five goals at +1 (T = 60) and one at its baseline −1 (T = 40): (5·60 + 40)/6 = 56.67, up from 40.
      meanTScore: 56.67,
      meanTScoreChange: 16.67,
    });
    expect(JSON.stringify(res.body)).not.toContain('per_');
  });

  it('the quarter before: the plans at their baseline, no change without a start of quarter', async () => {
    const res = await http().get('/municipalities/837/plan-reports/2027-Q1').set(as.county()).expect(200);
    expect(res.body).toMatchObject({ plans: 6, meanTScore: 40, meanTScoreChange: null });
    const before = await http().get('/municipalities/837/plan-reports/2026-Q4').set(as.county()).expect(200);
    expect(before.body).toMatchObject({ plans: 0, meanTScore: null });
  });

  it('withholds the mean when fewer than five plans are scored, and counts of one as "<5"', async () => {
    const res = await http().get('/municipalities/091/plan-reports/2027-Q2').set(as.municipality('091')).expect(200);
    expect(res.body).toMatchObject({ plans: '<5', plansByStatus: { active: '<5' }, scoredPlans: '<5', meanTScore: null });
    await http().get('/municipalities/837/plan-reports/2027-Q2').set(as.municipality('091')).expect(403);
  });

  it('answers CSV too, with the same suppression', async () => {
    const res = await http().get('/municipalities/837/plan-reports/2027-Q2').set(as.county()).query({ format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.text).toContain('plans-by-segment,cared-for,<5\r\n');
    expect(res.text).toContain('plans-by-segment,supported,5\r\n');
    expect(res.text).toContain('gas,mean-t-score,56.67\r\n');
    await http().get('/municipalities/837/plan-reports/2027-Q2').set(as.county()).query({ format: 'xml' }).expect(400);
    await http().get('/municipalities/837/plan-reports/2027-13').set(as.county()).expect(400);
  });
}

describe('the quarterly report on PGlite', () => reports('pglite'));
describeWithPostgres()('the quarterly report on PostgreSQL', () => reports('postgres'));
