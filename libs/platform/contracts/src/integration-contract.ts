import type { JSONSchemaType } from 'ajv';

/** One published event: its public name, version and JSON schema, and the domain event it comes from. */
export interface IntegrationEventDefinition {
  /** The domain event type in the event store, e.g. `ListingStarted`. */
  domainType: string;
  /** The public name, kebab-case, e.g. `listing-started`. */
  name: string;
  version: number;
  summary: string;
  schema: Record<string, unknown> | JSONSchemaType<unknown>;
  /** An example payload, validated against the schema in the contract tests and shown in AsyncAPI. */
  example: Record<string, unknown>;
  /** Shapes the public payload from the domain event's data (drops what must not leave the context). */
  toPublic?: (data: Record<string, unknown>) => Record<string, unknown>;
}

/** One bounded context's public face on Kafka: its topic and the events on it. */
export interface ContextContract {
  context: string;
  /** Stream categories the relay reads for this context. */
  categories: readonly string[];
  partitions: number;
  retentionMs: number;
  events: readonly IntegrationEventDefinition[];
}

/**
 * A context's topic as code names it. Installations sharing one cluster (counties, test runs) are
 * kept apart by the Kafka transport, which puts the configured prefix before every topic it
 * produces to, consumes from or creates (`<prefix>.luotsi.<context>.v1`); code never sees it.
 */
export const topicOf = (context: string): string => `luotsi.${context}.v1`;
export const deadLetterTopicOf = (context: string): string => `${topicOf(context)}.dlq`;
export const cloudEventType = (context: string, def: Pick<IntegrationEventDefinition, 'name' | 'version'>): string =>
  `fi.luotsi.${context}.${def.name}.v${def.version}`;
export const sourceOf = (context: string): string => `/luotsi/${context}`;
