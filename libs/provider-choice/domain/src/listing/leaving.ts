import { LocalDate, type PersonRef } from '@luotsi/kernel';
import type { ListingEvent } from './listing-events';
import { openListing, type ResidentState } from './listing-state';

/**
 * A person leaves the listing for good (a death, an erasure): a pending switch is cancelled and the
 * open listing ends on that day — never before the day it began, so a listing that starts later
 * than the date ends the day before it would have started.
 */
export function leaveListing(
  state: ResidentState,
  personRef: PersonRef,
  on: LocalDate,
  why: 'died' | 'erased',
  cancelledBy: string,
): ListingEvent[] {
  const events: ListingEvent[] = [];
  if (state.pending)
    events.push({ type: 'SwitchCancelled', data: { personRef, requestId: state.pending.requestId, cancelledOn: on, why, cancelledBy } });
  const open = openListing(state);
  if (open)
    events.push({
      type: 'ListingEnded',
      data: {
        personRef,
        stationId: open.stationId,
        providerId: open.providerId,
        effectiveTo: LocalDate.max(on, LocalDate.addDays(open.effectiveFrom, -1)),
        reason: why,
      },
    });
  return events;
}
