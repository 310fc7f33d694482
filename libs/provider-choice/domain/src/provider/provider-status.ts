import type { LocalDate } from '@luotsi/kernel';

export type ProviderStatus = 'registered' | 'approved' | 'suspended' | 'terminated';

/** The status changes of a provider, each from a date; what holds on a date is the latest change on or before it. */
export type StatusTimeline = ReadonlyArray<{ from: LocalDate; status: Exclude<ProviderStatus, 'registered'> }>;

export function statusOn(timeline: StatusTimeline, date: LocalDate): ProviderStatus {
  let status: ProviderStatus = 'registered';
  for (const change of [...timeline].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))) {
    if (change.from <= date) status = change.status;
  }
  return status;
}

/** Only approved providers' stations can be chosen or listed by default. */
export const isApprovedOn = (timeline: StatusTimeline, date: LocalDate): boolean => statusOn(timeline, date) === 'approved';
