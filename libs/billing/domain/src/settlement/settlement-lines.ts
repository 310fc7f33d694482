import { DomainError, Money, YearMonth, type Cents, type Sex } from '@luotsi/kernel';
import type { CapitationRates, ServiceFees } from '../rates/rate-tables';
import { AGE_BANDS, SERVICE_TYPES, type AgeBand, type ServiceType } from '../vocabulary';
import { monthlyCapitation } from './capitation';
import type { CapitationGroup } from './capitation-groups';
import { groupSettlementInput, type SettlementFromListsInput } from './settlement-from-lists';

export type SettlementLine =
  | {
      kind: 'capitation';
      ageBand: AgeBand;
      sex: Sex | null;
      needCoefficient: number;
      clients: number;
      unitCents: Cents;
      amountCents: Cents;
    }
  | { kind: 'service'; serviceType: ServiceType; count: number; unitCents: Cents; amountCents: Cents }
  | { kind: 'adjustment'; correctsMonth: YearMonth; serviceType: ServiceType; count: number; unitCents: Cents; amountCents: Cents }
  /** Visits given against service vouchers: what the county pays per visit (the value, or the lower price). */
  | { kind: 'voucher'; voucherTypeId: string; count: number; unitCents: Cents; amountCents: Cents }
  | { kind: 'voucher-adjustment'; correctsMonth: YearMonth; voucherTypeId: string; count: number; unitCents: Cents; amountCents: Cents };

/** Voucher visits of one type paid at one amount (values differ by income step and prices by producer). */
export interface VoucherVisitCount {
  voucherTypeId: string;
  unitCents: Cents;
  count: number;
}

export interface SettlementInput {
  month: YearMonth;
  capitationGroups: readonly CapitationGroup[];
  /** Listed, attended services of the month, by type. */
  serviceCounts: Partial<Record<ServiceType, number>>;
  /** Services of earlier, approved months that arrived after their approval. */
  lateServiceCounts: ReadonlyArray<{ month: YearMonth; serviceType: ServiceType; count: number }>;
  capitation: CapitationRates;
  fees: ServiceFees;
  feesForMonth: (month: YearMonth) => ServiceFees;
  /** Services reported for clients not listed with the provider: recorded, reported, earning nothing. */
  unlistedServices: number;
  /** Voucher visits of the month the provider gave as a voucher producer (none when left out). */
  voucherCounts?: readonly VoucherVisitCount[];
  /** Voucher visits of earlier, approved months reported after their approval. */
  lateVoucherCounts?: ReadonlyArray<VoucherVisitCount & { month: YearMonth }>;
}

export interface SettlementResult {
  lines: SettlementLine[];
  totalCents: Cents;
  /** Services to clients not listed with the provider (kept under this name for billing's figures). */
  unlistedServices: number;
  /** The same count as a summary: recorded and reported, but they earn nothing. */
  unlisted: { count: number };
}

const bandOrder = (b: AgeBand) => AGE_BANDS.indexOf(b);
const typeOrder = (t: ServiceType) => SERVICE_TYPES.indexOf(t);
// Plain code-unit order, not localeCompare: the order must not depend on the server's locale.
const textOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isCount = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;

function requireCounts(input: SettlementInput): void {
  const bad = [
    ...input.capitationGroups.filter((g) => !isCount(g.clients)).map((g) => `clients of ${g.ageBand}`),
    ...Object.entries(input.serviceCounts)
      .filter(([, n]) => !isCount(n))
      .map(([t]) => `count of ${t}`),
    ...input.lateServiceCounts.filter((l) => !isCount(l.count)).map((l) => `late count of ${l.serviceType} in ${l.month}`),
    ...(isCount(input.unlistedServices) ? [] : ['unlistedServices']),
    ...[...(input.voucherCounts ?? []), ...(input.lateVoucherCounts ?? [])]
      .filter((v) => !isCount(v.count) || !isCount(v.unitCents))
      .map((v) => `voucher visits of ${v.voucherTypeId}`),
  ];
  if (bad.length > 0)
    throw new DomainError(
      'INVALID_SETTLEMENT_INPUT',
      `counts must be whole and non-negative: ${bad.join(', ')}`,
      { problems: bad },
      'validation',
    );
  const notEarlier = [...input.lateServiceCounts, ...(input.lateVoucherCounts ?? [])]
    .filter((l) => l.month >= input.month)
    .map((l) => l.month);
  if (notEarlier.length > 0)
    throw new DomainError(
      'INVALID_SETTLEMENT_INPUT',
      `adjustments correct earlier months only, not ${notEarlier.join(', ')}`,
      { problems: notEarlier.map((m) => `correctsMonth ${m}`) },
      'validation',
    );
}

/**
 * Prices one provider's month: capitation per group (each client's monthly amount, so need
 * coefficients and rounding work per client), per-service lines, and adjustment lines naming the
 * month they correct, priced with that month's fees. The same input always gives the same lines.
 */
export function calculateSettlement(input: SettlementInput): SettlementResult;
/** The same from the raw lists: the clients listed on the first day and the reported services. */
export function calculateSettlement(input: SettlementFromListsInput): SettlementResult;
export function calculateSettlement(raw: SettlementInput | SettlementFromListsInput): SettlementResult {
  const input = 'listedOnFirstDay' in raw ? groupSettlementInput(raw) : raw;
  requireCounts(input);
  const bySex = input.capitation.sexFactors != null;
  const capitationLines = new Map<string, Extract<SettlementLine, { kind: 'capitation' }>>();
  for (const g of input.capitationGroups) {
    if (g.clients === 0) continue;
    const sexFactor = input.capitation.sexFactors ? input.capitation.sexFactors[g.sex] : 1;
    const unitCents = monthlyCapitation({
      annualCents: input.capitation.annualCentsByAgeBand[g.ageBand],
      sexFactor,
      needCoefficient: g.needCoefficient,
    });
    const sex = bySex ? g.sex : null;
    const key = `${g.ageBand}|${sex}|${g.needCoefficient}`;
    const line = capitationLines.get(key) ?? {
      kind: 'capitation' as const,
      ageBand: g.ageBand,
      sex,
      needCoefficient: g.needCoefficient,
      clients: 0,
      unitCents,
      amountCents: 0,
    };
    line.clients += g.clients;
    line.amountCents += unitCents * g.clients;
    capitationLines.set(key, line);
  }
  const capitation = [...capitationLines.values()].sort(
    (a, b) =>
      bandOrder(a.ageBand) - bandOrder(b.ageBand) || textOrder(String(a.sex), String(b.sex)) || a.needCoefficient - b.needCoefficient,
  );

  const services = SERVICE_TYPES.filter((t) => (input.serviceCounts[t] ?? 0) > 0).map((serviceType) => {
    const count = input.serviceCounts[serviceType]!;
    const unitCents = input.fees.centsByServiceType[serviceType];
    return { kind: 'service' as const, serviceType, count, unitCents, amountCents: unitCents * count };
  });

  const adjustments = [...input.lateServiceCounts]
    .filter((l) => l.count > 0)
    .sort((a, b) => YearMonth.compare(a.month, b.month) || typeOrder(a.serviceType) - typeOrder(b.serviceType))
    .map((l) => {
      const unitCents = input.feesForMonth(l.month).centsByServiceType[l.serviceType];
      return {
        kind: 'adjustment' as const,
        correctsMonth: l.month,
        serviceType: l.serviceType,
        count: l.count,
        unitCents,
        amountCents: unitCents * l.count,
      };
    });

  const lines: SettlementLine[] = [...capitation, ...services, ...adjustments, ...voucherLines(input)];
  return {
    lines,
    totalCents: Money.sum(lines.map((l) => l.amountCents)),
    unlistedServices: input.unlistedServices,
    unlisted: { count: input.unlistedServices },
  };
}

/**
 * The voucher lines: one per voucher type and amount paid per visit, then the late ones per
 * corrected month. The amount per visit was fixed when the visit was recorded (the voucher's value
 * up to the producer's price), so no table is looked up here and a late visit is paid as it was.
 */
function voucherLines(input: SettlementInput): SettlementLine[] {
  const byType = (a: VoucherVisitCount, b: VoucherVisitCount) => textOrder(a.voucherTypeId, b.voucherTypeId) || a.unitCents - b.unitCents;
  const current = [...(input.voucherCounts ?? [])]
    .filter((v) => v.count > 0)
    .sort(byType)
    .map((v) => ({
      kind: 'voucher' as const,
      voucherTypeId: v.voucherTypeId,
      count: v.count,
      unitCents: v.unitCents,
      amountCents: v.unitCents * v.count,
    }));
  const late = [...(input.lateVoucherCounts ?? [])]
    .filter((v) => v.count > 0)
    .sort((a, b) => YearMonth.compare(a.month, b.month) || byType(a, b))
    .map((v) => ({
      kind: 'voucher-adjustment' as const,
      correctsMonth: v.month,
      voucherTypeId: v.voucherTypeId,
      count: v.count,
      unitCents: v.unitCents,
      amountCents: v.unitCents * v.count,
    }));
  return [...current, ...late];
}
