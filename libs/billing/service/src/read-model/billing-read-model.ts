import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, IsNull, LessThanOrEqual, MoreThanOrEqual, Not, type DataSource, type EntityManager } from 'typeorm';
import { DomainError, type LocalDate, type YearMonth } from '@luotsi/kernel';
import type { Subscription } from '@luotsi/messaging';
import { subscriptionToken } from '@luotsi/runtime';
import type { ObservedGuardianship, SettlementFigures } from '@luotsi/billing-domain';
import { BILLING_PROJECTION_NAME } from './billing.projection';
import { yearlyClientFeeRun, type YearlyFeeRun } from './yearly-fee-run';
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

/** One charge or correction of a fee account, as billing's read model holds it. */
export interface FeeLineRow {
  position: number;
  accountRef: string;
  personRef: string;
  year: number;
  visitId: string;
  visitDate: LocalDate;
  serviceType: string;
  kind: 'charge' | 'refund' | 'further-charge';
  listPriceCents: number;
  amountCents: number;
  countsTowardCap: boolean;
  causedByVisitId: string | null;
  accumulatedCents: number | null;
  capCents: number | null;
  movedToAccountRef: string | null;
}

const FEE_LINE_COLUMNS = `position, account_ref, person_ref, year, visit_id, to_char(visit_date, 'YYYY-MM-DD') AS visit_date, service_type, kind,
  list_price_cents, amount_cents, counts_toward_cap, caused_by_visit_id, accumulated_cents, cap_cents, moved_to_account_ref`;
const feeLineOf = (r: Record<string, unknown>): FeeLineRow => ({
  position: Number(r['position']),
  accountRef: r['account_ref'] as string,
  personRef: r['person_ref'] as string,
  year: Number(r['year']),
  visitId: r['visit_id'] as string,
  visitDate: r['visit_date'] as LocalDate,
  serviceType: r['service_type'] as string,
  kind: r['kind'] as FeeLineRow['kind'],
  listPriceCents: Number(r['list_price_cents']),
  amountCents: Number(r['amount_cents']),
  countsTowardCap: r['counts_toward_cap'] as boolean,
  causedByVisitId: (r['caused_by_visit_id'] as string | null) ?? null,
  accumulatedCents: r['accumulated_cents'] === null ? null : Number(r['accumulated_cents']),
  capCents: r['cap_cents'] === null ? null : Number(r['cap_cents']),
  movedToAccountRef: (r['moved_to_account_ref'] as string | null) ?? null,
});

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

  /** Every provider billing settles: those with stations, and the producers approved for a voucher type. */
  async providers(): Promise<string[]> {
    const rows = (await this.db.query(
      'SELECT provider_id FROM bl_stations UNION SELECT producer_id FROM bl_voucher_producers ORDER BY 1',
    )) as Array<{ provider_id: string }>;
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

  /** Of these late voucher visits (producer:producerSideId), the ones an approved settlement has paid, with its month. */
  async redemptionAdjustmentsPaid(ids: readonly string[]): Promise<Array<{ service: string; paidIn: YearMonth }>> {
    if (ids.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT producer_id || ':' || producer_side_id AS id, adjusted_in FROM bl_voucher_visits
        WHERE producer_id || ':' || producer_side_id = ANY ($1::text[]) AND adjusted_in IS NOT NULL ORDER BY 1`,
      [[...ids]],
    )) as Array<{ id: string; adjusted_in: YearMonth }>;
    return rows.map((r) => ({ service: r.id, paidIn: r.adjusted_in }));
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

  /** A child's guardianship links as billing observed them (personRefs only). */
  async guardianshipsOf(childRef: string): Promise<ObservedGuardianship[]> {
    const rows = await this.db.query(
      `SELECT child_ref, guardian_ref, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to,
              to_char(child_adult_on, 'YYYY-MM-DD') AS child_adult_on, fees_join, seq FROM bl_guardianships WHERE child_ref = $1 ORDER BY seq`,
      [childRef],
    );
    return (rows as Array<Record<string, unknown>>).map((r) => ({
      childRef: r['child_ref'] as ObservedGuardianship['childRef'],
      guardianRef: r['guardian_ref'] as ObservedGuardianship['guardianRef'],
      from: r['valid_from'] as LocalDate,
      to: (r['valid_to'] as LocalDate | null) ?? null,
      childAdultOn: r['child_adult_on'] as LocalDate,
      feesJoin: r['fees_join'] as boolean,
      seq: Number(r['seq']),
    }));
  }

  /** The account a visit's fee was already counted in, if any: a re-sent row must not be charged to a second account. */
  async accountOfVisit(visitId: string): Promise<string | null> {
    const rows = (await this.db.query(
      `SELECT account_ref FROM bl_client_fee_lines WHERE visit_id = $1 AND kind = 'charge' ORDER BY position DESC LIMIT 1`,
      [visitId],
    )) as Array<{ account_ref: string }>;
    return rows[0]?.account_ref ?? null;
  }

  /** A person's visits as charged now: each in the account that holds it (its latest charge not moved out since). */
  async chargedVisitsOf(personRef: string): Promise<FeeLineRow[]> {
    const rows = await this.db.query(
      `SELECT ${FEE_LINE_COLUMNS} FROM bl_client_fee_lines c WHERE person_ref = $1 AND kind = 'charge'
         AND NOT EXISTS (SELECT 1 FROM bl_client_fee_lines m WHERE m.visit_id = c.visit_id AND m.account_ref = c.account_ref
                           AND m.moved_to_account_ref IS NOT NULL AND m.position > c.position)
       ORDER BY position`,
      [personRef],
    );
    return (rows as Array<Record<string, unknown>>).map(feeLineOf);
  }

  /** A person's fee lines of a year: their own visits wherever they were counted, and every visit counted in their account. */
  async feeLinesOf(personRef: string, year: number): Promise<FeeLineRow[]> {
    const rows = await this.db.query(
      `SELECT ${FEE_LINE_COLUMNS} FROM bl_client_fee_lines WHERE year = $2 AND (person_ref = $1 OR account_ref = $1) ORDER BY position`,
      [personRef, year],
    );
    return (rows as Array<Record<string, unknown>>).map(feeLineOf);
  }

  /** Every fee line of a year, account by account, each account's lines in the order they were made. */
  async feeLinesOfYear(year: number): Promise<FeeLineRow[]> {
    const rows = await this.db.query(`SELECT ${FEE_LINE_COLUMNS} FROM bl_client_fee_lines WHERE year = $1 ORDER BY account_ref, position`, [
      year,
    ]);
    return (rows as Array<Record<string, unknown>>).map(feeLineOf);
  }

  /** Where the caps of these accounts were reached in a year (in date order). */
  async feeCaps(accountRefs: readonly string[], year: number): Promise<Map<string, { reachedOn: LocalDate; capCents: number }>> {
    if (accountRefs.length === 0) return new Map();
    const rows = (await this.db.query(
      `SELECT account_ref, to_char(reached_on, 'YYYY-MM-DD') AS reached_on, cap_cents FROM bl_fee_caps WHERE year = $2 AND account_ref = ANY($1::text[])`,
      [[...accountRefs], year],
    )) as Array<{ account_ref: string; reached_on: LocalDate; cap_cents: string }>;
    return new Map(rows.map((r) => [r.account_ref, { reachedOn: r.reached_on, capCents: Number(r.cap_cents) }]));
  }

  /** The yearly client-fee run over the read model (see yearlyClientFeeRun). */
  async yearlyFeeRun(year: number): Promise<YearlyFeeRun> {
    return yearlyClientFeeRun(this.db.manager, year);
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
