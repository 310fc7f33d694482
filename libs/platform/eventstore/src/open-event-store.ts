import type { Clock } from '@luotsi/kernel';
import type { SqlPool } from '@luotsi/database';
import { EventStoreDbEventStore } from './adapters/eventstoredb-event-store';
import { PostgresEventStore } from './adapters/postgres-event-store';
import type { EventStore } from './event-store';

export interface EventStoreConfig {
  /** esdb://… picks EventStoreDB; otherwise the event store lives in the SqlPool's database. */
  eventStoreUrl?: string | undefined;
  pool: SqlPool;
  clock: Clock;
}

export async function openEventStore(config: EventStoreConfig): Promise<EventStore> {
  if (config.eventStoreUrl) return EventStoreDbEventStore.connect(config.eventStoreUrl, config.clock);
  return PostgresEventStore.open(config.pool, { clock: config.clock });
}
