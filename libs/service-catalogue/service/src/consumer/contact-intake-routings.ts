import { topicOf, type CloudEvent } from '@luotsi/contracts';
import { CLOCK, DomainError, LocalDate, type Clock } from '@luotsi/kernel';
import type { CommandRequest } from '@luotsi/messaging';
import type { ConsumesDeclaration } from '@luotsi/runtime';
import { ID_PATTERN, type RoutingCommand } from '@luotsi/service-catalogue-domain';
import { CatalogueReadModel } from '../read-model/catalogue-read-model';
import { routingsStream } from '../service-catalogue.streams';

/**
 * Contact intake's `plan-requested` (agreed up front: a contact routed to a service-need
 * assessment or a named professional or service), as the catalogue reads it: only a routing to a
 * named service counts, its `destination` the service id, counted once per `contactId`. The
 * person's reference is not read; the catalogue's channel (`channelId`, null or absent when none was
 * named) is counted with it.
 */
export const CONTACT_INTAKE_PLAN_REQUESTED = 'fi.luotsi.contact-intake.plan-requested.v1';

export function readContactIntakeRouting(event: {
  type: string;
  data: unknown;
}): Omit<RoutingCommand, 'type' | 'serviceInForce' | 'channelOfService' | 'today'> | null {
  if (event.type !== CONTACT_INTAKE_PLAN_REQUESTED) return null;
  const d = (event.data && typeof event.data === 'object' ? event.data : {}) as Record<string, unknown>;
  if (d['route'] !== 'named-service') return null;
  const invalid = (field: string): never => {
    throw new DomainError(
      'INVALID_PUBLIC_EVENT',
      `${event.type}: ${field} is missing or malformed`,
      { type: event.type, field },
      'validation',
    );
  };
  const id = (field: string) =>
    typeof d[field] === 'string' && ID_PATTERN.test(d[field] as string) ? (d[field] as string) : invalid(field);
  const municipality =
    typeof d['municipality'] === 'string' && /^\d{3}$/.test(d['municipality']) ? d['municipality'] : invalid('municipality');
  const routedOn = LocalDate.isValid(d['requestedOn'] as string) ? LocalDate.parse(d['requestedOn'] as string) : invalid('requestedOn');
  // The channel came later than v1's first shape: absent or null is "no channel named".
  const channelId = d['channelId'] === undefined || d['channelId'] === null ? null : id('channelId');
  return { routingId: id('contactId'), serviceId: id('destination'), channelId, municipality, routedOn };
}

export const contactIntakeRoutingsInbound: ConsumesDeclaration = {
  name: 'contact-intake-routings',
  topic: topicOf('contact-intake'),
  inject: [CatalogueReadModel, CLOCK],
  async handle(event: CloudEvent, readModel: CatalogueReadModel, clock: Clock): Promise<CommandRequest[]> {
    const routing = readContactIntakeRouting(event);
    if (!routing) return [];
    await readModel.caughtUp();
    const version = await readModel.serviceOn(routing.serviceId, routing.routedOn);
    const command: RoutingCommand = {
      type: 'RecordRouting',
      ...routing,
      serviceInForce: version !== null,
      channelOfService: routing.channelId !== null && !!version?.content.channelIds.includes(routing.channelId),
      today: LocalDate.today(clock),
    };
    return [{ stream: routingsStream, command }];
  },
};
