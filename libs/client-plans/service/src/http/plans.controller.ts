import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError, PersonRef, type LocalDate } from '@luotsi/kernel';
import { todayOf, type CommandEnvelope } from '@luotsi/eventstore';
import {
  Access,
  CurrentActor,
  ErrorBody,
  Idempotent,
  RequestEnvelope,
  requestContextOf,
  type AccessRule,
  type Actor,
} from '@luotsi/runtime';
import type {
  AvainDomain,
  CarePurpose,
  GoalStatus,
  PlanStatus,
  Section,
  Sector,
  Segment,
  ServiceStatus,
} from '@luotsi/client-plans-domain';
import { PlanService, etagOf, expectedRevisionOf, sectionsOf, type PlanCommandInput } from '../plan-service';
import {
  BreakTheGlassDto,
  CareTeamMemberDto,
  CreatePlanDto,
  EndMembershipDto,
  FollowUpDatesDto,
  FollowUpDto,
  GoalDto,
  GoalStatusDto,
  ParticipationDto,
  PlanStatusDto,
  ResponsibleWorkerDto,
  ServiceDto,
  ServiceStatusDto,
  SituationDto,
} from './dtos';

/**
 * Who may call the plan routes. Plans are made and changed by plan workers only (the social guide
 * routes and decides nothing); the content decides more than the route: membership of the care
 * team and the purpose there (PlanService), so these routes record their own access-log entry with
 * the sections read or written (`recordedByHandler`). A resident reads their own plan.
 */
const WRITE: AccessRule = { roles: ['plan-worker'], purpose: 'client-planning', recordedByHandler: true };
const READ: AccessRule = {
  roles: ['plan-worker', 'guidance', 'resident'],
  scope: { ownPerson: 'personRef' },
  purpose: 'client-planning',
  recordedByHandler: true,
};
const BREAK_GLASS: AccessRule = { roles: ['plan-worker'], purpose: 'client-planning', recordedByHandler: true };

const WRITE_ERRORS = 'NOT_IN_CARE_TEAM (not a current member of the care team), GUIDE_MAY_NOT_DECIDE, FORBIDDEN_ROLE, FORBIDDEN_SCOPE';
const CONFLICTS = 'REVISION_CONFLICT (If-Match is not the current revision; details.currentRevision), PLAN_COMPLETED, PLAN_CLOSED';

function personRefOf(value: string): string {
  if (!PersonRef.isValid(value)) throw new DomainError('INVALID_PERSON_REF', 'not a person reference (per_…)', {}, 'validation');
  return value;
}

function versionOf(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^[1-9]\d{0,3}$/.test(value))
    throw new DomainError('INVALID_QUERY', 'version is a whole number from 1', { parameter: 'version' }, 'validation');
  return Number(value);
}

function onlyQuery(query: Request['query'], allowed: readonly string[]): void {
  for (const name of Object.keys(query ?? {}))
    if (!allowed.includes(name))
      throw new DomainError(
        'INVALID_QUERY',
        `this route takes only ${allowed.join(', ') || 'no query parameters'}`,
        { parameter: name.slice(0, 100), allowed },
        'validation',
      );
}

@ApiTags('client plans')
@ApiBearerAuth()
@ApiBadRequestResponse({
  type: ErrorBody,
  description:
    'VALIDATION_FAILED, INVALID_PERSON_REF, INVALID_IF_MATCH, INVALID_QUERY, INVALID_SECTIONS, TEXT_REQUIRED, TEXT_TOO_LONG, IDENTITY_CODE_NOT_ALLOWED, INVALID_DATE, INVALID_PERIOD, INVALID_LEVEL, INVALID_WEIGHT',
})
@ApiUnauthorizedResponse({ type: ErrorBody, description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED' })
@ApiForbiddenResponse({
  type: ErrorBody,
  description: `${WRITE_ERRORS}; on reads PURPOSE_NOT_JUSTIFIED, SECTIONS_WITHHELD (no section named)`,
})
@ApiNotFoundResponse({
  type: ErrorBody,
  description: 'PLAN_NOT_FOUND, GOAL_NOT_FOUND, SERVICE_NOT_FOUND, MEMBER_NOT_FOUND, VERSION_NOT_FOUND',
})
@Controller('persons/:personRef/plan')
export class PlansController {
  constructor(private readonly plans: PlanService) {}

  private async command(
    req: Request,
    res: Response,
    actor: Actor,
    envelope: CommandEnvelope,
    personRef: string,
    sections: Section[],
    input: (base: { personRef: string; expectedRevision?: number }) => PlanCommandInput,
  ) {
    const ref = personRefOf(personRef);
    const expected = expectedRevisionOf(req.headers['if-match']);
    const command = input({ personRef: ref, ...(expected !== undefined ? { expectedRevision: expected } : {}) });
    const result = await this.plans.write(req, actor, command, sections, envelope);
    if (result.revision !== null) res.setHeader('ETag', etagOf(result.revision));
    return {
      planId: result.state.planId,
      version: result.state.current?.version ?? null,
      revision: result.revision,
      changed: result.events.length > 0,
    };
  }

  @Post()
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({
    summary:
      "Create a person's one plan (a draft; the creator joins the care team). A second create is 409 PLAN_EXISTS with the plan's id.",
  })
  @ApiCreatedResponse({ description: 'planId, version and revision; ETag' })
  @ApiConflictResponse({ type: ErrorBody, description: 'PLAN_EXISTS (details.planId)' })
  create(
    @Param('personRef') personRef: string,
    @Body() body: CreatePlanDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command(req, res, actor, envelope, personRef, ['plan'], (b) => ({
      type: 'CreatePlan',
      personRef: b.personRef,
      planId: randomUUID(),
      municipality: body.municipality ?? null,
      segment: (body.segment ?? null) as Segment | null,
      responsibleOrganisation: body.responsibleOrganisation,
      responsibleWorker: body.responsibleWorker ?? {
        subject: actor.id,
        name: actor.username ?? actor.id,
        organisation: actor.organisation ?? body.responsibleOrganisation,
      },
      creatorPurpose: body.purpose as CarePurpose,
    }));
  }

  @Get()
  @Access(READ)
  @ApiOperation({
    summary:
      "Read a person's plan: the resident the whole of their own; a care-team member the sections their purpose justifies (others withheld, unnamed); every read is in the access log",
  })
  @ApiQuery({
    name: 'sections',
    required: false,
    description: 'comma-separated sections; any not justified refuses the read (403 SECTIONS_WITHHELD)',
  })
  @ApiQuery({ name: 'version', required: false, description: 'an earlier version (a completed plan replaced by a new one)' })
  @ApiOkResponse({ description: 'the visible sections, basis, withheldSections, versions; ETag = the revision' })
  async read(
    @Param('personRef') personRef: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentActor() actor: Actor,
  ) {
    onlyQuery(req.query, ['sections', 'version']);
    const options = {
      ...(sectionsOf(req.query['sections']) ? { sections: sectionsOf(req.query['sections'])! } : {}),
      ...(versionOf(req.query['version']) !== undefined ? { version: versionOf(req.query['version'])! } : {}),
    };
    const { revision, body } = await this.plans.read(req, actor, personRefOf(personRef), options, requestContextOf(req)!.now);
    res.setHeader('ETag', etagOf(revision));
    return body;
  }

  @Post('break-the-glass')
  @HttpCode(200)
  @Access(BREAK_GLASS)
  @ApiOperation({
    summary:
      'Open a plan without a care relationship, with a stated reason: logged as break-the-glass and listed for the auditors (GET /access-log/break-the-glass)',
  })
  @ApiOkResponse({ description: 'the plan (the sections asked for, or all)' })
  async breakTheGlass(
    @Param('personRef') personRef: string,
    @Body() body: BreakTheGlassDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentActor() actor: Actor,
  ) {
    onlyQuery(req.query, []);
    const { revision, body: plan } = await this.plans.read(
      req,
      actor,
      personRefOf(personRef),
      { breakTheGlass: body.reason, ...(body.sections ? { sections: body.sections as Section[] } : {}) },
      requestContextOf(req)!.now,
    );
    res.setHeader('ETag', etagOf(revision));
    return plan;
  }

  @Put('situation')
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({ summary: "Record the client's situation (AVAIN situational factors); If-Match for the revision read" })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiConflictResponse({ type: ErrorBody, description: CONFLICTS })
  situation(
    @Param('personRef') p: string,
    @Body() body: SituationDto,
    @CurrentActor() a: Actor,
    @RequestEnvelope() e: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command(req, res, a, e, p, ['situation', 'health', 'substance-use'], (b) => ({
      ...b,
      type: 'RecordSituation',
      situation: body.situation.map((f) => ({ domain: f.domain as AvainDomain, description: f.description })),
    }));
  }

  @Put('participation')
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({ summary: 'Record how the client took part and what they agreed to' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiConflictResponse({ type: ErrorBody, description: CONFLICTS })
  participation(
    @Param('personRef') p: string,
    @Body() body: ParticipationDto,
    @CurrentActor() a: Actor,
    @RequestEnvelope() e: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command(req, res, a, e, p, ['plan'], (b) => ({
      ...b,
      type: 'RecordParticipation',
      participation: { howParticipated: body.howParticipated, agreedTo: body.agreedTo, clientView: body.clientView ?? '' },
    }));
  }

  @Put('follow-up-dates')
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({ summary: 'Set the follow-up dates' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiConflictResponse({ type: ErrorBody, description: CONFLICTS })
  followUpDates(
    @Param('personRef') p: string,
    @Body() body: FollowUpDatesDto,
    @CurrentActor() a: Actor,
    @RequestEnvelope() e: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command(req, res, a, e, p, ['plan'], (b) => ({
      ...b,
      type: 'SetFollowUpDates',
      followUpDates: body.followUpDates as LocalDate[],
    }));
  }

  @Post('goals')
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({ summary: "Add a goal in the client's and the worker's words, with its GAS levels −2…+2 and weight" })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiConflictResponse({ type: ErrorBody, description: `${CONFLICTS}, GOAL_EXISTS` })
  addGoal(
    @Param('personRef') p: string,
    @Body() body: GoalDto,
    @CurrentActor() a: Actor,
    @RequestEnvelope() e: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command(req, res, a, e, p, ['goals'], (b) => ({
      ...b,
      type: 'AddGoal',
      goalId: body.goalId,
      domain: body.domain as AvainDomain,
      clientWords: body.clientWords,
      workerWords: body.workerWords,
      weight: body.weight,
      levels: { '-2': body.levels['-2'], '-1': body.levels['-1'], '0': body.levels['0'], '1': body.levels['1'], '2': body.levels['2'] },
      baselineLevel: body.baselineLevel ?? -1,
    }));
  }

  @Post('goals/:goalId/status')
  @HttpCode(200)
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({ summary: "Change a goal's status (proposed → active → achieved / not-achieved; cancelled)" })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiConflictResponse({ type: ErrorBody, description: CONFLICTS })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'GOAL_TRANSITION_NOT_ALLOWED' })
  goalStatus(
    @Param('personRef') p: string,
    @Param('goalId') goalId: string,
    @Body() body: GoalStatusDto,
    @CurrentActor() a: Actor,
    @RequestEnvelope() e: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command(req, res, a, e, p, ['goals'], (b) => ({
      ...b,
      type: 'ChangeGoalStatus',
      goalId,
      status: body.status as GoalStatus,
    }));
  }

  @Post('goals/:goalId/follow-ups')
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({ summary: 'Record a follow-up: the level attained on a date' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiConflictResponse({ type: ErrorBody, description: CONFLICTS })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'GOAL_NOT_ACTIVE, FOLLOW_UP_IN_FUTURE' })
  followUp(
    @Param('personRef') p: string,
    @Param('goalId') goalId: string,
    @Body() body: FollowUpDto,
    @CurrentActor() a: Actor,
    @RequestEnvelope() e: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command(req, res, a, e, p, ['goals'], (b) => ({
      ...b,
      type: 'RecordFollowUp',
      goalId,
      level: body.level,
      on: (body.on ?? todayOf(e)) as LocalDate,
    }));
  }

  @Post('services')
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({ summary: 'Add a service or measure (social welfare, health care, employment services, Kela, third sector)' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiConflictResponse({ type: ErrorBody, description: `${CONFLICTS}, SERVICE_EXISTS` })
  addService(
    @Param('personRef') p: string,
    @Body() body: ServiceDto,
    @CurrentActor() a: Actor,
    @RequestEnvelope() e: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const section: Section =
      body.sector === 'health-care'
        ? 'health'
        : body.sector === 'employment-services' || body.sector === 'kela'
          ? 'employment'
          : 'services';
    return this.command(req, res, a, e, p, [section], (b) => ({
      ...b,
      type: 'AddService',
      service: {
        serviceId: body.serviceId,
        sector: body.sector as Sector,
        name: body.name,
        organisation: body.organisation,
        responsibleWorker: body.responsibleWorker,
        start: body.start as LocalDate,
        end: (body.end ?? null) as LocalDate | null,
        status: (body.status ?? 'planned') as ServiceStatus,
      },
    }));
  }

  @Post('services/:serviceId/status')
  @HttpCode(200)
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({ summary: "Change a service's status (planned → ongoing → completed; cancelled)" })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiConflictResponse({ type: ErrorBody, description: CONFLICTS })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'SERVICE_TRANSITION_NOT_ALLOWED' })
  serviceStatus(
    @Param('personRef') p: string,
    @Param('serviceId') serviceId: string,
    @Body() body: ServiceStatusDto,
    @CurrentActor() a: Actor,
    @RequestEnvelope() e: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command(req, res, a, e, p, ['services'], (b) => ({
      ...b,
      type: 'ChangeServiceStatus',
      serviceId,
      status: body.status as ServiceStatus,
      end: (body.end ?? null) as LocalDate | null,
    }));
  }

  @Put('responsible-worker')
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({ summary: 'Name the responsible worker (omatyöntekijä) and organisation; they join the care team' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiConflictResponse({ type: ErrorBody, description: CONFLICTS })
  responsibleWorker(
    @Param('personRef') p: string,
    @Body() body: ResponsibleWorkerDto,
    @CurrentActor() a: Actor,
    @RequestEnvelope() e: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command(req, res, a, e, p, ['plan'], (b) => ({
      ...b,
      type: 'ChangeResponsibleWorker',
      responsibleWorker: { ...body.responsibleWorker },
      responsibleOrganisation: body.responsibleOrganisation,
    }));
  }

  @Post('care-team')
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({ summary: 'Add a care-team member: role, organisation, purpose, valid from–to' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiConflictResponse({ type: ErrorBody, description: `${CONFLICTS}, MEMBERSHIP_OVERLAPS` })
  addMember(
    @Param('personRef') p: string,
    @Body() body: CareTeamMemberDto,
    @CurrentActor() a: Actor,
    @RequestEnvelope() e: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command(req, res, a, e, p, ['plan'], (b) => ({
      ...b,
      type: 'AddCareTeamMember',
      member: {
        subject: body.subject,
        name: body.name,
        role: body.role,
        organisation: body.organisation,
        purpose: body.purpose as CarePurpose,
        validFrom: (body.validFrom ?? todayOf(e)) as LocalDate,
        validTo: (body.validTo ?? null) as LocalDate | null,
      },
    }));
  }

  @Post('care-team/:subject/end')
  @HttpCode(200)
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({ summary: "End a member's care-team membership (from then on they read nothing of the plan)" })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiConflictResponse({ type: ErrorBody, description: CONFLICTS })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'RESPONSIBLE_WORKER_STAYS' })
  endMember(
    @Param('personRef') p: string,
    @Param('subject') subject: string,
    @Body() body: EndMembershipDto,
    @CurrentActor() a: Actor,
    @RequestEnvelope() e: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command(req, res, a, e, p, ['plan'], (b) => ({
      ...b,
      type: 'EndCareTeamMembership',
      subject,
      validTo: (body.validTo ?? todayOf(e)) as LocalDate,
    }));
  }

  @Post('status')
  @HttpCode(200)
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({ summary: "Change the plan's status (draft → active ⇄ on-hold → completed; revoked; entered-in-error)" })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiConflictResponse({ type: ErrorBody, description: CONFLICTS })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'PLAN_TRANSITION_NOT_ALLOWED, PLAN_WITHOUT_GOALS' })
  status(
    @Param('personRef') p: string,
    @Body() body: PlanStatusDto,
    @CurrentActor() a: Actor,
    @RequestEnvelope() e: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command(req, res, a, e, p, ['plan'], (b) => ({
      ...b,
      type: 'ChangePlanStatus',
      status: body.status as PlanStatus,
      reason: body.reason ?? null,
    }));
  }

  @Post('versions')
  @Access(WRITE)
  @Idempotent()
  @ApiOperation({
    summary: 'Replace a completed plan by a new version (a draft carrying on its open goals, services and team); the old one is kept',
  })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiConflictResponse({ type: ErrorBody, description: 'REVISION_CONFLICT' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'PLAN_NOT_COMPLETED' })
  newVersion(
    @Param('personRef') p: string,
    @CurrentActor() a: Actor,
    @RequestEnvelope() e: CommandEnvelope,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command(req, res, a, e, p, ['plan'], (b) => ({ ...b, type: 'StartNewVersion' }));
  }
}
