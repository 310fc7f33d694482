/**
 * Emmett's PostgreSQL event store (the peer in the event-store bench), used as its documentation
 * shows a new user: getPostgreSQLEventStore, appendToStream, and a consumer with a reactor for
 * reading. It gets its own schema on the bench's server, with the same session settings as ours.
 */
import { getPostgreSQLEventStore, type PostgresEventStore as EmmettStore } from '@event-driven-io/emmett-postgresql';
import { type Event, NO_CONCURRENCY_CHECK, STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { Pool } from 'pg';
import { sessionOptions } from '@luotsi/database';
import type { BenchEvent, Contender, Expected } from './eventstore-contenders';

export const PEER_NAME = 'Emmett 0.42.0';

type PeerEvent = Event<'BenchRecorded', Record<string, unknown>, { messageId: string }>;

const toPeerEvent = (e: BenchEvent): PeerEvent => ({ type: 'BenchRecorded', data: e.data, metadata: { messageId: e.eventId } });

/** The bench URL with the schema on the search path: Emmett's tables are unqualified. */
export function urlWithSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', sessionOptions(schema));
  return u.toString();
}

export class PeerStore implements Contender {
  readonly label = PEER_NAME;

  private constructor(
    private readonly store: EmmettStore,
    private readonly pool: Pool,
  ) {}

  /** `max` connections, as many as our store gets in the same measurement. */
  static async open(url: string, schema: string, max: number): Promise<PeerStore> {
    const withSchema = urlWithSchema(url, schema);
    const pool = new Pool({ connectionString: withSchema, max });
    const store = getPostgreSQLEventStore(withSchema, { connectionOptions: { pool } });
    await store.schema.migrate();
    return new PeerStore(store, pool);
  }

  /** Emmett counts stream versions from 1 (the number of events in it); the bench keeps its answer as is. */
  async append(streamId: string, expected: Expected, events: readonly BenchEvent[]): Promise<number> {
    const result = await this.store.appendToStream(streamId, events.map(toPeerEvent), {
      expectedStreamVersion: expected === 'new' ? STREAM_DOES_NOT_EXIST : expected === 'any' ? NO_CONCURRENCY_CHECK : BigInt(expected),
    });
    return Number(result.nextExpectedStreamVersion);
  }

  /**
   * Reads its events from the beginning with its consumer: a reactor called for each message (the
   * reactor takes no batch handler), until `limit` events or none are left. Returns the data seen.
   */
  async readFromStart(options: { limit: number; batchSize: number; pullingFrequencyInMs: number }): Promise<number> {
    let seen = 0;
    const consumer = this.store.consumer({
      stopWhen: { noMessagesLeft: true },
      pulling: { batchSize: options.batchSize, pullingFrequencyInMs: options.pullingFrequencyInMs },
    });
    consumer.reactor<PeerEvent>({
      processorId: `catch-up-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      startFrom: 'BEGINNING',
      eachMessage: async () => {
        seen++;
      },
      stopAfter: () => seen >= options.limit,
    });
    await consumer.start();
    await consumer.close();
    return seen;
  }

  /**
   * A live consumer from the beginning with the default pulling settings, handing every message's
   * data to `onData` until stopped: the tailing reader of the missed/doubled check.
   */
  tail(onData: (data: Record<string, unknown>) => void): { stop(): Promise<void> } {
    const consumer = this.store.consumer();
    consumer.reactor<PeerEvent>({
      processorId: `tail-${Date.now()}`,
      startFrom: 'BEGINNING',
      eachMessage: async (message) => {
        onData(message.data);
      },
    });
    const running = consumer.start();
    return {
      stop: async () => {
        await consumer.close();
        await running;
      },
    };
  }

  async close(): Promise<void> {
    await this.store.close();
    if (!this.pool.ended) await this.pool.end();
  }
}
