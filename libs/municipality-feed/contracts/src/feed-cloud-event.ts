import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import type { FeedEventName } from '@luotsi/municipality-feed-domain';
import { FEED_EVENT_NAMES } from '@luotsi/municipality-feed-domain';
import { dataSchemaOf, FEED_EVENTS, FEED_SOURCE, feedEventType } from './feed-contract';

/**
 * A municipality feed event on the wire (topic value and replay page alike): CloudEvents 1.0,
 * structured mode (docs/adr/0010). `sequence` is the event's position in its municipality's feed
 * (1, 2, 3 … with no gaps), the replay's `after` and the reference consumer's check for order.
 */
export interface MunicipalityCloudEvent {
  specversion: '1.0';
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  /** Extension attributes: the municipality code and the position in its feed. */
  municipality: string;
  sequence: number;
  data: Record<string, unknown>;
}

/** The stored feed event as the mapping needs it (structural: no event-store import). */
export interface StoredFeedEvent {
  eventId: string;
  type: string;
  streamId: string;
  revision: number;
  recordedAt: string;
  data: unknown;
  metadata: { [key: string]: unknown };
}

const isFeedName = (t: string): t is FeedEventName => (FEED_EVENT_NAMES as readonly string[]).includes(t);

/**
 * The one mapping from a stored feed event to the event a municipality receives, used by the
 * topic's gateway and the replay alike, so the two are equal event for event.
 */
export function toMunicipalityCloudEvent(e: StoredFeedEvent): MunicipalityCloudEvent {
  if (!isFeedName(e.type)) throw new Error(`not a municipality feed event type: ${e.type}`);
  const municipality = e.streamId.slice(e.streamId.indexOf('-') + 1);
  const subject = typeof e.metadata['subject'] === 'string' ? e.metadata['subject'] : municipality;
  return {
    specversion: '1.0',
    id: e.eventId,
    type: feedEventType(e.type, FEED_EVENTS[e.type].version),
    source: FEED_SOURCE,
    subject,
    time: e.recordedAt,
    datacontenttype: 'application/json',
    dataschema: dataSchemaOf(e.type, FEED_EVENTS[e.type].version),
    municipality,
    sequence: e.revision + 1,
    data: e.data as Record<string, unknown>,
  };
}

/** The feed's payloads checked against their schemas before they leave (a drifted mapping is caught here). */
export class FeedPayloadValidator {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    for (const name of FEED_EVENT_NAMES) this.validators.set(name, ajv.compile(FEED_EVENTS[name].schema));
  }

  errors(name: string, data: unknown): string[] {
    const validate = this.validators.get(name);
    if (!validate) return [`no schema for ${name}`];
    if (validate(data)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  }
}
