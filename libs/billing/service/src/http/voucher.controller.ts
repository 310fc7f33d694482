import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError, LocalDate, PersonRef } from '@luotsi/kernel';
import { todayOf, type CommandEnvelope } from '@luotsi/eventstore';
import { Access, CurrentActor, ErrorBody, Idempotent, PerRowInput, RequestEnvelope, type AccessRule, type Actor } from '@luotsi/runtime';
import {
  producerStatusOn,
  type ChoiceChannel,
  type ProducerOwnership,
  type VoucherService,
  type VoucherTypeVersion,
  type VoucherValue,
} from '@luotsi/billing-domain';
import { VoucherCommands } from '../voucher.commands';
import { BillingReadModel } from '../read-model/billing-read-model';
import { VoucherReadModel, type VoucherView } from '../read-model/voucher-read-model';
import {
  GrantVoucherDto,
  ProducerApprovalDto,
  ProducerDecisionDto,
  VoucherChoiceDto,
  VoucherRefusalDto,
  VoucherReportDto,
  VoucherTypeDto,
} from './voucher-dtos';

/**
 * Who may do what with service vouchers: the county (or finance) defines the types and approves
 * the producers; a guidance or plan worker grants a voucher; the person refuses or chooses for
 * themselves, or a guidance worker does it for them by phone or in person; a producer reports
 * only its own visits. Every route that names a person is in that person's access log.
 */
const COUNTY: AccessRule = { roles: ['county', 'finance'] };
const CATALOGUE: AccessRule = { roles: ['county', 'finance', 'guidance', 'plan-worker', 'resident', 'provider'] };
const GRANT: AccessRule = { roles: ['guidance', 'plan-worker'], purpose: 'care-guidance' };
const OWN_VOUCHERS: AccessRule = {
  roles: ['resident', 'guidance', 'plan-worker', 'finance'],
  scope: { ownPerson: 'personRef' },
  purpose: 'care-guidance',
};
const CHOICE: AccessRule = { roles: ['resident', 'guidance'], scope: { ownPerson: 'personRef' }, purpose: 'care-guidance' };
const PRODUCER: AccessRule = { roles: ['provider'], scope: { ownProvider: 'providerId' }, purpose: 'billing' };

/** The resident's own choice is made in the portal; a worker says how the person told them. */
function channelOf(actor: Actor, given: string | undefined): ChoiceChannel {
  if (actor.role === 'resident') {
    if (given !== undefined && given !== 'portal')
      throw new DomainError('INVALID_CHANNEL', "a resident's own choice is made in the portal", { allowed: ['portal'] }, 'validation');
    return 'portal';
  }
  if (given !== 'phone' && given !== 'in-person')
    throw new DomainError(
      'CHANNEL_REQUIRED',
      'a worker choosing for the person gives the channel: phone or in-person',
      { allowed: ['phone', 'in-person'] },
      'validation',
    );
  return given;
}

const date = (field: string, value: string): LocalDate => {
  if (!LocalDate.isValid(value))
    throw new DomainError('INVALID_DATE', `${field} must be an existing date as YYYY-MM-DD`, { field }, 'validation');
  return LocalDate.parse(value);
};

@ApiTags('vouchers')
@ApiBearerAuth()
@ApiBadRequestResponse({
  type: ErrorBody,
  description: 'VALIDATION_FAILED, INVALID_VOUCHER_TYPE, INVALID_DATE, INVALID_REASON, INVALID_PERSON_REF',
})
@ApiUnauthorizedResponse({ type: ErrorBody, description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED' })
@ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE, FORBIDDEN_SCOPE' })
@Controller()
export class VoucherController {
  constructor(
    private readonly commands: VoucherCommands,
    private readonly readModel: BillingReadModel,
    private readonly vouchers: VoucherReadModel,
  ) {}

  @Put('voucher-types/:voucherTypeId')
  @Access(COUNTY)
  @Idempotent()
  @ApiOperation({
    summary: 'Set a version of a voucher type (service, value fixed or by income steps, validity, visits) valid from a month start',
  })
  async setType(@Param('voucherTypeId') voucherTypeId: string, @Body() body: VoucherTypeDto, @RequestEnvelope() envelope: CommandEnvelope) {
    const version: VoucherTypeVersion = {
      validFrom: body.validFrom as LocalDate,
      service: body.service as VoucherService,
      name: body.name,
      value: body.value as unknown as VoucherValue,
      validityDays: body.validityDays,
      visits: body.visits,
    };
    const outcome = await this.commands.setType(voucherTypeId, version, envelope);
    return { voucherTypeId, validFrom: version.validFrom, changed: outcome.events.length > 0 };
  }

  @Get('voucher-types')
  @Access(CATALOGUE)
  @ApiOperation({ summary: 'Every voucher type with its versions and the producers approved for it, with their prices' })
  async types() {
    await this.readModel.caughtUp();
    return { voucherTypes: await this.vouchers.types() };
  }

  @Put('voucher-types/:voucherTypeId/producers/:producerId')
  @Access(COUNTY)
  @Idempotent()
  @ApiOperation({ summary: 'Approve a producer for a voucher type from a date, at its price per visit' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'VOUCHER_TYPE_NOT_FOUND' })
  async approve(
    @Param('voucherTypeId') voucherTypeId: string,
    @Param('producerId') producerId: string,
    @Body() body: ProducerApprovalDto,
    @RequestEnvelope() envelope: CommandEnvelope,
  ) {
    const approvedFrom = date('approvedFrom', body.approvedFrom);
    const outcome = await this.commands.approveProducer(
      voucherTypeId,
      producerId,
      { priceCents: body.priceCents, ownership: body.ownership as ProducerOwnership, approvedFrom },
      envelope,
    );
    return { voucherTypeId, producerId, changed: outcome.events.length > 0 };
  }

  @Post('voucher-types/:voucherTypeId/producers/:producerId/suspension')
  @Access(COUNTY)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: "Suspend a producer's approval from a date: it cannot be chosen, nor give visits, while suspended" })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'VOUCHER_TYPE_NOT_FOUND, PRODUCER_NOT_APPROVED' })
  async suspend(
    @Param('voucherTypeId') voucherTypeId: string,
    @Param('producerId') producerId: string,
    @Body() body: ProducerDecisionDto,
    @RequestEnvelope() envelope: CommandEnvelope,
  ) {
    const outcome = await this.commands.suspendProducer(voucherTypeId, producerId, date('from', body.from), body.reason, envelope);
    return { voucherTypeId, producerId, changed: outcome.events.length > 0 };
  }

  @Post('voucher-types/:voucherTypeId/producers/:producerId/end')
  @Access(COUNTY)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({
    summary: "End a producer's approval from a date: the persons who chose it choose again; its visits before the end are paid",
  })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'VOUCHER_TYPE_NOT_FOUND, PRODUCER_NOT_APPROVED' })
  async end(
    @Param('voucherTypeId') voucherTypeId: string,
    @Param('producerId') producerId: string,
    @Body() body: ProducerDecisionDto,
    @RequestEnvelope() envelope: CommandEnvelope,
  ) {
    const outcome = await this.commands.endProducer(voucherTypeId, producerId, date('from', body.from), body.reason, envelope);
    return { voucherTypeId, producerId, changed: outcome.events.length > 0 };
  }

  @Post('persons/:personRef/vouchers')
  @Access(GRANT)
  @Idempotent()
  @ApiOperation({ summary: 'Grant a service voucher to a person, with the reason, under the version of its type valid today' })
  @ApiCreatedResponse({ description: 'The voucher: its id, value, visits and last day' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'VOUCHER_TYPE_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'NO_VOUCHER_TYPE (no version valid today)' })
  async grant(@Param('personRef') personRef: string, @Body() body: GrantVoucherDto, @RequestEnvelope() envelope: CommandEnvelope) {
    return this.commands.grant(
      PersonRef.parse(personRef),
      {
        voucherTypeId: body.voucherTypeId,
        reason: body.reason,
        municipality: body.municipality,
        monthlyIncomeCents: body.monthlyIncomeCents ?? null,
      },
      envelope,
    );
  }

  @Get('persons/:personRef/vouchers')
  @Access(OWN_VOUCHERS)
  @ApiOperation({
    summary:
      "A person's vouchers: status on today (expired when past the last day), visits used, the producer chosen, and whether they must choose again",
  })
  async list(@Param('personRef') personRef: string, @RequestEnvelope() envelope: CommandEnvelope) {
    const ref = PersonRef.parse(personRef);
    await this.readModel.caughtUp();
    const today = todayOf(envelope);
    const vouchers = await this.vouchers.vouchersOf(ref);
    return { personRef: ref, vouchers: await Promise.all(vouchers.map((v) => this.viewOf(v, today))) };
  }

  private async viewOf(v: VoucherView, today: LocalDate) {
    const open = v.status === 'granted' || v.status === 'chosen';
    const status = open && v.validUntil < today ? 'expired' : v.status;
    const approval = v.producerId ? await this.vouchers.approval(v.voucherTypeId, v.producerId) : null;
    const { personRef: _p, ...rest } = v;
    return {
      ...rest,
      status,
      mustChooseAgain: status === 'chosen' && approval !== null && producerStatusOn(approval, today) === 'ended',
      clientSharePerVisitCents: v.priceCents === null ? null : Math.max(0, v.priceCents - v.valueCents),
    };
  }

  @Post('persons/:personRef/vouchers/:voucherId/refusal')
  @Access(CHOICE)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'The person refuses the voucher (the service is then arranged otherwise)' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'VOUCHER_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'VOUCHER_IN_USE, VOUCHER_USED_UP' })
  async refuse(
    @Param('personRef') personRef: string,
    @Param('voucherId') voucherId: string,
    @Body() body: VoucherRefusalDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
  ) {
    return this.commands.refuse(PersonRef.parse(personRef), voucherId, channelOf(actor, body.channel), envelope);
  }

  @Post('persons/:personRef/vouchers/:voucherId/choice')
  @Access(CHOICE)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'The person chooses a producer approved for the voucher (a guidance worker may record it, with the channel)' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'CHANNEL_REQUIRED, INVALID_CHANNEL' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'VOUCHER_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'VOUCHER_ALREADY_CHOSEN, VOUCHER_REFUSED, VOUCHER_USED_UP' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'PRODUCER_NOT_APPROVED, VOUCHER_EXPIRED' })
  async choose(
    @Param('personRef') personRef: string,
    @Param('voucherId') voucherId: string,
    @Body() body: VoucherChoiceDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
  ) {
    const channel = channelOf(actor, body.channel);
    return this.commands.choose(PersonRef.parse(personRef), voucherId, body.producerId, channel, envelope);
  }

  @Post('providers/:providerId/voucher-reports')
  @PerRowInput('rows')
  @Access(PRODUCER)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Report visits given against vouchers; each bad row is answered with its code (VISITS_USED_UP, VOUCHER_EXPIRED, REDEMPTION_ID_CONFLICT, …) while the good rows are recorded',
  })
  async report(@Param('providerId') providerId: string, @Body() body: VoucherReportDto, @RequestEnvelope() envelope: CommandEnvelope) {
    return this.commands.report(providerId, body.rows, envelope);
  }

  @Get('vouchers/report')
  @Access(COUNTY)
  @ApiOperation({
    summary:
      "Vouchers granted in a period and what became of them (chosen, unused, used up, expired) by type, producer and municipality, with the chosen producers' shares by ownership",
  })
  @ApiQuery({ name: 'from', required: false, description: 'Granted on or after (default: 2000-01-01)' })
  @ApiQuery({ name: 'to', required: false, description: 'Granted on or before (default: today)' })
  async reportOf(@Req() req: Request, @RequestEnvelope() envelope: CommandEnvelope) {
    const today = todayOf(envelope);
    const query = reportQuery(req.query);
    await this.readModel.caughtUp();
    return this.vouchers.report(today, query.from ?? LocalDate.parse('2000-01-01'), query.to ?? today);
  }
}

/** The report's period: only from and to, each once, as dates. */
function reportQuery(query: Request['query']): { from?: LocalDate; to?: LocalDate } {
  const out: { from?: LocalDate; to?: LocalDate } = {};
  for (const [name, value] of Object.entries(query ?? {})) {
    if (name !== 'from' && name !== 'to')
      throw new DomainError(
        'INVALID_QUERY',
        'this report takes only from and to',
        { parameter: name.slice(0, 100), allowed: ['from', 'to'] },
        'validation',
      );
    if (typeof value !== 'string')
      throw new DomainError('INVALID_QUERY', `${name} is given once, as text`, { parameter: name }, 'validation');
    out[name] = date(name, value);
  }
  return out;
}
