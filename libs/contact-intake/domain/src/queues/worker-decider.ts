import { DomainError, type Decider } from '@luotsi/kernel';
import { isCode, LANGUAGES, type Language } from '../vocabulary';

/** A guidance worker's availability for assignment: the languages they serve in, in their organisation. */
export interface WorkerAvailability {
  workerId: string;
  organisation: string;
  languages: Language[];
  available: boolean;
}

export type WorkerEvent = { type: 'WorkerAvailabilitySet'; data: WorkerAvailability & { at: string } };
export type WorkerCommand = { type: 'SetAvailability'; availability: WorkerAvailability; at: string };
export type WorkerState = { current: WorkerAvailability | null };

export const workerDecider: Decider<WorkerCommand, WorkerEvent, WorkerState> = {
  initialState: () => ({ current: null }),
  decide(c, s) {
    const a = c.availability;
    if (!Array.isArray(a.languages) || a.languages.length === 0 || !a.languages.every((l) => LANGUAGES.includes(l)))
      throw new DomainError('INVALID_LANGUAGES', 'languages: at least one of fi, sv, en', {}, 'validation');
    if (typeof a.available !== 'boolean') throw new DomainError('INVALID_AVAILABILITY', 'available is true or false', {}, 'validation');
    if (!isCode(a.organisation))
      throw new DomainError('ORGANISATION_REQUIRED', 'the worker belongs to a guidance organisation', {}, 'forbidden');
    const availability = { ...a, languages: [...new Set(a.languages)].sort() as Language[] };
    if (JSON.stringify(availability) === JSON.stringify(s.current)) return [];
    return [{ type: 'WorkerAvailabilitySet', data: { ...availability, at: c.at } }];
  },
  evolve: (_s, e) => ({
    current: { workerId: e.data.workerId, organisation: e.data.organisation, languages: e.data.languages, available: e.data.available },
  }),
};

export const workerStream = (workerId: string): string => `ciworker-${workerId}`;

/**
 * Least-busy, language-matched assignment: among the holding organisation's available workers who
 * serve in the contact's language, the one with the fewest open contacts (assigned or answered, not
 * closed); ties go to the worker who has waited longest since their last assignment, then by id, so
 * the choice is the same on every replica.
 */
export function pickLeastBusy(
  workers: readonly WorkerAvailability[],
  contact: { language: Language; organisation: string },
  load: ReadonlyMap<string, { open: number; lastAssignedAt: string | null }>,
): WorkerAvailability | null {
  const candidates = workers.filter(
    (w) => w.available && w.organisation === contact.organisation && w.languages.includes(contact.language),
  );
  const keyOf = (w: WorkerAvailability) => load.get(w.workerId) ?? { open: 0, lastAssignedAt: null };
  candidates.sort((a, b) => {
    const la = keyOf(a);
    const lb = keyOf(b);
    if (la.open !== lb.open) return la.open - lb.open;
    const ta = la.lastAssignedAt ?? '';
    const tb = lb.lastAssignedAt ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : 0;
  });
  return candidates[0] ?? null;
}
