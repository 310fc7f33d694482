/**
 * The integration-event envelope on every Luotsi topic: a CloudEvents 1.0 event in structured JSON
 * mode (the Kafka value), with the same attributes repeated as `ce_*` headers so that consumers and
 * tools (kcat) can route without parsing the value.
 */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  /** The event id from the event store: consumers de-duplicate on it. */
  id: string;
  /** `fi.luotsi.<context>.<event>.v<n>` */
  type: string;
  /** `/luotsi/<context>` */
  source: string;
  /** The stream id (also the Kafka key). */
  subject: string;
  /** When the fact was recorded (ISO-8601). */
  time: string;
  datacontenttype: 'application/json';
  data: T;
  /** Luotsi extension attributes (CloudEvents allows lower-case alphanumeric names). */
  correlationid?: string;
  causationid?: string;
  streamrevision: number;
  globalposition: number;
}

export const CLOUDEVENT_HEADER_PREFIX = 'ce_';

export function cloudEventHeaders(event: CloudEvent): Record<string, string> {
  const headers: Record<string, string> = {
    ce_specversion: event.specversion,
    ce_id: event.id,
    ce_type: event.type,
    ce_source: event.source,
    ce_subject: event.subject,
    ce_time: event.time,
    'content-type': 'application/cloudevents+json; charset=UTF-8',
  };
  if (event.correlationid) headers['ce_correlationid'] = event.correlationid;
  if (event.causationid) headers['ce_causationid'] = event.causationid;
  return headers;
}

export function isCloudEvent(value: unknown): value is CloudEvent {
  const v = value as Partial<CloudEvent> | null;
  return !!v && v.specversion === '1.0' && typeof v.id === 'string' && typeof v.type === 'string' && typeof v.subject === 'string';
}
