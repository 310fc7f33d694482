import { topicOf, type CloudEvent } from '@luotsi/contracts';
import { DomainError, LocalDate, PersonRef } from '@luotsi/kernel';
import type { CommandRequest } from '@luotsi/messaging';
import type { ConsumesDeclaration } from '@luotsi/runtime';
import type { ObserveCommand } from '@luotsi/billing-domain';
import { observedGuardianshipsStream } from '../billing.streams';

/** identity's guardianship-recorded v1, as billing reads it (a tolerant reader; billing imports no code of identity's log). */
export const GUARDIANSHIP_RECORDED_V1 = 'fi.luotsi.identity.guardianship-recorded.v1';

type Data = Record<string, unknown>;
function invalid(field: string): never {
  throw new DomainError('INVALID_PUBLIC_EVENT', `${GUARDIANSHIP_RECORDED_V1}: ${field} is missing or malformed`, { field }, 'validation');
}
const ref = (d: Data, field: string): PersonRef => {
  try {
    return PersonRef.parse(d[field] as string);
  } catch {
    return invalid(field);
  }
};
const date = (d: Data, field: string) => (LocalDate.isValid(d[field] as string) ? LocalDate.parse(d[field] as string) : invalid(field));

/** The public event → billing's command, or null for identity's other events. */
export function readGuardianshipEvent(event: { id: string; type: string; data: unknown }): ObserveCommand | null {
  if (event.type !== GUARDIANSHIP_RECORDED_V1) return null;
  const d = (event.data && typeof event.data === 'object' ? event.data : {}) as Data;
  const feesJoin = typeof d['feesJoin'] === 'boolean' ? d['feesJoin'] : invalid('feesJoin');
  return {
    type: 'ObserveGuardianship',
    data: {
      childRef: ref(d, 'childRef'),
      guardianRef: ref(d, 'guardianRef'),
      from: date(d, 'from'),
      to: d['to'] === null ? null : date(d, 'to'),
      childAdultOn: date(d, 'childAdultOn'),
      feesJoin,
      sourceEventId: event.id,
    },
  };
}

/**
 * Billing learns who is whose guardian only from identity's topic, by personRef, and keeps it in its
 * own log (`blguardian-<childRef>`), so the fee accounts can always be rebuilt from billing's log.
 */
export const guardianshipsInbound: ConsumesDeclaration = {
  name: 'guardianships',
  topic: topicOf('identity'),
  handle(event: CloudEvent): CommandRequest[] {
    const command = readGuardianshipEvent(event);
    return command ? [{ stream: observedGuardianshipsStream, command }] : [];
  },
};
