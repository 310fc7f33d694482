import { topicOf, type CloudEvent } from '@luotsi/contracts';
import { DomainError, LocalDate, PersonRef } from '@luotsi/kernel';
import type { CommandRequest } from '@luotsi/messaging';
import type { ConsumesDeclaration } from '@luotsi/runtime';
import type { HeavyUseCommand } from '@luotsi/contact-intake-domain';
import { ContactIntakeCommands } from '../contact-intake.commands';
import { heavyUseStreamDeclaration } from '../contact-intake.streams';

/** Billing's service-recorded v1 as contact intake reads it (a tolerant reader: only these fields, checked here). */
export const SERVICE_RECORDED_V1 = 'fi.luotsi.billing.service-recorded.v1';

type Data = Record<string, unknown>;
const invalid = (field: string): never => {
  throw new DomainError(
    'INVALID_PUBLIC_EVENT',
    `service-recorded: ${field} is missing or malformed`,
    { type: SERVICE_RECORDED_V1, field },
    'validation',
  );
};
const text = (d: Data, field: string): string => {
  const v = d[field];
  return typeof v === 'string' && v.length > 0 && v.length <= 100 ? v : invalid(field);
};

/** A billing CloudEvent → the observation it is for contact intake, or null for other events. */
export function readServiceRecorded(event: {
  type: string;
  data: unknown;
}): Omit<Extract<HeavyUseCommand, { type: 'ObserveService' }>, 'policy'> | null {
  if (event.type !== SERVICE_RECORDED_V1) return null;
  const d = (event.data && typeof event.data === 'object' ? event.data : {}) as Data;
  const personRef = PersonRef.isValid(String(d['personRef'])) ? (d['personRef'] as PersonRef) : invalid('personRef');
  const date = LocalDate.isValid(d['date'] as string) ? LocalDate.parse(d['date'] as string) : invalid('date');
  if (typeof d['noShow'] !== 'boolean') invalid('noShow');
  return {
    type: 'ObserveService',
    personRef,
    service: {
      serviceKey: `${text(d, 'providerId')}:${text(d, 'providerSideId')}`,
      date,
      serviceType: text(d, 'serviceType'),
      noShow: d['noShow'] as boolean,
    },
  };
}

/**
 * Heavy-use triggers come from billing's public events only, never its tables: each recorded service
 * is kept in the person's heavy-use stream, against the county's thresholds in force. The platform
 * derives event ids from the public event's id (a redelivery appends nothing) and sends a malformed
 * event to the dead-letter topic.
 */
export const billingInbound: ConsumesDeclaration = {
  name: 'billing-services',
  topic: topicOf('billing'),
  inject: [ContactIntakeCommands],
  async handle(event: CloudEvent, commands: ContactIntakeCommands): Promise<CommandRequest[]> {
    const observation = readServiceRecorded(event);
    if (!observation) return [];
    const policy = await commands.policy();
    return [
      {
        stream: heavyUseStreamDeclaration,
        command: { ...observation, policy: { frequentVisits: policy.frequentVisits, missedAppointments: policy.missedAppointments } },
      },
    ];
  },
};
