import { PglitePool } from './pglite-pool';
import { insertRows } from './insert-rows';

describe('insertRows', () => {
  it('writes many rows in chunks under the parameter limit, with casts and a conflict clause', async () => {
    const pool = await PglitePool.open();
    try {
      await pool.query('CREATE TABLE t (id integer PRIMARY KEY, day date NOT NULL, note text)');
      const rows = Array.from({ length: 20_001 }, (_, i) => ({ id: i, day: '2026-01-01', note: i % 2 ? null : `n${i}` }));
      await insertRows(pool, 't', ['id', 'day', 'note'], rows, { casts: { day: 'date' } });
      await insertRows(pool, 't', ['id', 'day', 'note'], [{ id: 1, day: '2027-01-01', note: 'again' }], {
        casts: { day: 'date' },
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

  it('refuses a table or column name that is not a plain identifier', async () => {
    await expect(insertRows({ query: async () => undefined }, 't; DROP TABLE x', ['id'], [{ id: 1 }])).rejects.toThrow(
      /plain SQL identifier/,
    );
  });
});
