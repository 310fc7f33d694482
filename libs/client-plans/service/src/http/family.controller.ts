import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError, LocalDate, isDomainError } from '@luotsi/kernel';
import { CommandPipeline, todayOf, type CommandEnvelope } from '@luotsi/eventstore';
import { AccessLog, Access, CurrentActor, ErrorBody, Idempotent, RequestEnvelope, requestContextOf, type Actor } from '@luotsi/runtime';
import { currentMemberships, familyStream } from '@luotsi/client-plans-domain';
import { familyStreams } from '../client-plans.streams';
import { PlanService } from '../plan-service';
import { FamilyDto } from './dtos';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/**
 * The family view (ADR 0009): a link between the plans of one family's members. Linking needs a
 * care relationship with one of them; viewing gives, per member, exactly what the viewer may see
 * of that member's plan (their own access check and access-log entry each), and nothing but
 * "withheld" for the others.
 */
@ApiTags('client plans')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_FAMILY, INVALID_PERSON_REF, INVALID_ID' })
@ApiUnauthorizedResponse({ type: ErrorBody, description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED' })
@ApiForbiddenResponse({ type: ErrorBody, description: "FORBIDDEN_ROLE, NOT_IN_CARE_TEAM (not in any member's care team)" })
@ApiNotFoundResponse({ type: ErrorBody, description: 'FAMILY_NOT_FOUND' })
@Controller('families')
export class FamilyController {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly plans: PlanService,
    private readonly log: AccessLog,
  ) {}

  @Post()
  @Access({ roles: ['plan-worker'], purpose: 'client-planning', recordedByHandler: true })
  @Idempotent()
  @ApiOperation({ summary: "Link the plans of a family's members (2–12 people)" })
  @ApiConflictResponse({ type: ErrorBody, description: 'FAMILY_EXISTS' })
  async link(@Body() body: FamilyDto, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope, @Req() req: Request) {
    const today = todayOf(envelope);
    const linkerInTeamOf: string[] = [];
    for (const m of [...new Set(body.members)]) {
      const { state } = await this.plans.load(m);
      if (state.current && currentMemberships(state.current, actor.id, today).length > 0) linkerInTeamOf.push(m);
    }
    try {
      const result = await this.pipeline.execute(
        familyStreams,
        { type: 'LinkFamily', familyId: body.familyId, members: body.members, by: actor.label, today, linkerInTeamOf },
        envelope,
      );
      for (const m of result.state.members)
        await this.log.recordOutcome(req, { personRef: m, outcome: 'allowed', code: 'FAMILY_LINKED', sections: [] });
      return { familyId: body.familyId, members: result.state.members, changed: result.events.length > 0 };
    } catch (error) {
      if (isDomainError(error)) await this.log.recordOutcome(req, { personRef: null, outcome: 'refused', code: error.code });
      throw error;
    }
  }

  @Get(':familyId/plans')
  @Access({ roles: ['plan-worker', 'guidance'], purpose: 'client-planning', recordedByHandler: true })
  @ApiOperation({ summary: "The family's plans: of each member what the viewer may see of that member's plan, else withheld" })
  async view(@Param('familyId') familyId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    if (!ID.test(familyId))
      throw new DomainError(
        'INVALID_ID',
        'familyId is 1–100 letters, digits, dots, colons, hyphens or underscores',
        { field: 'familyId' },
        'validation',
      );
    const { state } = await this.pipeline.load(familyStreams, familyStream(familyId));
    if (!state.exists) {
      await this.log.recordOutcome(req, { personRef: null, outcome: 'refused', code: 'FAMILY_NOT_FOUND' });
      throw new DomainError('FAMILY_NOT_FOUND', 'no such family', {}, 'not_found');
    }
    const now = requestContextOf(req)!.now;
    const members = [];
    for (const personRef of state.members) {
      try {
        const { body } = await this.plans.read(req, actor, personRef, {}, now);
        members.push({ personRef, access: 'granted' as const, plan: body });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        // Withheld and absent look the same to a viewer without access: whether a member has a plan is theirs.
        members.push({ personRef, access: 'withheld' as const, plan: null });
      }
    }
    return { familyId, asOf: LocalDate.ofInstant(now), members };
  }
}
