import { DomainError, type LocalDate, type PersonRef } from '@luotsi/kernel';
import type { ListingEvent } from './listing-events';
import { leaveListing } from './leaving';
import type { ResidentState } from './listing-state';

/**
 * Why the county erased a person. Codes only: free text could carry the very identity code being
 * erased, and would stay in the log that erasure cannot rewrite.
 */
export const ERASURE_REASONS = ['registered-in-error', 'data-subject-request', 'authority-order', 'test-data'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

/**
 * Forgetting a person (the county's decision; the identity registry's mapping is removed after this
 * is recorded). `inRegistry` says whether the registry still maps a code to the personRef: a person
 * the registry knows but whose stream never began is still erased, an unknown one is not found.
 */
export interface ForgetPerson {
  type: 'ForgetPerson';
  personRef: PersonRef;
  reason: ErasureReason;
  erasedOn: LocalDate;
  erasedBy: string;
  inRegistry: boolean;
}

/**
 * Ends what is open (a pending switch, the listing) and records PersonErased, which carries nothing
 * that identifies the human. A second erasure decides nothing, so a re-run is safe.
 */
export function forgetPerson(c: ForgetPerson, state: ResidentState): ListingEvent[] {
  if (!ERASURE_REASONS.includes(c.reason))
    throw new DomainError(
      'INVALID_ERASURE_REASON',
      `reason is one of ${ERASURE_REASONS.join(', ')}`,
      { allowed: ERASURE_REASONS },
      'validation',
    );
  if (state.erasure) return [];
  if (!state.registered && !c.inRegistry)
    throw new DomainError('PERSON_NOT_FOUND', 'no person with this person reference', { personRef: c.personRef }, 'not_found');
  const events = leaveListing(state, c.personRef, c.erasedOn, 'erased', c.erasedBy);
  events.push({ type: 'PersonErased', data: { personRef: c.personRef, erasedOn: c.erasedOn, reason: c.reason } });
  return events;
}

/** After erasure the stream takes no other command: nothing may list the person again. */
export function refuseIfErased(state: ResidentState): void {
  if (state.erasure) throw new DomainError('PERSON_ERASED', 'this person was erased', {}, 'not_found');
}
