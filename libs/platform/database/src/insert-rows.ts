/** Anything that runs a parameterised statement: a TypeORM EntityManager or DataSource, a SqlPool client. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface InsertRowsOptions {
  /**
   * The SQL type of each column that is not `text`, e.g. `{ effective_from: 'date', no_show: 'boolean' }`:
   * every column travels as one array, and PostgreSQL must be told each array's element type.
   * An array-typed column cannot be written this way (unnest would flatten its values into rows).
   */
  types?: Readonly<Record<string, string>>;
  /** What follows the rows, e.g. `ON CONFLICT (stream_id) DO NOTHING`. */
  onConflict?: string;
}

/** Rows per statement: a bound on one message's size; a projection's bulk run is at most its batch (5 000 by default). */
const ROWS_PER_STATEMENT = 10_000;

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;
const TYPE = /^[a-z][a-z0-9 ]*(\([0-9, ]+\))?$/;

/**
 * Many rows in one INSERT, each column as one array parameter (`SELECT * FROM unnest($1::text[],
 * $2::date[], …)`): the read models' bulk writes, so that no projection hand-builds statements.
 * Nine columns of a thousand rows are nine parameters, not nine thousand; a VALUES list that long
 * is parsed and planned anew by PostgreSQL for every batch and bound value by value by the driver,
 * and inserted at 60 % of this form's rate (measured into billing's services table, 1 000-row
 * batches). Rows keep their order, so `ON CONFLICT DO NOTHING` keeps the first of two duplicates as
 * before. Table, column and type names are code, never input, and are checked to be plain names.
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
  const types = columns.map((column) => options.types?.[column] ?? 'text');
  for (const type of types) if (!TYPE.test(type)) throw new Error(`insertRows: ${JSON.stringify(type)} is not a plain SQL type name`);
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${types.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})${
    options.onConflict ? ` ${options.onConflict}` : ''
  }`;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    await db.query(
      sql,
      columns.map((column) =>
        chunk.map((row) => {
          const value = row[column] ?? null;
          // A value that is an array would become a dimension of the column's array: refused
          // rather than flattened into rows that no longer line up.
          if (Array.isArray(value)) throw new Error(`insertRows: ${table}.${column} holds an array, which unnest cannot keep as one value`);
          return value;
        }),
      ),
    );
  }
}
