import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError, PersonRef, YearMonth, type LocalDate } from '@luotsi/kernel';
import type { CommandEnvelope } from '@luotsi/eventstore';
import {
  Access,
  AccessLog,
  CurrentActor,
  ErrorBody,
  Idempotent,
  PerRowInput,
  RequestEnvelope,
  type AccessRule,
  type Actor,
} from '@luotsi/runtime';
import type { CapitationRates, ClientFees, ServiceFees } from '@luotsi/billing-domain';
import { BillingCommands } from '../billing.commands';
import { clientFeeCsv, clientFeeJson, clientFeeStatement } from '../export/client-fee-export';
import { settlementCsv, settlementJson, type CsvLocale } from '../export/settlement-export';
import { voucherShares } from '../export/voucher-shares';
import { BillingReadModel } from '../read-model/billing-read-model';
import { BILLING_TABLES } from '../read-model/migrations';
import { VoucherReadModel } from '../read-model/voucher-read-model';
import { CapitationRatesDto, ClientFeesDto, RunSettlementDto, ServiceFeesDto, ServiceReportDto } from './dtos';

/**
 * Who may call billing's routes. A provider's account acts only on its own reports, settlements
 * and exports, a resident sees only their own client fees; finance on all. Routes that carry a
 * person's data (service rows name people, rates carry need coefficients by personRef, fee
 * statements) declare the billing purpose, so each access is in the person's access log.
 */
const FINANCE: AccessRule = { roles: ['finance'] };
const FINANCE_PERSON_DATA: AccessRule = { roles: ['finance'], purpose: 'billing' };
const OWN_PROVIDER: AccessRule = { roles: ['provider', 'finance'], scope: { ownProvider: 'providerId' }, purpose: 'billing' };
const OWN_PERSON: AccessRule = { roles: ['resident', 'finance'], scope: { ownPerson: 'personRef' }, purpose: 'billing' };

const LOCALES: readonly CsvLocale[] = ['fi', 'sv', 'en'];

/** A fee year: four digits, within billing's dates. */
function yearOf(year: string): number {
  const y = Number(year);
  if (!/^\d{4}$/.test(year) || y < 2000 || y > 2100)
    throw new DomainError('INVALID_YEAR', 'year is four digits', { year: year.slice(0, 10) }, 'validation');
  return y;
}

/**
 * An export's query, checked whole before anything is read or recorded: only the parameters the
 * route reads, each once and as plain text (`format[a]=csv` or a repeated `locale` is refused, not
 * guessed at), the format csv or json and the locale fi, sv or en.
 */
export function exportQuery(
  query: Request['query'],
  allowed: readonly string[],
): { format: 'csv' | 'json'; locale: CsvLocale; providerId?: string } {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query ?? {})) {
    if (!allowed.includes(name))
      throw new DomainError(
        'INVALID_QUERY',
        `this export takes only ${allowed.join(', ')}`,
        { parameter: name.slice(0, 100), allowed },
        'validation',
      );
    if (typeof value !== 'string')
      throw new DomainError('INVALID_QUERY', `${name} is given once, as text`, { parameter: name }, 'validation');
    values[name] = value;
  }
  const format = values['format'] ?? 'csv';
  if (format !== 'csv' && format !== 'json')
    throw new DomainError('INVALID_FORMAT', 'format is csv or json', { allowed: ['csv', 'json'] }, 'validation');
  const locale = (values['locale'] ?? 'en') as CsvLocale;
  if (!LOCALES.includes(locale)) throw new DomainError('INVALID_LOCALE', 'locale is fi, sv or en', { allowed: LOCALES }, 'validation');
  return { format, locale, ...(values['providerId'] !== undefined ? { providerId: values['providerId'] } : {}) };
}

@ApiTags('billing')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_RATES, INVALID_MONTH' })
@ApiUnauthorizedResponse({ type: ErrorBody, description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED' })
@ApiForbiddenResponse({
  type: ErrorBody,
  description: 'FORBIDDEN_ROLE, FORBIDDEN_SCOPE (a provider for another provider, a resident for another person), FOUR_EYES_REQUIRED',
})
@Controller()
export class BillingController {
  constructor(
    private readonly commands: BillingCommands,
    private readonly readModel: BillingReadModel,
    private readonly accessLog: AccessLog,
    private readonly vouchers: VoucherReadModel,
  ) {}

  @Put('rates/capitation')
  @Access(FINANCE_PERSON_DATA)
  @Idempotent()
  @ApiOperation({ summary: 'Set the capitation rates valid from a month start' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'RATES_LOCKED (inside an approved month)' })
  async capitation(@Body() body: CapitationRatesDto, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    const rates = {
      validFrom: body.validFrom as LocalDate,
      annualCentsByAgeBand: body.annualCentsByAgeBand,
      sexFactors: body.sexFactors ?? null,
      needCoefficients: body.needCoefficients ?? {},
    } as CapitationRates;
    const outcome = await this.commands.setRates({ type: 'SetCapitationRates', rates, setBy: actor.label }, envelope);
    return { validFrom: rates.validFrom, changed: outcome.events.length > 0 };
  }

  @Put('rates/service-fees')
  @Access(FINANCE)
  @Idempotent()
  @ApiOperation({ summary: 'Set the per-service fees valid from a month start' })
  async serviceFees(@Body() body: ServiceFeesDto, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    const outcome = await this.commands.setRates(
      { type: 'SetServiceFees', fees: { ...body, validFrom: body.validFrom as LocalDate } as ServiceFees, setBy: actor.label },
      envelope,
    );
    return { validFrom: body.validFrom, changed: outcome.events.length > 0 };
  }

  @Put('rates/client-fees')
  @Access(FINANCE)
  @Idempotent()
  @ApiOperation({ summary: 'Set the client fees and the annual client-fee cap valid from a month start' })
  async clientFees(@Body() body: ClientFeesDto, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    const outcome = await this.commands.setRates(
      { type: 'SetClientFees', fees: { ...body, validFrom: body.validFrom as LocalDate } as ClientFees, setBy: actor.label },
      envelope,
    );
    return { validFrom: body.validFrom, changed: outcome.events.length > 0 };
  }

  @Get('rates')
  @Access(FINANCE_PERSON_DATA)
  async rates() {
    await this.readModel.caughtUp();
    return {
      capitation: await this.readModel.rateVersions('capitation'),
      serviceFees: await this.readModel.rateVersions('service-fees'),
      clientFees: await this.readModel.rateVersions('client-fees'),
    };
  }

  @Post('providers/:providerId/service-reports')
  @PerRowInput('rows')
  @Access(OWN_PROVIDER)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Report delivered services; each bad row is answered with its codes while the good rows are recorded' })
  @ApiOkResponse({
    schema: {
      example: {
        rows: 3,
        recorded: 2,
        duplicates: 0,
        unlisted: 1,
        adjustments: 0,
        errors: [
          {
            row: 3,
            providerSideId: 'M-9',
            code: 'FUTURE_DATE',
            message: 'a service cannot be reported before it happens (today is 2027-03-10)',
          },
        ],
      },
    },
  })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'PROVIDER_NOT_FOUND' })
  async report(@Param('providerId') providerId: string, @Body() body: ServiceReportDto, @RequestEnvelope() envelope: CommandEnvelope) {
    return this.commands.reportServices(providerId, body.rows, envelope);
  }

  @Post('settlements/:month/run')
  @Access(FINANCE)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: "Calculate the month's drafts (re-running a draft with the same inputs gives identical lines)" })
  @ApiConflictResponse({ type: ErrorBody, description: 'SETTLEMENT_APPROVED' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'NO_RATES, MONTH_NOT_STARTED' })
  run(@Param('month') month: string, @Body() body: RunSettlementDto, @RequestEnvelope() envelope: CommandEnvelope) {
    return this.commands.runSettlement(YearMonth.parse(month), body.providerIds ?? null, envelope);
  }

  @Post('settlements/:month/providers/:providerId/approval')
  @Access(FINANCE)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Approve a draft (by another person than who ran it: token subjects are compared, not usernames); approved settlements never change',
  })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'SETTLEMENT_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'ADJUSTMENT_ALREADY_PAID (a late service of this draft was paid by another approved settlement; run the month again)',
  })
  approve(@Param('month') month: string, @Param('providerId') providerId: string, @RequestEnvelope() envelope: CommandEnvelope) {
    return this.commands.approve(providerId, YearMonth.parse(month), envelope);
  }

  @Get('settlements/:month')
  @Access(FINANCE)
  @ApiOperation({ summary: "Every provider's settlement for a month (finance)" })
  async month(@Param('month') month: string) {
    await this.readModel.caughtUp();
    return settlementJson(YearMonth.parse(month), await this.readModel.settlements(YearMonth.parse(month)));
  }

  @Get('settlements/:month/providers/:providerId')
  @Access(OWN_PROVIDER)
  async one(@Param('month') month: string, @Param('providerId') providerId: string) {
    await this.readModel.caughtUp();
    return settlementJson(YearMonth.parse(month), [await this.readModel.settlement(providerId, YearMonth.parse(month))]);
  }

  @Get('settlements/:month/export')
  @Access(FINANCE)
  @ApiOperation({
    summary:
      "Export a month's approved settlements for payment (CSV or JSON), every provider's or one's (finance); each export is recorded. A provider exports its own at /settlements/{month}/providers/{providerId}/export",
  })
  @ApiProduces('text/csv', 'application/json')
  @ApiQuery({ name: 'format', enum: ['csv', 'json'], required: false })
  @ApiQuery({ name: 'providerId', required: false })
  @ApiQuery({ name: 'locale', enum: ['en', 'fi', 'sv'], required: false, description: 'fi, sv: semicolons and decimal commas' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'INVALID_FORMAT, INVALID_LOCALE, INVALID_QUERY (nothing is recorded)' })
  @ApiConflictResponse({ type: ErrorBody, description: 'SETTLEMENT_NOT_APPROVED' })
  async export(
    @Param('month') monthParam: string,
    @Req() req: Request,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const month = YearMonth.parse(monthParam);
    const query = exportQuery(req.query, ['format', 'locale', 'providerId']);
    return this.exportOf(month, query.providerId ?? null, query, envelope, res);
  }

  @Get('settlements/:month/providers/:providerId/export')
  @Access(OWN_PROVIDER)
  @ApiOperation({ summary: "Export a provider's approved settlement of a month (CSV or JSON); each export is recorded" })
  @ApiProduces('text/csv', 'application/json')
  @ApiQuery({ name: 'format', enum: ['csv', 'json'], required: false })
  @ApiQuery({ name: 'locale', enum: ['en', 'fi', 'sv'], required: false, description: 'fi, sv: semicolons and decimal commas' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'INVALID_FORMAT, INVALID_LOCALE, INVALID_QUERY (nothing is recorded)' })
  @ApiConflictResponse({ type: ErrorBody, description: 'SETTLEMENT_NOT_APPROVED' })
  async providerExport(
    @Param('month') monthParam: string,
    @Param('providerId') providerId: string,
    @Req() req: Request,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const month = YearMonth.parse(monthParam);
    return this.exportOf(month, providerId, exportQuery(req.query, ['format', 'locale']), envelope, res);
  }

  /** Everything is checked before the first export event is recorded: a refused export records nothing. */
  private async exportOf(
    month: YearMonth,
    providerId: string | null,
    query: { format: 'csv' | 'json'; locale: CsvLocale },
    envelope: CommandEnvelope,
    res: Response,
  ) {
    await this.readModel.caughtUp();
    const settlements = providerId ? [await this.readModel.settlement(providerId, month)] : await this.readModel.settlements(month);
    const unapproved = settlements.filter((s) => s.status === 'draft').map((s) => s.providerId);
    if (unapproved.length > 0)
      throw new DomainError(
        'SETTLEMENT_NOT_APPROVED',
        'only approved settlements are exported',
        { month, providerIds: unapproved },
        'conflict',
      );
    for (const s of settlements) await this.commands.recordExport(s.providerId, month, query.format, envelope);
    if (query.format === 'json') return settlementJson(month, settlements);
    res.setHeader('Content-Disposition', `attachment; filename="luotsi-settlement-${month}${providerId ? `-${providerId}` : ''}.csv"`);
    res.type('text/csv; charset=utf-8');
    return settlementCsv(month, settlements, query.locale);
  }

  /**
   * A person's statement. A resident reads their own; a guardian reads a minor's fees on their own
   * statement, which lists every visit of a minor counted with them (734/1992 6 a §: those are the
   * guardian's fees), and not through the minor's statement (see docs/domain.md, Billing).
   */
  @Get('client-fees/:personRef/:year')
  @Access(OWN_PERSON)
  @ApiOperation({
    summary:
      "A person's client-fee statement for a year: every visit in date order (a guardian's also lists the visits of the minors counted with them), what was charged, every correction, whether each counts toward the cap, and the cap; beside it, the self-financing shares of service-voucher visits, paid to the producer and never counted toward the cap",
  })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'INVALID_YEAR, INVALID_PERSON_REF' })
  async statement(@Param('personRef') personRef: string, @Param('year') year: string, @Req() req: Request) {
    const y = yearOf(year);
    const ref = PersonRef.parse(personRef);
    await this.readModel.caughtUp();
    const rows = await this.readModel.feeLinesOf(ref, y);
    // A guardian's statement shows the visits of the minors counted with them: each minor's own
    // access log says so (703/2023 § 11), beside the entry the guard wrote for the statement's holder.
    for (const other of [...new Set(rows.map((r) => r.personRef))].filter((p) => p !== ref).sort())
      await this.accessLog.recordSubject(req, other);
    const caps = await this.readModel.feeCaps([ref, ...new Set(rows.map((r) => r.accountRef))], y);
    return { ...clientFeeStatement(ref, y, rows, caps), voucherShares: voucherShares(await this.vouchers.sharesOf(ref, y)) };
  }

  @Get('client-fees/years/:year/export')
  @Access(FINANCE_PERSON_DATA)
  @ApiOperation({
    summary:
      "Export a year's client-fee lines for invoicing (CSV or JSON): every charge and every correction (refund or further charge, naming the visit it corrects), each saying whether it counts toward the cap",
  })
  @ApiProduces('text/csv', 'application/json')
  @ApiQuery({ name: 'format', enum: ['csv', 'json'], required: false })
  @ApiQuery({ name: 'locale', enum: ['en', 'fi', 'sv'], required: false, description: 'fi, sv: semicolons and decimal commas' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'INVALID_YEAR, INVALID_FORMAT, INVALID_LOCALE, INVALID_QUERY' })
  async clientFeeExport(@Param('year') year: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const y = yearOf(year);
    const query = exportQuery(req.query, ['format', 'locale']);
    await this.readModel.caughtUp();
    const rows = await this.readModel.feeLinesOfYear(y);
    if (query.format === 'json') return clientFeeJson(y, rows);
    res.setHeader('Content-Disposition', `attachment; filename="luotsi-client-fees-${y}.csv"`);
    res.type('text/csv; charset=utf-8');
    return clientFeeCsv(y, rows, query.locale);
  }

  @Get('client-fees/years/:year/run')
  @Access(FINANCE_PERSON_DATA)
  @ApiOperation({
    summary:
      "The yearly client-fee run: every account's ledger of the year checked against its visits folded in date order, with the county's totals (charged, counted, caps reached, corrections) and any account that does not agree",
  })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'INVALID_YEAR' })
  async yearlyRun(@Param('year') year: string) {
    const y = yearOf(year);
    await this.readModel.caughtUp();
    return this.readModel.yearlyFeeRun(y);
  }

  @Post('operations/rebuild-read-models')
  @Access({ roles: ['finance', 'system'] })
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: "Drop billing's read models and rebuild them from billing's log" })
  async rebuild() {
    await this.readModel.rebuild(BILLING_TABLES);
    return { rebuilt: BILLING_TABLES };
  }
}
