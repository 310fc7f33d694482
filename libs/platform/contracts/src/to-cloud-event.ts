import type { CloudEvent } from './cloud-event';
import { cloudEventType, sourceOf, type ContextContract } from './integration-contract';

/** The shape of a stored event that the mapping needs (kept structural so contracts import no store). */
export interface StoredEventLike {
  eventId: string;
  type: string;
  streamId: string;
  revision: number;
  globalPosition: number;
  recordedAt: string;
  data: unknown;
  metadata: { correlationId?: string; causationId?: string; [key: string]: unknown };
}

/**
 * Maps a domain event to its public integration event, or null when the event is private to the
 * context (not listed in its contract). Only listed events ever leave a service.
 */
export function toCloudEvent(contract: ContextContract, event: StoredEventLike): CloudEvent | null {
  const def = contract.events.find((d) => d.domainType === event.type);
  if (!def) return null;
  const cloudEvent: CloudEvent = {
    specversion: '1.0',
    id: event.eventId,
    type: cloudEventType(contract.context, def),
    source: sourceOf(contract.context),
    subject: event.streamId,
    time: event.recordedAt,
    datacontenttype: 'application/json',
    data: def.toPublic ? def.toPublic(event.data as Record<string, unknown>) : event.data,
    streamrevision: event.revision,
    globalposition: event.globalPosition,
  };
  if (event.metadata.correlationId) cloudEvent.correlationid = event.metadata.correlationId;
  cloudEvent.causationid = event.metadata.causationId ?? event.eventId;
  return cloudEvent;
}
