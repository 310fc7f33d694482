import { deciderSpec, type LocalDate } from '@luotsi/kernel';
import { familyDecider } from './family';
import { planRequestDecider, type PlanRequestCommand } from './plan-requests';
import { levelOn, planTScore } from './plan-score';
import { DEFAULT_RHO } from './gas';
import { planDecider } from './plan-decider';
import { PERSON, TODAY, created, goalActive, goalAdded, PAULA } from './test-fixtures';

const OTHER = 'per_1c8f4a1f-7a1b-4d2f-8d63-3a6b9a4c0b22';

describe('plan requests from contact intake', () => {
  const spec = deciderSpec(planRequestDecider);
  const request: PlanRequestCommand = {
    type: 'RecordPlanRequest',
    personRef: PERSON,
    contactId: 'c-1',
    municipality: '837',
    route: 'service-need-assessment',
    destination: null,
    segment: 'supported',
    requestedOn: TODAY,
  };
  it('records a routed contact once; the same contact again adds nothing', () => {
    const { type: _t, ...data } = request;
    spec
      .given([])
      .when(request)
      .then([{ type: 'PlanRequested', data }]);
    spec
      .given([{ type: 'PlanRequested', data }])
      .when(request)
      .then([]);
    expect(
      spec
        .given([{ type: 'PlanRequested', data }])
        .when({ ...request, contactId: 'c-2', route: 'named-professional', destination: 'dr-x' })
        .events(),
    ).toHaveLength(1);
  });
  it('refuses a malformed request', () => {
    spec
      .given([])
      .when({ ...request, municipality: 'x' })
      .thenFails('INVALID_PLAN_REQUEST', { field: 'municipality' });
    spec
      .given([])
      .when({ ...request, route: 'resolved' as never })
      .thenFails('INVALID_PLAN_REQUEST', { field: 'route' });
  });
  it('a heavy-user flag suggests intensive guidance with the named guide, once per window', () => {
    const flag: PlanRequestCommand = {
      type: 'RecordHeavyUseFlag',
      personRef: PERSON,
      trigger: 'frequent-visits',
      count: 12,
      windowFrom: '2026-10-01' as LocalDate,
      windowTo: '2026-12-31' as LocalDate,
      flaggedOn: TODAY,
      suggestedGuide: { subject: 'sub-gunilla', name: 'Gunilla' },
    };
    const [e] = spec.given([]).when(flag).events();
    expect(e).toMatchObject({ type: 'IntensiveGuidanceSuggested', data: { suggestedGuide: { subject: 'sub-gunilla' }, count: 12 } });
    spec.given([e!]).when(flag).then([]);
    spec
      .given([])
      .when({ ...flag, windowTo: '2026-01-01' as LocalDate })
      .thenFails('INVALID_PLAN_REQUEST', { field: 'windowTo' });
  });
});

describe('family links', () => {
  const spec = deciderSpec(familyDecider);
  it('links two or more people once; members are added and removed down to two', () => {
    const [linked] = spec
      .given([])
      .when({
        type: 'LinkFamily',
        familyId: 'f1',
        members: [PERSON, OTHER, PERSON],
        by: 'plan-worker:p',
        today: TODAY,
        linkerInTeamOf: [PERSON],
      })
      .events();
    expect(linked!.data).toMatchObject({ members: [PERSON, OTHER] });
    spec
      .given([linked!])
      .when({ type: 'LinkFamily', familyId: 'f1', members: [OTHER, PERSON], by: 'x', today: TODAY, linkerInTeamOf: [PERSON] })
      .then([]);
    spec
      .given([linked!])
      .when({ type: 'LinkFamily', familyId: 'f1', members: [OTHER], by: 'x', today: TODAY, linkerInTeamOf: [PERSON] })
      .thenFails('INVALID_FAMILY');
    spec
      .given([linked!])
      .when({ type: 'RemoveFamilyMember', familyId: 'f1', personRef: OTHER, by: 'x', linkerInTeamOf: [PERSON] })
      .thenFails('FAMILY_TOO_SMALL');
    spec
      .given([])
      .when({ type: 'LinkFamily', familyId: 'f2', members: [PERSON, OTHER], by: 'x', today: TODAY, linkerInTeamOf: [] })
      .thenFails('NOT_IN_CARE_TEAM');
    spec
      .given([])
      .when({ type: 'LinkFamily', familyId: 'f1', members: [PERSON, '131052-308T'], by: 'x', today: TODAY, linkerInTeamOf: [PERSON] })
      .thenFails('INVALID_PERSON_REF');
  });
});

describe("a plan's T-score over time", () => {
  it('uses each goal’s last follow-up on or before the day, else its baseline, over agreed goals only', () => {
    const follow = (goalId: string, level: number, on: string) => ({
      type: 'GoalFollowedUp' as const,
      data: { planId: 'plan-1', version: 1, goalId, level, on: on as LocalDate, by: PAULA.label },
    });
    const plan = [created, goalAdded('g1'), goalActive('g1'), goalAdded('g2'), follow('g1', 2, '2027-01-10')].reduce(
      planDecider.evolve,
      planDecider.initialState(),
    ).current!;
    expect(levelOn(plan.goals[0]!, '2027-01-09' as LocalDate)).toBe(-1);
    expect(levelOn(plan.goals[0]!, TODAY)).toBe(2);
    // g2 is only proposed: one goal, at −1 then at +2.
    expect(planTScore(plan, DEFAULT_RHO, '2027-01-09' as LocalDate)).toBe(40);
    expect(planTScore(plan, DEFAULT_RHO, TODAY)).toBe(70);
  });
});
