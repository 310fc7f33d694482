import type { EntityManager } from 'typeorm';
import { YearMonth, type Sex } from '@luotsi/kernel';
import { ageBandOf, type CapitationGroup, type CapitationRates, type ServiceType } from '@luotsi/billing-domain';

const LISTED = `EXISTS (SELECT 1 FROM bl_listings l WHERE l.person_ref = s.person_ref AND l.provider_id = s.provider_id
                 AND l.effective_from <= s.service_date AND (l.effective_to IS NULL OR l.effective_to >= s.service_date))`;
const PROVIDERS = 'provider_id IN (SELECT jsonb_array_elements_text($1::jsonb))';

export interface SettlementInputs {
  capitationGroups: CapitationGroup[];
  serviceCounts: Partial<Record<ServiceType, number>>;
  lateServiceCounts: Array<{ month: YearMonth; serviceType: ServiceType; count: number }>;
  adjustedServices: string[];
  unlistedServices: number;
}

/**
 * The facts the providers' monthly settlements are priced from, read in one pass per table over one
 * snapshot of billing's read model: clients listed on the month's first day grouped by age on that
 * day (PostgreSQL's age() counts a birthday on the 1st), listed attended services by type (hash-joined
 * to the listings; one person's listing periods never overlap), and late services to adjust.
 */
export async function settlementInputs(em: EntityManager, providerIds: readonly string[], month: YearMonth, capitation: CapitationRates): Promise<Map<string, SettlementInputs>> {
  const first = YearMonth.firstDay(month);
  const last = YearMonth.lastDay(month);
  const providers = JSON.stringify(providerIds);
  const needRefs = JSON.stringify(Object.keys(capitation.needCoefficients));
  const inputs = new Map<string, SettlementInputs>(providerIds.map((p) => [p, { capitationGroups: [], serviceCounts: {}, lateServiceCounts: [], adjustedServices: [], unlistedServices: 0 }]));
  const of = (providerId: string) => inputs.get(providerId)!;

  const ages = (await em.query(
    `SELECT provider_id, date_part('year', age($2::date, birth_date))::int AS age, sex, count(*)::int AS clients FROM bl_listings
      WHERE ${PROVIDERS} AND effective_from <= $2 AND (effective_to IS NULL OR effective_to >= $2) AND person_ref NOT IN (SELECT jsonb_array_elements_text($3::jsonb))
      GROUP BY 1, 2, 3`,
    [providers, first, needRefs],
  )) as Array<{ provider_id: string; age: number; sex: Sex; clients: number }>;
  for (const a of ages) of(a.provider_id).capitationGroups.push({ ageBand: ageBandOf(a.age), sex: a.sex, needCoefficient: 1, clients: a.clients });
  const weighted = (await em.query(
    `SELECT provider_id, person_ref, date_part('year', age($2::date, birth_date))::int AS age, sex FROM bl_listings
      WHERE ${PROVIDERS} AND effective_from <= $2 AND (effective_to IS NULL OR effective_to >= $2) AND person_ref IN (SELECT jsonb_array_elements_text($3::jsonb))`,
    [providers, first, needRefs],
  )) as Array<{ provider_id: string; person_ref: string; age: number; sex: Sex }>;
  for (const w of weighted) of(w.provider_id).capitationGroups.push({ ageBand: ageBandOf(w.age), sex: w.sex, needCoefficient: capitation.needCoefficients[w.person_ref]!, clients: 1 });

  const services = (await em.query(
    `SELECT s.provider_id, s.service_type, count(l.person_ref)::int AS listed, (count(*) - count(l.person_ref))::int AS unlisted
       FROM bl_services s
       LEFT JOIN bl_listings l ON l.person_ref = s.person_ref AND l.provider_id = s.provider_id
            AND l.effective_from <= s.service_date AND (l.effective_to IS NULL OR l.effective_to >= s.service_date)
      WHERE s.${PROVIDERS} AND s.service_date BETWEEN $2 AND $3 AND NOT s.no_show AND s.late_for_month IS NULL
      GROUP BY 1, 2`,
    [providers, first, last],
  )) as Array<{ provider_id: string; service_type: ServiceType; listed: number; unlisted: number }>;
  for (const row of services) {
    const target = of(row.provider_id);
    if (row.listed > 0) target.serviceCounts[row.service_type] = row.listed;
    target.unlistedServices += row.unlisted;
  }

  const late = (await em.query(
    `SELECT s.provider_id, s.stream_id, s.late_for_month, s.service_type FROM bl_services s
      WHERE s.${PROVIDERS} AND s.late_for_month IS NOT NULL AND s.late_for_month < $2 AND s.adjusted_in IS NULL AND NOT s.no_show AND ${LISTED}
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
  return inputs;
}
