/**
 * The integration-event envelope on every Luotsi topic: a CloudEvents 1.0 event in structured mode
 * (the whole event, attributes and data, is the Kafka value as `application/cloudevents+json`).
 * One mode only, never both: no `ce_*` headers are written (docs/adr/0010).
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

/** The Kafka protocol binding's content type of a structured-mode CloudEvent. */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/**
 * The headers of a structured-mode message: only the content type, which tells a CloudEvents SDK
 * that the value is the whole event (a `ce_*` header beside it would make it binary mode).
 */
export function cloudEventHeaders(): Record<string, string> {
  return { 'content-type': STRUCTURED_CONTENT_TYPE };
}

export function isCloudEvent(value: unknown): value is CloudEvent {
  const v = value as Partial<CloudEvent> | null;
  return !!v && v.specversion === '1.0' && typeof v.id === 'string' && typeof v.type === 'string' && typeof v.subject === 'string';
}
