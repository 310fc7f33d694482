import { LocalDate, Money, YearMonth, type Cents, type Sex } from '@luotsi/kernel';
import type { CapitationRates, ServiceFees } from '../rates/rate-tables';
import { ageBandOf, AGE_BANDS, SERVICE_TYPES, type AgeBand, type ServiceType } from '../vocabulary';
import { monthlyCapitation } from './capitation';

export type SettlementLine =
  | { kind: 'capitation'; ageBand: AgeBand; sex: Sex | null; needCoefficient: number; clients: number; unitCents: Cents; amountCents: Cents }
  | { kind: 'service'; serviceType: ServiceType; count: number; unitCents: Cents; amountCents: Cents }
  | { kind: 'adjustment'; correctsMonth: YearMonth; serviceType: ServiceType; count: number; unitCents: Cents; amountCents: Cents };

/** Clients listed on the month's first day, grouped the way capitation is priced. */
export interface CapitationGroup {
  ageBand: AgeBand;
  sex: Sex;
  needCoefficient: number;
  clients: number;
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
}

export interface SettlementResult {
  lines: SettlementLine[];
  totalCents: Cents;
  unlistedServices: number;
}

/** Groups clients by age band on the first day (a birthday on the 1st counts), sex and need. */
export function capitationGroups(month: YearMonth, clients: ReadonlyArray<{ personRef: string; birthDate: LocalDate; sex: Sex }>, rates: Pick<CapitationRates, 'needCoefficients'>): CapitationGroup[] {
  const first = YearMonth.firstDay(month);
  const groups = new Map<string, CapitationGroup>();
  for (const c of clients) {
    const ageBand = ageBandOf(LocalDate.ageOn(c.birthDate, first));
    const needCoefficient = rates.needCoefficients[c.personRef] ?? 1;
    const key = `${ageBand}|${c.sex}|${needCoefficient}`;
    const g = groups.get(key) ?? { ageBand, sex: c.sex, needCoefficient, clients: 0 };
    g.clients += 1;
    groups.set(key, g);
  }
  return [...groups.values()];
}

const bandOrder = (b: AgeBand) => AGE_BANDS.indexOf(b);
const typeOrder = (t: ServiceType) => SERVICE_TYPES.indexOf(t);

/**
 * Prices one provider's month: capitation per group (each client's monthly amount, so need
 * coefficients and rounding work per client), per-service lines, and adjustment lines naming the
 * month they correct, priced with that month's fees. The same input always gives the same lines.
 */
export function calculateSettlement(input: SettlementInput): SettlementResult {
  const bySex = input.capitation.sexFactors !== null;
  const capitationLines = new Map<string, Extract<SettlementLine, { kind: 'capitation' }>>();
  for (const g of input.capitationGroups) {
    if (g.clients === 0) continue;
    const sexFactor = input.capitation.sexFactors ? input.capitation.sexFactors[g.sex] : 1;
    const unitCents = monthlyCapitation({ annualCents: input.capitation.annualCentsByAgeBand[g.ageBand], sexFactor, needCoefficient: g.needCoefficient });
    const sex = bySex ? g.sex : null;
    const key = `${g.ageBand}|${sex}|${g.needCoefficient}`;
    const line = capitationLines.get(key) ?? { kind: 'capitation' as const, ageBand: g.ageBand, sex, needCoefficient: g.needCoefficient, clients: 0, unitCents, amountCents: 0 };
    line.clients += g.clients;
    line.amountCents += unitCents * g.clients;
    capitationLines.set(key, line);
  }
  const capitation = [...capitationLines.values()].sort((a, b) => bandOrder(a.ageBand) - bandOrder(b.ageBand) || String(a.sex).localeCompare(String(b.sex)) || a.needCoefficient - b.needCoefficient);

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
      return { kind: 'adjustment' as const, correctsMonth: l.month, serviceType: l.serviceType, count: l.count, unitCents, amountCents: unitCents * l.count };
    });

  const lines: SettlementLine[] = [...capitation, ...services, ...adjustments];
  return { lines, totalCents: Money.sum(lines.map((l) => l.amountCents)), unlistedServices: input.unlistedServices };
}
