import type { YearMonth } from '@luotsi/kernel';

/** A recorded service as the late-service rule sees it. */
export interface ServiceForLateness {
  month: YearMonth;
  /** Its position in billing's global log. */
  globalPosition: number;
  /** The month whose approved settlement already paid it as an adjustment, if any. */
  adjustedIn: YearMonth | null;
}

/**
 * The late-service rule, its one home (settlementInputs' SQL states the same condition and a test
 * holds the two together). A settlement is calculated from billing's log up to a global position,
 * its inputPosition; a service of month M beyond the inputPosition of M's approved settlement is not
 * in it, so it is paid once, as an adjustment, by the settlement of a later month. Deciding by
 * position rather than by "was M approved when the service was reported" leaves no gap: a report
 * that commits between a run and its approval lies beyond the draft's position whenever it commits,
 * so approval needs no check that a concurrent report could slip past.
 */
export function isLateService(service: ServiceForLateness, approvedInputPositionOfItsMonth: number | null, runMonth: YearMonth): boolean {
  return (
    approvedInputPositionOfItsMonth !== null &&
    service.adjustedIn === null &&
    service.month < runMonth &&
    service.globalPosition > approvedInputPositionOfItsMonth
  );
}
