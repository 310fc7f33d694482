import type { LocalDate, PersonRef } from '@luotsi/kernel';

/** A guardianship as billing learned it from identity's public events (by personRef only). */
export interface ObservedGuardianship {
  childRef: PersonRef;
  guardianRef: PersonRef;
  from: LocalDate;
  /** The last day of the guardianship; null while it lasts. */
  to: LocalDate | null;
  /** The child's 18th birthday: from this day on the child is of age. */
  childAdultOn: LocalDate;
  /** The guardian whose total the child's fees join (recorded by identity, with its configured default). */
  feesJoin: boolean;
  /** Order in which billing learned the links: the first-recorded guardian is the fallback. */
  seq: number;
}

/** Whether a person is a minor on a date: before the day of their 18th birthday (ADR 0012). */
export const isMinorOn = (g: Pick<ObservedGuardianship, 'childAdultOn'>, date: LocalDate): boolean => date < g.childAdultOn;

const inForce = (g: ObservedGuardianship, date: LocalDate) => g.from <= date && (g.to === null || date <= g.to);

/**
 * Whose account a visit's fee is counted in (734/1992 6 a §: a minor's fees count toward a
 * guardian's cap). A visit dated before the child's 18th birthday, while a guardianship is in force,
 * joins the guardian the fees were recorded to join; if that guardianship is not in force on the
 * date, the first-recorded guardian whose is. From the 18th birthday on, and for anyone without a
 * guardian in force, the fee is the person's own (ADR 0012: the year of the birthday is split on the
 * birthday, so a young adult's own total counts only their visits from that day).
 */
export function feeAccountOf(personRef: PersonRef, date: LocalDate, guardianships: readonly ObservedGuardianship[]): PersonRef {
  const candidates = guardianships
    .filter((g) => g.childRef === personRef && g.guardianRef !== personRef && isMinorOn(g, date) && inForce(g, date))
    .sort((a, b) => a.seq - b.seq);
  return (candidates.find((g) => g.feesJoin) ?? candidates[0])?.guardianRef ?? personRef;
}

/**
 * Where a visit already charged belongs once billing learns a guardianship (late, or changed), or
 * null to leave it: a minor's visit charged to their own account moves to the guardian's; a visit
 * in a guardian's account moves out when that guardianship no longer covers its date (ended or
 * started later, as the register now says). A change of which guardian the fees join does not move
 * visits already charged to a guardian who still covers them: the choice applies from when it is
 * learned, and invoices already sent stay as they are.
 */
export function accountToMoveTo(
  visit: { personRef: PersonRef; accountRef: PersonRef; date: LocalDate },
  guardianships: readonly ObservedGuardianship[],
): PersonRef | null {
  const target = feeAccountOf(visit.personRef, visit.date, guardianships);
  if (target === visit.accountRef) return null;
  if (visit.accountRef === visit.personRef) return target;
  const covers = guardianships.some(
    (g) => g.childRef === visit.personRef && g.guardianRef === visit.accountRef && isMinorOn(g, visit.date) && inForce(g, visit.date),
  );
  return covers ? null : target;
}
