import { DomainError, LocalDate, type Cents } from '@luotsi/kernel';

/**
 * The services a county buys with vouchers (569/2009): follow-up services the client takes from a
 * producer of their choice. A list, not free text, so reports group the same service under one name.
 */
export const VOUCHER_SERVICES = [
  'physiotherapy-series',
  'social-rehabilitation',
  'follow-up-visit',
  'mental-health-therapy',
  'oral-health-care',
  'home-care',
] as const;
export type VoucherService = (typeof VOUCHER_SERVICES)[number];

/** Who owns a producer: the pilot compares the shares clients choose of each. */
export const PRODUCER_OWNERSHIPS = ['public', 'private'] as const;
export type ProducerOwnership = (typeof PRODUCER_OWNERSHIPS)[number];

/**
 * A voucher's value: the same for everyone, or income-related in steps (the county's decision
 * names the monthly gross income from which each step's value applies; higher incomes, lower value).
 */
export type VoucherValue =
  { kind: 'fixed'; cents: Cents } | { kind: 'income-steps'; steps: ReadonlyArray<{ fromMonthlyIncomeCents: Cents; cents: Cents }> };

/** One version of a voucher type, valid from a month start, as the rate tables are versioned. */
export interface VoucherTypeVersion {
  validFrom: LocalDate;
  service: VoucherService;
  name: string;
  value: VoucherValue;
  /** How many days from the grant the voucher can be used (the grant day is day 1). */
  validityDays: number;
  /** How many visits (sessions, meetings) one voucher covers. */
  visits: number;
}

/** A voucher is a follow-up for months, not years: two years is longer than any series the counties buy. */
export const MAX_VALIDITY_DAYS = 730;
export const MAX_VISITS = 100;

const wholeCents = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 0;

/** Every problem of a version at once (stable code INVALID_VOUCHER_TYPE), so a form is fixed in one pass. */
export function validateVoucherType(v: VoucherTypeVersion): void {
  const problems: string[] = [];
  if (!LocalDate.isValid(v.validFrom) || LocalDate.parts(v.validFrom).day !== 1)
    problems.push('validFrom must be the first day of a month');
  if (!(VOUCHER_SERVICES as readonly string[]).includes(v.service)) problems.push(`service must be one of ${VOUCHER_SERVICES.join(', ')}`);
  if (typeof v.name !== 'string' || !v.name.trim() || v.name.length > 200) problems.push('name is required (at most 200 characters)');
  if (!Number.isSafeInteger(v.validityDays) || v.validityDays < 1 || v.validityDays > MAX_VALIDITY_DAYS)
    problems.push(`validityDays must be whole days from 1 to ${MAX_VALIDITY_DAYS}`);
  if (!Number.isSafeInteger(v.visits) || v.visits < 1 || v.visits > MAX_VISITS) problems.push(`visits must be from 1 to ${MAX_VISITS}`);
  problems.push(...problemsOfValue(v.value));
  if (problems.length > 0) throw new DomainError('INVALID_VOUCHER_TYPE', problems.join('; '), { problems }, 'validation');
}

/** Keys a value may hold: anything else would be stored and published unread. */
const unknownKeys = (o: object, allowed: readonly string[], field: string): string[] =>
  Object.keys(o)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${field}.${k.slice(0, 40)} is not a field of a voucher value`);

function problemsOfValue(value: VoucherValue | undefined): string[] {
  if (value?.kind === 'fixed')
    return [
      ...unknownKeys(value, ['kind', 'cents'], 'value'),
      ...(wholeCents(value.cents) && value.cents > 0 ? [] : ['value.cents must be positive whole cents']),
    ];
  if (value?.kind !== 'income-steps') return ['value.kind must be fixed or income-steps'];
  const steps = Array.isArray(value.steps) ? value.steps : [];
  if (steps.length === 0 || steps.length > 20) return ['value.steps must list 1 to 20 steps'];
  const extra = [
    ...unknownKeys(value, ['kind', 'steps'], 'value'),
    ...steps.flatMap((s, i) =>
      s && typeof s === 'object' ? unknownKeys(s, ['fromMonthlyIncomeCents', 'cents'], `value.steps[${i}]`) : [],
    ),
  ];
  if (extra.length > 0) return extra;
  const problems = steps.flatMap((s, i) =>
    wholeCents(s?.fromMonthlyIncomeCents) && wholeCents(s?.cents) && s.cents > 0
      ? []
      : [`value.steps[${i}] needs whole fromMonthlyIncomeCents and positive cents`],
  );
  if (problems.length > 0) return problems;
  if (steps[0]!.fromMonthlyIncomeCents !== 0) problems.push('value.steps[0] must start from an income of 0, so every income has a value');
  for (let i = 1; i < steps.length; i++) {
    if (steps[i]!.fromMonthlyIncomeCents <= steps[i - 1]!.fromMonthlyIncomeCents)
      problems.push(`value.steps[${i}] must start above the step before it`);
    // The act lets the value fall with income, never rise: a step worth more than the one below
    // it is a typing error that would pay richer clients more.
    if (steps[i]!.cents > steps[i - 1]!.cents) problems.push(`value.steps[${i}] must not be worth more than the step before it`);
  }
  return problems;
}

/**
 * The value of a voucher granted under this version. An income-related voucher needs the client's
 * monthly income (INCOME_REQUIRED otherwise); a fixed one ignores it.
 */
export function voucherValueOf(value: VoucherValue, monthlyIncomeCents: number | null): Cents {
  if (value.kind === 'fixed') return value.cents;
  if (monthlyIncomeCents === null || !wholeCents(monthlyIncomeCents))
    throw new DomainError(
      'INCOME_REQUIRED',
      "this voucher's value depends on income: give the client's monthly income in whole cents",
      {},
      'validation',
    );
  const step = [...value.steps].reverse().find((s) => s.fromMonthlyIncomeCents <= monthlyIncomeCents)!;
  return step.cents;
}

/**
 * What the county pays for one visit and what the client pays the producer themselves (the
 * self-financing share, 569/2009 § 7): the county pays the voucher's value, or the price if that
 * is lower; the client pays what the price exceeds the value by, never a negative amount. The
 * share is not a client fee and never counts toward the client-fee cap.
 */
export function visitSplit(valueCents: Cents, priceCents: Cents): { paidCents: Cents; clientShareCents: Cents } {
  return { paidCents: Math.min(valueCents, priceCents), clientShareCents: Math.max(0, priceCents - valueCents) };
}

/** A producer's approval for one voucher type, with its price and the periods it was not usable. */
export interface ProducerApproval {
  producerId: string;
  priceCents: Cents;
  ownership: ProducerOwnership;
  approvedFrom: LocalDate;
  suspensions: ReadonlyArray<{ from: LocalDate; to: LocalDate | null }>;
  endedFrom: LocalDate | null;
}

export type ProducerStatus = 'approved' | 'suspended' | 'ended' | 'not-approved';

/** Whether a producer could be chosen, or give a voucher's visit, on a date. */
export function producerStatusOn(approval: ProducerApproval | null | undefined, date: LocalDate): ProducerStatus {
  if (!approval || date < approval.approvedFrom) return 'not-approved';
  if (approval.endedFrom !== null && date >= approval.endedFrom) return 'ended';
  if (approval.suspensions.some((s) => date >= s.from && (s.to === null || date < s.to))) return 'suspended';
  return 'approved';
}
