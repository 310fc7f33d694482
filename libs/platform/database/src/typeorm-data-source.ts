import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { sessionOptions, type PostgresPool } from './postgres-pool';
import { PglitePool } from './pglite-pool';
import type { SqlPool } from './sql-pool';
import { typeormDriverFor } from './typeorm-pglite-driver';

/**
 * A TypeORM DataSource over the same database as the SqlPool: on PGlite it shares the pool's single
 * queue; on PostgreSQL it opens its own connections to the same server and schema. Tables come from
 * our versioned migrations, never from `synchronize`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export async function openDataSource(pool: SqlPool, entities: MixedList<Function | string | EntitySchema>): Promise<DataSource> {
  const dataSource =
    pool instanceof PglitePool
      ? new DataSource({ type: 'postgres', driver: typeormDriverFor(pool), entities, synchronize: false })
      : postgresDataSource(pool as PostgresPool, entities);
  return dataSource.initialize();
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function postgresDataSource(pool: PostgresPool, entities: MixedList<Function | string | EntitySchema>): DataSource {
  const { url, schema } = pool.options;
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    synchronize: false,
    poolSize: 10,
    extra: { options: sessionOptions(schema) },
    ...(schema ? { schema } : {}),
  });
}
