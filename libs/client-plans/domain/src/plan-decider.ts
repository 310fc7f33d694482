import { assertNever, DomainError, LocalDate, type Decider } from '@luotsi/kernel';
import { isGasLevel, weightHundredths } from './gas';
import type { PlanEvent, PlanHeadline } from './plan-events';
import {
  initialPlanState,
  type CareTeamMember,
  type GasLevels,
  type Goal,
  type Participation,
  type PlanActor,
  type PlanService,
  type PlanState,
  type PlanVersion,
  type SituationalFactor,
  type Worker,
} from './plan-model';
import { checkId, checkText } from './text-rules';
import {
  AVAIN_DOMAINS,
  CARE_PURPOSES,
  SECTORS,
  SEGMENTS,
  SERVICE_STATUSES,
  isOneOf,
  type AvainDomain,
  type CarePurpose,
  type GoalStatus,
  type PlanStatus,
  type Sector,
  type Segment,
  type ServiceStatus,
} from './vocabulary';

/** Every command but the first names the revision it was decided on, when the caller sent one (If-Match). */
interface Edit {
  personRef: string;
  by: PlanActor;
  today: LocalDate;
  /** The revision the caller last read; a different current revision is a conflict. */
  expectedRevision?: number;
}

export type PlanCommand =
  | {
      type: 'CreatePlan';
      personRef: string;
      planId: string;
      municipality: string | null;
      segment: Segment | null;
      responsibleOrganisation: string;
      responsibleWorker: Worker;
      creatorPurpose: CarePurpose;
      by: PlanActor;
      today: LocalDate;
    }
  | (Edit & { type: 'RecordSituation'; situation: SituationalFactor[] })
  | (Edit & { type: 'RecordParticipation'; participation: Participation })
  | (Edit & { type: 'SetFollowUpDates'; followUpDates: LocalDate[] })
  | (Edit & {
      type: 'AddGoal';
      goalId: string;
      domain: AvainDomain;
      clientWords: string;
      workerWords: string;
      weight: number;
      levels: GasLevels;
      baselineLevel: number;
    })
  | (Edit & { type: 'ChangeGoalStatus'; goalId: string; status: GoalStatus })
  | (Edit & { type: 'RecordFollowUp'; goalId: string; level: number; on: LocalDate })
  | (Edit & { type: 'AddService'; service: PlanService })
  | (Edit & { type: 'ChangeServiceStatus'; serviceId: string; status: ServiceStatus; end: LocalDate | null })
  | (Edit & { type: 'ChangeResponsibleWorker'; responsibleWorker: Worker; responsibleOrganisation: string })
  | (Edit & { type: 'AddCareTeamMember'; member: CareTeamMember })
  | (Edit & { type: 'EndCareTeamMembership'; subject: string; validTo: LocalDate })
  | (Edit & { type: 'ChangePlanStatus'; status: PlanStatus; reason: string | null })
  | (Edit & { type: 'StartNewVersion' })
  /**
   * Billing granted the person a service voucher (its public voucher-granted event): recorded in
   * the plan's services when the person has an open plan, by billing rather than by a care-team
   * member, and at most once per voucher.
   */
  | {
      type: 'RecordGrantedVoucher';
      personRef: string;
      voucherId: string;
      voucherService: string;
      grantedOn: LocalDate;
      validUntil: LocalDate;
      grantedBy: string;
    }
  /**
   * What billing published later of a voucher in the plan: the person chose a producer (the
   * service is under way), refused it (cancelled: the service is arranged otherwise) or used its
   * last visit (completed). Recorded only where the voucher is among the plan's services.
   */
  | {
      type: 'RecordVoucherProgress';
      personRef: string;
      voucherId: string;
      progress: VoucherProgress;
      on: LocalDate;
    };

/** Billing's facts of a voucher after its grant, as client plans names them. */
export const VOUCHER_PROGRESS = ['producer-chosen', 'refused', 'used-up'] as const;
export type VoucherProgress = (typeof VOUCHER_PROGRESS)[number];

/** The status each fact gives the voucher's service in the plan. */
const VOUCHER_PROGRESS_STATUS: Readonly<Record<VoucherProgress, ServiceStatus>> = {
  'producer-chosen': 'ongoing',
  refused: 'cancelled',
  'used-up': 'completed',
};

/** How far along a service is, for billing's facts, which only move a voucher forward. */
const SERVICE_PROGRESS_RANK: Readonly<Record<ServiceStatus, number>> = { planned: 0, ongoing: 1, completed: 2, cancelled: 2 };

/** The sector a voucher's service belongs to; services billing adds later fall to health care. */
const VOUCHER_SECTORS: Record<string, Sector> = {
  'social-rehabilitation': 'social-welfare',
  'home-care': 'social-welfare',
};

/** What the plan says of a granted voucher: a planned service from its grant to its last day. */
export function voucherAsService(c: Extract<PlanCommand, { type: 'RecordGrantedVoucher' }>): PlanService {
  return {
    serviceId: c.voucherId,
    sector: VOUCHER_SECTORS[c.voucherService] ?? 'health-care',
    name: `Service voucher: ${c.voucherService}`,
    organisation: 'the county (service voucher)',
    responsibleWorker: c.grantedBy,
    start: c.grantedOn,
    end: c.validUntil,
    status: 'planned',
  };
}

/** The transitions a plan's status allows; completed, revoked and entered-in-error are final. */
export const PLAN_TRANSITIONS: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  draft: ['active', 'revoked', 'entered-in-error'],
  active: ['on-hold', 'completed', 'revoked', 'entered-in-error'],
  'on-hold': ['active', 'completed', 'revoked', 'entered-in-error'],
  completed: [],
  revoked: [],
  'entered-in-error': [],
};

/** The transitions a goal's status allows; achieved, not achieved and cancelled are final. */
export const GOAL_TRANSITIONS: Readonly<Record<GoalStatus, readonly GoalStatus[]>> = {
  proposed: ['active', 'cancelled'],
  active: ['achieved', 'not-achieved', 'cancelled'],
  achieved: [],
  'not-achieved': [],
  cancelled: [],
};

const SERVICE_TRANSITIONS: Readonly<Record<ServiceStatus, readonly ServiceStatus[]>> = {
  planned: ['ongoing', 'cancelled'],
  ongoing: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

/** The roles that create and edit plans. The social guide routes clients and decides nothing (the Tampere pilot). */
export const PLAN_WRITER_ROLES: readonly string[] = ['plan-worker'];

export const planStream = (personRef: string): string => `plan-${personRef}`;

const invalid = (code: string, message: string, details: Record<string, unknown> = {}): never => {
  throw new DomainError(code, message, details, 'validation');
};

/** Whether a member's membership holds on a date (valid from–to, both inclusive). */
export const memberOn = (m: CareTeamMember, day: LocalDate): boolean => m.validFrom <= day && (m.validTo === null || day <= m.validTo);

export const currentMemberships = (plan: PlanVersion, subject: string, day: LocalDate): CareTeamMember[] =>
  plan.careTeam.filter((m) => m.subject === subject && memberOn(m, day));

function requireWriterRole(by: PlanActor): void {
  if (by.role === 'guidance')
    throw new DomainError(
      'GUIDE_MAY_NOT_DECIDE',
      'a social guide routes clients; plans are made and changed by plan workers',
      { role: by.role },
      'forbidden',
    );
  if (!PLAN_WRITER_ROLES.includes(by.role))
    throw new DomainError(
      'FORBIDDEN_ROLE',
      'plans are made and changed by plan workers',
      { role: by.role, allowed: PLAN_WRITER_ROLES },
      'forbidden',
    );
}

function checkWorker(field: string, w: Worker): void {
  if (!w || typeof w !== 'object') invalid('INVALID_WORKER', `${field} is a worker { subject, name, organisation }`, { field });
  checkId(`${field}.subject`, w.subject);
  checkText({ [`${field}.name`]: w.name, [`${field}.organisation`]: w.organisation }, 200, [`${field}.name`, `${field}.organisation`]);
}

function checkDate(field: string, value: unknown): LocalDate {
  return typeof value === 'string' && LocalDate.isValid(value)
    ? (value as LocalDate)
    : invalid('INVALID_DATE', `${field} must be a date YYYY-MM-DD`, { field });
}

function checkMember(m: CareTeamMember): void {
  checkId('member.subject', m.subject);
  checkText({ 'member.name': m.name, 'member.role': m.role, 'member.organisation': m.organisation }, 200, [
    'member.name',
    'member.role',
    'member.organisation',
  ]);
  if (!isOneOf(CARE_PURPOSES, m.purpose))
    invalid('INVALID_PURPOSE', `member.purpose is one of ${CARE_PURPOSES.join(', ')}`, { allowed: CARE_PURPOSES });
  checkDate('member.validFrom', m.validFrom);
  if (m.validTo !== null) {
    checkDate('member.validTo', m.validTo);
    if (m.validTo < m.validFrom) invalid('INVALID_PERIOD', 'member.validTo is on or after validFrom', {});
  }
}

function checkService(s: PlanService): void {
  checkId('service.serviceId', s.serviceId);
  if (!isOneOf(SECTORS, s.sector)) invalid('INVALID_SECTOR', `service.sector is one of ${SECTORS.join(', ')}`, { allowed: SECTORS });
  checkText({ 'service.name': s.name, 'service.organisation': s.organisation, 'service.responsibleWorker': s.responsibleWorker }, 200, [
    'service.name',
    'service.organisation',
    'service.responsibleWorker',
  ]);
  checkDate('service.start', s.start);
  if (s.end !== null) {
    checkDate('service.end', s.end);
    if (s.end < s.start) invalid('INVALID_PERIOD', 'service.end is on or after start', {});
  }
  if (!isOneOf(SERVICE_STATUSES, s.status))
    invalid('INVALID_STATUS', `service.status is one of ${SERVICE_STATUSES.join(', ')}`, { allowed: SERVICE_STATUSES });
}

function checkLevels(levels: GasLevels): void {
  if (!levels || typeof levels !== 'object') invalid('INVALID_LEVELS', 'levels describe -2, -1, 0, 1 and 2', {});
  const keys = ['-2', '-1', '0', '1', '2'] as const;
  const extra = Object.keys(levels).filter((k) => !(keys as readonly string[]).includes(k));
  if (extra.length > 0)
    invalid('INVALID_LEVELS', 'levels describe exactly -2, -1, 0, 1 and 2', { extra: extra.slice(0, 5).map((k) => k.slice(0, 20)) });
  checkText(
    Object.fromEntries(keys.map((k) => [`levels.${k}`, levels[k]])),
    500,
    keys.map((k) => `levels.${k}`),
  );
}

/** The current version, or why the command cannot act on it. */
function editable(state: PlanState, command: Edit): PlanVersion {
  if (!state.exists || !state.current) throw new DomainError('PLAN_NOT_FOUND', 'this person has no plan', {}, 'not_found');
  if (command.expectedRevision !== undefined && command.expectedRevision !== state.revision)
    throw new DomainError(
      'REVISION_CONFLICT',
      `the plan is at revision ${state.revision}, not ${command.expectedRevision}: read it again and retry`,
      { expectedRevision: command.expectedRevision, currentRevision: state.revision },
      'conflict',
    );
  requireWriterRole(command.by);
  const plan = state.current;
  // The writer must be in the care team today: writing is processing too (703/2023).
  if (currentMemberships(plan, command.by.subject, command.today).length === 0)
    throw new DomainError('NOT_IN_CARE_TEAM', 'only a current member of the care team changes the plan', {}, 'forbidden');
  return plan;
}

function requireOpen(plan: PlanVersion): void {
  if (plan.status === 'completed')
    throw new DomainError('PLAN_COMPLETED', 'a completed plan is not edited: start a new version', { version: plan.version }, 'conflict');
  if (plan.status === 'revoked' || plan.status === 'entered-in-error')
    throw new DomainError('PLAN_CLOSED', `the plan is ${plan.status}`, { status: plan.status }, 'conflict');
}

/**
 * The plan version billing's facts are recorded in: the current one, unless there is no plan or it
 * is final (completed, revoked, entered in error). Billing's facts are not refused when there is
 * none: they stand in billing alone.
 */
const openPlanOf = (state: PlanState): PlanVersion | null => {
  const plan = state.exists ? state.current : null;
  return plan && PLAN_TRANSITIONS[plan.status].length > 0 ? plan : null;
};

const serviceStatusChanged = (
  state: PlanState,
  plan: PlanVersion,
  serviceId: string,
  status: ServiceStatus,
  end: LocalDate | null,
  by: string,
): PlanEvent => ({ type: 'ServiceStatusChanged', data: { planId: state.planId, version: plan.version, serviceId, status, end, by } });

const headline = (state: PlanState, plan: PlanVersion, status: PlanStatus = plan.status): PlanHeadline => ({
  planId: state.planId,
  personRef: state.personRef,
  version: plan.version,
  status,
  responsibleOrganisation: plan.responsibleOrganisation,
  municipality: state.municipality,
});

function goalOf(plan: PlanVersion, goalId: string): Goal {
  const goal = plan.goals.find((g) => g.goalId === goalId);
  if (!goal)
    throw new DomainError('GOAL_NOT_FOUND', `no goal ${goalId.slice(0, 100)} in this plan`, { goalId: goalId.slice(0, 100) }, 'not_found');
  return goal;
}

function decide(command: PlanCommand, state: PlanState): PlanEvent[] {
  switch (command.type) {
    case 'CreatePlan': {
      requireWriterRole(command.by);
      if (state.exists)
        throw new DomainError(
          'PLAN_EXISTS',
          'this person already has a plan',
          { planId: state.planId, revision: state.revision },
          'conflict',
        );
      checkId('planId', command.planId);
      if (command.municipality !== null && !/^\d{3}$/.test(command.municipality))
        invalid('INVALID_MUNICIPALITY', 'municipality is a three-digit code', {});
      if (command.segment !== null && !isOneOf(SEGMENTS, command.segment))
        invalid('INVALID_SEGMENT', `segment is one of ${SEGMENTS.join(', ')}`, { allowed: SEGMENTS });
      checkText({ responsibleOrganisation: command.responsibleOrganisation }, 200, ['responsibleOrganisation']);
      checkWorker('responsibleWorker', command.responsibleWorker);
      if (!isOneOf(CARE_PURPOSES, command.creatorPurpose))
        invalid('INVALID_PURPOSE', `purpose is one of ${CARE_PURPOSES.join(', ')}`, { allowed: CARE_PURPOSES });
      return [
        {
          type: 'PlanCreated',
          data: {
            planId: command.planId,
            personRef: command.personRef,
            version: 1,
            status: 'draft',
            responsibleOrganisation: command.responsibleOrganisation,
            municipality: command.municipality,
            segment: command.segment,
            responsibleWorker: command.responsibleWorker,
            creatorPurpose: command.creatorPurpose,
            creatorRole: command.by.role,
            creatorSubject: command.by.subject,
            createdOn: command.today,
            createdBy: command.by.label,
          },
        },
      ];
    }
    case 'RecordSituation': {
      const plan = editable(state, command);
      requireOpen(plan);
      if (!Array.isArray(command.situation) || command.situation.length > 50)
        invalid('INVALID_SITUATION', 'situation is a list of at most 50 factors', {});
      command.situation.forEach((f, i) => {
        if (!isOneOf(AVAIN_DOMAINS, f.domain))
          invalid('INVALID_DOMAIN', `situation[${i}].domain is one of ${AVAIN_DOMAINS.join(', ')}`, { allowed: AVAIN_DOMAINS });
        checkText({ [`situation[${i}].description`]: f.description }, 2000, [`situation[${i}].description`]);
      });
      return [
        {
          type: 'SituationRecorded',
          data: { planId: state.planId, version: plan.version, situation: command.situation, by: command.by.label },
        },
      ];
    }
    case 'RecordParticipation': {
      const plan = editable(state, command);
      requireOpen(plan);
      const p = command.participation;
      checkText({ howParticipated: p.howParticipated, agreedTo: p.agreedTo, clientView: p.clientView }, 2000, [
        'howParticipated',
        'agreedTo',
      ]);
      return [
        { type: 'ParticipationRecorded', data: { planId: state.planId, version: plan.version, participation: p, by: command.by.label } },
      ];
    }
    case 'SetFollowUpDates': {
      const plan = editable(state, command);
      requireOpen(plan);
      if (!Array.isArray(command.followUpDates) || command.followUpDates.length > 24)
        invalid('INVALID_DATES', 'followUpDates is a list of at most 24 dates', {});
      command.followUpDates.forEach((d, i) => checkDate(`followUpDates[${i}]`, d));
      const dates = [...new Set(command.followUpDates)].sort();
      return [
        { type: 'FollowUpDatesSet', data: { planId: state.planId, version: plan.version, followUpDates: dates, by: command.by.label } },
      ];
    }
    case 'AddGoal': {
      const plan = editable(state, command);
      requireOpen(plan);
      checkId('goalId', command.goalId);
      if (plan.goals.some((g) => g.goalId === command.goalId))
        throw new DomainError('GOAL_EXISTS', 'this plan already has a goal with that id', { goalId: command.goalId }, 'conflict');
      if (!isOneOf(AVAIN_DOMAINS, command.domain))
        invalid('INVALID_DOMAIN', `domain is one of ${AVAIN_DOMAINS.join(', ')}`, { allowed: AVAIN_DOMAINS });
      checkText({ clientWords: command.clientWords, workerWords: command.workerWords }, 2000, ['clientWords', 'workerWords']);
      weightHundredths(command.weight);
      checkLevels(command.levels);
      if (!isGasLevel(command.baselineLevel) || command.baselineLevel > 0)
        invalid('INVALID_LEVEL', 'baselineLevel is -2, -1 or 0 (a goal starts at or below the expected outcome)', {});
      return [
        {
          type: 'GoalAdded',
          data: {
            planId: state.planId,
            version: plan.version,
            goalId: command.goalId,
            domain: command.domain,
            clientWords: command.clientWords,
            workerWords: command.workerWords,
            weight: command.weight,
            levels: command.levels,
            baselineLevel: command.baselineLevel,
            by: command.by.label,
          },
        },
      ];
    }
    case 'ChangeGoalStatus': {
      const plan = editable(state, command);
      requireOpen(plan);
      const goal = goalOf(plan, command.goalId);
      if (goal.status === command.status) return [];
      if (!GOAL_TRANSITIONS[goal.status].includes(command.status))
        throw new DomainError(
          'GOAL_TRANSITION_NOT_ALLOWED',
          `a ${goal.status} goal cannot become ${String(command.status).slice(0, 40)}`,
          { from: goal.status, to: String(command.status).slice(0, 40), allowed: GOAL_TRANSITIONS[goal.status] },
          'rule',
        );
      return [
        {
          type: 'GoalStatusChanged',
          data: {
            planId: state.planId,
            version: plan.version,
            goalId: goal.goalId,
            from: goal.status,
            to: command.status,
            on: command.today,
            by: command.by.label,
          },
        },
      ];
    }
    case 'RecordFollowUp': {
      const plan = editable(state, command);
      requireOpen(plan);
      const goal = goalOf(plan, command.goalId);
      if (goal.status !== 'active')
        throw new DomainError('GOAL_NOT_ACTIVE', 'only an active goal is followed up', { status: goal.status }, 'rule');
      if (!isGasLevel(command.level)) invalid('INVALID_LEVEL', 'level is a whole number from -2 to 2', {});
      const on = checkDate('on', command.on);
      if (on > command.today)
        throw new DomainError('FOLLOW_UP_IN_FUTURE', 'a follow-up records what was attained, not ahead of time', { on }, 'rule');
      return [
        {
          type: 'GoalFollowedUp',
          data: { planId: state.planId, version: plan.version, goalId: goal.goalId, level: command.level, on, by: command.by.label },
        },
      ];
    }
    case 'AddService': {
      const plan = editable(state, command);
      requireOpen(plan);
      checkService(command.service);
      if (plan.services.some((s) => s.serviceId === command.service.serviceId))
        throw new DomainError(
          'SERVICE_EXISTS',
          'this plan already has a service with that id',
          { serviceId: command.service.serviceId },
          'conflict',
        );
      return [
        { type: 'ServiceAdded', data: { planId: state.planId, version: plan.version, service: command.service, by: command.by.label } },
      ];
    }
    case 'RecordGrantedVoucher': {
      // No plan, or a closed one, has nowhere to show the voucher: the grant stands in billing alone.
      const plan = openPlanOf(state);
      if (!plan) return [];
      if (plan.services.some((s) => s.serviceId === command.voucherId)) return [];
      const service = voucherAsService(command);
      checkService(service);
      return [{ type: 'ServiceAdded', data: { planId: state.planId, version: plan.version, service, by: 'billing:voucher-granted' } }];
    }
    case 'RecordVoucherProgress': {
      const plan = openPlanOf(state);
      if (!plan) return [];
      const service = plan.services.find((s) => s.serviceId === command.voucherId);
      if (!service || !isOneOf(VOUCHER_PROGRESS, command.progress)) return [];
      const status = VOUCHER_PROGRESS_STATUS[command.progress];
      // Billing's facts only move a voucher forward: a service already completed or cancelled (by
      // billing, or by a worker who knew first) stays so, and a fact repeated writes nothing. A
      // voucher used up without a producer-chosen fact seen goes from planned straight to
      // completed: the worker's transition table does not bind what billing reports as done.
      if (SERVICE_PROGRESS_RANK[service.status] >= SERVICE_PROGRESS_RANK[status]) return [];
      const on = checkDate('on', command.on);
      const end = status === 'ongoing' ? service.end : on < service.start ? service.start : on;
      return [serviceStatusChanged(state, plan, service.serviceId, status, end, `billing:voucher-${command.progress}`)];
    }
    case 'ChangeServiceStatus': {
      const plan = editable(state, command);
      requireOpen(plan);
      const service = plan.services.find((s) => s.serviceId === command.serviceId);
      if (!service) throw new DomainError('SERVICE_NOT_FOUND', 'no such service in this plan', {}, 'not_found');
      if (!isOneOf(SERVICE_STATUSES, command.status))
        invalid('INVALID_STATUS', `status is one of ${SERVICE_STATUSES.join(', ')}`, { allowed: SERVICE_STATUSES });
      if (service.status === command.status) return [];
      if (!SERVICE_TRANSITIONS[service.status].includes(command.status))
        throw new DomainError(
          'SERVICE_TRANSITION_NOT_ALLOWED',
          `a ${service.status} service cannot become ${command.status}`,
          { from: service.status, to: command.status },
          'rule',
        );
      const end =
        command.end === null
          ? command.status === 'completed' || command.status === 'cancelled'
            ? command.today
            : service.end
          : checkDate('end', command.end);
      if (end !== null && end < service.start) invalid('INVALID_PERIOD', 'end is on or after the service start', {});
      return [serviceStatusChanged(state, plan, service.serviceId, command.status, end, command.by.label)];
    }
    case 'ChangeResponsibleWorker': {
      const plan = editable(state, command);
      requireOpen(plan);
      checkWorker('responsibleWorker', command.responsibleWorker);
      checkText({ responsibleOrganisation: command.responsibleOrganisation }, 200, ['responsibleOrganisation']);
      if (
        plan.responsibleWorker.subject === command.responsibleWorker.subject &&
        plan.responsibleOrganisation === command.responsibleOrganisation
      )
        return [];
      return [
        {
          type: 'ResponsibleWorkerChanged',
          data: {
            ...headline(state, { ...plan, responsibleOrganisation: command.responsibleOrganisation }),
            responsibleWorker: command.responsibleWorker,
            by: command.by.label,
          },
        },
      ];
    }
    case 'AddCareTeamMember': {
      const plan = editable(state, command);
      requireOpen(plan);
      checkMember(command.member);
      const overlapping = plan.careTeam.some(
        (m) =>
          m.subject === command.member.subject &&
          m.purpose === command.member.purpose &&
          (m.validTo === null || m.validTo >= command.member.validFrom) &&
          (command.member.validTo === null || command.member.validTo >= m.validFrom),
      );
      if (overlapping)
        throw new DomainError(
          'MEMBERSHIP_OVERLAPS',
          'this member already has a membership for that purpose in that period',
          {},
          'conflict',
        );
      return [
        {
          type: 'CareTeamMemberAdded',
          data: { planId: state.planId, version: plan.version, member: command.member, by: command.by.label },
        },
      ];
    }
    case 'EndCareTeamMembership': {
      const plan = editable(state, command);
      requireOpen(plan);
      const validTo = checkDate('validTo', command.validTo);
      const open = plan.careTeam.filter((m) => m.subject === command.subject && (m.validTo === null || m.validTo > validTo));
      if (open.length === 0) throw new DomainError('MEMBER_NOT_FOUND', 'no membership of that member runs past that date', {}, 'not_found');
      if (command.subject === plan.responsibleWorker.subject)
        throw new DomainError('RESPONSIBLE_WORKER_STAYS', 'the responsible worker stays in the team: name another one first', {}, 'rule');
      if (open.some((m) => m.validFrom > validTo)) invalid('INVALID_PERIOD', 'validTo is on or after the membership began', {});
      return [
        {
          type: 'CareTeamMembershipEnded',
          data: { planId: state.planId, version: plan.version, subject: command.subject, validTo, by: command.by.label },
        },
      ];
    }
    case 'ChangePlanStatus': {
      const plan = editable(state, command);
      if (!isOneOf(Object.keys(PLAN_TRANSITIONS) as PlanStatus[], command.status))
        invalid('INVALID_STATUS', `status is one of ${Object.keys(PLAN_TRANSITIONS).join(', ')}`, {
          allowed: Object.keys(PLAN_TRANSITIONS),
        });
      if (plan.status === command.status) return [];
      if (!PLAN_TRANSITIONS[plan.status].includes(command.status)) {
        if (plan.status === 'completed') requireOpen(plan);
        throw new DomainError(
          'PLAN_TRANSITION_NOT_ALLOWED',
          `a ${plan.status} plan cannot become ${command.status}`,
          { from: plan.status, to: command.status, allowed: PLAN_TRANSITIONS[plan.status] },
          'rule',
        );
      }
      checkText({ reason: command.reason }, 500, command.status === 'revoked' || command.status === 'entered-in-error' ? ['reason'] : []);
      if (command.status === 'active' && plan.goals.length === 0)
        throw new DomainError('PLAN_WITHOUT_GOALS', 'a plan becomes active with at least one goal', {}, 'rule');
      return [
        {
          type: 'PlanStatusChanged',
          data: {
            ...headline(state, plan, command.status),
            from: plan.status,
            on: command.today,
            reason: command.reason,
            by: command.by.label,
          },
        },
      ];
    }
    case 'StartNewVersion': {
      const plan = editable(state, command);
      if (plan.status !== 'completed')
        throw new DomainError('PLAN_NOT_COMPLETED', 'a new version replaces a completed plan only', { status: plan.status }, 'rule');
      return [
        {
          type: 'PlanVersionStarted',
          data: {
            ...headline(state, { ...plan, version: plan.version + 1 }, 'draft'),
            previousVersion: plan.version,
            on: command.today,
            by: command.by.label,
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

const onCurrent = (state: PlanState, f: (v: PlanVersion) => PlanVersion): PlanState =>
  state.current ? { ...state, current: f(state.current) } : state;
const mapGoal = (v: PlanVersion, goalId: string, f: (g: Goal) => Goal): PlanVersion => ({
  ...v,
  goals: v.goals.map((g) => (g.goalId === goalId ? f(g) : g)),
});

function evolveContent(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'PlanCreated': {
      const d = event.data;
      const creator: CareTeamMember = {
        subject: d.responsibleWorker.subject,
        name: d.responsibleWorker.name,
        role: 'responsible worker',
        organisation: d.responsibleWorker.organisation,
        purpose: d.creatorPurpose,
        validFrom: d.createdOn,
        validTo: null,
      };
      const creatorSubject = d.creatorSubject;
      const team: CareTeamMember[] =
        creatorSubject === d.responsibleWorker.subject
          ? [creator]
          : [
              creator,
              { ...creator, subject: creatorSubject, name: creatorSubject, role: 'plan author', organisation: d.responsibleOrganisation },
            ];
      return {
        ...state,
        exists: true,
        planId: d.planId,
        personRef: d.personRef,
        municipality: d.municipality,
        segment: d.segment,
        current: {
          version: 1,
          status: 'draft',
          createdOn: d.createdOn,
          responsibleOrganisation: d.responsibleOrganisation,
          responsibleWorker: d.responsibleWorker,
          situation: [],
          goals: [],
          services: [],
          careTeam: team,
          participation: null,
          followUpDates: [],
          statusHistory: [{ status: 'draft', on: d.createdOn, by: d.createdBy, reason: null }],
        },
      };
    }
    case 'SituationRecorded':
      return onCurrent(state, (v) => ({ ...v, situation: event.data.situation }));
    case 'ParticipationRecorded':
      return onCurrent(state, (v) => ({ ...v, participation: event.data.participation }));
    case 'FollowUpDatesSet':
      return onCurrent(state, (v) => ({ ...v, followUpDates: event.data.followUpDates }));
    case 'GoalAdded': {
      const { planId: _p, version: _v, by: _b, ...goal } = event.data;
      return onCurrent(state, (v) => ({ ...v, goals: [...v.goals, { ...goal, status: 'proposed', followUps: [] }] }));
    }
    case 'GoalStatusChanged':
      return onCurrent(state, (v) => mapGoal(v, event.data.goalId, (g) => ({ ...g, status: event.data.to })));
    case 'GoalFollowedUp':
      return onCurrent(state, (v) =>
        mapGoal(v, event.data.goalId, (g) => ({
          ...g,
          followUps: [...g.followUps, { on: event.data.on, level: event.data.level, by: event.data.by }],
        })),
      );
    case 'ServiceAdded':
      return onCurrent(state, (v) => ({ ...v, services: [...v.services, event.data.service] }));
    case 'ServiceStatusChanged':
      return onCurrent(state, (v) => ({
        ...v,
        services: v.services.map((s) =>
          s.serviceId === event.data.serviceId ? { ...s, status: event.data.status, end: event.data.end } : s,
        ),
      }));
    case 'ResponsibleWorkerChanged':
      return onCurrent(state, (v) => {
        const w = event.data.responsibleWorker;
        const inTeam = v.careTeam.some((m) => m.subject === w.subject && m.validTo === null);
        const purpose = v.careTeam.find((m) => m.subject === v.responsibleWorker.subject)?.purpose ?? 'social-work';
        return {
          ...v,
          responsibleWorker: w,
          responsibleOrganisation: event.data.responsibleOrganisation,
          careTeam: inTeam
            ? v.careTeam
            : [
                ...v.careTeam,
                {
                  subject: w.subject,
                  name: w.name,
                  role: 'responsible worker',
                  organisation: w.organisation,
                  purpose,
                  validFrom: v.statusHistory[v.statusHistory.length - 1]!.on,
                  validTo: null,
                },
              ],
        };
      });
    case 'CareTeamMemberAdded':
      return onCurrent(state, (v) => ({ ...v, careTeam: [...v.careTeam, event.data.member] }));
    case 'CareTeamMembershipEnded':
      return onCurrent(state, (v) => ({
        ...v,
        careTeam: v.careTeam.map((m) =>
          m.subject === event.data.subject && (m.validTo === null || m.validTo > event.data.validTo)
            ? { ...m, validTo: event.data.validTo }
            : m,
        ),
      }));
    case 'PlanStatusChanged':
      return onCurrent(state, (v) => ({
        ...v,
        status: event.data.status,
        statusHistory: [...v.statusHistory, { status: event.data.status, on: event.data.on, by: event.data.by, reason: event.data.reason }],
      }));
    case 'PlanVersionStarted': {
      const old = state.current;
      if (!old) return state;
      // The new version carries on what is still open: goals not yet finished (with their levels
      // so far), services planned or ongoing, the team whose membership runs on; the old version
      // is kept as it was completed.
      const next: PlanVersion = {
        ...old,
        version: event.data.version,
        status: 'draft',
        createdOn: event.data.on,
        goals: old.goals.filter((g) => g.status === 'proposed' || g.status === 'active'),
        services: old.services.filter((s) => s.status === 'planned' || s.status === 'ongoing'),
        careTeam: old.careTeam.filter((m) => m.validTo === null || m.validTo >= event.data.on),
        participation: null,
        followUpDates: old.followUpDates.filter((d) => d > event.data.on),
        statusHistory: [{ status: 'draft', on: event.data.on, by: event.data.by, reason: null }],
      };
      return { ...state, previous: [...state.previous, old], current: next };
    }
    default:
      return assertNever(event);
  }
}

function evolve(state: PlanState, event: PlanEvent): PlanState {
  return { ...evolveContent(state, event), revision: state.revision + 1 };
}

export const planDecider: Decider<PlanCommand, PlanEvent, PlanState> = { decide, evolve, initialState: initialPlanState };
