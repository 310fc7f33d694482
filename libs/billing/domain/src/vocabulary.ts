import { DomainError, LocalDate } from '@luotsi/kernel';

/** Services a provider reports, each with its own per-service fee and client fee. */
export const SERVICE_TYPES = [
  'doctor-visit',
  'nurse-visit',
  'physiotherapy-session',
  'mental-health-substance-visit',
  'social-guidance-meeting',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Capitation age bands (completed years on the month's first day). */
export const AGE_BANDS = ['0-6', '7-17', '18-64', '65-74', '75-84', '85+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
/** The same type under the name the rate tables use for their keys. */
export type AgeBandId = AgeBand;

const LOWER_BOUNDS: Array<[AgeBand, number]> = [
  ['85+', 85],
  ['75-84', 75],
  ['65-74', 65],
  ['18-64', 18],
  ['7-17', 7],
  ['0-6', 0],
];

/** The band of an age in completed years; each band includes its lower edge (turning 7 → 7-17). */
export function ageBandOf(age: number): AgeBand {
  if (!Number.isInteger(age) || age < 0)
    throw new DomainError('INVALID_AGE', `an age is whole years, not negative: ${age}`, { age }, 'validation');
  return LOWER_BOUNDS.find(([, lower]) => age >= lower)?.[0] ?? '0-6';
}

/**
 * For a month's first day, the latest birth date at which a person has reached each band's lower
 * edge, oldest band first: a person is in the first band whose date they were born on or before
 * (the 0-6 band, the rest). A query can then band people by comparing dates instead of computing
 * each age. The first day is always the 1st, so "that many years earlier" is always a real date,
 * and a birthday on the 1st counts, as in ageBandOf(LocalDate.ageOn(…)).
 */
export function ageBandCutoffs(firstDay: LocalDate): Array<{ band: AgeBand; bornOnOrBefore: LocalDate }> {
  const { year, month, day } = LocalDate.parts(firstDay);
  if (day !== 1) throw new DomainError('INVALID_DATE', "age bands are taken on a month's first day", { date: firstDay }, 'validation');
  return LOWER_BOUNDS.filter(([, lower]) => lower > 0).map(([band, lower]) => ({
    band,
    bornOnOrBefore: LocalDate.of(year - lower, month, 1),
  }));
}
