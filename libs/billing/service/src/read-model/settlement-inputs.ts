import type { EntityManager } from 'typeorm';
import { YearMonth, type Sex } from '@luotsi/kernel';
import {
  ageBandCutoffs,
  ageBandOf,
  type CapitationGroup,
  type CapitationRates,
  type ServiceType,
  type VoucherVisitCount,
} from '@luotsi/billing-domain';

const LISTED = `EXISTS (SELECT 1 FROM bl_listings l WHERE l.person_ref = s.person_ref AND l.provider_id = s.provider_id
                 AND l.effective_from <= s.service_date AND (l.effective_to IS NULL OR l.effective_to >= s.service_date))`;
const PROVIDERS = 'provider_id = ANY ($1::text[])';

export interface SettlementInputs {
  capitationGroups: CapitationGroup[];
  serviceCounts: Partial<Record<ServiceType, number>>;
  lateServiceCounts: Array<{ month: YearMonth; serviceType: ServiceType; count: number }>;
  adjustedServices: string[];
  unlistedServices: number;
  voucherCounts: VoucherVisitCount[];
  lateVoucherCounts: Array<VoucherVisitCount & { month: YearMonth }>;
  /** Late voucher visits adjusted for, as producer:producerSideId; absent when none (figures as before vouchers). */
  adjustedRedemptions?: string[];
}

/**
 * The facts the providers' monthly settlements are priced from, read in one pass per table over one
 * snapshot of billing's read model: clients listed on the month's first day grouped by age band on
 * that day (a birthday on the 1st counts), listed attended services by type (hash-joined
 * to the listings; one person's listing periods never overlap), and late services to adjust.
 */
export async function settlementInputs(
  em: EntityManager,
  providerIds: readonly string[],
  month: YearMonth,
  capitation: CapitationRates,
): Promise<Map<string, SettlementInputs>> {
  const first = YearMonth.firstDay(month);
  const last = YearMonth.lastDay(month);
  const providers = [...providerIds];
  const inputs = new Map<string, SettlementInputs>(
    providerIds.map((p) => [
      p,
      {
        capitationGroups: [],
        serviceCounts: {},
        lateServiceCounts: [],
        adjustedServices: [],
        unlistedServices: 0,
        voucherCounts: [],
        lateVoucherCounts: [],
      },
    ]),
  );
  const of = (providerId: string) => inputs.get(providerId)!;

  // The services' join hashes every listing (500 000 rows ≈ 60 MB); with the default 4 MB work_mem
  // it spills to disk in batches and takes twice as long. Only this transaction gets more.
  await em.query(`SET LOCAL work_mem = '256MB'`);

  // Banded by comparing birth dates with each band's cutoff, not by computing every client's age.
  const cutoffs = ageBandCutoffs(first);
  const bandOf = `CASE ${cutoffs.map((_, i) => `WHEN birth_date <= $${3 + i}::date THEN ${i}`).join(' ')} ELSE ${cutoffs.length} END`;
  const bands = [...cutoffs.map((c) => c.band), ageBandOf(0)];
  const needRefs = Object.keys(capitation.needCoefficients);
  // Listed on the first day; $3… are the cutoffs, the last parameter the clients with a coefficient.
  const listedOnFirst = `${PROVIDERS} AND effective_from <= $2 AND (effective_to IS NULL OR effective_to >= $2)`;
  const weightedRefs = `person_ref = ANY ($${3 + cutoffs.length}::text[])`;
  const params = [providers, first, ...cutoffs.map((c) => c.bornOnOrBefore), needRefs];
  // Counted by provider and sex, and within those cumulatively: born on or before each cutoff
  // (ascending), so a band is the difference of two neighbouring counts. Grouped by the banding
  // CASE instead, the planner takes the groups for a quarter of a million (it cannot know the CASE
  // has six values) and aggregates in one process: 0.21 s for Helsinki's 0.68 M listings, beside
  // 0.12 s in parallel this way (the plain count floor: 0.10 s).
  const cumulative = cutoffs.map((_, i) => `count(*) FILTER (WHERE birth_date <= $${3 + i}::date)::int AS c${i}`);
  const ages = (await em.query(
    `SELECT provider_id, sex, ${cumulative.join(', ')}, count(*)::int AS c${cutoffs.length} FROM bl_listings
      WHERE ${listedOnFirst} AND NOT (${weightedRefs})
      GROUP BY 1, 2`,
    params,
  )) as Array<{ provider_id: string; sex: Sex } & Record<`c${number}`, number>>;
  for (const a of ages) {
    bands.forEach((ageBand, i) => {
      const clients = a[`c${i}`]! - (i === 0 ? 0 : a[`c${i - 1}`]!);
      if (clients > 0) of(a.provider_id).capitationGroups.push({ ageBand, sex: a.sex, needCoefficient: 1, clients });
    });
  }
  if (needRefs.length > 0) {
    const weighted = (await em.query(
      `SELECT provider_id, person_ref, ${bandOf} AS band, sex FROM bl_listings WHERE ${listedOnFirst} AND ${weightedRefs}`,
      params,
    )) as Array<{ provider_id: string; person_ref: string; band: number; sex: Sex }>;
    for (const w of weighted)
      of(w.provider_id).capitationGroups.push({
        ageBand: bands[w.band]!,
        sex: w.sex,
        needCoefficient: capitation.needCoefficients[w.person_ref]!,
        clients: 1,
      });
  }

  // The listings' side is restricted to the settled providers and the month in so many words,
  // though the join implies it: PostgreSQL carries the providers' = ANY over to the listings no
  // more than the month, and otherwise hashes every listing in the country (5.6 M rows) to settle
  // one county (0.7 M) — 1.9 s of Helsinki's 2.1 s at national size, 0.3 s with the restriction.
  const services = (await em.query(
    `SELECT s.provider_id, s.service_type, count(l.person_ref)::int AS listed, (count(*) - count(l.person_ref))::int AS unlisted
       FROM bl_services s
       LEFT JOIN bl_listings l ON l.person_ref = s.person_ref AND l.provider_id = s.provider_id
            AND l.effective_from <= s.service_date AND (l.effective_to IS NULL OR l.effective_to >= s.service_date)
            AND l.${PROVIDERS} AND l.effective_from <= $3 AND (l.effective_to IS NULL OR l.effective_to >= $2)
      WHERE s.${PROVIDERS} AND s.service_date BETWEEN $2 AND $3 AND NOT s.no_show
      GROUP BY 1, 2`,
    [providers, first, last],
  )) as Array<{ provider_id: string; service_type: ServiceType; listed: number; unlisted: number }>;
  for (const row of services) {
    const target = of(row.provider_id);
    if (row.listed > 0) target.serviceCounts[row.service_type] = row.listed;
    target.unlistedServices += row.unlisted;
  }

  // isLateService in SQL: services of an earlier month's approved settlement beyond its inputPosition,
  // not yet paid by another approved settlement.
  const late = (await em.query(
    `SELECT s.provider_id, s.stream_id, st.month AS late_for_month, s.service_type
       FROM bl_settlements st
       JOIN bl_services s ON s.provider_id = st.provider_id
            AND s.service_date BETWEEN to_date(st.month, 'YYYY-MM') AND (to_date(st.month, 'YYYY-MM') + interval '1 month' - interval '1 day')::date
      WHERE st.${PROVIDERS} AND st.status IN ('approved', 'exported') AND st.month < $2
        AND s.global_position > (st.figures->>'inputPosition')::bigint AND s.adjusted_in IS NULL AND NOT s.no_show AND ${LISTED}
      ORDER BY s.stream_id`,
    [providers, month],
  )) as Array<{ provider_id: string; stream_id: string; late_for_month: YearMonth; service_type: ServiceType }>;
  for (const l of late) {
    const target = of(l.provider_id);
    target.adjustedServices.push(l.stream_id);
    const entry = target.lateServiceCounts.find((c) => c.month === l.late_for_month && c.serviceType === l.service_type);
    if (entry) entry.count += 1;
    else target.lateServiceCounts.push({ month: l.late_for_month, serviceType: l.service_type, count: 1 });
  }
  await voucherInputs(em, providers, month, of);
  return inputs;
}

/**
 * Voucher visits of the month by type and amount paid, and late ones under the same rule as late
 * services (isLateService): beyond the approved settlement's inputPosition of their month and not
 * yet paid by another approved settlement.
 */
async function voucherInputs(em: EntityManager, providers: string[], month: YearMonth, of: (p: string) => SettlementInputs): Promise<void> {
  const visits = (await em.query(
    `SELECT producer_id, voucher_type_id, paid_cents, count(*)::int AS count FROM bl_voucher_visits
      WHERE producer_id = ANY ($1::text[]) AND visit_date BETWEEN $2 AND $3 GROUP BY 1, 2, 3`,
    [providers, YearMonth.firstDay(month), YearMonth.lastDay(month)],
  )) as Array<{ producer_id: string; voucher_type_id: string; paid_cents: string; count: number }>;
  for (const v of visits)
    of(v.producer_id).voucherCounts.push({ voucherTypeId: v.voucher_type_id, unitCents: Number(v.paid_cents), count: v.count });
  const late = (await em.query(
    `SELECT v.producer_id, v.producer_side_id, st.month AS late_for_month, v.voucher_type_id, v.paid_cents
       FROM bl_settlements st
       JOIN bl_voucher_visits v ON v.producer_id = st.provider_id
            AND v.visit_date BETWEEN to_date(st.month, 'YYYY-MM') AND (to_date(st.month, 'YYYY-MM') + interval '1 month' - interval '1 day')::date
      WHERE st.provider_id = ANY ($1::text[]) AND st.status IN ('approved', 'exported') AND st.month < $2
        AND v.global_position > (st.figures->>'inputPosition')::bigint AND v.adjusted_in IS NULL
      ORDER BY v.producer_id, v.producer_side_id`,
    [providers, month],
  )) as Array<{ producer_id: string; producer_side_id: string; late_for_month: YearMonth; voucher_type_id: string; paid_cents: string }>;
  for (const l of late) {
    const target = of(l.producer_id);
    (target.adjustedRedemptions ??= []).push(`${l.producer_id}:${l.producer_side_id}`);
    const unitCents = Number(l.paid_cents);
    const entry = target.lateVoucherCounts.find(
      (c) => c.month === l.late_for_month && c.voucherTypeId === l.voucher_type_id && c.unitCents === unitCents,
    );
    if (entry) entry.count += 1;
    else target.lateVoucherCounts.push({ month: l.late_for_month, voucherTypeId: l.voucher_type_id, unitCents, count: 1 });
  }
}
