/** A plan's statuses (aligned with HL7 FHIR CarePlan.status). */
export const PLAN_STATUSES = ['draft', 'active', 'on-hold', 'completed', 'revoked', 'entered-in-error'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** A goal's statuses (a subset of FHIR Goal.lifecycleStatus plus its achievement outcome). */
export const GOAL_STATUSES = ['proposed', 'active', 'achieved', 'not-achieved', 'cancelled'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/** The sectors a plan's services and measures come from. */
export const SECTORS = ['social-welfare', 'health-care', 'employment-services', 'kela', 'third-sector'] as const;
export type Sector = (typeof SECTORS)[number];

export const SERVICE_STATUSES = ['planned', 'ongoing', 'completed', 'cancelled'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** THL's AVAIN situational domains, used for situational factors and goals. */
export const AVAIN_DOMAINS = [
  'housing',
  'income',
  'work-and-education',
  'health',
  'substance-use',
  'social-relationships',
  'daily-life',
  'safety',
] as const;
export type AvainDomain = (typeof AVAIN_DOMAINS)[number];

/** Contact intake's client segments (its plan-requested event carries one or none). */
export const SEGMENTS = ['self-reliant', 'supported', 'cared-for', 'collaborative'] as const;
export type Segment = (typeof SEGMENTS)[number];

/**
 * The sections a plan is read in. Each has one sensitivity class (county configuration): the
 * `plan` section is the frame (status, responsible worker, care team, participation, follow-ups);
 * situational factors in the health and substance-use domains and services of health care and of
 * employment services / Kela are their own sections, so that a member whose purpose justifies
 * social work reads the social content without the health record, and the other way round.
 */
export const SECTIONS = ['plan', 'situation', 'goals', 'services', 'health', 'substance-use', 'employment'] as const;
export type Section = (typeof SECTIONS)[number];

export const SENSITIVITY_CLASSES = ['basic', 'social', 'health', 'substance-use', 'employment'] as const;
export type SensitivityClass = (typeof SENSITIVITY_CLASSES)[number];

/** Why a care-team member takes part: the purpose the county's rules weigh against a section's class. */
export const CARE_PURPOSES = [
  'social-work',
  'health-care',
  'substance-abuse-care',
  'employment-services',
  'rehabilitation',
  'service-guidance',
] as const;
export type CarePurpose = (typeof CARE_PURPOSES)[number];

export const isOneOf = <T extends string>(values: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (values as readonly string[]).includes(v);
