import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CLOCK, DomainError, ID_GENERATOR, LocalDate, YearMonth, type Clock, type IdGenerator, type PersonRef } from '@luotsi/kernel';
import { executeCommand, type EventMetadata, type EventStore } from '@luotsi/eventstore';
import { EVENT_STORE, type Actor } from '@luotsi/runtime';
import { PersonRegistry } from '@luotsi/identity';
import {
  calculateSettlement, clientFeeDecider, clientFeeStream, ratesDecider, RATES_STREAM, serviceStream, settlementDecider, settlementStream, validateServiceRow, versionOn,
  type CapitationRates, type ClientFees, type RatesCommand, type ServiceFees, type ServiceType,
} from '@luotsi/billing-domain';
import { settlementInputs } from './read-model/settlement-inputs';
import { BillingReadModel } from './read-model/billing-read-model';

export interface BillingContext {
  actor: Actor;
  correlationId: string;
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

/** billing's commands: rate tables, service reports with client fees, and monthly settlements. */
@Injectable()
export class BillingCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly registry: PersonRegistry,
    private readonly readModel: BillingReadModel,
  ) {}

  today(): LocalDate {
    return LocalDate.ofInstant(this.clock.now());
  }

  private options(ctx: BillingContext) {
    const metadata: EventMetadata = { correlationId: ctx.correlationId, actor: ctx.actor.label };
    return { metadata, eventId: () => this.ids.uuid() };
  }

  async setRates(command: RatesCommand, ctx: BillingContext) {
    const lockedThrough = await this.readModel.lastApprovedMonth();
    return executeCommand(this.store, RATES_STREAM, ratesDecider, { ...command, lockedThrough } as RatesCommand, this.options(ctx));
  }

  /**
   * Records a provider's report row by row: bad rows come back with their codes, good rows are
   * recorded (once: the provider-side id names the stream), and each attended visit is charged its
   * client fee against the person's annual cap.
   */
  async reportServices(providerId: string, rows: readonly ReportRow[], ctx: BillingContext): Promise<ReportResult> {
    await this.readModel.caughtUp();
    const result: ReportResult = { rows: rows.length, recorded: 0, duplicates: 0, unlisted: 0, adjustments: 0, errors: [] };
    const stations = await this.readModel.stationsOf(providerId);
    if (stations.length === 0) throw new DomainError('PROVIDER_NOT_FOUND', `billing knows no stations of provider ${providerId}`, { providerId }, 'not_found');
    const today = this.today();
    const clientFees = await this.readModel.rateVersions<ClientFees>('client-fees');
    for (const [index, row] of rows.entries()) {
      const found = await this.registry.resolve(row.identityCode, false).catch(() => null);
      const personRef = found?.personRef ?? null;
      const problems = validateServiceRow({ providerSideId: row.providerSideId, personRef, serviceType: row.serviceType, date: row.date, stationId: row.stationId, noShow: !!row.noShow }, { providerStationIds: stations, today });
      if (problems.length > 0) {
        for (const p of problems) result.errors.push({ row: index + 1, providerSideId: row.providerSideId || null, code: p.code, message: p.message });
        continue;
      }
      const date = LocalDate.parse(row.date);
      const streamId = serviceStream(providerId, row.providerSideId);
      const listed = await this.readModel.isListed(personRef!, providerId, date);
      const month = YearMonth.ofDate(date);
      const late = await this.readModel.isApproved(providerId, month);
      const { metadata } = this.options(ctx);
      const serviceType = row.serviceType as ServiceType;
      const events = [
        { eventId: this.ids.uuid(), type: 'ServiceRecorded', data: { providerId, providerSideId: row.providerSideId, personRef: personRef!, serviceType, date, stationId: row.stationId, noShow: !!row.noShow, listedAtReport: listed }, metadata },
        ...(late ? [{ eventId: this.ids.uuid(), type: 'AdjustmentRecorded', data: { providerId, providerSideId: row.providerSideId, correctsMonth: month, serviceType }, metadata }] : []),
      ];
      try {
        await this.store.append(streamId, events, { expectedRevision: 'no_stream' });
        result.recorded += 1;
        if (!listed) result.unlisted += 1;
        if (late) result.adjustments += 1;
      } catch (error) {
        if ((error as DomainError).code !== 'CONCURRENCY_CONFLICT') throw error;
        result.duplicates += 1; // reported before: nothing changes
      }
      // Charging is idempotent per visit, so a re-sent row also completes a charge a crash cut short.
      if (!row.noShow) await this.chargeClientFee(personRef!, streamId, date, serviceType, clientFees, ctx);
    }
    return result;
  }

  private async chargeClientFee(personRef: PersonRef, visitId: string, date: LocalDate, serviceType: ServiceType, versions: ClientFees[], ctx: BillingContext): Promise<void> {
    if (versions.length === 0) return; // no client fees configured: nothing to charge
    const fees = versionOn(versions, date, 'client fees');
    const year = LocalDate.parts(date).year;
    await executeCommand(this.store, clientFeeStream(personRef, year), clientFeeDecider, {
      type: 'ChargeVisit', personRef, visitId, date, serviceType, feeCents: fees.centsByServiceType[serviceType], countsTowardCap: fees.countsTowardCap[serviceType], capCents: fees.annualCapCents, noShow: false,
    }, this.options(ctx));
  }

  /** Calculates (or re-calculates) the drafts of a month for the given providers (default: all). */
  async runSettlement(month: YearMonth, providerIds: string[] | null, ctx: BillingContext) {
    if (YearMonth.firstDay(month) > this.today()) throw new DomainError('MONTH_NOT_STARTED', `${month} has not begun`, { month }, 'rule');
    await this.readModel.caughtUp();
    const capitation = versionOn(await this.readModel.rateVersions<CapitationRates>('capitation'), YearMonth.firstDay(month), 'capitation rates');
    const feeVersions = await this.readModel.rateVersions<ServiceFees>('service-fees');
    const fees = versionOn(feeVersions, YearMonth.firstDay(month), 'service fees');
    const providers = providerIds ?? (await this.readModel.providers());
    // One snapshot for the month: every provider's inputs and the position they reflect, read together.
    const { all, inputPosition } = await this.db.transaction('REPEATABLE READ', async (em) => ({
      all: await settlementInputs(em, providers, month, capitation),
      inputPosition: await this.readModel.inputPositionIn(em),
    }));
    const results = [];
    for (const providerId of providers) {
      const inputs = all.get(providerId)!;
      const result = calculateSettlement({ month, capitation, fees, feesForMonth: (m) => versionOn(feeVersions, YearMonth.firstDay(m), 'service fees'), ...inputs });
      const outcome = await executeCommand(this.store, settlementStream(providerId, month), settlementDecider, {
        type: 'CalculateSettlement', providerId, month, calculatedBy: ctx.actor.label, calculatedOn: this.today(),
        figures: { lines: result.lines, totalCents: result.totalCents, unlistedServices: result.unlistedServices, adjustedServices: inputs.adjustedServices, inputPosition },
      }, this.options(ctx));
      results.push({ providerId, month, status: outcome.state.status, totalCents: result.totalCents, lines: result.lines.length, changed: outcome.events.length > 0 });
    }
    return results;
  }

  async approve(providerId: string, month: YearMonth, ctx: BillingContext) {
    const outcome = await executeCommand(this.store, settlementStream(providerId, month), settlementDecider, { type: 'ApproveSettlement', providerId, month, approvedBy: ctx.actor.label, approvedOn: this.today() }, this.options(ctx));
    return { providerId, month, status: outcome.state.status, approvedBy: outcome.state.approvedBy };
  }

  async recordExport(providerId: string, month: YearMonth, format: 'csv' | 'json', ctx: BillingContext) {
    return executeCommand(this.store, settlementStream(providerId, month), settlementDecider, { type: 'ExportSettlement', providerId, month, exportedBy: ctx.actor.label, exportedOn: this.today(), format }, this.options(ctx));
  }
}
