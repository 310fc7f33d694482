import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PglitePool } from '@luotsi/database';
import { eventStoreContract } from '../testing/contract';
import { PostgresEventStore } from './postgres-event-store';

// PGlite on a data directory, reopened from disk for the restart test: the embedded mode's store.
eventStoreContract(
  'PGlite (embedded, on disk)',
  async (clock) => {
    const dir = mkdtempSync(join(tmpdir(), 'luotsi-es-'));
    let pool = await PglitePool.open(dir);
    let store = await PostgresEventStore.open(pool, { clock });
    return {
      store,
      reopen: async () => {
        await store.close();
        await pool.end();
        pool = await PglitePool.open(dir);
        store = await PostgresEventStore.open(pool, { clock });
        return store;
      },
      dispose: async () => {
        await store.close();
        await pool.end();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { concurrency: { writers: 20, eventsPerWriter: 500 } },
);
