import { DomainError, LocalDate, type Cents } from '@luotsi/kernel';
import { AGE_BANDS, SERVICE_TYPES, type AgeBand, type ServiceType } from '../vocabulary';

/** Annual capitation per age band, optional factors by sex and per-person need coefficients. */
export interface CapitationRates {
  validFrom: LocalDate;
  annualCentsByAgeBand: Record<AgeBand, Cents>;
  /** Absent or null: no weighting by sex (capitation lines are then not split by sex). */
  sexFactors?: { male: number; female: number } | null;
  /** personRef → coefficient (1 = average need); absent persons count as 1. */
  needCoefficients: Record<string, number>;
}

export interface ServiceFees {
  validFrom: LocalDate;
  centsByServiceType: Record<ServiceType, Cents>;
}

export interface ClientFees {
  validFrom: LocalDate;
  centsByServiceType: Record<ServiceType, Cents>;
  countsTowardCap: Record<ServiceType, boolean>;
  annualCapCents: Cents;
}

/** The statutory client-fee cap (maksukatto) per calendar year, client-fees act 734/1992. */
export const FEE_CAP_BY_YEAR: Record<number, Cents> = {
  2020: 68_300,
  2021: 68_300,
  2022: 69_200,
  2023: 69_200,
  2024: 76_200,
  2025: 76_200,
  2026: 81_500,
};

/**
 * The version in force on a date: the latest whose validFrom is on or before it. `what` only names
 * the table in the error, so a refusal says which configuration is missing.
 */
export function versionOn<T extends { validFrom: LocalDate }>(versions: readonly T[], date: LocalDate, what = 'rates'): T {
  const found = [...versions].filter((v) => v.validFrom <= date).sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];
  if (!found) throw new DomainError('NO_RATES', `no ${what} valid on ${date}`, { date, table: what }, 'rule');
  return found;
}

/** Every band or type present as whole non-negative cents, and no others (they would be silently ignored). */
function problemsOfCents(map: Record<string, unknown> | null | undefined, keys: readonly string[], field: string): string[] {
  if (typeof map !== 'object' || map === null) return [`${field} must list ${keys.join(', ')}`];
  const missingOrBad = keys.flatMap((k) =>
    Number.isSafeInteger(map[k]) && (map[k] as number) >= 0 ? [] : [`${field}.${k} must be whole non-negative cents`],
  );
  const unknown = Object.keys(map)
    .filter((k) => !keys.includes(k))
    .map((k) => `${field}.${k} is not one of ${keys.join(', ')}`);
  return [...missingOrBad, ...unknown];
}

/** Factors are exact decimals with at most six places, so capitation can scale them to integers. */
const validFactor = (f: number) => Number.isFinite(f) && f > 0 && f <= 10 && Math.abs(Math.round(f * 1e6) - f * 1e6) < 1e-6;

export function validateCapitation(rates: CapitationRates): void {
  const problems = [...problemsOfCents(rates.annualCentsByAgeBand, AGE_BANDS, 'annualCentsByAgeBand'), ...monthStart(rates.validFrom)];
  if (rates.sexFactors && (!validFactor(rates.sexFactors.male) || !validFactor(rates.sexFactors.female)))
    problems.push('sexFactors must be > 0 and ≤ 10 with at most six decimals');
  for (const [ref, c] of Object.entries(rates.needCoefficients ?? {}))
    if (!validFactor(c)) problems.push(`needCoefficients.${ref} must be > 0 and ≤ 10 with at most six decimals`);
  fail(problems);
}

export function validateServiceFees(fees: ServiceFees): void {
  fail([...problemsOfCents(fees.centsByServiceType, SERVICE_TYPES, 'centsByServiceType'), ...monthStart(fees.validFrom)]);
}

export function validateClientFees(fees: ClientFees): void {
  const problems = [...problemsOfCents(fees.centsByServiceType, SERVICE_TYPES, 'centsByServiceType'), ...monthStart(fees.validFrom)];
  if (!Number.isSafeInteger(fees.annualCapCents) || fees.annualCapCents <= 0) problems.push('annualCapCents must be positive whole cents');
  for (const t of SERVICE_TYPES)
    if (typeof fees.countsTowardCap?.[t] !== 'boolean') problems.push(`countsTowardCap.${t} must be true or false`);
  for (const k of Object.keys(fees.countsTowardCap ?? {}))
    if (!(SERVICE_TYPES as readonly string[]).includes(k)) problems.push(`countsTowardCap.${k} is not one of ${SERVICE_TYPES.join(', ')}`);
  fail(problems);
}

/** Versions start on a month's first day: a settlement month is priced with one table throughout. */
function monthStart(d: LocalDate): string[] {
  return LocalDate.isValid(d) && LocalDate.parts(d).day === 1 ? [] : ['validFrom must be the first day of a month'];
}

function fail(problems: string[]): void {
  if (problems.length > 0) throw new DomainError('INVALID_RATES', problems.join('; '), { problems }, 'validation');
}
