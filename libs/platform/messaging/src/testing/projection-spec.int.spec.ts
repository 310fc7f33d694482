import { projectionSpec } from './projection-spec';

const migrations = [{ version: 1, name: 'counts', sql: 'CREATE TABLE counts (name text PRIMARY KEY, n integer NOT NULL)' }];

describe('projectionSpec', () => {
  it('applies the given events and answers the rows', async () => {
    const spec = await projectionSpec(
      {
        name: 'counts',
        categories: ['c'],
        apply: async (em, e) =>
          void (await em.query('INSERT INTO counts (name, n) VALUES ($1, 1) ON CONFLICT (name) DO NOTHING', [
            (e.data as { name: string }).name,
          ])),
      },
      { component: 'counts', migrations, tables: ['counts'] },
    );
    try {
      await spec.given([
        { type: 'Seen', data: { name: 'a' } },
        { type: 'Seen', data: { name: 'b' } },
      ]);
      expect(await spec.rows('SELECT name, n FROM counts ORDER BY name')).toEqual([
        { name: 'a', n: 1 },
        { name: 'b', n: 1 },
      ]);
    } finally {
      await spec.close();
    }
  }, 60_000);

  it('fails a projection that a replay changes', async () => {
    const spec = await projectionSpec(
      {
        name: 'counts',
        categories: ['c'],
        apply: async (em, e) =>
          void (await em.query('INSERT INTO counts (name, n) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET n = counts.n + 1', [
            (e.data as { name: string }).name,
          ])),
      },
      { component: 'counts', migrations, tables: ['counts'] },
    );
    try {
      await expect(spec.given([{ type: 'Seen', data: { name: 'a' } }])).rejects.toThrow(/not idempotent/);
    } finally {
      await spec.close();
    }
  }, 60_000);
});
