import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError, type LocalDate, type YearMonth } from '@luotsi/kernel';
import type { ProjectionRunner } from '@luotsi/messaging';
import type { SettlementFigures } from '@luotsi/billing-domain';
import { billingProjection } from './billing.projection';

export const BILLING_PROJECTION = Symbol.for('luotsi.billing.projection');

export interface SettlementView {
  providerId: string;
  month: YearMonth;
  status: 'draft' | 'approved' | 'exported';
  figures: SettlementFigures;
  calculatedBy: string;
  approvedBy: string | null;
}

/** Reads billing's tables; `caughtUp` first makes them reflect everything billing has recorded. */
@Injectable()
export class BillingReadModel {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(BILLING_PROJECTION) private readonly projection: ProjectionRunner,
  ) {}

  async caughtUp(): Promise<void> {
    await this.projection.caughtUp();
  }

  /** The global position of the last settlement input in this snapshot of the read model. */
  async inputPositionIn(em: EntityManager): Promise<number> {
    const rows = (await em.query('SELECT position FROM bl_input_position WHERE id = 1')) as Array<{ position: string }>;
    return rows[0] ? Number(rows[0].position) : 0;
  }

  async stationsOf(providerId: string): Promise<string[]> {
    const rows = (await this.db.query('SELECT station_id FROM bl_stations WHERE provider_id = $1 ORDER BY 1', [providerId])) as Array<{ station_id: string }>;
    return rows.map((r) => r.station_id);
  }

  /** The providers that hold these stations now (stations nobody holds are left out). */
  async ownersOf(stationIds: readonly string[]): Promise<Map<string, string>> {
    const rows = (await this.db.query('SELECT station_id, provider_id FROM bl_stations WHERE station_id = ANY ($1::text[])', [[...stationIds]])) as Array<{ station_id: string; provider_id: string }>;
    return new Map(rows.map((r) => [r.station_id, r.provider_id]));
  }

  async providers(): Promise<string[]> {
    const rows = (await this.db.query('SELECT DISTINCT provider_id FROM bl_stations ORDER BY 1')) as Array<{ provider_id: string }>;
    return rows.map((r) => r.provider_id);
  }

  async isListed(personRef: string, providerId: string, date: LocalDate): Promise<boolean> {
    const rows = (await this.db.query(
      'SELECT 1 FROM bl_listings WHERE person_ref = $1 AND provider_id = $2 AND effective_from <= $3 AND (effective_to IS NULL OR effective_to >= $3) LIMIT 1',
      [personRef, providerId, date],
    )) as unknown[];
    return rows.length > 0;
  }

  async isApproved(providerId: string, month: YearMonth): Promise<boolean> {
    const rows = (await this.db.query(`SELECT 1 FROM bl_settlements WHERE provider_id = $1 AND month = $2 AND status IN ('approved', 'exported')`, [providerId, month])) as unknown[];
    return rows.length > 0;
  }

  async lastApprovedMonth(): Promise<YearMonth | null> {
    const rows = (await this.db.query(`SELECT max(month) AS month FROM bl_settlements WHERE status IN ('approved', 'exported')`)) as Array<{ month: string | null }>;
    return (rows[0]?.month as YearMonth | null) ?? null;
  }

  async rateVersions<T>(kind: 'capitation' | 'service-fees' | 'client-fees'): Promise<T[]> {
    const rows = (await this.db.query('SELECT data FROM bl_rates WHERE kind = $1 ORDER BY valid_from', [kind])) as Array<{ data: T }>;
    return rows.map((r) => r.data);
  }

  async settlements(month: YearMonth, providerId?: string): Promise<SettlementView[]> {
    const rows = (await this.db.query(
      `SELECT provider_id, month, status, figures, calculated_by, approved_by FROM bl_settlements WHERE month = $1 AND ($2::text IS NULL OR provider_id = $2) ORDER BY provider_id`,
      [month, providerId ?? null],
    )) as Array<{ provider_id: string; month: YearMonth; status: SettlementView['status']; figures: SettlementFigures; calculated_by: string; approved_by: string | null }>;
    return rows.map((r) => ({ providerId: r.provider_id, month: r.month, status: r.status, figures: r.figures, calculatedBy: r.calculated_by, approvedBy: r.approved_by }));
  }

  async settlement(providerId: string, month: YearMonth): Promise<SettlementView> {
    const [found] = await this.settlements(month, providerId);
    if (!found) throw new DomainError('SETTLEMENT_NOT_FOUND', `no settlement of ${providerId} for ${month}`, { providerId, month }, 'not_found');
    return found;
  }

  /** Empties billing's read models and checkpoint; the projection then rebuilds them from the log. */
  async rebuild(tables: readonly string[]): Promise<void> {
    await this.projection.stop();
    await this.db.transaction(async (em) => {
      for (const table of tables) await em.query(`DELETE FROM ${table}`);
      await em.query('DELETE FROM projection_checkpoints WHERE name = $1', [billingProjection.name]);
    });
    await this.projection.restart();
    await this.caughtUp();
  }
}
