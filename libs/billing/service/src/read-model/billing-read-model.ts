import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, IsNull, LessThanOrEqual, MoreThanOrEqual, Not, type DataSource, type EntityManager } from 'typeorm';
import { DomainError, type LocalDate, type YearMonth } from '@luotsi/kernel';
import type { Subscription } from '@luotsi/messaging';
import { subscriptionToken } from '@luotsi/runtime';
import type { SettlementFigures } from '@luotsi/billing-domain';
import { BILLING_PROJECTION_NAME } from './billing.projection';
import { InputPositionRow, ListingRow, RateRow, ServiceRow, SettlementRow, StationRow } from './entities';

export interface SettlementView {
  providerId: string;
  month: YearMonth;
  status: 'draft' | 'approved' | 'exported';
  figures: SettlementFigures;
  calculatedBy: string;
  approvedBy: string | null;
}

const CLOSED = ['approved', 'exported'] as const;

/** Reads billing's tables through their entities; `caughtUp` first makes them reflect everything billing has recorded. */
@Injectable()
export class BillingReadModel {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(subscriptionToken(BILLING_PROJECTION_NAME)) private readonly projection: Subscription,
  ) {}

  async caughtUp(): Promise<void> {
    await this.projection.caughtUp();
  }

  /** The global position of the last settlement input in this snapshot of the read model. */
  async inputPositionIn(em: EntityManager): Promise<number> {
    const row = await em.getRepository(InputPositionRow).findOneBy({ id: 1 });
    return row ? Number(row.position) : 0;
  }

  async stationsOf(providerId: string): Promise<string[]> {
    const rows = await this.db.getRepository(StationRow).find({ where: { providerId }, order: { stationId: 'ASC' } });
    return rows.map((r) => r.stationId);
  }

  /** The providers that hold these stations now (stations nobody holds are left out). */
  async ownersOf(stationIds: readonly string[]): Promise<Map<string, string>> {
    if (stationIds.length === 0) return new Map();
    const rows = await this.db.getRepository(StationRow).findBy({ stationId: In([...stationIds]) });
    return new Map(rows.map((r) => [r.stationId, r.providerId]));
  }

  async providers(): Promise<string[]> {
    const rows = await this.db
      .getRepository(StationRow)
      .createQueryBuilder('s')
      .select('DISTINCT s.provider_id', 'provider_id')
      .orderBy('provider_id')
      .getRawMany<{ provider_id: string }>();
    return rows.map((r) => r.provider_id);
  }

  async isListed(personRef: string, providerId: string, date: LocalDate): Promise<boolean> {
    const started = { personRef, providerId, effectiveFrom: LessThanOrEqual(date) };
    return this.db.getRepository(ListingRow).existsBy([
      { ...started, effectiveTo: IsNull() },
      { ...started, effectiveTo: MoreThanOrEqual(date) },
    ]);
  }

  async isApproved(providerId: string, month: YearMonth): Promise<boolean> {
    return this.db.getRepository(SettlementRow).existsBy({ providerId, month, status: In([...CLOSED]) });
  }

  /** Of these late services, the ones an approved settlement has paid as adjustments, with its month. */
  async adjustmentsPaid(streamIds: readonly string[]): Promise<Array<{ service: string; paidIn: YearMonth }>> {
    if (streamIds.length === 0) return [];
    const rows = await this.db
      .getRepository(ServiceRow)
      .find({ where: { streamId: In([...streamIds]), adjustedIn: Not(IsNull()) }, order: { streamId: 'ASC' } });
    return rows.map((r) => ({ service: r.streamId, paidIn: r.adjustedIn as YearMonth }));
  }

  async lastApprovedMonth(): Promise<YearMonth | null> {
    const row = await this.db.getRepository(SettlementRow).findOne({ where: { status: In([...CLOSED]) }, order: { month: 'DESC' } });
    return (row?.month as YearMonth | undefined) ?? null;
  }

  async rateVersions<T>(kind: 'capitation' | 'service-fees' | 'client-fees'): Promise<T[]> {
    const rows = await this.db.getRepository(RateRow).find({ where: { kind }, order: { validFrom: 'ASC' } });
    return rows.map((r) => r.data as T);
  }

  async settlements(month: YearMonth, providerId?: string): Promise<SettlementView[]> {
    const rows = await this.db
      .getRepository(SettlementRow)
      .find({ where: { month, ...(providerId !== undefined ? { providerId } : {}) }, order: { providerId: 'ASC' } });
    return rows.map((r) => ({
      providerId: r.providerId,
      month: r.month as YearMonth,
      status: r.status,
      figures: r.figures,
      calculatedBy: r.calculatedBy,
      approvedBy: r.approvedBy,
    }));
  }

  async settlement(providerId: string, month: YearMonth): Promise<SettlementView> {
    const [found] = await this.settlements(month, providerId);
    if (!found)
      throw new DomainError('SETTLEMENT_NOT_FOUND', `no settlement of ${providerId} for ${month}`, { providerId, month }, 'not_found');
    return found;
  }

  /** Empties billing's read models and the projection's checkpoint; the projection then rebuilds them from the log. */
  async rebuild(tables: readonly string[]): Promise<void> {
    await this.projection.stop();
    try {
      await this.db.transaction(async (em) => {
        for (const table of tables) await em.query(`DELETE FROM ${table}`);
        await em.query('DELETE FROM subscription_checkpoints WHERE name = $1', [BILLING_PROJECTION_NAME]);
      });
    } finally {
      await this.projection.start();
    }
    await this.caughtUp();
  }
}
