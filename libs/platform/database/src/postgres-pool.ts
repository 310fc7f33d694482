import { Pool, type PoolConfig, type QueryConfig } from 'pg';
import type { QueryOptions, SqlLease, SqlPool, SqlResult } from './sql-pool';

export interface PostgresPoolOptions {
  url: string;
  /** Tables are created and read in this schema (search_path), so tests and services can share a server. */
  schema?: string;
  max?: number;
  applicationName?: string;
}

/** A node-postgres pool seen through the SqlPool port. */
export class PostgresPool implements SqlPool {
  readonly kind = 'postgres' as const;
  readonly raw: Pool;

  constructor(readonly options: PostgresPoolOptions) {
    const config: PoolConfig = {
      connectionString: options.url,
      max: options.max ?? 10,
      application_name: options.applicationName ?? 'luotsi',
    };
    config.options = sessionOptions(options.schema);
    this.raw = new Pool(config);
    // An idle client that loses its server must not crash the process; the next query reconnects.
    this.raw.on('error', () => undefined);
  }

  async query<R>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<R>> {
    const result = await this.raw.query(statement(sql, params, options));
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  }

  async connect(): Promise<SqlLease> {
    const client = await this.raw.connect();
    // A leased client whose server connection dies emits 'error' (nobody listens to a checked-out
    // client): kept here, it fails the next query and makes the release discard the client,
    // instead of crashing the process.
    let broken: Error | undefined;
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    return {
      async query<R>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<R>> {
        if (broken) throw broken;
        const result = await client.query(statement(sql, params, options));
        return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
      },
      release: (error?: Error) => {
        client.off('error', onError);
        client.release(error ?? broken);
      },
    };
  }

  async end(): Promise<void> {
    await this.raw.end();
  }
}

/** node-postgres's query config: with a name, a prepared statement kept by each connection. */
function statement(text: string, params: readonly unknown[] | undefined, options: QueryOptions | undefined): QueryConfig {
  const values = params as unknown[] | undefined;
  return options?.name ? { name: options.name, text, ...(values ? { values } : {}) } : { text, ...(values ? { values } : {}) };
}

/**
 * The settings every Luotsi session starts with. The schema as search_path; and no JIT: our
 * statements are short, and a plan whose cost estimate crosses jit_above_cost (a catalogue search
 * sorted by distance) spent more compiling than running (measured: 630 ms of an 820 ms search).
 */
export function sessionOptions(schema?: string): string {
  return '-c jit=off' + (schema ? ` -c search_path=${quoteIdent(schema)},public` : '');
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

/** Creates the schema if it is missing; used before opening a schema-scoped pool. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  } finally {
    await pool.end();
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await pool.end();
  }
}
