import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, PersonRef, YearMonth, type LocalDate } from '@luotsi/kernel';
import type { CommandEnvelope, EventStore } from '@luotsi/eventstore';
import { CurrentActor, ErrorBody, EVENT_STORE, Idempotent, PerRowInput, RequestEnvelope, requireRole, Roles, type Actor, type Role } from '@luotsi/runtime';
import { clientFeeStream, feeStatement, type CapitationRates, type ClientFeeEvent, type ClientFees, type ServiceFees } from '@luotsi/billing-domain';
import { BillingCommands } from '../billing.commands';
import { settlementCsv, settlementJson } from '../export/settlement-export';
import { BillingReadModel } from '../read-model/billing-read-model';
import { BILLING_TABLES } from '../read-model/migrations';
import { CapitationRatesDto, ClientFeesDto, RunSettlementDto, ServiceFeesDto, ServiceReportDto } from './dtos';

/**
 * The scope rule the roles declared on a route cannot say, since it needs the path: a provider acts
 * on its own reports and settlements only, a resident sees only their own fees; finance on all.
 */
function requireSelfOrFinance(actor: Actor, role: Extract<Role, 'provider' | 'resident'>, id: string): void {
  if (actor.role === role && actor.id === id) return;
  requireRole(actor, 'finance');
}

@ApiTags('billing')
@ApiHeader({ name: 'X-Luotsi-Actor', description: 'finance:<id>, or provider:<providerId> for its own reports and settlements', required: true })
@ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_RATES, INVALID_MONTH' })
@ApiForbiddenResponse({ type: ErrorBody, description: 'ACTOR_REQUIRED, FORBIDDEN_ROLE, FOUR_EYES_REQUIRED' })
@Controller()
export class BillingController {
  constructor(
    private readonly commands: BillingCommands,
    private readonly readModel: BillingReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Put('rates/capitation')
  @Roles('finance')
  @Idempotent()
  @ApiOperation({ summary: 'Set the capitation rates valid from a month start' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'RATES_LOCKED (inside an approved month)' })
  async capitation(@Body() body: CapitationRatesDto, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    const rates = { validFrom: body.validFrom as LocalDate, annualCentsByAgeBand: body.annualCentsByAgeBand, sexFactors: body.sexFactors ?? null, needCoefficients: body.needCoefficients ?? {} } as CapitationRates;
    const outcome = await this.commands.setRates({ type: 'SetCapitationRates', rates, setBy: actor.label }, envelope);
    return { validFrom: rates.validFrom, changed: outcome.events.length > 0 };
  }

  @Put('rates/service-fees')
  @Roles('finance')
  @Idempotent()
  @ApiOperation({ summary: 'Set the per-service fees valid from a month start' })
  async serviceFees(@Body() body: ServiceFeesDto, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    const outcome = await this.commands.setRates({ type: 'SetServiceFees', fees: { ...body, validFrom: body.validFrom as LocalDate } as ServiceFees, setBy: actor.label }, envelope);
    return { validFrom: body.validFrom, changed: outcome.events.length > 0 };
  }

  @Put('rates/client-fees')
  @Roles('finance')
  @Idempotent()
  @ApiOperation({ summary: 'Set the client fees and the annual client-fee cap valid from a month start' })
  async clientFees(@Body() body: ClientFeesDto, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    const outcome = await this.commands.setRates({ type: 'SetClientFees', fees: { ...body, validFrom: body.validFrom as LocalDate } as ClientFees, setBy: actor.label }, envelope);
    return { validFrom: body.validFrom, changed: outcome.events.length > 0 };
  }

  @Get('rates')
  @Roles('finance', 'provider')
  async rates() {
    await this.readModel.caughtUp();
    return { capitation: await this.readModel.rateVersions('capitation'), serviceFees: await this.readModel.rateVersions('service-fees'), clientFees: await this.readModel.rateVersions('client-fees') };
  }

  @Post('providers/:providerId/service-reports')
  @PerRowInput('rows')
  @Roles('provider', 'finance')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Report delivered services; each bad row is answered with its codes while the good rows are recorded' })
  @ApiOkResponse({ schema: { example: { rows: 3, recorded: 2, duplicates: 0, unlisted: 1, adjustments: 0, errors: [{ row: 3, providerSideId: 'M-9', code: 'FUTURE_DATE', message: 'a service cannot be reported before it happens (today is 2027-03-10)' }] } } })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'PROVIDER_NOT_FOUND' })
  async report(@Param('providerId') providerId: string, @Body() body: ServiceReportDto, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    requireSelfOrFinance(actor, 'provider', providerId);
    return this.commands.reportServices(providerId, body.rows, envelope);
  }

  @Post('settlements/:month/run')
  @Roles('finance')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: "Calculate the month's drafts (re-running a draft with the same inputs gives identical lines)" })
  @ApiConflictResponse({ type: ErrorBody, description: 'SETTLEMENT_APPROVED' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'NO_RATES, MONTH_NOT_STARTED' })
  run(@Param('month') month: string, @Body() body: RunSettlementDto, @RequestEnvelope() envelope: CommandEnvelope) {
    return this.commands.runSettlement(YearMonth.parse(month), body.providerIds ?? null, envelope);
  }

  @Post('settlements/:month/providers/:providerId/approval')
  @Roles('finance')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a draft (by someone other than who ran it); approved settlements never change' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'SETTLEMENT_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'ADJUSTMENT_ALREADY_PAID (a late service of this draft was paid by another approved settlement; run the month again)' })
  approve(@Param('month') month: string, @Param('providerId') providerId: string, @RequestEnvelope() envelope: CommandEnvelope) {
    return this.commands.approve(providerId, YearMonth.parse(month), envelope);
  }

  @Get('settlements/:month')
  @Roles('finance')
  @ApiOperation({ summary: "Every provider's settlement for a month (finance)" })
  async month(@Param('month') month: string) {
    await this.readModel.caughtUp();
    return settlementJson(YearMonth.parse(month), await this.readModel.settlements(YearMonth.parse(month)));
  }

  @Get('settlements/:month/providers/:providerId')
  @Roles('finance', 'provider')
  async one(@Param('month') month: string, @Param('providerId') providerId: string, @CurrentActor() actor: Actor) {
    requireSelfOrFinance(actor, 'provider', providerId);
    await this.readModel.caughtUp();
    return settlementJson(YearMonth.parse(month), [await this.readModel.settlement(providerId, YearMonth.parse(month))]);
  }

  @Get('settlements/:month/export')
  @Roles('finance', 'provider')
  @ApiOperation({ summary: 'Export the approved settlements of a month for payment (CSV or JSON); each export is recorded' })
  @ApiProduces('text/csv', 'application/json')
  @ApiQuery({ name: 'format', enum: ['csv', 'json'], required: false })
  @ApiQuery({ name: 'providerId', required: false })
  @ApiQuery({ name: 'locale', enum: ['en', 'fi'], required: false, description: 'fi: semicolons and decimal commas' })
  @ApiConflictResponse({ type: ErrorBody, description: 'SETTLEMENT_NOT_APPROVED' })
  async export(@Param('month') monthParam: string, @Query('format') format = 'csv', @Query('providerId') providerId: string | undefined, @Query('locale') locale: string | undefined, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    const month = YearMonth.parse(monthParam);
    if (providerId) requireSelfOrFinance(actor, 'provider', providerId);
    else requireRole(actor, 'finance');
    if (format !== 'csv' && format !== 'json') throw new DomainError('INVALID_FORMAT', 'format is csv or json', { format }, 'validation');
    await this.readModel.caughtUp();
    const settlements = providerId ? [await this.readModel.settlement(providerId, month)] : await this.readModel.settlements(month);
    const unapproved = settlements.filter((s) => s.status === 'draft').map((s) => s.providerId);
    if (unapproved.length > 0) throw new DomainError('SETTLEMENT_NOT_APPROVED', 'only approved settlements are exported', { month, providerIds: unapproved }, 'conflict');
    for (const s of settlements) await this.commands.recordExport(s.providerId, month, format, envelope);
    if (format === 'json') return settlementJson(month, settlements);
    res.setHeader('Content-Disposition', `attachment; filename="luotsi-settlement-${month}${providerId ? `-${providerId}` : ''}.csv"`);
    res.type('text/csv; charset=utf-8');
    return settlementCsv(month, settlements, locale === 'fi' ? 'fi' : 'en');
  }

  @Get('client-fees/:personRef/:year')
  @Roles('resident', 'finance')
  @ApiOperation({ summary: "A person's client-fee statement for a year: each charge, whether it counts toward the cap, and the cap" })
  async statement(@Param('personRef') personRef: string, @Param('year') year: string, @CurrentActor() actor: Actor) {
    requireSelfOrFinance(actor, 'resident', personRef);
    const y = Number(year);
    if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new DomainError('INVALID_YEAR', 'year is four digits', { year }, 'validation');
    const events = await this.store.readStream(clientFeeStream(PersonRef.parse(personRef), y));
    return { personRef, year: y, ...feeStatement(events.map((e) => ({ type: e.type, data: e.data }) as ClientFeeEvent)) };
  }

  @Post('operations/rebuild-read-models')
  @Roles('finance', 'system')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: "Drop billing's read models and rebuild them from billing's log" })
  async rebuild() {
    await this.readModel.rebuild(BILLING_TABLES);
    return { rebuilt: BILLING_TABLES };
  }
}
