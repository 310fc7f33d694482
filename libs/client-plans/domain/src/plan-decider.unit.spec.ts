import { deciderSpec, type LocalDate } from '@luotsi/kernel';
import { planDecider, type PlanCommand } from './plan-decider';
import type { PlanEvent } from './plan-events';
import type { ServiceStatus } from './vocabulary';
import { LEVELS, PAULA, PEKKA, GUNILLA, PERSON, TODAY, created, goalActive, goalAdded, statusChanged } from './test-fixtures';

const spec = deciderSpec(planDecider);
const create: PlanCommand = {
  type: 'CreatePlan',
  personRef: PERSON,
  planId: 'plan-1',
  municipality: '837',
  segment: 'supported',
  responsibleOrganisation: 'pirkanmaa',
  responsibleWorker: { subject: 'sub-paula', name: 'Paula P', organisation: 'pirkanmaa' },
  creatorPurpose: 'social-work',
  by: PAULA,
  today: TODAY,
};
const edit = { personRef: PERSON, by: PAULA, today: TODAY };
const addGoal: PlanCommand = {
  ...edit,
  type: 'AddGoal',
  goalId: 'g1',
  domain: 'work-and-education',
  clientWords: 'I want to find work',
  workerWords: 'Job search with a coach',
  weight: 1,
  levels: LEVELS,
  baselineLevel: -1,
};
const member = {
  subject: 'sub-pekka',
  name: 'Pekka',
  role: 'nurse',
  organisation: 'pirkanmaa',
  purpose: 'health-care' as const,
  validFrom: TODAY,
  validTo: null,
};

describe('a plan: one per person', () => {
  it('is created once, as a draft with its creator in the care team', () => {
    spec.given([]).when(create).then([created]);
    const state = [created].reduce(planDecider.evolve, planDecider.initialState());
    expect(state.current?.careTeam).toEqual([expect.objectContaining({ subject: 'sub-paula', purpose: 'social-work', validTo: null })]);
    expect(state.revision).toBe(0);
  });

  it('a second create is PLAN_EXISTS with the existing plan id', () => {
    spec
      .given([created])
      .when({ ...create, planId: 'plan-2' })
      .thenFails('PLAN_EXISTS', { planId: 'plan-1' });
  });

  it('the social guide may not create a plan (they route, they decide nothing)', () => {
    spec
      .given([])
      .when({ ...create, by: GUNILLA })
      .thenFails('GUIDE_MAY_NOT_DECIDE');
  });

  it('refuses a malformed municipality, segment, purpose and an identity code in free text', () => {
    spec
      .given([])
      .when({ ...create, municipality: '83' })
      .thenFails('INVALID_MUNICIPALITY');
    spec
      .given([])
      .when({ ...create, segment: 'vip' as never })
      .thenFails('INVALID_SEGMENT');
    spec
      .given([])
      .when({ ...create, creatorPurpose: 'curiosity' as never })
      .thenFails('INVALID_PURPOSE');
    spec
      .given([])
      .when({ ...create, responsibleOrganisation: 'org 131052-308T' })
      .thenFails('IDENTITY_CODE_NOT_ALLOWED');
  });
});

describe('editing: care team, revision, closed plans', () => {
  it('a stale expected revision is REVISION_CONFLICT with the current revision', () => {
    spec
      .given([created, goalAdded()])
      .when({ ...addGoal, goalId: 'g2', expectedRevision: 0 })
      .thenFails('REVISION_CONFLICT', { currentRevision: 1 });
    expect(
      spec
        .given([created, goalAdded()])
        .when({ ...addGoal, goalId: 'g2', expectedRevision: 1 })
        .events(),
    ).toHaveLength(1);
  });

  it('only a current care-team member edits; the guide never does', () => {
    spec
      .given([created])
      .when({ ...addGoal, by: PEKKA })
      .thenFails('NOT_IN_CARE_TEAM');
    spec
      .given([created])
      .when({ ...addGoal, by: GUNILLA })
      .thenFails('GUIDE_MAY_NOT_DECIDE');
    const added = { type: 'CareTeamMemberAdded' as const, data: { planId: 'plan-1', version: 1, member, by: PAULA.label } };
    expect(
      spec
        .given([created, added])
        .when({ ...addGoal, by: PEKKA })
        .events(),
    ).toHaveLength(1);
    // After the membership ends the member no longer edits.
    const ended = {
      type: 'CareTeamMembershipEnded' as const,
      data: { planId: 'plan-1', version: 1, subject: 'sub-pekka', validTo: '2027-01-14' as LocalDate, by: PAULA.label },
    };
    spec
      .given([created, added, ended])
      .when({ ...addGoal, by: PEKKA })
      .thenFails('NOT_IN_CARE_TEAM');
  });

  it('a membership for the same purpose may not overlap an existing one', () => {
    const added = { type: 'CareTeamMemberAdded' as const, data: { planId: 'plan-1', version: 1, member, by: PAULA.label } };
    spec
      .given([created, added])
      .when({ ...edit, type: 'AddCareTeamMember', member: { ...member, validFrom: '2027-03-01' as LocalDate } })
      .thenFails('MEMBERSHIP_OVERLAPS');
    spec
      .given([created])
      .when({ ...edit, type: 'AddCareTeamMember', member: { ...member, validTo: '2026-12-01' as LocalDate } })
      .thenFails('INVALID_PERIOD');
  });

  it('the responsible worker stays in the team until another one is named', () => {
    spec
      .given([created])
      .when({ ...edit, type: 'EndCareTeamMembership', subject: 'sub-paula', validTo: '2027-02-01' as LocalDate })
      .thenFails('RESPONSIBLE_WORKER_STAYS');
  });

  it('records each section: situation, participation, follow-up dates, services', () => {
    expect(
      spec
        .given([created])
        .when({ ...edit, type: 'RecordSituation', situation: [{ domain: 'housing', description: 'Lives alone, rent arrears' }] })
        .events()[0],
    ).toMatchObject({ type: 'SituationRecorded' });
    spec
      .given([created])
      .when({ ...edit, type: 'RecordSituation', situation: [{ domain: 'astrology' as never, description: 'x' }] })
      .thenFails('INVALID_DOMAIN');
    expect(
      spec
        .given([created])
        .when({
          ...edit,
          type: 'RecordParticipation',
          participation: { howParticipated: 'In a meeting', agreedTo: 'Weekly job coaching', clientView: '' },
        })
        .events(),
    ).toHaveLength(1);
    spec
      .given([created])
      .when({ ...edit, type: 'RecordParticipation', participation: { howParticipated: '', agreedTo: 'x', clientView: '' } })
      .thenFails('TEXT_REQUIRED');
    expect(
      spec
        .given([created])
        .when({ ...edit, type: 'SetFollowUpDates', followUpDates: ['2027-04-01', '2027-02-01', '2027-04-01'] as LocalDate[] })
        .events()[0]!.data,
    ).toMatchObject({ followUpDates: ['2027-02-01', '2027-04-01'] });
    const service = {
      serviceId: 's1',
      sector: 'employment-services' as const,
      name: 'Job coaching',
      organisation: 'TE',
      responsibleWorker: 'Coach C',
      start: TODAY,
      end: null,
      status: 'planned' as const,
    };
    expect(
      spec
        .given([created])
        .when({ ...edit, type: 'AddService', service })
        .events(),
    ).toHaveLength(1);
    spec
      .given([created])
      .when({ ...edit, type: 'AddService', service: { ...service, sector: 'spa' as never } })
      .thenFails('INVALID_SECTOR');
    const added = { type: 'ServiceAdded' as const, data: { planId: 'plan-1', version: 1, service, by: PAULA.label } };
    spec
      .given([created, added])
      .when({ ...edit, type: 'AddService', service })
      .thenFails('SERVICE_EXISTS');
    spec
      .given([created, added])
      .when({ ...edit, type: 'ChangeServiceStatus', serviceId: 's1', status: 'completed', end: null })
      .thenFails('SERVICE_TRANSITION_NOT_ALLOWED');
    expect(
      spec
        .given([created, added])
        .when({ ...edit, type: 'ChangeServiceStatus', serviceId: 's1', status: 'cancelled', end: null })
        .events()[0]!.data,
    ).toMatchObject({ end: TODAY });
  });
});

describe('plan statuses', () => {
  it('draft → active needs a goal; active → on-hold → active → completed', () => {
    spec
      .given([created])
      .when({ ...edit, type: 'ChangePlanStatus', status: 'active', reason: null })
      .thenFails('PLAN_WITHOUT_GOALS');
    spec
      .given([created, goalAdded()])
      .when({ ...edit, type: 'ChangePlanStatus', status: 'active', reason: null })
      .then([statusChanged('draft', 'active')]);
    spec
      .given([created, goalAdded(), statusChanged('draft', 'active')])
      .when({ ...edit, type: 'ChangePlanStatus', status: 'on-hold', reason: null })
      .then([statusChanged('active', 'on-hold')]);
    spec
      .given([created, goalAdded(), statusChanged('draft', 'active'), statusChanged('active', 'on-hold')])
      .when({ ...edit, type: 'ChangePlanStatus', status: 'completed', reason: null })
      .then([statusChanged('on-hold', 'completed')]);
  });

  it('refuses transitions the machine does not have, and needs a reason to revoke', () => {
    spec
      .given([created])
      .when({ ...edit, type: 'ChangePlanStatus', status: 'completed', reason: null })
      .thenFails('PLAN_TRANSITION_NOT_ALLOWED', { from: 'draft', to: 'completed' });
    spec
      .given([created])
      .when({ ...edit, type: 'ChangePlanStatus', status: 'revoked', reason: null })
      .thenFails('TEXT_REQUIRED');
    spec
      .given([created])
      .when({ ...edit, type: 'ChangePlanStatus', status: 'bogus' as never, reason: null })
      .thenFails('INVALID_STATUS');
    const revoked = statusChanged('draft', 'revoked');
    spec
      .given([created, revoked])
      .when({ ...edit, type: 'ChangePlanStatus', status: 'active', reason: null })
      .thenFails('PLAN_TRANSITION_NOT_ALLOWED');
    spec.given([created, revoked]).when(addGoal).thenFails('PLAN_CLOSED');
    spec
      .given([created])
      .when({ ...edit, type: 'ChangePlanStatus', status: 'draft', reason: null })
      .then([]);
  });

  it('a completed plan is not edited: a new version replaces it and the old one is kept', () => {
    const done = [
      created,
      goalAdded('g1'),
      goalActive('g1'),
      goalAdded('g2'),
      statusChanged('draft', 'active'),
      statusChanged('active', 'completed'),
    ];
    spec
      .given(done)
      .when({ ...addGoal, goalId: 'g3' })
      .thenFails('PLAN_COMPLETED');
    spec
      .given(done)
      .when({ ...edit, type: 'ChangePlanStatus', status: 'active', reason: null })
      .thenFails('PLAN_COMPLETED');
    spec
      .given([created])
      .when({ ...edit, type: 'StartNewVersion' })
      .thenFails('PLAN_NOT_COMPLETED');
    const [started] = spec
      .given(done)
      .when({ ...edit, type: 'StartNewVersion' })
      .events();
    expect(started).toMatchObject({
      type: 'PlanVersionStarted',
      data: { version: 2, previousVersion: 1, status: 'draft', planId: 'plan-1' },
    });
    const state = [...done, started!].reduce(planDecider.evolve, planDecider.initialState());
    expect(state.previous.map((v) => [v.version, v.status])).toEqual([[1, 'completed']]);
    expect(state.current).toMatchObject({ version: 2, status: 'draft' });
    expect(state.current!.goals.map((g) => g.goalId)).toEqual(['g1', 'g2']);
    expect(
      spec
        .given([...done, started!])
        .when({ ...addGoal, goalId: 'g3' })
        .events()[0]!.data,
    ).toMatchObject({ version: 2 });
  });
});

describe('goal statuses and follow-ups', () => {
  it('proposed → active → achieved; no way back from a final status', () => {
    spec
      .given([created, goalAdded()])
      .when({ ...edit, type: 'ChangeGoalStatus', goalId: 'g1', status: 'active' })
      .then([goalActive()]);
    spec
      .given([created, goalAdded()])
      .when({ ...edit, type: 'ChangeGoalStatus', goalId: 'g1', status: 'achieved' })
      .thenFails('GOAL_TRANSITION_NOT_ALLOWED', { from: 'proposed' });
    const achieved = {
      type: 'GoalStatusChanged' as const,
      data: { planId: 'plan-1', version: 1, goalId: 'g1', from: 'active' as const, to: 'achieved' as const, on: TODAY, by: PAULA.label },
    };
    expect(
      spec
        .given([created, goalAdded(), goalActive()])
        .when({ ...edit, type: 'ChangeGoalStatus', goalId: 'g1', status: 'achieved' })
        .events(),
    ).toEqual([achieved]);
    spec
      .given([created, goalAdded(), goalActive(), achieved])
      .when({ ...edit, type: 'ChangeGoalStatus', goalId: 'g1', status: 'active' })
      .thenFails('GOAL_TRANSITION_NOT_ALLOWED');
    spec
      .given([created, goalAdded()])
      .when({ ...edit, type: 'ChangeGoalStatus', goalId: 'nope', status: 'active' })
      .thenFails('GOAL_NOT_FOUND');
  });

  it('a goal has five described levels, a weight and a baseline at or below 0', () => {
    spec
      .given([created])
      .when({ ...addGoal, levels: { ...LEVELS, '2': '' } })
      .thenFails('TEXT_REQUIRED');
    spec
      .given([created])
      .when({ ...addGoal, levels: { ...LEVELS, '3': 'x' } as never })
      .thenFails('INVALID_LEVELS');
    spec
      .given([created])
      .when({ ...addGoal, weight: -1 })
      .thenFails('INVALID_WEIGHT');
    spec
      .given([created])
      .when({ ...addGoal, baselineLevel: 1 })
      .thenFails('INVALID_LEVEL');
    spec.given([created, goalAdded()]).when(addGoal).thenFails('GOAL_EXISTS');
  });

  it('a follow-up records an attained level of an active goal, not in the future', () => {
    const follow: PlanCommand = { ...edit, type: 'RecordFollowUp', goalId: 'g1', level: 1, on: TODAY };
    spec.given([created, goalAdded()]).when(follow).thenFails('GOAL_NOT_ACTIVE');
    spec
      .given([created, goalAdded(), goalActive()])
      .when({ ...follow, level: 3 })
      .thenFails('INVALID_LEVEL');
    spec
      .given([created, goalAdded(), goalActive()])
      .when({ ...follow, on: '2027-02-01' as LocalDate })
      .thenFails('FOLLOW_UP_IN_FUTURE');
    spec
      .given([created, goalAdded(), goalActive()])
      .when(follow)
      .then([{ type: 'GoalFollowedUp', data: { planId: 'plan-1', version: 1, goalId: 'g1', level: 1, on: TODAY, by: PAULA.label } }]);
  });
});

describe('the responsible worker (omatyöntekijä)', () => {
  it('changes with the responsible organisation, joining the care team', () => {
    const [changed] = spec
      .given([created])
      .when({
        ...edit,
        type: 'ChangeResponsibleWorker',
        responsibleWorker: { subject: 'sub-pekka', name: 'Pekka', organisation: 'te' },
        responsibleOrganisation: 'te-palvelut',
      })
      .events();
    expect(changed).toMatchObject({
      type: 'ResponsibleWorkerChanged',
      data: { responsibleOrganisation: 'te-palvelut', status: 'draft', version: 1 },
    });
    const state = [created, changed!].reduce(planDecider.evolve, planDecider.initialState());
    expect(state.current!.careTeam.map((m) => m.subject)).toEqual(['sub-paula', 'sub-pekka']);
  });
});

describe('a service voucher granted in billing', () => {
  const granted: PlanCommand = {
    type: 'RecordGrantedVoucher',
    personRef: PERSON,
    voucherId: 'vch-1',
    voucherService: 'social-rehabilitation',
    grantedOn: TODAY,
    validUntil: '2027-12-31' as LocalDate,
    grantedBy: 'guidance:sub-gunilla',
  };

  it("appears among the plan's services as a planned service until the voucher's last day, once", () => {
    const events = spec.given([created]).when(granted).events();
    expect(events).toEqual([
      {
        type: 'ServiceAdded',
        data: {
          planId: 'plan-1',
          version: 1,
          service: {
            serviceId: 'vch-1',
            sector: 'social-welfare',
            name: 'Service voucher: social-rehabilitation',
            organisation: 'the county (service voucher)',
            responsibleWorker: 'guidance:sub-gunilla',
            start: TODAY,
            end: '2027-12-31',
            status: 'planned',
          },
          by: 'billing:voucher-granted',
        },
      },
    ]);
    spec
      .given([created, ...events])
      .when(granted)
      .then([]);
  });

  it('writes nothing for a person without a plan', () => {
    spec.given([]).when(granted).then([]);
  });

  describe('and what billing says of it later', () => {
    const grantedEvents = spec.given([created]).when(granted).events();
    const progress = (p: 'producer-chosen' | 'refused' | 'used-up', on: string, voucherId = 'vch-1'): PlanCommand => ({
      type: 'RecordVoucherProgress',
      personRef: PERSON,
      voucherId,
      progress: p,
      on: on as LocalDate,
    });
    const changed = (status: ServiceStatus, end: string, by: string): PlanEvent => ({
      type: 'ServiceStatusChanged',
      data: { planId: 'plan-1', version: 1, serviceId: 'vch-1', status, end: end as LocalDate, by },
    });

    it('is under way once the person chose a producer, then completed on the day its last visit was given', () => {
      const chosen = spec
        .given([created, ...grantedEvents])
        .when(progress('producer-chosen', '2027-02-01'))
        .events();
      expect(chosen).toEqual([changed('ongoing', '2027-12-31', 'billing:voucher-producer-chosen')]);
      spec
        .given([created, ...grantedEvents, ...chosen])
        .when(progress('used-up', '2027-05-04'))
        .then([changed('completed', '2027-05-04', 'billing:voucher-used-up')]);
    });

    it('is cancelled on the day the person refused it', () => {
      spec
        .given([created, ...grantedEvents])
        .when(progress('refused', '2027-02-02'))
        .then([changed('cancelled', '2027-02-02', 'billing:voucher-refused')]);
    });

    it('is completed when used up even if no producer choice was seen', () => {
      spec
        .given([created, ...grantedEvents])
        .when(progress('used-up', '2027-05-04'))
        .then([changed('completed', '2027-05-04', 'billing:voucher-used-up')]);
    });

    it('moves only forward: a fact repeated, or one after a final status, writes nothing', () => {
      const refused = spec
        .given([created, ...grantedEvents])
        .when(progress('refused', '2027-02-02'))
        .events();
      for (const p of ['refused', 'producer-chosen', 'used-up'] as const)
        spec
          .given([created, ...grantedEvents, ...refused])
          .when(progress(p, '2027-03-01'))
          .then([]);
      const chosen = spec
        .given([created, ...grantedEvents])
        .when(progress('producer-chosen', '2027-02-01'))
        .events();
      spec
        .given([created, ...grantedEvents, ...chosen])
        .when(progress('producer-chosen', '2027-02-03'))
        .then([]);
    });

    it('writes nothing for a voucher the plan does not hold, or a person without a plan', () => {
      spec
        .given([created, ...grantedEvents])
        .when(progress('refused', '2027-02-02', 'vch-other'))
        .then([]);
      spec.given([]).when(progress('refused', '2027-02-02')).then([]);
    });
  });
});
