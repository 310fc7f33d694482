import request from 'supertest';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl, waitUntil } from '@luotsi/testing';
import { people, personRefOf, seedPilot } from '@luotsi/provider-choice-service/testing';
import { luotsiDefinition } from './definition';

const COUNTY = as.county();
const GUIDANCE = as.guidance();
const PAULA = as.planWorker('paula');

/** Billing and client plans in one process over the in-process bus: a voucher granted in billing appears in the plan. */
function vouchersInPlans(database: TestDatabase): void {
  let t: TestApp;
  const http = () => request(t.server);

  beforeAll(async () => {
    t = await startTestApp(luotsiDefinition, database, { now: '2027-01-15T10:00:00Z', postgresUrl: testPostgresUrl() });
    await seedPilot(t);
    await http()
      .put('/voucher-types/social-rehab')
      .set(COUNTY)
      .send({
        validFrom: '2027-01-01',
        service: 'social-rehabilitation',
        name: 'Social rehabilitation',
        value: { kind: 'fixed', cents: 8_000 },
        validityDays: 180,
        visits: 12,
      })
      .expect(200);
  }, 120_000);
  afterAll(() => t?.close());

  it("records a granted voucher among the services of the person's plan; a person without a plan gets none", async () => {
    const ville = await personRefOf(t, people.ville);
    const aino = await personRefOf(t, people.aino);
    await http()
      .post(`/persons/${ville}/plan`)
      .set(PAULA)
      .send({ responsibleOrganisation: 'pirkanmaa', purpose: 'social-work' })
      .expect(201);
    const grant = (personRef: string) =>
      http()
        .post(`/persons/${personRef}/vouchers`)
        .set(GUIDANCE)
        .send({ voucherTypeId: 'social-rehab', reason: 'rehabilitation', municipality: '837' })
        .expect(201);
    const voucher = (await grant(ville)).body;
    await grant(aino);
    const services = async () =>
      ((await http().get(`/persons/${ville}/plan`).set(PAULA).expect(200)).body.sections.services ?? []) as Array<{ serviceId: string }>;
    await waitUntil(async () => (await services()).length > 0, { what: 'the voucher in the plan', timeoutMs: 20_000 });
    expect(await services()).toEqual([
      expect.objectContaining({
        serviceId: voucher.voucherId,
        sector: 'social-welfare',
        name: 'Service voucher: social-rehabilitation',
        start: '2027-01-15',
        end: voucher.validUntil,
        status: 'planned',
      }),
    ]);
    await http().get(`/persons/${aino}/plan`).set(PAULA).expect(404);
  }, 60_000);

  it('marks the voucher cancelled in the plan, on the day, when the person refuses it in billing', async () => {
    const ville = await personRefOf(t, people.ville);
    const service = async () =>
      (
        ((await http().get(`/persons/${ville}/plan`).set(PAULA).expect(200)).body.sections.services ?? []) as Array<{
          serviceId: string;
          status: string;
          end: string;
        }>
      )[0]!;
    const { serviceId } = await service();
    await http().post(`/persons/${ville}/vouchers/${serviceId}/refusal`).set(GUIDANCE).send({ channel: 'phone' }).expect(200);
    await waitUntil(async () => (await service()).status === 'cancelled', { what: 'the refusal in the plan', timeoutMs: 20_000 });
    expect(await service()).toMatchObject({ serviceId, status: 'cancelled', end: '2027-01-15' });
  }, 60_000);
}

describe('vouchers in plans on PGlite', () => vouchersInPlans('pglite'));
describeWithPostgres()('vouchers in plans on PostgreSQL', () => vouchersInPlans('postgres'));
