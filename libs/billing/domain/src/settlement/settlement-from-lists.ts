import { DomainError, LocalDate, YearMonth } from '@luotsi/kernel';
import type { CapitationRates, ServiceFees } from '../rates/rate-tables';
import { SERVICE_TYPES, type ServiceType } from '../vocabulary';
import { capitationGroups, type ListedClient } from './capitation-groups';
import type { SettlementInput } from './settlement-lines';

/** A reported service as the settlement sees it; `listed`: listed with this provider on its date. */
export interface SettledService {
  providerSideId: string;
  serviceType: ServiceType;
  date: LocalDate;
  listed: boolean;
  noShow: boolean;
}

/** A service of an earlier, already approved month that was reported after that approval. */
export interface LateService extends SettledService {
  /** The approved month the service belongs to and the adjustment corrects. */
  month: YearMonth;
}

/**
 * One provider's month as plain lists: who was listed on the month's first day (a client who
 * switched with effect from the 1st is on the new provider's list only), the month's services and
 * the late ones.
 */
export interface SettlementFromListsInput {
  providerId: string;
  month: YearMonth;
  listedOnFirstDay: readonly ListedClient[];
  services: readonly SettledService[];
  lateServices: readonly LateService[];
  capitation: CapitationRates;
  fees: ServiceFees;
  /** Adjustments are priced with the fees valid on the corrected month's first day. */
  feesForMonth: (month: YearMonth) => ServiceFees;
}

function refuse(problems: string[]): void {
  if (problems.length > 0) throw new DomainError('INVALID_SETTLEMENT_INPUT', problems.join('; '), { problems }, 'validation');
}

const duplicates = (ids: readonly string[]) => [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))].sort();

/**
 * Reduces the lists to the counts the calculation prices. Only listed, attended services of the
 * month earn their fee; services of other months are not this month's and are ignored. A service to
 * a client not listed on its date is counted as unlisted (recorded and reported, earning nothing);
 * no-shows earn nothing and are not counted at all. Late services are counted per corrected month
 * and type under the same rule. A person listed twice or a service given twice is refused: both mean
 * the caller built the lists wrongly, and paying for them twice would be worse than stopping.
 */
export function groupSettlementInput(input: SettlementFromListsInput): SettlementInput {
  const personRefs = input.listedOnFirstDay.map((c) => c.personRef);
  const serviceIds = [...input.services, ...input.lateServices].map((s) => s.providerSideId);
  refuse([
    ...duplicates(personRefs).map((p) => `${p} is listed more than once`),
    ...duplicates(serviceIds).map((id) => `service ${id} is given more than once`),
    ...[...input.services, ...input.lateServices]
      .filter((s) => !(SERVICE_TYPES as readonly string[]).includes(s.serviceType))
      .map((s) => `service ${s.providerSideId} has an unknown type ${s.serviceType}`),
  ]);

  const ofMonth = input.services.filter((s) => YearMonth.ofDate(LocalDate.parse(s.date)) === input.month && !s.noShow);
  const serviceCounts: Partial<Record<ServiceType, number>> = {};
  for (const s of ofMonth) if (s.listed) serviceCounts[s.serviceType] = (serviceCounts[s.serviceType] ?? 0) + 1;

  const late = new Map<string, { month: YearMonth; serviceType: ServiceType; count: number }>();
  for (const s of input.lateServices) {
    if (!s.listed || s.noShow) continue;
    const key = `${s.month}|${s.serviceType}`;
    const entry = late.get(key) ?? { month: YearMonth.parse(s.month), serviceType: s.serviceType, count: 0 };
    entry.count += 1;
    late.set(key, entry);
  }

  return {
    month: input.month,
    capitationGroups: capitationGroups(input.month, input.listedOnFirstDay, input.capitation),
    serviceCounts,
    lateServiceCounts: [...late.values()],
    capitation: input.capitation,
    fees: input.fees,
    feesForMonth: input.feesForMonth,
    unlistedServices: ofMonth.filter((s) => !s.listed).length,
  };
}
