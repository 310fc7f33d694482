import { dropSchema, ensureSchema, migrate, PostgresPool } from '@luotsi/database';
import { POSTAL_CODE_POINTS } from '@luotsi/service-catalogue-domain';
import { describeWithPostgres, testPostgresUrl, uniqueSuffix } from '@luotsi/testing';
import { KINDS, PLACES, searchAt, writeGeneratedCatalogue } from '../testing/generated-catalogue';
import { COUNTED_UP_TO, roundsOf, runSearch, searchSql, type SearchRequest, type SearchRow } from './catalogue-search';
import { SERVICE_CATALOGUE_MIGRATIONS } from './migrations';

/**
 * The shortcuts of a search over a large catalogue give the answer the plain way gives: a distance
 * sort's widening boxes the page of measuring every hit, a count stopped at COUNTED_UP_TO the first
 * page of checking every hit. 3 000 generated services (a twelfth hit by one word), 12 000 channels.
 */
describeWithPostgres()('catalogue search over a large catalogue (PostgreSQL)', () => {
  const url = testPostgresUrl()!;
  const schema = `sc_search_${uniqueSuffix()}`;
  let pool: PostgresPool;
  const base = searchAt(new Date('2027-01-13T08:00:00Z')); // a Wednesday, 10:00 in Helsinki
  const query = async (sql: string, params: unknown[]) => (await pool.query<SearchRow>(sql, params)).rows;
  /** The search as the read model runs it: its statements in one transaction. */
  const search = async (r: SearchRequest) => {
    const lease = await pool.connect();
    try {
      await lease.query('BEGIN');
      const rows = await runSearch(async (sql, params) => (await lease.query<SearchRow>(sql, params)).rows, r);
      await lease.query('COMMIT');
      return rows;
    } finally {
      lease.release();
    }
  };
  /** The search in one statement, every hit measured and checked: what the shortcuts must equal. */
  const plainly = (r: SearchRequest) => {
    const { sql, params } = searchSql(r, true, null);
    return query(sql, params);
  };
  const page = (rows: SearchRow[]) => rows.map((r) => `${r.service_id}@${r.km === null ? '-' : Number(r.km).toFixed(6)}`);

  beforeAll(async () => {
    await ensureSchema(url, schema);
    pool = new PostgresPool({ url, schema, max: 2 });
    await migrate(pool, 'service-catalogue', SERVICE_CATALOGUE_MIGRATIONS);
    await writeGeneratedCatalogue(pool, 3_000);
    await pool.query('ANALYZE');
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await dropSchema(url, schema);
  });

  const tampere = POSTAL_CODE_POINTS['33720']!;
  const points = [tampere, PLACES[3]!, PLACES[PLACES.length - 1]!, { lat: 68.9, lon: 27.0 }]; // the last in Lapland, far from all
  it.each(points.flatMap((point, i) => [0, 1, 5].map((k) => ({ point, kind: KINDS[(i * 5 + k) % KINDS.length]!, k }))))(
    'a distance sort from the nearest boxes gives the page of measuring every hit (%#)',
    async ({ point, kind, k }) => {
      const r: SearchRequest = {
        ...base,
        words: [kind.ask],
        near: { lat: point.lat, lon: point.lon },
        sort: 'distance',
        offset: k === 5 ? 40 : 0,
        openNow: k === 1,
        withinKm: k === 5 ? 30 : null,
      };
      expect(roundsOf(r).length).toBeGreaterThan(1);
      const fast = await search(r);
      const plain = await plainly(r);
      expect(page(fast)).toEqual(page(plain));
      // The total: exact alike, or (a distance filter checked service by service) stopped at the count.
      const [f, q] = [fast[0], plain[0]];
      if (!f || !q) expect([f, q]).toEqual([undefined, undefined]);
      else if (f.total_exact) expect([Number(f.total), q.total_exact]).toEqual([Number(q.total), true]);
      else expect([Number(f.total), !q.total_exact || Number(q.total) > COUNTED_UP_TO]).toEqual([COUNTED_UP_TO, true]);
      // Nearest first, really.
      const km = fast.map((x) => Number(x.km));
      expect(km).toEqual([...km].sort((a, b) => a - b));
    },
  );

  it("the benchmark's floor (no ranking) runs for every shape of search", async () => {
    const place = PLACES[5]!;
    const shapes: SearchRequest[] = [
      { ...base, words: [KINDS[0]!.ask] },
      { ...base, words: [KINDS[0]!.ask], near: { lat: place.lat, lon: place.lon }, sort: 'distance' },
      { ...base, words: [KINDS[0]!.ask], near: { lat: place.lat, lon: place.lon }, withinKm: 20, accessibility: ['step-free-access'] },
      { ...base, words: [KINDS[0]!.ask], openNow: true, accessModes: ['walk-in'], municipality: place.municipality },
    ];
    for (const r of shapes) {
      const { sql, params } = searchSql(r, false);
      const ids = await query(sql, params);
      expect(ids.length).toBeGreaterThan(0);
    }
  });

  it("finds through a one-word search's shortened candidates what the whole union of its languages finds", async () => {
    for (const [words, lang] of KINDS.flatMap((k) => [
      [[k.ask], 'fi'],
      [[k.askSv], 'sv'],
      [[k.en.split(' ')[0]!.toLowerCase()], 'en'],
    ]) as Array<[string[], SearchRequest['lang']]>) {
      const r: SearchRequest = { ...base, words, lang };
      const [fast, plain] = [await search(r), await plainly(r)];
      expect([words, page(fast), fast[0]?.total]).toEqual([words, page(plain), plain[0]?.total]);
    }
  });

  it('counts the hits of a word exactly when no filter is on the channels', async () => {
    const [first] = await search({ ...base, words: [KINDS[0]!.ask] });
    const all = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM sc_service_versions WHERE content->'names'->>'fi' LIKE $1`, [
      `${KINDS[0]!.fi} %`,
    ]);
    expect(first!.total_exact).toBe(true);
    expect(Number(first!.total)).toBe(Number(all.rows[0]!.n));
  });

  it('stops counting at COUNTED_UP_TO with "open now", and its page is the first of checking every hit', async () => {
    const r: SearchRequest = { ...base, words: [KINDS[2]!.ask], openNow: true };
    const rows = await search(r);
    expect(rows).toHaveLength(20);
    expect(Number(rows[0]!.total)).toBe(COUNTED_UP_TO);
    expect(rows[0]!.total_exact).toBe(false);
    // Asking for a page as long as the count checks every hit the count would: the same first 20.
    const long = await search({ ...r, limit: 250 });
    expect(page(long.slice(0, 20))).toEqual(page(rows));
    expect(Number(long[0]!.total)).toBeGreaterThan(COUNTED_UP_TO);
  });

  it('reads past the first sorted hits when too few of them pass the channel filters', async () => {
    // "palvelu" is in every summary: 3 000 hits, more than the first sorted part holds.
    const place = PLACES[5]!;
    const r: SearchRequest = { ...base, words: ['palvelu'], accessibility: ['step-free-access'], near: place, withinKm: 3 };
    const first = await search(r);
    // A page as long as the hits sorts them all in one part: the same first page and count.
    const whole = await search({ ...r, limit: 800 });
    expect(first.length).toBeGreaterThan(0);
    expect(Number(first[0]!.total)).toBe(whole.length);
    expect(first[0]!.total_exact).toBe(true);
    expect(page(first)).toEqual(page(whole.slice(0, 20)));
  });

  it('counts exactly when fewer than COUNTED_UP_TO pass the channel filters', async () => {
    const place = PLACES[5]!;
    const r: SearchRequest = {
      ...base,
      words: [KINDS[4]!.ask],
      accessibility: ['step-free-access'],
      near: { lat: place.lat, lon: place.lon },
      withinKm: 10,
    };
    const rows = await search({ ...r, limit: 500 });
    const first = await search(r);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(COUNTED_UP_TO);
    expect(Number(first[0]!.total)).toBe(rows.length);
    expect(first[0]!.total_exact).toBe(true);
    expect(page(first)).toEqual(page(rows.slice(0, 20)));
    expect(rows.every((x) => x.km !== null && Number(x.km) <= 10)).toBe(true);
  });
});
