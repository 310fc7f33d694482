import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError, isDomainError, httpStatusOf, LocalDate, PersonRef } from '@luotsi/kernel';
import { CurrentActor, ErrorBody, eventIdFor, IdempotencyStore, requireRole, type Actor, PersonRegistry } from '@luotsi/runtime';
import { ProviderChoiceCommands } from '../provider-choice.commands';
import { ProviderChoiceQueries } from '../read-model/provider-choice.queries';
import { PersonLookupDto, SwitchRequestDto } from './dtos';
import { commandContext } from './request-context';

@ApiTags('residents')
@ApiHeader({ name: 'X-Luotsi-Actor', description: 'resident:<personRef> in the portal, guidance:<id> for a guidance worker', required: true })
@ApiForbiddenResponse({ type: ErrorBody, description: 'ACTOR_REQUIRED, FORBIDDEN_ROLE' })
@Controller()
export class ResidentsController {
  constructor(
    private readonly commands: ProviderChoiceCommands,
    private readonly queries: ProviderChoiceQueries,
    private readonly registry: PersonRegistry,
    private readonly idempotency: IdempotencyStore,
  ) {}

  @Post('persons/lookup')
  @HttpCode(200)
  @ApiOperation({ summary: 'Find the personRef of a resident by personal identity code (guidance workers; the code travels in the body only)' })
  @ApiOkResponse({ schema: { example: { personRef: 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11' } } })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'INVALID_HETU' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'PERSON_NOT_FOUND' })
  async lookup(@Body() body: PersonLookupDto, @CurrentActor() actor: Actor) {
    requireRole(actor, 'guidance', 'county');
    const { personRef } = await this.registry.require(body.identityCode);
    return { personRef };
  }

  @Get('residents/:personRef/listing')
  @ApiOperation({ summary: "A resident's current and upcoming listing, next possible switch date and history" })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'RESIDENT_NOT_FOUND' })
  @ApiOkResponse({
    schema: {
      example: {
        personRef: 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11', eligible: true,
        current: { stationId: 'hervanta', providerId: 'tampere', effectiveFrom: '2018-01-01', effectiveTo: '2026-11-30', reason: 'default', endReason: 'switched' },
        upcoming: { stationId: 'mehilainen-hervanta', providerId: 'mehilainen', effectiveFrom: '2026-12-01', requestId: '…', status: 'pending' },
        nextPossibleSwitchDate: '2027-03-01', history: [],
      },
    },
  })
  async listing(@Param('personRef') personRef: string, @CurrentActor() actor: Actor) {
    this.authorise(actor, personRef);
    const area = await this.commands.area();
    return this.queries.residentListing(PersonRef.parse(personRef), this.commands.today(), area.switchPeriodMonths);
  }

  @Post('residents/:personRef/switches')
  @ApiOperation({ summary: 'Request a switch of station from the first day of next month (or a later month start)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer and writes nothing more' })
  @ApiCreatedResponse({ schema: { example: { requestId: '4b1f…', personRef: 'per_…', stationId: 'mehilainen-hervanta', providerId: 'mehilainen', effectiveFrom: '2026-12-01', channel: 'portal' } } })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_EFFECTIVE_DATE, REASON_TEXT_REQUIRED' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'STATION_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'ALREADY_LISTED, SWITCH_PENDING (details.pendingRequestId; send replacePending to replace), CONCURRENCY_CONFLICT' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'SWITCH_TOO_SOON (details.earliestEffectiveDate), NOT_ELIGIBLE (details.why), PROVIDER_NOT_APPROVED, IDEMPOTENCY_KEY_REUSED' })
  async requestSwitch(
    @Param('personRef') personRefParam: string,
    @Body() body: SwitchRequestDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const personRef = PersonRef.parse(personRefParam);
    this.authorise(actor, personRef);
    const scope = `switch:${personRef}`;
    const hash = IdempotencyStore.hash(body);
    if (idempotencyKey) {
      const earlier = await this.idempotency.find(scope, idempotencyKey, hash);
      if (earlier) return res.status(earlier.status).json(earlier.body);
    }
    const requestId = idempotencyKey ? eventIdFor(scope, idempotencyKey, 1000) : randomUUID();
    const ctx = commandContext(req, actor, { channel: body.channel, ...(idempotencyKey ? { eventId: (i: number) => eventIdFor(scope, idempotencyKey, i) } : {}) });
    let response: { status: number; body: unknown };
    try {
      const target = await this.commands.stationTarget(body.stationId);
      const area = await this.commands.area();
      const outcome = await this.commands.listing(personRef, {
        type: 'RequestSwitch', personRef, requestId, target, requestedStationId: body.stationId, requestedAt: this.commands.now(),
        effectiveFrom: body.effectiveFrom ? LocalDate.parse(body.effectiveFrom) : null, channel: body.channel, reason: body.reason,
        reasonText: body.reasonText ?? null, previousMainUse: body.previousMainUse ?? null, replacePending: body.replacePending ?? false, requestedBy: actor.label, requesterRole: actor.role, area,
      }, ctx);
      const requested = outcome.events.find((e) => e.type === 'SwitchRequested');
      response = requested
        ? { status: 201, body: { requestId, personRef, stationId: body.stationId, providerId: target!.providerId, effectiveFrom: (requested.data as { effectiveFrom: string }).effectiveFrom, channel: body.channel, replaced: outcome.events.some((e) => e.type === 'SwitchCancelled') } }
        : { status: 200, body: { personRef, cancelledPending: true, message: 'the pending switch was replaced by staying with the current station' } };
    } catch (error) {
      // A retry racing the first request loses the append; the first answer is what it should get.
      if (idempotencyKey) {
        const earlier = await this.idempotency.find(scope, idempotencyKey, hash);
        if (earlier) return res.status(earlier.status).json(earlier.body);
      }
      if (!isDomainError(error)) throw error;
      response = { status: httpStatusOf(error.kind), body: error.toJSON() };
    }
    if (idempotencyKey) response = await this.idempotency.remember(scope, idempotencyKey, hash, response);
    return res.status(response.status).json(response.body);
  }

  @Delete('residents/:personRef/switches/pending')
  @ApiOperation({ summary: 'Cancel the pending switch before it takes effect' })
  @ApiOkResponse({ schema: { example: { personRef: 'per_…', cancelledRequestId: '4b1f…' } } })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'NO_PENDING_SWITCH' })
  @ApiConflictResponse({ type: ErrorBody, description: 'SWITCH_ALREADY_EFFECTIVE' })
  async cancel(@Param('personRef') personRefParam: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    const personRef = PersonRef.parse(personRefParam);
    this.authorise(actor, personRef);
    const outcome = await this.commands.listing(personRef, { type: 'CancelSwitch', personRef, requestId: null, today: this.commands.today(), cancelledBy: actor.label }, commandContext(req, actor));
    return { personRef, cancelledRequestId: (outcome.events[0]?.data as { requestId?: string } | undefined)?.requestId ?? null };
  }

  /** A resident sees only themselves; guidance workers and the county act on anyone's behalf. */
  private authorise(actor: Actor, personRef: string): void {
    if (actor.role === 'resident' && actor.id !== personRef) throw new DomainError('FORBIDDEN_PERSON', 'a resident may act only on their own listing', {}, 'forbidden');
    requireRole(actor, 'resident', 'guidance', 'county');
  }
}
