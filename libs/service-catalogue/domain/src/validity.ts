import { DomainError, LocalDate } from '@luotsi/kernel';

/**
 * Versioned by validity: a service or channel is a timeline of versions, each valid from a date until
 * the next one begins (or the record is withdrawn). Publishing a version from D rewrites the timeline
 * from D on: later scheduled versions give way to it, the past stays as it was.
 */
export interface Version<T> {
  validFrom: LocalDate;
  content: T;
}

export interface Timeline<T> {
  versions: Version<T>[];
  withdrawnFrom: LocalDate | null;
}

/** The version valid on a date, or null (not yet begun, or withdrawn). */
export function versionOn<T>(timeline: Timeline<T>, date: LocalDate): Version<T> | null {
  if (timeline.withdrawnFrom !== null && date >= timeline.withdrawnFrom) return null;
  let found: Version<T> | null = null;
  for (const v of timeline.versions) if (v.validFrom <= date) found = v;
  return found;
}

/** The timeline after a version from `validFrom` is published. */
export function withVersion<T>(timeline: Timeline<T>, version: Version<T>): Timeline<T> {
  return { versions: [...timeline.versions.filter((v) => v.validFrom < version.validFrom), version], withdrawnFrom: null };
}

/** The timeline after a withdrawal from a date: the versions that would begin on or after it are gone. */
export function withdrawnFrom<T>(timeline: Timeline<T>, from: LocalDate): Timeline<T> {
  return { versions: timeline.versions.filter((v) => v.validFrom < from), withdrawnFrom: from };
}

/** The valid-to of each version (the day before the next begins, or the withdrawal's eve), for read models and pages. */
export function periods<T>(timeline: Timeline<T>): Array<{ validFrom: LocalDate; validTo: LocalDate | null }> {
  return timeline.versions.map((v, i) => {
    const next = timeline.versions[i + 1]?.validFrom ?? timeline.withdrawnFrom;
    return { validFrom: v.validFrom, validTo: next ? LocalDate.addDays(next, -1) : null };
  });
}

/** The past is not rewritten: a version or withdrawal takes effect today at the earliest (Helsinki date of the command). */
export function checkNotInPast(field: string, date: LocalDate, today: LocalDate): LocalDate {
  if (date < today)
    throw new DomainError(
      'VALIDITY_IN_PAST',
      `${field} ${date} is before today (${today}); the past is not rewritten`,
      { field, today },
      'rule',
    );
  return date;
}
