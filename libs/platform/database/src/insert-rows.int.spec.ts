import { randomUUID } from 'node:crypto';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { PglitePool } from './pglite-pool';
import { dropSchema, ensureSchema, PostgresPool } from './postgres-pool';
import type { SqlPool } from './sql-pool';
import { insertRows } from './insert-rows';

describe('insertRows', () => {
  it('writes many rows in chunks, with column types and a conflict clause', async () => {
    const pool = await PglitePool.open();
    try {
      await pool.query('CREATE TABLE t (id integer PRIMARY KEY, day date NOT NULL, note text)');
      const rows = Array.from({ length: 20_001 }, (_, i) => ({ id: i, day: '2026-01-01', note: i % 2 ? null : `n${i}` }));
      await insertRows(pool, 't', ['id', 'day', 'note'], rows, { types: { id: 'integer', day: 'date' } });
      await insertRows(pool, 't', ['id', 'day', 'note'], [{ id: 1, day: '2027-01-01', note: 'again' }], {
        types: { id: 'integer', day: 'date' },
        onConflict: 'ON CONFLICT (id) DO NOTHING',
      });
      const { rows: counted } = await pool.query<{ n: number; notes: number; first: string }>(
        `SELECT count(*)::int AS n, count(note)::int AS notes, (SELECT to_char(day, 'YYYY-MM-DD') FROM t WHERE id = 1) AS first FROM t`,
      );
      expect(counted[0]).toEqual({ n: 20_001, notes: 10_001, first: '2026-01-01' });
    } finally {
      await pool.end();
    }
  }, 60_000);

  it('keeps text as it is (quotes, backslashes, braces, the word NULL) and the first of two duplicates', async () => {
    const pool = await PglitePool.open();
    try {
      await writesAsGiven(pool);
    } finally {
      await pool.end();
    }
  }, 60_000);

  it('refuses a table, column or type name that is not a plain SQL name', async () => {
    const nothing = { query: async () => undefined };
    await expect(insertRows(nothing, 't; DROP TABLE x', ['id'], [{ id: 1 }])).rejects.toThrow(/plain SQL identifier/);
    await expect(insertRows(nothing, 't', ['id'], [{ id: 1 }], { types: { id: 'int[]); DROP TABLE x; --' } })).rejects.toThrow(
      /plain SQL type name/,
    );
  });

  it('refuses a value that is an array instead of flattening it into rows', async () => {
    const calls: unknown[] = [];
    const recording = { query: async (sql: string) => void calls.push(sql) };
    await expect(insertRows(recording, 't', ['id', 'tags'], [{ id: 1, tags: ['a', 'b'] }])).rejects.toThrow(/t\.tags holds an array/);
    expect(calls).toEqual([]);
  });
});

// The pg driver writes a JS array as an array literal itself (PGlite by the parameter's type): both are checked.
describeWithPostgres()('insertRows on PostgreSQL', () => {
  it('keeps text as it is and the first of two duplicates', async () => {
    const url = testPostgresUrl()!;
    const schema = `insert_rows_${randomUUID().slice(0, 8)}`;
    await ensureSchema(url, schema);
    const pool = new PostgresPool({ url, schema, max: 1 });
    try {
      await writesAsGiven(pool);
    } finally {
      await pool.end();
      await dropSchema(url, schema);
    }
  });
});

async function writesAsGiven(pool: SqlPool): Promise<void> {
  await pool.query('CREATE TABLE t (id integer PRIMARY KEY, note text, ok boolean NOT NULL, at timestamptz, big bigint)');
  const notes = ['a "quoted" \\ word', '{1,2}', 'NULL', '', 'Åbo, ääkköset'];
  await insertRows(
    pool,
    't',
    ['id', 'note', 'ok', 'at', 'big'],
    [
      ...notes.map((note, i) => ({ id: i, note, ok: i % 2 === 0, at: '2026-12-06T21:00:00.123Z', big: 9_007_199_254_740_991 })),
      { id: 0, note: 'second', ok: false, at: null, big: null },
    ],
    { types: { id: 'integer', ok: 'boolean', at: 'timestamptz', big: 'bigint' }, onConflict: 'ON CONFLICT (id) DO NOTHING' },
  );
  const { rows } = await pool.query<{ note: string; ok: boolean; at: string; big: string }>(
    `SELECT note, ok, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at, big::text AS big FROM t ORDER BY id`,
  );
  expect(rows.map((r) => r.note)).toEqual(notes);
  expect(rows.map((r) => r.ok)).toEqual([true, false, true, false, true]);
  expect(rows[0]).toMatchObject({ at: '2026-12-06T21:00:00.123', big: '9007199254740991' });
}
