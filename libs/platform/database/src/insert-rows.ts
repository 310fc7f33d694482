/** Anything that runs a parameterised statement: a TypeORM EntityManager or DataSource, a SqlPool client. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface InsertRowsOptions {
  /** SQL type casts per column, e.g. `{ effective_from: 'date' }` (PGlite and pg send text). */
  casts?: Readonly<Record<string, string>>;
  /** What follows the VALUES list, e.g. `ON CONFLICT (stream_id) DO NOTHING`. */
  onConflict?: string;
}

/**
 * PostgreSQL accepts at most 65 535 bind parameters in one statement; a chunk stays well below it
 * so that a projection's bulk batch never fails on size.
 */
const MAX_PARAMETERS = 30_000;

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/**
 * One multi-row INSERT for many rows (in as few statements as the parameter limit allows): the
 * read models' bulk writes, so that no projection hand-builds `($1, $2, …), (…)` lists. Table and
 * column names are code, never input, and are checked to be plain identifiers.
 */
export async function insertRows<Row extends Record<string, unknown>>(
  db: Queryable,
  table: string,
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
  options: InsertRowsOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name)) throw new Error(`insertRows: ${JSON.stringify(name)} is not a plain SQL identifier`);
  }
  const perChunk = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const values = chunk.map((row) => {
      const placeholders = columns.map((column) => {
        params.push(row[column] ?? null);
        const cast = options.casts?.[column];
        return cast ? `$${params.length}::${cast}` : `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await db.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}${options.onConflict ? ` ${options.onConflict}` : ''}`,
      params,
    );
  }
}
