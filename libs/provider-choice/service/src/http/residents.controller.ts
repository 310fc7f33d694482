import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
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
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { isDomainError, LocalDate, PersonRef } from '@luotsi/kernel';
import { CommandPipeline, deterministicEventId, todayOf, type CommandEnvelope } from '@luotsi/eventstore';
import {
  Access,
  AccessLog,
  answer,
  CurrentActor,
  ErrorBody,
  Idempotent,
  IdentityCodeFields,
  RateLimited,
  RequestEnvelope,
  type Actor,
  type AccessRule,
} from '@luotsi/runtime';
import { PersonRegistry } from '@luotsi/identity';
import { ProviderChoiceCommands } from '../provider-choice.commands';
import { listingStreams } from '../provider-choice.streams';
import { ProviderChoiceQueries } from '../read-model/provider-choice.queries';
import { PersonLookupDto, SwitchRequestDto } from './dtos';

/**
 * A resident on their own listing (signed in at the configured level of assurance); guidance
 * workers and the county on anyone's behalf. The channel rule (portal = the resident) is the decider's.
 */
const ON_BEHALF: AccessRule = { roles: ['resident', 'guidance', 'county'], scope: { ownPerson: 'personRef' }, purpose: 'care-guidance' };

@ApiTags('residents')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorBody, description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED, INSUFFICIENT_ASSURANCE' })
@ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE, FORBIDDEN_SCOPE, RESIDENT_UNKNOWN' })
@Controller()
export class ResidentsController {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly commands: ProviderChoiceCommands,
    private readonly queries: ProviderChoiceQueries,
    private readonly registry: PersonRegistry,
    private readonly accessLog: AccessLog,
  ) {}

  @Post('persons/lookup')
  @IdentityCodeFields('identityCode')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Find the personRef of a resident by personal identity code (guidance workers; the code travels in the body only)',
  })
  @ApiOkResponse({ schema: { example: { personRef: 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11' } } })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'INVALID_HETU' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'PERSON_NOT_FOUND' })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'RATE_LIMITED (details.retryAfterSeconds; Retry-After)' })
  @Access({ roles: ['guidance', 'county'], purpose: 'care-guidance' })
  // Per user, and every look-up logged with whom it found: enumerating codes is slow and seen.
  @RateLimited('identity-lookup')
  async lookup(@Body() body: PersonLookupDto, @Req() req: Request) {
    try {
      const { personRef } = await this.registry.require(body.identityCode);
      await this.accessLog.recordSubject(req, personRef);
      return { personRef };
    } catch (error) {
      if (isDomainError(error) && error.code === 'PERSON_NOT_FOUND') await this.accessLog.recordSubject(req, null);
      throw error;
    }
  }

  @Get('residents/:personRef/listing')
  @ApiOperation({ summary: "A resident's current and upcoming listing, next possible switch date and history" })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'RESIDENT_NOT_FOUND' })
  @ApiOkResponse({
    schema: {
      example: {
        personRef: 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11',
        eligible: true,
        current: {
          stationId: 'hervanta',
          providerId: 'tampere',
          effectiveFrom: '2018-01-01',
          effectiveTo: '2026-11-30',
          reason: 'default',
          endReason: 'switched',
        },
        upcoming: {
          stationId: 'mehilainen-hervanta',
          providerId: 'mehilainen',
          effectiveFrom: '2026-12-01',
          requestId: '…',
          status: 'pending',
        },
        nextPossibleSwitchDate: '2027-03-01',
        history: [],
      },
    },
  })
  @Access(ON_BEHALF)
  async listing(@Param('personRef') personRef: string, @RequestEnvelope() envelope: CommandEnvelope) {
    const area = await this.commands.area();
    return this.queries.residentListing(PersonRef.parse(personRef), todayOf(envelope), area.switchPeriodMonths);
  }

  @Post('residents/:personRef/switches')
  @ApiOperation({ summary: 'Request a switch of station from the first day of next month (or a later month start)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the first answer and writes nothing more',
  })
  @ApiCreatedResponse({
    schema: {
      example: {
        requestId: '4b1f…',
        personRef: 'per_…',
        stationId: 'mehilainen-hervanta',
        providerId: 'mehilainen',
        effectiveFrom: '2026-12-01',
        channel: 'portal',
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_EFFECTIVE_DATE, REASON_TEXT_REQUIRED' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'STATION_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'ALREADY_LISTED, SWITCH_PENDING (details.pendingRequestId; send replacePending to replace), CONCURRENCY_CONFLICT',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorBody,
    description:
      'SWITCH_TOO_SOON (details.earliestEffectiveDate), NOT_ELIGIBLE (details.why), PROVIDER_NOT_APPROVED, IDEMPOTENCY_KEY_REUSED',
  })
  @Access(ON_BEHALF)
  @Idempotent()
  async requestSwitch(
    @Param('personRef') personRefParam: string,
    @Body() body: SwitchRequestDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
  ) {
    const personRef = PersonRef.parse(personRefParam);
    // The interceptor answers a retry with the first answer; the key also fixes the ids, so a retry racing the first writes nothing twice.
    const idem = envelope.idempotency;
    const requestId = idem ? deterministicEventId(idem.scope, idem.key, 1000) : randomUUID();
    const target = await this.commands.stationTarget(body.stationId);
    const area = await this.commands.area();
    const outcome = await this.pipeline.execute(
      listingStreams,
      {
        type: 'RequestSwitch',
        personRef,
        requestId,
        target,
        requestedStationId: body.stationId,
        requestedAt: envelope.now.toISOString(),
        effectiveFrom: body.effectiveFrom ? LocalDate.parse(body.effectiveFrom) : null,
        channel: body.channel,
        reason: body.reason,
        reasonText: body.reasonText ?? null,
        previousMainUse: body.previousMainUse ?? null,
        replacePending: body.replacePending ?? false,
        requestedBy: envelope.actor,
        requesterRole: actor.role,
        area,
      },
      { ...envelope, channel: body.channel },
    );
    const requested = outcome.events.find((e) => e.type === 'SwitchRequested');
    return requested
      ? answer(201, {
          requestId,
          personRef,
          stationId: body.stationId,
          providerId: target!.providerId,
          effectiveFrom: (requested.data as { effectiveFrom: string }).effectiveFrom,
          channel: body.channel,
          replaced: outcome.events.some((e) => e.type === 'SwitchCancelled'),
        })
      : answer(200, { personRef, cancelledPending: true, message: 'the pending switch was replaced by staying with the current station' });
  }

  @Delete('residents/:personRef/switches/pending')
  @ApiOperation({ summary: 'Cancel the pending switch before it takes effect' })
  @ApiOkResponse({ schema: { example: { personRef: 'per_…', cancelledRequestId: '4b1f…' } } })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'NO_PENDING_SWITCH' })
  @ApiConflictResponse({ type: ErrorBody, description: 'SWITCH_ALREADY_EFFECTIVE' })
  @Access(ON_BEHALF)
  @Idempotent()
  async cancel(@Param('personRef') personRefParam: string, @RequestEnvelope() envelope: CommandEnvelope) {
    const personRef = PersonRef.parse(personRefParam);
    const outcome = await this.pipeline.execute(
      listingStreams,
      { type: 'CancelSwitch', personRef, requestId: null, today: todayOf(envelope), cancelledBy: envelope.actor },
      envelope,
    );
    return { personRef, cancelledRequestId: (outcome.events[0]?.data as { requestId?: string } | undefined)?.requestId ?? null };
  }
}
