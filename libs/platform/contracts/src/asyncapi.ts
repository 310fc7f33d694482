import { cloudEventType, deadLetterTopicOf, topicOf, type ContextContract } from './integration-contract';

const messageId = (contract: ContextContract, name: string) => `${contract.context}.${name}`;

/**
 * One AsyncAPI 3.0 document for the topics of the contracts handed in, built from the contracts
 * themselves so the document cannot drift from what the gateways publish. The platform knows no
 * context: the application that composes them lists their contracts (`npm run asyncapi` writes
 * docs/asyncapi.json from that list). Addresses are the topics without an installation's prefix.
 */
export function asyncApiDocument(contracts: readonly ContextContract[]): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  // Structured mode (docs/adr/0010): the value is the whole event; the only header is its content type.
  const ceHeaders = {
    type: 'object',
    required: ['content-type'],
    properties: { 'content-type': { const: 'application/cloudevents+json; charset=UTF-8' } },
  };
  for (const contract of contracts) {
    const channelId = contract.context;
    const channelMessages: Record<string, unknown> = {};
    for (const def of contract.events) {
      const id = messageId(contract, def.name);
      messages[id] = {
        name: cloudEventType(contract.context, def),
        title: def.name,
        summary: def.summary,
        contentType: 'application/cloudevents+json',
        headers: ceHeaders,
        payload: {
          type: 'object',
          required: ['specversion', 'id', 'type', 'source', 'subject', 'time', 'data'],
          properties: {
            specversion: { const: '1.0' },
            id: { type: 'string', format: 'uuid' },
            type: { const: cloudEventType(contract.context, def) },
            source: { const: `/luotsi/${contract.context}` },
            subject: { type: 'string' },
            time: { type: 'string', format: 'date-time' },
            datacontenttype: { const: 'application/json' },
            correlationid: { type: 'string' },
            causationid: { type: 'string' },
            streamrevision: { type: 'integer' },
            globalposition: { type: 'integer' },
            data: def.schema,
          },
        },
        bindings: { kafka: { key: { type: 'string', description: 'Stream id: per-aggregate order' } } },
        examples: [{ name: def.name, payload: { specversion: '1.0', type: cloudEventType(contract.context, def), data: def.example } }],
      };
      channelMessages[def.name] = { $ref: `#/components/messages/${id}` };
    }
    channels[channelId] = {
      address: topicOf(contract.context),
      description: `${contract.context} integration events. Dead letters of consumers go to ${deadLetterTopicOf(contract.context)}.`,
      messages: channelMessages,
      bindings: {
        kafka: {
          partitions: contract.partitions,
          replicas: 1,
          topicConfiguration: { 'retention.ms': contract.retentionMs, 'cleanup.policy': ['delete'] },
        },
      },
    };
    operations[`receive-${contract.context}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${channelId}` },
      summary: `Consume ${contract.context} events (at least once; de-duplicate by the event's id)`,
      messages: Object.keys(channelMessages).map((name) => ({ $ref: `#/channels/${channelId}/messages/${name}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Luotsi integration events',
      version: '1.0.0',
      description:
        'Events that Luotsi publishes for municipalities, providers and other services. Keys are stream ids; values are CloudEvents 1.0 in structured mode (application/cloudevents+json; no ce_* headers). No event carries a personal identity code: persons appear as personRef.',
    },
    servers: { county: { host: 'kafka:9092', protocol: 'kafka', description: 'The county cluster (see docker-compose.yml)' } },
    defaultContentType: 'application/cloudevents+json',
    channels,
    operations,
    components: { messages },
  };
}
