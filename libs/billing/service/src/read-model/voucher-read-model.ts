import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { LocalDate } from '@luotsi/kernel';
import type { ProducerApproval, ProducerOwnership, VoucherTypeVersion } from '@luotsi/billing-domain';

/** A voucher as billing's read model holds it (personRefs only). */
export interface VoucherView {
  voucherId: string;
  personRef: string;
  voucherTypeId: string;
  service: string;
  municipality: string;
  valueCents: number;
  visits: number;
  visitsUsed: number;
  validFrom: LocalDate;
  validUntil: LocalDate;
  /** As recorded; 'expired' is derived from validUntil and today, see statusOn. */
  status: 'granted' | 'refused' | 'chosen' | 'used-up';
  producerId: string | null;
  priceCents: number | null;
  channel: string | null;
  chosenOn: LocalDate | null;
}

export interface VoucherShareRow {
  voucherId: string;
  voucherTypeId: string;
  producerId: string;
  producerSideId: string;
  date: LocalDate;
  priceCents: number;
  valueCents: number;
  paidCents: number;
  clientShareCents: number;
}

const VOUCHER_COLUMNS = `voucher_id, person_ref, voucher_type_id, service, municipality, value_cents, visits, visits_used,
  to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_until, 'YYYY-MM-DD') AS valid_until, status, producer_id,
  price_cents, channel, to_char(chosen_on, 'YYYY-MM-DD') AS chosen_on`;
const voucherOf = (r: Record<string, unknown>): VoucherView => ({
  voucherId: r['voucher_id'] as string,
  personRef: r['person_ref'] as string,
  voucherTypeId: r['voucher_type_id'] as string,
  service: r['service'] as string,
  municipality: r['municipality'] as string,
  valueCents: Number(r['value_cents']),
  visits: Number(r['visits']),
  visitsUsed: Number(r['visits_used']),
  validFrom: r['valid_from'] as LocalDate,
  validUntil: r['valid_until'] as LocalDate,
  status: r['status'] as VoucherView['status'],
  producerId: (r['producer_id'] as string | null) ?? null,
  priceCents: r['price_cents'] === null ? null : Number(r['price_cents']),
  channel: (r['channel'] as string | null) ?? null,
  chosenOn: (r['chosen_on'] as LocalDate | null) ?? null,
});

const APPROVAL_COLUMNS = `voucher_type_id, producer_id, price_cents, ownership, to_char(approved_from, 'YYYY-MM-DD') AS approved_from,
  suspensions, to_char(ended_from, 'YYYY-MM-DD') AS ended_from`;
const approvalOf = (r: Record<string, unknown>): ProducerApproval & { voucherTypeId: string } => ({
  voucherTypeId: r['voucher_type_id'] as string,
  producerId: r['producer_id'] as string,
  priceCents: Number(r['price_cents']),
  ownership: r['ownership'] as ProducerOwnership,
  approvedFrom: r['approved_from'] as LocalDate,
  suspensions: r['suspensions'] as ProducerApproval['suspensions'],
  endedFrom: (r['ended_from'] as LocalDate | null) ?? null,
});

/** One group of the voucher report: what became of the vouchers granted. */
export interface VoucherCounts {
  granted: number;
  refused: number;
  chosen: number;
  /** Granted and not refused, with no visit given (yet, or ever: expired ones included). */
  unused: number;
  usedUp: number;
  /** Past their last day with visits left (not refused). */
  expired: number;
  visitsGiven: number;
}

const COUNTS = `count(*)::int AS granted,
  count(*) FILTER (WHERE status = 'refused')::int AS refused,
  count(*) FILTER (WHERE producer_id IS NOT NULL)::int AS chosen,
  count(*) FILTER (WHERE status <> 'refused' AND visits_used = 0)::int AS unused,
  count(*) FILTER (WHERE status = 'used-up')::int AS used_up,
  count(*) FILTER (WHERE status IN ('granted', 'chosen') AND valid_until < $1::date)::int AS expired,
  coalesce(sum(visits_used), 0)::int AS visits_given`;
const countsOf = (r: Record<string, unknown>): VoucherCounts => ({
  granted: Number(r['granted']),
  refused: Number(r['refused']),
  chosen: Number(r['chosen']),
  unused: Number(r['unused']),
  usedUp: Number(r['used_up']),
  expired: Number(r['expired']),
  visitsGiven: Number(r['visits_given']),
});

/** The voucher tables of billing's read model; callers wait for BillingReadModel.caughtUp first. */
@Injectable()
export class VoucherReadModel {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async typeVersions(voucherTypeId: string): Promise<VoucherTypeVersion[]> {
    const rows = (await this.db.query('SELECT data FROM bl_voucher_types WHERE voucher_type_id = $1 ORDER BY valid_from', [
      voucherTypeId,
    ])) as Array<{ data: VoucherTypeVersion }>;
    return rows.map((r) => r.data);
  }

  async types(): Promise<Array<{ voucherTypeId: string; versions: VoucherTypeVersion[]; producers: ProducerApproval[] }>> {
    const versions = (await this.db.query(
      'SELECT voucher_type_id, data FROM bl_voucher_types ORDER BY voucher_type_id, valid_from',
    )) as Array<{
      voucher_type_id: string;
      data: VoucherTypeVersion;
    }>;
    const producers = (
      (await this.db.query(`SELECT ${APPROVAL_COLUMNS} FROM bl_voucher_producers ORDER BY voucher_type_id, producer_id`)) as Array<
        Record<string, unknown>
      >
    ).map(approvalOf);
    const ids = [...new Set(versions.map((v) => v.voucher_type_id))];
    return ids.map((voucherTypeId) => ({
      voucherTypeId,
      versions: versions.filter((v) => v.voucher_type_id === voucherTypeId).map((v) => v.data),
      producers: producers.filter((p) => p.voucherTypeId === voucherTypeId).map(({ voucherTypeId: _t, ...p }) => p),
    }));
  }

  async approval(voucherTypeId: string, producerId: string): Promise<ProducerApproval | null> {
    const rows = (await this.db.query(
      `SELECT ${APPROVAL_COLUMNS} FROM bl_voucher_producers WHERE voucher_type_id = $1 AND producer_id = $2`,
      [voucherTypeId, producerId],
    )) as Array<Record<string, unknown>>;
    return rows[0] ? approvalOf(rows[0]) : null;
  }

  /** Every voucher type a producer is approved for (or was: ended approvals included). */
  async approvalsOf(producerId: string): Promise<Array<ProducerApproval & { voucherTypeId: string }>> {
    const rows = (await this.db.query(
      `SELECT ${APPROVAL_COLUMNS} FROM bl_voucher_producers WHERE producer_id = $1 ORDER BY voucher_type_id`,
      [producerId],
    )) as Array<Record<string, unknown>>;
    return rows.map(approvalOf);
  }

  async voucher(voucherId: string): Promise<VoucherView | null> {
    const rows = (await this.db.query(`SELECT ${VOUCHER_COLUMNS} FROM bl_vouchers WHERE voucher_id = $1`, [voucherId])) as Array<
      Record<string, unknown>
    >;
    return rows[0] ? voucherOf(rows[0]) : null;
  }

  /** The vouchers of many ids at once (a report's rows), by id. */
  async vouchers(voucherIds: readonly string[]): Promise<Map<string, VoucherView>> {
    if (voucherIds.length === 0) return new Map();
    const rows = (await this.db.query(`SELECT ${VOUCHER_COLUMNS} FROM bl_vouchers WHERE voucher_id = ANY ($1::text[])`, [
      [...new Set(voucherIds)],
    ])) as Array<Record<string, unknown>>;
    return new Map(rows.map((r) => [r['voucher_id'] as string, voucherOf(r)]));
  }

  async vouchersOf(personRef: string): Promise<VoucherView[]> {
    const rows = (await this.db.query(`SELECT ${VOUCHER_COLUMNS} FROM bl_vouchers WHERE person_ref = $1 ORDER BY valid_from, voucher_id`, [
      personRef,
    ])) as Array<Record<string, unknown>>;
    return rows.map(voucherOf);
  }

  /** The voucher a producer's own id already names a visit of, if any (the id is the producer's, across its vouchers). */
  async voucherOfVisit(producerId: string, producerSideId: string): Promise<string | null> {
    const rows = (await this.db.query('SELECT voucher_id FROM bl_voucher_visits WHERE producer_id = $1 AND producer_side_id = $2', [
      producerId,
      producerSideId,
    ])) as Array<{ voucher_id: string }>;
    return rows[0]?.voucher_id ?? null;
  }

  /** A person's voucher visits of a year with what they paid the producer themselves. */
  async sharesOf(personRef: string, year: number): Promise<VoucherShareRow[]> {
    const rows = (await this.db.query(
      `SELECT voucher_id, voucher_type_id, producer_id, producer_side_id, to_char(visit_date, 'YYYY-MM-DD') AS visit_date,
              price_cents, value_cents, paid_cents, client_share_cents
         FROM bl_voucher_visits WHERE person_ref = $1 AND visit_date BETWEEN $2::date AND $3::date
        ORDER BY visit_date, global_position`,
      [personRef, `${year}-01-01`, `${year}-12-31`],
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      voucherId: r['voucher_id'] as string,
      voucherTypeId: r['voucher_type_id'] as string,
      producerId: r['producer_id'] as string,
      producerSideId: r['producer_side_id'] as string,
      date: r['visit_date'] as LocalDate,
      priceCents: Number(r['price_cents']),
      valueCents: Number(r['value_cents']),
      paidCents: Number(r['paid_cents']),
      clientShareCents: Number(r['client_share_cents']),
    }));
  }

  /**
   * The pilot's figures: vouchers granted in [from, to] and what became of them on `today`, by
   * type, producer and municipality, and the shares of the chosen producers by ownership.
   */
  async report(today: LocalDate, from: LocalDate, to: LocalDate) {
    const where = 'WHERE v.valid_from BETWEEN $2::date AND $3::date';
    const params = [today, from, to];
    const group = async (column: string) =>
      (
        (await this.db.query(
          `SELECT ${column} AS key, ${COUNTS} FROM bl_vouchers v ${where} GROUP BY 1 ORDER BY 1 NULLS FIRST`,
          params,
        )) as Array<Record<string, unknown>>
      ).map((r) => ({ key: (r['key'] as string | null) ?? null, ...countsOf(r) }));
    const [total] = (await this.db.query(`SELECT ${COUNTS} FROM bl_vouchers v ${where}`, params)) as Array<Record<string, unknown>>;
    const byType = (await group('v.voucher_type_id')).map(({ key, ...c }) => ({ voucherTypeId: key!, ...c }));
    const byProducer = (await group('v.producer_id')).map(({ key, ...c }) => ({ producerId: key, ...c }));
    const byMunicipality = (await group('v.municipality')).map(({ key, ...c }) => ({ municipality: key!, ...c }));
    // Each chosen voucher counts once for the producer chosen last, with that producer's ownership
    // for the voucher's type.
    const chosen = (await this.db.query(
      `SELECT p.ownership, v.producer_id, count(*)::int AS chosen
         FROM bl_vouchers v JOIN bl_voucher_producers p ON p.voucher_type_id = v.voucher_type_id AND p.producer_id = v.producer_id
        ${where} AND v.producer_id IS NOT NULL AND $1::date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
      params,
    )) as Array<{ ownership: ProducerOwnership; producer_id: string; chosen: number }>;
    const all = chosen.reduce((a, r) => a + r.chosen, 0);
    const share = (n: number) => (all === 0 ? 0 : Math.round((n / all) * 10_000) / 10_000);
    const byOwnership = (['public', 'private'] as const).map((ownership) => {
      const n = chosen.filter((r) => r.ownership === ownership).reduce((a, r) => a + r.chosen, 0);
      return { ownership, chosen: n, share: share(n) };
    });
    return {
      asOf: today,
      grantedFrom: from,
      grantedTo: to,
      total: countsOf(total!),
      byType,
      byProducer,
      byMunicipality,
      producerShares: {
        chosen: all,
        byOwnership,
        byProducer: chosen.map((r) => ({ producerId: r.producer_id, ownership: r.ownership, chosen: r.chosen, share: share(r.chosen) })),
      },
    };
  }
}
