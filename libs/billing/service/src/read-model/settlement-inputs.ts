import type { EntityManager } from 'typeorm';
import { YearMonth, type Sex } from '@luotsi/kernel';
import { ageBandOf, type CapitationGroup, type CapitationRates, type ServiceType } from '@luotsi/billing-domain';

const LISTED = `EXISTS (SELECT 1 FROM bl_listings l WHERE l.person_ref = s.person_ref AND l.provider_id = s.provider_id
                 AND l.effective_from <= s.service_date AND (l.effective_to IS NULL OR l.effective_to >= s.service_date))`;

/**
 * The facts one provider's monthly settlement is priced from, read in one snapshot of billing's read
 * model: clients listed on the month's first day grouped by age on that day (PostgreSQL's age()
 * counts a birthday on the 1st), listed attended services by type, and late services to adjust.
 */
export async function settlementInputs(em: EntityManager, providerId: string, month: YearMonth, capitation: CapitationRates) {
  const first = YearMonth.firstDay(month);
  const last = YearMonth.lastDay(month);
  const needRefs = Object.keys(capitation.needCoefficients);
  const ages = (await em.query(
    `SELECT date_part('year', age($2::date, birth_date))::int AS age, sex, count(*)::int AS clients FROM bl_listings
      WHERE provider_id = $1 AND effective_from <= $2 AND (effective_to IS NULL OR effective_to >= $2) AND person_ref NOT IN (SELECT jsonb_array_elements_text($3::jsonb))
      GROUP BY 1, 2`,
    [providerId, first, JSON.stringify(needRefs)],
  )) as Array<{ age: number; sex: Sex; clients: number }>;
  const weighted = (await em.query(
    `SELECT person_ref, date_part('year', age($2::date, birth_date))::int AS age, sex FROM bl_listings
      WHERE provider_id = $1 AND effective_from <= $2 AND (effective_to IS NULL OR effective_to >= $2) AND person_ref IN (SELECT jsonb_array_elements_text($3::jsonb))`,
    [providerId, first, JSON.stringify(needRefs)],
  )) as Array<{ person_ref: string; age: number; sex: Sex }>;
  const groups: CapitationGroup[] = [
    ...ages.map((a) => ({ ageBand: ageBandOf(a.age), sex: a.sex, needCoefficient: 1, clients: a.clients })),
    ...weighted.map((w) => ({ ageBand: ageBandOf(w.age), sex: w.sex, needCoefficient: capitation.needCoefficients[w.person_ref]!, clients: 1 })),
  ];

  // One pass over the month's services, hash-joined to the listings: listed ones earn their fee,
  // the others are counted as unlisted. Listing periods of one person never overlap.
  const services = (await em.query(
    `SELECT s.service_type, count(l.person_ref)::int AS listed, (count(*) - count(l.person_ref))::int AS unlisted
       FROM bl_services s
       LEFT JOIN bl_listings l ON l.person_ref = s.person_ref AND l.provider_id = s.provider_id
            AND l.effective_from <= s.service_date AND (l.effective_to IS NULL OR l.effective_to >= s.service_date)
      WHERE s.provider_id = $1 AND s.service_date BETWEEN $2 AND $3 AND NOT s.no_show AND s.late_for_month IS NULL
      GROUP BY 1`,
    [providerId, first, last],
  )) as Array<{ service_type: ServiceType; listed: number; unlisted: number }>;
  const late = (await em.query(
    `SELECT s.stream_id, s.late_for_month, s.service_type FROM bl_services s
      WHERE s.provider_id = $1 AND s.late_for_month IS NOT NULL AND s.late_for_month < $2 AND s.adjusted_in IS NULL AND NOT s.no_show AND ${LISTED}
      ORDER BY s.stream_id`,
    [providerId, month],
  )) as Array<{ stream_id: string; late_for_month: YearMonth; service_type: ServiceType }>;
  const lateCounts = new Map<string, { month: YearMonth; serviceType: ServiceType; count: number }>();
  for (const l of late) {
    const key = `${l.late_for_month}|${l.service_type}`;
    const entry = lateCounts.get(key) ?? { month: l.late_for_month, serviceType: l.service_type, count: 0 };
    entry.count += 1;
    lateCounts.set(key, entry);
  }
  return {
    capitationGroups: groups,
    serviceCounts: Object.fromEntries(services.filter((s) => s.listed > 0).map((s) => [s.service_type, s.listed])) as Partial<Record<ServiceType, number>>,
    lateServiceCounts: [...lateCounts.values()],
    adjustedServices: late.map((l) => l.stream_id),
    unlistedServices: services.reduce((a, s) => a + s.unlisted, 0),
  };
}
