import { deciderSpec, type LocalDate } from '@luotsi/kernel';
import { DEFAULT_PLAN_CONFIGURATION, decideRead, planConfigDecider, sectionsOf, type PlanConfigCommand } from './plan-access';
import { planDecider } from './plan-decider';
import type { PlanEvent } from './plan-events';
import { PAULA, PERSON, TODAY, created } from './test-fixtures';

const member = (subject: string, purpose: string, validTo: string | null = null): PlanEvent => ({
  type: 'CareTeamMemberAdded',
  data: {
    planId: 'plan-1',
    version: 1,
    member: {
      subject,
      name: subject,
      role: 'worker',
      organisation: 'pirkanmaa',
      purpose: purpose as never,
      validFrom: '2027-01-01' as LocalDate,
      validTo: validTo as LocalDate | null,
    },
    by: PAULA.label,
  },
});
const planOf = (...events: PlanEvent[]) => [created, ...events].reduce(planDecider.evolve, planDecider.initialState()).current!;
const config = DEFAULT_PLAN_CONFIGURATION;

describe('purpose-limited reading of a plan', () => {
  it('a care-team member reads the sections their purpose justifies; the rest are withheld, unnamed', () => {
    const plan = planOf(member('sub-nurse', 'health-care'));
    const d = decideRead(plan, { subject: 'sub-nurse', role: 'plan-worker' }, config, TODAY);
    expect(d).toEqual({
      allowed: true,
      basis: 'care-relationship',
      sections: ['plan', 'health', 'substance-use'],
      withheld: 4,
      purposes: ['health-care'],
    });
  });

  it('a member whose purpose does not justify a section asked for is refused as a whole, without naming it', () => {
    const plan = planOf(member('sub-coach', 'employment-services'));
    const d = decideRead(plan, { subject: 'sub-coach', role: 'plan-worker' }, config, TODAY, ['plan', 'health']);
    expect(d).toEqual({ allowed: false, code: 'SECTIONS_WITHHELD', message: expect.not.stringContaining('health') });
    expect(decideRead(plan, { subject: 'sub-coach', role: 'plan-worker' }, config, TODAY, ['employment'])).toMatchObject({
      allowed: true,
      sections: ['employment'],
    });
  });

  it('a member whose purpose justifies nothing of the plan is PURPOSE_NOT_JUSTIFIED', () => {
    const none = { ...config, rules: config.rules.filter((r) => r.purpose !== 'employment-services') };
    const plan = planOf(member('sub-coach', 'employment-services'));
    expect(decideRead(plan, { subject: 'sub-coach', role: 'plan-worker' }, none, TODAY)).toMatchObject({
      allowed: false,
      code: 'PURPOSE_NOT_JUSTIFIED',
    });
  });

  it('a non-member, and a member whose membership has ended, are NOT_IN_CARE_TEAM', () => {
    const plan = planOf(member('sub-old', 'social-work', '2027-01-14'));
    expect(decideRead(plan, { subject: 'sub-stranger', role: 'plan-worker' }, config, TODAY)).toMatchObject({
      allowed: false,
      code: 'NOT_IN_CARE_TEAM',
    });
    expect(decideRead(plan, { subject: 'sub-old', role: 'plan-worker' }, config, TODAY)).toMatchObject({
      allowed: false,
      code: 'NOT_IN_CARE_TEAM',
    });
    expect(decideRead(plan, { subject: 'sub-old', role: 'plan-worker' }, config, '2027-01-14' as LocalDate)).toMatchObject({
      allowed: true,
    });
  });

  it('the same purpose weighs differently by role: a guide in the team reads only the frame', () => {
    const plan = planOf(member('sub-guide', 'service-guidance'));
    expect(decideRead(plan, { subject: 'sub-guide', role: 'guidance' }, config, TODAY)).toMatchObject({
      allowed: true,
      sections: ['plan'],
    });
    expect(decideRead(plan, { subject: 'sub-guide', role: 'plan-worker' }, config, TODAY)).toMatchObject({
      allowed: false,
      code: 'PURPOSE_NOT_JUSTIFIED',
    });
  });

  it('break-the-glass opens the whole plan to a non-member, with a stated reason only', () => {
    const plan = planOf();
    expect(
      decideRead(plan, { subject: 'sub-er', role: 'plan-worker', breakTheGlass: 'unconscious at the ER, plan needed' }, config, TODAY),
    ).toMatchObject({
      allowed: true,
      basis: 'break-the-glass',
      withheld: 0,
      sections: ['plan', 'situation', 'goals', 'services', 'health', 'substance-use', 'employment'],
    });
    expect(decideRead(plan, { subject: 'sub-er', role: 'plan-worker', breakTheGlass: '  ' }, config, TODAY)).toMatchObject({
      allowed: false,
      code: 'REASON_REQUIRED',
    });
  });

  it('the resident reads their whole plan, and no one else’s', () => {
    const plan = planOf();
    expect(decideRead(plan, { subject: 'sub-res', role: 'resident', personRef: PERSON }, config, TODAY, undefined, PERSON)).toMatchObject({
      allowed: true,
      basis: 'own-data',
      withheld: 0,
    });
    expect(
      decideRead(plan, { subject: 'sub-res', role: 'resident', personRef: 'per_other' }, config, TODAY, undefined, PERSON),
    ).toMatchObject({ allowed: false });
  });

  it('cuts content into sections by AVAIN domain and sector', () => {
    const plan = planOf(
      {
        type: 'SituationRecorded',
        data: {
          planId: 'plan-1',
          version: 1,
          situation: [
            { domain: 'housing', description: 'rent arrears' },
            { domain: 'substance-use', description: 'alcohol' },
          ],
          by: PAULA.label,
        },
      },
      {
        type: 'ServiceAdded',
        data: {
          planId: 'plan-1',
          version: 1,
          service: {
            serviceId: 's',
            sector: 'health-care',
            name: 'GP',
            organisation: 'hc',
            responsibleWorker: 'Dr',
            start: TODAY,
            end: null,
            status: 'planned',
          },
          by: PAULA.label,
        },
      },
    );
    const s = sectionsOf(plan);
    expect(s.situation).toEqual([{ domain: 'housing', description: 'rent arrears' }]);
    expect(s['substance-use']).toEqual({ situation: [{ domain: 'substance-use', description: 'alcohol' }] });
    expect((s.health as { services: unknown[] }).services).toHaveLength(1);
    expect(s.services).toEqual([]);
  });
});

describe('the county configures which role and purpose read which class (as events)', () => {
  const spec = deciderSpec(planConfigDecider);
  const good: PlanConfigCommand = {
    type: 'ConfigurePlans',
    sectionClasses: { ...config.sectionClasses },
    rules: [{ role: 'plan-worker', purpose: 'social-work', classes: ['basic', 'social'] }],
    rho: '0.25',
    intensiveGuide: { subject: 'sub-gunilla', name: 'Gunilla' },
    configuredBy: 'county:anna',
  };
  it('records a valid configuration with ρ as a fraction, and nothing when it is unchanged', () => {
    const [e] = spec.given([]).when(good).events();
    expect(e!.data).toMatchObject({ rho: { numerator: 25, denominator: 100 }, rules: good.rules });
    spec.given([e!]).when(good).then([]);
  });
  it('refuses unknown classes, sections, roles and ρ outside [0, 1)', () => {
    spec
      .given([])
      .when({ ...good, sectionClasses: { ...good.sectionClasses, plan: 'secret' } })
      .thenFails('INVALID_PLAN_CONFIGURATION');
    spec
      .given([])
      .when({ ...good, sectionClasses: { ...good.sectionClasses, diary: 'basic' } })
      .thenFails('INVALID_PLAN_CONFIGURATION');
    spec
      .given([])
      .when({ ...good, rules: [{ role: 'finance', purpose: 'social-work', classes: ['basic'] }] })
      .thenFails('INVALID_PLAN_CONFIGURATION');
    spec
      .given([])
      .when({ ...good, rho: '1.5' })
      .thenFails('INVALID_RHO');
  });
});
