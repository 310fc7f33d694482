export * from './sql-pool';
export * from './postgres-pool';
export * from './pglite-pool';
export * from './migrations';
export * from './database-config';
export * from './open-pool';
export * from './typeorm-data-source';
export { AsyncMutex } from './async-mutex';
export { insertRows, type InsertRowsOptions, type Queryable } from './insert-rows';
