import { projectionSpec, type ProjectionSpec } from '@luotsi/messaging/testing';
import { clientPlansProjection } from './client-plans.projection';
import { CLIENT_PLANS_MIGRATIONS, CLIENT_PLANS_TABLES } from './migrations';

const P = 'per_0b7e3f0e-6f0a-4c1e-9c52-2f5a8f3b9a11';
const headline = { planId: 'plan-1', personRef: P, version: 1, responsibleOrganisation: 'pirkanmaa', municipality: '837' };
const created = {
  type: 'PlanCreated',
  streamId: `plan-${P}`,
  revision: 0,
  data: {
    ...headline,
    status: 'draft',
    segment: 'supported',
    responsibleWorker: { subject: 's', name: 'Paula', organisation: 'pirkanmaa' },
    creatorPurpose: 'social-work',
    creatorRole: 'plan-worker',
    creatorSubject: 's',
    createdOn: '2027-01-15',
    createdBy: 'plan-worker:s',
  },
};
const activated = {
  type: 'PlanStatusChanged',
  streamId: `plan-${P}`,
  revision: 1,
  data: { ...headline, status: 'active', from: 'draft', on: '2027-02-01', reason: null, by: 'plan-worker:s' },
};

describe('the client plans projection', () => {
  let spec: ProjectionSpec;
  beforeEach(async () => {
    spec = await projectionSpec(clientPlansProjection, {
      component: 'client-plans',
      migrations: CLIENT_PLANS_MIGRATIONS,
      tables: CLIENT_PLANS_TABLES,
    });
  }, 60_000);
  afterEach(async () => spec?.close());

  it('folds a plan with the decider’s evolve and keeps its status history; a replay changes nothing', async () => {
    await spec.given([created, activated]);
    expect(await spec.rows('SELECT person_ref, plan_id, municipality, segment, status, version, revision FROM cp_plans')).toEqual([
      { person_ref: P, plan_id: 'plan-1', municipality: '837', segment: 'supported', status: 'active', version: 1, revision: 1 },
    ]);
    expect(await spec.rows('SELECT status, status_on::text AS on FROM cp_plan_statuses ORDER BY revision')).toEqual([
      { status: 'draft', on: '2027-01-15' },
      { status: 'active', on: '2027-02-01' },
    ]);
  });

  it('lists plan requests and heavy-user suggestions, the suggestion under the person’s municipality', async () => {
    await spec.given([
      created,
      {
        type: 'PlanRequested',
        streamId: `planrequest-${P}`,
        revision: 0,
        data: {
          personRef: P,
          contactId: 'c-1',
          municipality: '837',
          route: 'named-service',
          destination: 'housing-advice',
          segment: null,
          requestedOn: '2027-01-16',
        },
      },
      {
        type: 'IntensiveGuidanceSuggested',
        streamId: `planrequest-${P}`,
        revision: 1,
        data: {
          personRef: P,
          trigger: 'missed-appointments',
          count: 5,
          windowFrom: '2026-10-01',
          windowTo: '2026-12-31',
          flaggedOn: '2027-01-16',
          suggestedGuide: null,
        },
      },
    ]);
    expect(await spec.rows('SELECT kind, municipality, contact_id, trigger, count FROM cp_requests ORDER BY revision')).toEqual([
      { kind: 'plan-requested', municipality: '837', contact_id: 'c-1', trigger: null, count: null },
      { kind: 'intensive-guidance-suggested', municipality: '837', contact_id: null, trigger: 'missed-appointments', count: 5 },
    ]);
  });
});
