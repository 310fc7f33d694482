import type { DataSource, EntityManager } from 'typeorm';
import { migrate, openDataSource, PglitePool, type Migration } from '@luotsi/database';
import type { RecordedEvent } from '@luotsi/eventstore';
import type { ProjectionDeclaration } from '../engine/handlers';

/** An event as a spec writes it: type and data, the rest filled in. */
export interface GivenEvent {
  type: string;
  data: unknown;
  streamId?: string;
  revision?: number;
  schemaVersion?: number;
  recordedAt?: string;
}

export interface ProjectionSpec {
  /** Applies the events in one batch (as the engine does), then in a second run again: replay must change nothing. */
  given(events: readonly GivenEvent[]): Promise<ProjectionSpec>;
  /** Rows of a query, e.g. `then('SELECT station_id FROM pc_listings ORDER BY 1')`. */
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * Given events → then rows, on a real embedded PostgreSQL (PGlite) with the context's migrations:
 * the same path the engine takes (one transaction per batch, `applyBatch` when the projection has
 * it, else `apply` in order). `given` applies each batch twice and fails when the second pass
 * changes any table, so every projection spec also proves the projection idempotent by replay.
 */
export async function projectionSpec(
  projection: ProjectionDeclaration,
  options: { component: string; migrations: readonly Migration[]; tables: readonly string[] },
): Promise<ProjectionSpec> {
  const pool = await PglitePool.open();
  await migrate(pool, options.component, options.migrations);
  const dataSource: DataSource = await openDataSource(pool, []);
  let position = 0;
  const snapshot = async (em: EntityManager) => {
    const parts: string[] = [];
    for (const table of options.tables) parts.push(JSON.stringify(await em.query(`SELECT * FROM ${table} ORDER BY 1`)));
    return parts.join('\n');
  };
  const apply = async (em: EntityManager, batch: readonly RecordedEvent[]) => {
    if (projection.applyBatch) await projection.applyBatch(em, batch);
    else for (const event of batch) await projection.apply!(em, event);
  };
  const spec: ProjectionSpec = {
    async given(events) {
      const batch: RecordedEvent[] = events.map((e, i) => ({
        eventId: `00000000-0000-4000-8000-${String(position + i + 1).padStart(12, '0')}`,
        type: e.type,
        schemaVersion: e.schemaVersion ?? 1,
        streamId: e.streamId ?? 'spec-1',
        revision: e.revision ?? position + i,
        globalPosition: position + i + 1,
        recordedAt: e.recordedAt ?? '2026-11-23T10:00:00.000Z',
        data: e.data,
        metadata: {},
      }));
      position += batch.length;
      await dataSource.transaction((em) => apply(em, batch));
      const before = await dataSource.transaction((em) => snapshot(em));
      await dataSource.transaction((em) => apply(em, batch));
      const after = await dataSource.transaction((em) => snapshot(em));
      if (after !== before)
        throw new Error(`projection ${projection.name} is not idempotent: replaying the same events changed its tables`);
      return spec;
    },
    async rows<T>(sql: string, params: unknown[] = []) {
      return (await dataSource.query(sql, params)) as T[];
    },
    async close() {
      await dataSource.destroy();
      await pool.end();
    },
  };
  return spec;
}
