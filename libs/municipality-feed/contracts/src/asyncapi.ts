import { Municipalities } from '@luotsi/kernel';
import { FEED_EVENT_NAMES } from '@luotsi/municipality-feed-domain';
import {
  DEFAULT_FEED_RETENTION_DAYS,
  FEED_EVENTS,
  FEED_SOURCE,
  dataSchemaOf,
  feedDeadLetterTopicOf,
  feedEventType,
  feedGroupPrefixOf,
  feedTopicOf,
} from './feed-contract';

export interface FeedAsyncApiOptions {
  /** The SASL listener municipalities connect to, host:port. */
  saslServer?: string;
  retentionDays?: number;
}

/**
 * The AsyncAPI 3.0 document of one municipality's channel, built from the feed's contract so it
 * cannot drift from what the gateway publishes: the topic, its retention, the SASL/SCRAM security
 * scheme, the consumer group prefix its principal may use, and every message with its schema.
 */
export function municipalityAsyncApi(code: string, options: FeedAsyncApiOptions = {}): Record<string, unknown> {
  const m = Municipalities.parse(code);
  const retentionDays = options.retentionDays ?? DEFAULT_FEED_RETENTION_DAYS;
  const messages: Record<string, unknown> = {};
  for (const name of FEED_EVENT_NAMES) {
    const d = FEED_EVENTS[name];
    messages[name] = {
      name: feedEventType(name, d.version),
      title: name,
      summary: d.summary,
      contentType: 'application/cloudevents+json',
      headers: {
        type: 'object',
        required: ['content-type'],
        properties: { 'content-type': { const: 'application/cloudevents+json; charset=UTF-8' } },
      },
      payload: {
        type: 'object',
        required: ['specversion', 'id', 'type', 'source', 'subject', 'time', 'dataschema', 'municipality', 'sequence', 'data'],
        properties: {
          specversion: { const: '1.0' },
          id: { type: 'string', format: 'uuid', description: 'Unique with source; a repeat is a duplicate' },
          type: { const: feedEventType(name, d.version) },
          source: { const: FEED_SOURCE },
          subject: { type: 'string', description: 'personRef, or what the fact is about; also the Kafka key' },
          time: { type: 'string', format: 'date-time' },
          datacontenttype: { const: 'application/json' },
          dataschema: { const: dataSchemaOf(name, d.version) },
          municipality: { const: m.code },
          sequence: { type: 'integer', minimum: 1, description: 'Position in this municipality’s feed: 1, 2, 3 … without gaps' },
          data: d.schema,
        },
      },
      bindings: { kafka: { key: { type: 'string' } } },
      examples: [{ name, payload: { specversion: '1.0', type: feedEventType(name, d.version), municipality: m.code, data: d.example } }],
    };
  }
  const channelMessages = Object.fromEntries(FEED_EVENT_NAMES.map((n) => [n, { $ref: `#/components/messages/${n}` }]));
  return {
    asyncapi: '3.0.0',
    info: {
      title: `Luotsi municipality feed: ${m.nameFi} / ${m.nameSv} (${m.code})`,
      version: '1.0.0',
      description:
        `Events about the residents of ${m.nameFi} only, in the municipality's own minimised contract (CloudEvents 1.0, structured mode). ` +
        `Replay from the event store: GET /feeds/${m.code}/events?after=<sequence>. Retention on the topic: ${retentionDays} days.`,
    },
    servers: {
      county: {
        host: options.saslServer ?? 'kafka:9094',
        protocol: 'kafka',
        description: 'The county cluster’s SASL listener; the principal reads only this municipality’s topics',
        security: [{ $ref: '#/components/securitySchemes/scram' }],
      },
    },
    defaultContentType: 'application/cloudevents+json',
    channels: {
      feed: {
        address: feedTopicOf(m.code),
        description: `One partition: events in feed order (sequence). Dead letters of the municipality's consumer: ${feedDeadLetterTopicOf(m.code)}.`,
        messages: channelMessages,
        bindings: {
          kafka: {
            partitions: 1,
            replicas: 1,
            topicConfiguration: { 'retention.ms': retentionDays * 86_400_000, 'cleanup.policy': ['delete'] },
          },
        },
      },
    },
    operations: {
      receive: {
        action: 'receive',
        channel: { $ref: '#/channels/feed' },
        summary: `Consume in a consumer group whose id starts with ${feedGroupPrefixOf(m.code)} (at least once; de-duplicate by id)`,
        messages: FEED_EVENT_NAMES.map((n) => ({ $ref: `#/channels/feed/messages/${n}` })),
      },
    },
    components: {
      messages,
      securitySchemes: { scram: { type: 'scramSha512', description: 'SASL/SCRAM-SHA-512 credentials of the municipality’s principal' } },
    },
  };
}
