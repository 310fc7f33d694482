import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError, isDomainError, LocalDate, PersonRef, YearMonth } from '@luotsi/kernel';
import { CommandPipeline, todayOf, type CommandEnvelope } from '@luotsi/eventstore';
import { PersonRegistry } from '@luotsi/identity';
import {
  calculateSettlement,
  feeAccountOf,
  isCleanText,
  serviceStream,
  settlementStream,
  validateServiceRow,
  versionOn,
  type CapitationRates,
  type ClientFees,
  type RatesCommand,
  type ServiceFees,
  type ServiceType,
  type SettlementStatus,
} from '@luotsi/billing-domain';
import { clientFeesStream, ratesStream, servicesStream, settlementsStream } from './billing.streams';
import { settlementInputs } from './read-model/settlement-inputs';
import { BillingReadModel } from './read-model/billing-read-model';

/**
 * The envelope of one of a request's several commands (a report's rows, a run's providers): under
 * an Idempotency-Key each gets event ids of its own, so a retried request writes none of them twice.
 */
export function partOf(envelope: CommandEnvelope, part: string): CommandEnvelope {
  return envelope.idempotency
    ? { ...envelope, idempotency: { scope: envelope.idempotency.scope, key: `${envelope.idempotency.key}#${part}` } }
    : envelope;
}

export interface ReportRow {
  providerSideId: string;
  identityCode: string;
  serviceType: string;
  date: string;
  stationId: string;
  noShow?: boolean;
}

export interface ReportResult {
  rows: number;
  recorded: number;
  duplicates: number;
  unlisted: number;
  adjustments: number;
  errors: Array<{ row: number; providerSideId: string | null; code: string; message: string }>;
}

/** A rates command as the caller gives it: the lock and today's date come from billing itself. */
export type RatesRequest = RatesCommand extends infer C ? (C extends RatesCommand ? Omit<C, 'lockedThrough' | 'today'> : never) : never;

/** One provider's part of a run; `skipped`: its month is approved (or exported) and was left as it is. */
export interface RunOutcome {
  providerId: string;
  month: YearMonth;
  status: SettlementStatus;
  totalCents: number;
  lines: number;
  changed: boolean;
  skipped?: true;
}

/** billing's commands: rate tables, service reports with client fees, and monthly settlements. */
@Injectable()
export class BillingCommands {
  constructor(
    private readonly pipeline: CommandPipeline,
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: PersonRegistry,
    private readonly readModel: BillingReadModel,
  ) {}

  async setRates(command: RatesRequest, envelope: CommandEnvelope) {
    const lockedThrough = await this.readModel.lastApprovedMonth();
    return this.pipeline.execute(ratesStream, { ...command, lockedThrough, today: todayOf(envelope) } as RatesCommand, envelope);
  }

  /**
   * Records a provider's report row by row: every bad row comes back with its codes and writes
   * nothing, every good row is recorded (once: the provider-side id names the stream) and, when
   * attended, charged its client fee against the person's annual cap. Everything a row needs —
   * its person, its fields, the client-fee table of its date — is checked before its events are
   * appended, so no refusal leaves half a row behind.
   */
  async reportServices(providerId: string, rows: readonly ReportRow[], envelope: CommandEnvelope): Promise<ReportResult> {
    await this.readModel.caughtUp();
    const result: ReportResult = { rows: rows.length, recorded: 0, duplicates: 0, unlisted: 0, adjustments: 0, errors: [] };
    const stations = await this.readModel.stationsOf(providerId);
    if (stations.length === 0)
      throw new DomainError('PROVIDER_NOT_FOUND', `billing knows no stations of provider ${providerId}`, { providerId }, 'not_found');
    const today = todayOf(envelope);
    const clientFees = await this.readModel.rateVersions<ClientFees>('client-fees');
    for (const [index, row] of rows.entries()) {
      const refuse = (code: string, message: string) =>
        result.errors.push({
          row: index + 1,
          providerSideId: isCleanText(row.providerSideId) && row.providerSideId ? row.providerSideId : null,
          code,
          message,
        });
      try {
        const outcome = await this.reportRow(providerId, row, stations, clientFees, today, partOf(envelope, `row-${index}`));
        if ('problems' in outcome) {
          for (const p of outcome.problems) refuse(p.code, p.message);
          continue;
        }
        if (outcome.recorded) {
          result.recorded += 1;
          if (!outcome.listed) result.unlisted += 1;
          if (outcome.adjustment) result.adjustments += 1;
        } else result.duplicates += 1; // the same row reported before: nothing changes
      } catch (error) {
        // A row's refusal by a decider (SERVICE_ID_CONFLICT, …) is that row's answer, not the report's.
        if (!isDomainError(error)) throw error;
        refuse(error.code, error.message);
      }
    }
    return result;
  }

  private async reportRow(
    providerId: string,
    row: ReportRow,
    stations: string[],
    clientFees: ClientFees[],
    today: LocalDate,
    envelope: CommandEnvelope,
  ): Promise<{ problems: Array<{ code: string; message: string }> } | { recorded: boolean; listed: boolean; adjustment: boolean }> {
    const found = await this.registry.resolve(row.identityCode, false).catch(() => null);
    const personRef = found?.personRef ?? null;
    const noShow = !!row.noShow;
    const problems: Array<{ code: string; message: string }> = validateServiceRow(
      { providerSideId: row.providerSideId, personRef, serviceType: row.serviceType, date: row.date, stationId: row.stationId, noShow },
      { providerStationIds: stations, today },
    );
    const date = problems.some((p) => ['INVALID_DATE', 'FUTURE_DATE', 'DATE_OUT_OF_RANGE'].includes(p.code))
      ? null
      : LocalDate.parse(row.date);
    // A client-fee table exists but none is valid on the row's date: the row cannot be charged, so
    // it is refused before anything of it is written (no table at all means fees are not charged).
    const fees =
      date && !noShow && clientFees.length > 0
        ? (clientFees.filter((v) => v.validFrom <= date).sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0] ?? null)
        : null;
    if (date && !noShow && clientFees.length > 0 && !fees) problems.push({ code: 'NO_RATES', message: `no client fees valid on ${date}` });
    if (problems.length > 0 || !date || !personRef) return { problems };
    const serviceType = row.serviceType as ServiceType;
    const streamId = serviceStream(providerId, row.providerSideId);
    const listed = await this.readModel.isListed(personRef, providerId, date);
    const monthApproved = await this.readModel.isApproved(providerId, YearMonth.ofDate(date));
    const outcome = await this.pipeline.execute(
      servicesStream,
      {
        type: 'RecordService',
        providerId,
        providerSideId: row.providerSideId,
        personRef,
        serviceType,
        date,
        stationId: row.stationId,
        noShow,
        listed,
        monthApproved,
        today,
      },
      partOf(envelope, 'service'),
    );
    // Charging is idempotent per visit, so the same row again also completes a charge a crash cut
    // short; a row that conflicts with the recorded service never reaches this line.
    if (fees) await this.chargeClientFee(personRef, streamId, date, serviceType, fees, partOf(envelope, 'fee'));
    return { recorded: outcome.events.length > 0, listed, adjustment: outcome.events.some((e) => e.type === 'AdjustmentRecorded') };
  }

  private async chargeClientFee(
    personRef: PersonRef,
    visitId: string,
    date: LocalDate,
    serviceType: ServiceType,
    fees: ClientFees,
    envelope: CommandEnvelope,
  ): Promise<void> {
    // A minor's fee joins their guardian's account (ADR 0012); a visit charged before stays where it
    // was charged, so a row sent again after a guardianship arrived is not charged a second time.
    const charged = await this.readModel.accountOfVisit(visitId);
    const accountRef = charged ? PersonRef.parse(charged) : feeAccountOf(personRef, date, await this.readModel.guardianshipsOf(personRef));
    await this.pipeline.execute(
      clientFeesStream,
      {
        type: 'ChargeVisit',
        personRef,
        accountRef,
        visitId,
        date,
        serviceType,
        feeCents: fees.centsByServiceType[serviceType],
        countsTowardCap: fees.countsTowardCap[serviceType],
        capCents: fees.annualCapCents,
        noShow: false,
      },
      envelope,
    );
  }

  /**
   * Calculates (or re-calculates) the drafts of a month. Named providers must all be known and not
   * yet approved (nothing is written otherwise); without names every provider's draft is run and
   * the approved ones are skipped and named in the answer, since an approved month never changes.
   */
  async runSettlement(month: YearMonth, providerIds: string[] | null, envelope: CommandEnvelope): Promise<RunOutcome[]> {
    if (YearMonth.firstDay(month) > todayOf(envelope))
      throw new DomainError('MONTH_NOT_STARTED', `${month} has not begun`, { month }, 'rule');
    await this.readModel.caughtUp();
    const known = await this.readModel.providers();
    const requested = providerIds === null ? known : [...new Set(providerIds)];
    const unknown = requested.filter((p) => !known.includes(p));
    if (unknown.length > 0)
      throw new DomainError('PROVIDER_NOT_FOUND', `billing knows no provider ${unknown.join(', ')}`, { providerIds: unknown }, 'not_found');
    const closed = new Map((await this.readModel.settlements(month)).filter((s) => s.status !== 'draft').map((s) => [s.providerId, s]));
    const named = requested.filter((p) => closed.has(p));
    if (providerIds !== null && named.length > 0) {
      throw new DomainError(
        'SETTLEMENT_APPROVED',
        `the settlement for ${month} of ${named.join(', ')} is approved and never changes; later services become adjustments next month`,
        { month, providerIds: named },
        'conflict',
      );
    }
    const providers = requested.filter((p) => !closed.has(p));
    const capitation = versionOn(
      await this.readModel.rateVersions<CapitationRates>('capitation'),
      YearMonth.firstDay(month),
      'capitation rates',
    );
    const feeVersions = await this.readModel.rateVersions<ServiceFees>('service-fees');
    const fees = versionOn(feeVersions, YearMonth.firstDay(month), 'service fees');
    // One snapshot for the month: every provider's inputs and the position they reflect, read together.
    const { all, inputPosition } = await this.db.transaction('REPEATABLE READ', async (em) => ({
      all: await settlementInputs(em, providers, month, capitation),
      inputPosition: await this.readModel.inputPositionIn(em),
    }));
    const results: RunOutcome[] = [];
    for (const providerId of requested) {
      const approved = closed.get(providerId);
      if (approved) {
        results.push({
          providerId,
          month,
          status: approved.status,
          totalCents: approved.figures.totalCents,
          lines: approved.figures.lines.length,
          changed: false,
          skipped: true,
        });
        continue;
      }
      const inputs = all.get(providerId)!;
      const result = calculateSettlement({
        month,
        capitation,
        fees,
        feesForMonth: (m) => versionOn(feeVersions, YearMonth.firstDay(m), 'service fees'),
        ...inputs,
      });
      const outcome = await this.pipeline.execute(
        settlementsStream,
        {
          type: 'CalculateSettlement',
          providerId,
          month,
          calculatedBy: envelope.actor,
          calculatedOn: todayOf(envelope),
          figures: {
            lines: result.lines,
            totalCents: result.totalCents,
            unlistedServices: result.unlistedServices,
            adjustedServices: inputs.adjustedServices,
            ...(inputs.adjustedRedemptions?.length ? { adjustedRedemptions: inputs.adjustedRedemptions } : {}),
            inputPosition,
          },
        },
        partOf(envelope, providerId),
      );
      results.push({
        providerId,
        month,
        status: outcome.state.status,
        totalCents: result.totalCents,
        lines: result.lines.length,
        changed: outcome.events.length > 0,
      });
    }
    return results;
  }

  async approve(providerId: string, month: YearMonth, envelope: CommandEnvelope) {
    await this.readModel.caughtUp();
    const { state } = await this.pipeline.load(settlementsStream, settlementStream(providerId, month));
    const adjustmentsPaidElsewhere =
      state.status === 'draft'
        ? [
            ...(await this.readModel.adjustmentsPaid(state.figures?.adjustedServices ?? [])),
            ...(await this.readModel.redemptionAdjustmentsPaid(state.figures?.adjustedRedemptions ?? [])),
          ].filter((p) => p.paidIn !== month)
        : [];
    const outcome = await this.pipeline.execute(
      settlementsStream,
      { type: 'ApproveSettlement', providerId, month, approvedBy: envelope.actor, approvedOn: todayOf(envelope), adjustmentsPaidElsewhere },
      envelope,
    );
    return { providerId, month, status: outcome.state.status, approvedBy: outcome.state.approvedBy };
  }

  async recordExport(providerId: string, month: YearMonth, format: 'csv' | 'json', envelope: CommandEnvelope) {
    return this.pipeline.execute(
      settlementsStream,
      { type: 'ExportSettlement', providerId, month, exportedBy: envelope.actor, exportedOn: todayOf(envelope), format },
      partOf(envelope, providerId),
    );
  }
}
