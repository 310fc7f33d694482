export * from './event-store';
export * from './errors';
export { WakeSignal } from './wake-signal';
export { InMemoryEventStore } from './adapters/in-memory-event-store';
export { PostgresEventStore, type PostgresEventStoreOptions } from './adapters/postgres-event-store';
export { EventStoreDbEventStore } from './adapters/eventstoredb-event-store';
export { EVENT_STORE_MIGRATIONS } from './adapters/postgres-schema';
export { openEventStore, type EventStoreConfig } from './open-event-store';
export { executeCommand, loadState, type CommandOutcome, type ExecuteOptions, type DomainEventShape } from './execute-command';
