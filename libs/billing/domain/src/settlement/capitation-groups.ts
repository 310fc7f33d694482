import { LocalDate, YearMonth, type Sex } from '@luotsi/kernel';
import type { CapitationRates } from '../rates/rate-tables';
import { ageBandOf, type AgeBand } from '../vocabulary';

/** A client listed with the provider on the month's first day. */
export interface ListedClient {
  personRef: string;
  birthDate: LocalDate;
  sex: Sex;
  /** Overrides the rate table's needCoefficients for this client; absent: the table's, else 1. */
  needCoefficient?: number;
}

/** Clients listed on the month's first day, grouped the way capitation is priced. */
export interface CapitationGroup {
  ageBand: AgeBand;
  sex: Sex;
  needCoefficient: number;
  clients: number;
}

/**
 * Groups clients by age band on the month's first day (LocalDate.ageOn: a birthday on the 1st counts;
 * a 29 February birthday is passed on 1 March in common years), sex and need coefficient.
 */
export function capitationGroups(
  month: YearMonth,
  clients: readonly ListedClient[],
  rates: Pick<CapitationRates, 'needCoefficients'>,
): CapitationGroup[] {
  const first = YearMonth.firstDay(month);
  const groups = new Map<string, CapitationGroup>();
  for (const c of clients) {
    const ageBand = ageBandOf(LocalDate.ageOn(LocalDate.parse(c.birthDate), first));
    const needCoefficient = c.needCoefficient ?? rates.needCoefficients?.[c.personRef] ?? 1;
    const key = `${ageBand}|${c.sex}|${needCoefficient}`;
    const g = groups.get(key) ?? { ageBand, sex: c.sex, needCoefficient, clients: 0 };
    g.clients += 1;
    groups.set(key, g);
  }
  return [...groups.values()];
}
