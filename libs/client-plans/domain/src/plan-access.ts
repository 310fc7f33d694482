import { assertNever, DomainError, type Decider, type LocalDate } from '@luotsi/kernel';
import { DEFAULT_RHO, rhoOf, type Rho } from './gas';
import type { PlanState, PlanVersion } from './plan-model';
import { currentMemberships } from './plan-decider';
import { CARE_PURPOSES, SECTIONS, SENSITIVITY_CLASSES, isOneOf, type CarePurpose, type Section, type SensitivityClass } from './vocabulary';

/** One rule of the county: members of this role with this purpose may read sections of these classes. */
export interface AccessRuleOfCounty {
  role: string;
  purpose: CarePurpose;
  classes: SensitivityClass[];
}

/** The county's configuration of plans, kept as events on one stream (`planconfig`). */
export interface PlanConfiguration {
  sectionClasses: Record<Section, SensitivityClass>;
  rules: AccessRuleOfCounty[];
  /** GAS ρ, 0.3 by convention. */
  rho: Rho;
  /** Who a heavy-user flag suggests for intensive guidance (a guide's subject), or none named yet. */
  intensiveGuide: { subject: string; name: string } | null;
}

/**
 * EXAMPLE defaults until a county configures its own: what a social worker, a nurse or doctor,
 * a substance-abuse worker and an employment coordinator typically need. Every county is
 * expected to replace these (PUT /plan-configuration).
 */
export const DEFAULT_PLAN_CONFIGURATION: PlanConfiguration = {
  sectionClasses: {
    plan: 'basic',
    situation: 'social',
    goals: 'social',
    services: 'social',
    health: 'health',
    'substance-use': 'substance-use',
    employment: 'employment',
  },
  rules: [
    { role: 'plan-worker', purpose: 'social-work', classes: ['basic', 'social', 'substance-use', 'employment'] },
    { role: 'plan-worker', purpose: 'health-care', classes: ['basic', 'health', 'substance-use'] },
    { role: 'plan-worker', purpose: 'substance-abuse-care', classes: ['basic', 'social', 'substance-use', 'health'] },
    { role: 'plan-worker', purpose: 'employment-services', classes: ['basic', 'employment'] },
    { role: 'plan-worker', purpose: 'rehabilitation', classes: ['basic', 'health', 'employment'] },
    { role: 'guidance', purpose: 'service-guidance', classes: ['basic'] },
  ],
  rho: DEFAULT_RHO,
  intensiveGuide: null,
};

export const PLAN_CONFIG_STREAM = 'planconfig';

export type PlanConfigCommand = {
  type: 'ConfigurePlans';
  sectionClasses: Record<string, string>;
  rules: Array<{ role: string; purpose: string; classes: string[] }>;
  rho: string;
  intensiveGuide: { subject: string; name: string } | null;
  configuredBy: string;
};

export type PlanConfigEvent = { type: 'PlansConfigured'; data: PlanConfiguration & { configuredBy: string } };

export interface PlanConfigState {
  configured: boolean;
  config: PlanConfiguration;
}

function validate(c: PlanConfigCommand): PlanConfiguration {
  const problems: string[] = [];
  const classes = {} as Record<Section, SensitivityClass>;
  for (const section of SECTIONS) {
    const cls = c.sectionClasses?.[section];
    if (!isOneOf(SENSITIVITY_CLASSES, cls)) problems.push(`sectionClasses.${section} must be one of ${SENSITIVITY_CLASSES.join(', ')}`);
    else classes[section] = cls;
  }
  const unknown = Object.keys(c.sectionClasses ?? {}).filter((k) => !isOneOf(SECTIONS, k));
  if (unknown.length > 0) problems.push(`sectionClasses names only ${SECTIONS.join(', ')}`);
  if (!Array.isArray(c.rules) || c.rules.length > 100) problems.push('rules is a list of at most 100 rules');
  const rules: AccessRuleOfCounty[] = [];
  (Array.isArray(c.rules) ? c.rules : []).forEach((r, i) => {
    if (!['plan-worker', 'guidance'].includes(r?.role)) problems.push(`rules[${i}].role is plan-worker or guidance`);
    if (!isOneOf(CARE_PURPOSES, r?.purpose)) problems.push(`rules[${i}].purpose is one of ${CARE_PURPOSES.join(', ')}`);
    if (!Array.isArray(r?.classes) || r.classes.some((x) => !isOneOf(SENSITIVITY_CLASSES, x)))
      problems.push(`rules[${i}].classes are some of ${SENSITIVITY_CLASSES.join(', ')}`);
    if (problems.length === 0)
      rules.push({ role: r.role, purpose: r.purpose as CarePurpose, classes: [...new Set(r.classes as SensitivityClass[])] });
  });
  if (problems.length > 0) throw new DomainError('INVALID_PLAN_CONFIGURATION', problems.join('; '), { problems }, 'validation');
  const guide = c.intensiveGuide;
  if (
    guide !== null &&
    (typeof guide?.subject !== 'string' ||
      !/^[A-Za-z0-9._:-]{1,100}$/.test(guide.subject) ||
      typeof guide.name !== 'string' ||
      guide.name.length > 200)
  )
    throw new DomainError(
      'INVALID_PLAN_CONFIGURATION',
      'intensiveGuide is { subject, name } or null',
      { problems: ['intensiveGuide'] },
      'validation',
    );
  return { sectionClasses: classes, rules, rho: rhoOf(c.rho), intensiveGuide: guide };
}

export const planConfigDecider: Decider<PlanConfigCommand, PlanConfigEvent, PlanConfigState> = {
  initialState: () => ({ configured: false, config: DEFAULT_PLAN_CONFIGURATION }),
  decide(command, state) {
    switch (command.type) {
      case 'ConfigurePlans': {
        const config = validate(command);
        if (state.configured && JSON.stringify(state.config) === JSON.stringify(config)) return [];
        return [{ type: 'PlansConfigured', data: { ...config, configuredBy: command.configuredBy } }];
      }
      default:
        return assertNever(command.type);
    }
  },
  evolve(_state, event) {
    const { configuredBy: _by, ...config } = event.data;
    return { configured: true, config };
  },
};

/** Who reads: the token's subject and the role they came in as. */
export interface PlanReader {
  subject: string;
  role: string;
  /** A resident reading: their own personRef (the edge resolved it). */
  personRef?: string;
  /** Break-the-glass: the stated reason; opens every section, logged as such. */
  breakTheGlass?: string;
}

export type ReadDecision =
  | {
      allowed: true;
      basis: 'own-data' | 'care-relationship' | 'break-the-glass';
      sections: Section[];
      /** How many sections are withheld (never which). */
      withheld: number;
      purposes: CarePurpose[];
    }
  | { allowed: false; code: 'NOT_IN_CARE_TEAM' | 'PURPOSE_NOT_JUSTIFIED' | 'SECTIONS_WITHHELD' | 'REASON_REQUIRED'; message: string };

/** The classes a member's purposes justify for their role, by the county's rules. */
export function justifiedClasses(config: PlanConfiguration, role: string, purposes: readonly CarePurpose[]): Set<SensitivityClass> {
  const out = new Set<SensitivityClass>();
  for (const r of config.rules) if (r.role === role && purposes.includes(r.purpose)) for (const c of r.classes) out.add(c);
  return out;
}

/**
 * Who may read which sections of a plan (703/2023: a client or care relationship, and only what is
 * necessary): the resident reads the whole of their own plan; anyone else only while a current
 * member of its care team, and only the sections whose class their purpose justifies by the
 * county's rules. Asking for named sections (`wanted`) of which any is not justified is refused as
 * a whole, without saying which. Break-the-glass with a stated reason opens the whole plan.
 */
export function decideRead(
  plan: PlanVersion,
  reader: PlanReader,
  config: PlanConfiguration,
  today: LocalDate,
  wanted?: readonly Section[],
  owner?: string,
): ReadDecision {
  const all = [...SECTIONS];
  if (reader.role === 'resident') {
    if (reader.personRef !== undefined && reader.personRef === owner)
      return { allowed: true, basis: 'own-data', sections: all, withheld: 0, purposes: [] };
    return { allowed: false, code: 'NOT_IN_CARE_TEAM', message: 'a resident reads their own plan only' };
  }
  if (reader.breakTheGlass !== undefined) {
    const reason = reader.breakTheGlass.trim();
    if (reason.length < 10)
      return { allowed: false, code: 'REASON_REQUIRED', message: 'break-the-glass needs a stated reason of at least 10 characters' };
    return { allowed: true, basis: 'break-the-glass', sections: wanted ? [...wanted] : all, withheld: 0, purposes: [] };
  }
  const memberships = currentMemberships(plan, reader.subject, today);
  if (memberships.length === 0)
    return { allowed: false, code: 'NOT_IN_CARE_TEAM', message: 'only a current member of the care team reads this plan' };
  const purposes = [...new Set(memberships.map((m) => m.purpose))];
  const classes = justifiedClasses(config, reader.role, purposes);
  const readable = all.filter((s) => classes.has(config.sectionClasses[s]));
  if (wanted && wanted.some((s) => !readable.includes(s)))
    return {
      allowed: false,
      code: 'SECTIONS_WITHHELD',
      message: 'some of the sections asked for are not justified by your purpose in the care team',
    };
  const sections = wanted ? all.filter((s) => wanted.includes(s)) : readable;
  if (sections.length === 0)
    return { allowed: false, code: 'PURPOSE_NOT_JUSTIFIED', message: 'your purpose in the care team justifies none of this plan' };
  return { allowed: true, basis: 'care-relationship', sections, withheld: all.length - sections.length, purposes };
}

/** Which section each piece of content belongs to (see SECTIONS). */
export const sectionOfFactor = (domain: string): Section =>
  domain === 'health' ? 'health' : domain === 'substance-use' ? 'substance-use' : 'situation';
export const sectionOfService = (sector: string): Section =>
  sector === 'health-care' ? 'health' : sector === 'employment-services' || sector === 'kela' ? 'employment' : 'services';

/** The plan cut into its sections; a reader gets only the sections decideRead let through. */
export function sectionsOf(plan: PlanVersion): Record<Section, unknown> {
  const factors = (s: Section) => plan.situation.filter((f) => sectionOfFactor(f.domain) === s);
  const services = (s: Section) => plan.services.filter((x) => sectionOfService(x.sector) === s);
  return {
    plan: {
      version: plan.version,
      status: plan.status,
      createdOn: plan.createdOn,
      responsibleOrganisation: plan.responsibleOrganisation,
      responsibleWorker: plan.responsibleWorker,
      careTeam: plan.careTeam,
      participation: plan.participation,
      followUpDates: plan.followUpDates,
      statusHistory: plan.statusHistory,
    },
    situation: factors('situation'),
    goals: plan.goals,
    services: services('services'),
    health: { situation: factors('health'), services: services('health') },
    'substance-use': { situation: factors('substance-use') },
    employment: { services: services('employment') },
  };
}

/** The plan as a reader may see it: only the allowed sections. */
export function visiblePlan(state: PlanState, plan: PlanVersion, sections: readonly Section[]): Record<string, unknown> {
  const all = sectionsOf(plan);
  return {
    planId: state.planId,
    personRef: state.personRef,
    version: plan.version,
    status: plan.status,
    sections: Object.fromEntries(sections.map((s) => [s, all[s]])),
  };
}
