export * from './event-store';
export * from './errors';
export { appendEach } from './append-each';
export { WakeSignal } from './wake-signal';
export { InMemoryEventStore } from './adapters/in-memory-event-store';
export { PostgresEventStore, type PostgresEventStoreOptions } from './adapters/postgres-event-store';
export { EventStoreDbEventStore } from './adapters/eventstoredb-event-store';
export { EVENT_STORE_MIGRATIONS } from './adapters/postgres-schema';
export { APPEND_STATEMENT, APPEND_STATEMENT_NAME } from './adapters/postgres-append-statement';
export { openEventStore, type EventStoreConfig } from './open-event-store';
export {
  CommandPipeline,
  todayOf,
  metadataOf,
  refuseIdentityCodes,
  type StreamDeclaration,
  type CommandEnvelope,
  type ExecuteResult,
  type ItemOutcome,
  type BulkItem,
  type DomainEvent,
  type PipelineOptions,
} from './pipeline/command-pipeline';
export { deterministicEventId } from './pipeline/event-ids';
export { UpcasterChain, schemaVersionOf, type Upcaster } from './pipeline/upcasting';
export { UpcastingEventStore } from './pipeline/upcasting-event-store';
export { counterOf, gaugeOf, revisionConflicts } from './pipeline/metrics';
