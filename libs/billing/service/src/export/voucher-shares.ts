import type { VoucherShareRow } from '../read-model/voucher-read-model';

/**
 * The self-financing shares of a person's voucher visits, for their statement. The person pays
 * each share to the producer, not to the county, and it is no client fee (569/2009 § 7), so every
 * line says countsTowardCap: false and the total stays apart from the statement's fee totals.
 * A visit priced at or below the voucher's value is listed with a share of 0.
 */
export function voucherShares(rows: readonly VoucherShareRow[]) {
  return {
    lines: rows.map((r) => ({
      kind: 'voucher-share' as const,
      voucherId: r.voucherId,
      voucherTypeId: r.voucherTypeId,
      producerId: r.producerId,
      date: r.date,
      priceCents: r.priceCents,
      valueCents: r.valueCents,
      paidByCountyCents: r.paidCents,
      clientShareCents: r.clientShareCents,
      payableTo: r.producerId,
      countsTowardCap: false as const,
    })),
    totalClientShareCents: rows.reduce((a, r) => a + r.clientShareCents, 0),
    countsTowardCap: false as const,
  };
}
