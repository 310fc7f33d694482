import { randomUUID } from 'node:crypto';
import { dropSchema, ensureSchema, migrate, PostgresPool } from '@luotsi/database';
import { POSTAL_CODE_POINTS } from '@luotsi/service-catalogue-domain';
import { KINDS, PLACES, searchAt, writeGeneratedCatalogue } from '@luotsi/service-catalogue-service/testing';
import { runSearch, SERVICE_CATALOGUE_MIGRATIONS, searchSql, type SearchRequest, type SearchRow } from '@luotsi/service-catalogue-service';
import { atRate, fmt, liveRows, measure, type Row } from './measure';

/**
 * 50 000 services and 200 000 channels (two service points, a phone line and an e-service each;
 * weekday, Saturday or round-the-clock hours; a tenth with a summer closure) in the catalogue's read
 * model on PostgreSQL, with the search vectors built by the same expressions as its projection.
 * Then searches at 100 a second for 30 s (open loop: latency includes queueing), a mix of Finnish
 * inflected words, Swedish words, distance from a postal code, open now and walk-in filters — each
 * the statement the search endpoint runs plus the channel read for the page — beside the floor:
 * the same text match and filters as plain SQL, without ranking, distance, explanation or total.
 */
export async function serviceCatalogueBench(url: string, scale: number): Promise<Row[]> {
  const rows = liveRows('service-catalogue');
  const services = Math.max(200, Math.round(50_000 * scale));
  const schema = `bench_sc_${randomUUID().slice(0, 8)}`;
  await ensureSchema(url, schema);
  const pool = new PostgresPool({ url, schema, max: 8 });
  try {
    await migrate(pool, 'service-catalogue', SERVICE_CATALOGUE_MIGRATIONS);
    const t0 = Date.now();
    await writeGeneratedCatalogue(pool, services);
    // A bulk-loaded table as autovacuum leaves it in service: statistics, and the visibility map
    // that lets the link look-ups read their index only.
    await pool.query('VACUUM ANALYZE');
    const channelCount = Number(((await pool.query('SELECT count(*) AS n FROM sc_channel_versions')).rows[0] as { n: string }).n);
    rows.push({
      name: `catalogue written: ${fmt(services)} services, ${fmt(channelCount)} channels (bulk SQL, the projection's vector expressions)`,
      value: `${fmt((Date.now() - t0) / 1000, 1)} s`,
      target: 'reported',
    });

    const base = searchAt(new Date('2027-01-13T08:00:00Z')); // a Wednesday, 10:00 in Helsinki
    const tampere = POSTAL_CODE_POINTS['33720']!;
    const mix = (i: number): SearchRequest => {
      const kind = KINDS[i % KINDS.length]!;
      const place = PLACES[(i * 7) % PLACES.length]!;
      switch (i % 6) {
        case 0:
          return { ...base, words: [kind.ask] };
        case 1:
          return { ...base, words: [kind.askSv], lang: 'sv' };
        case 2:
          return { ...base, words: [kind.ask], near: { lat: tampere.lat, lon: tampere.lon }, sort: 'distance' };
        case 3:
          return { ...base, words: [kind.ask], openNow: true };
        case 4:
          return { ...base, words: [kind.ask, place.name.split(' ')[0]!.toLowerCase()], accessModes: ['walk-in'] };
        default:
          return {
            ...base,
            words: [kind.ask],
            municipality: place.municipality,
            accessibility: ['step-free-access'],
            near: { lat: place.lat, lon: place.lon },
            withinKm: 20,
          };
      }
    };
    const search = async (i: number) => {
      // As the read model runs it: in one transaction.
      const lease = await pool.connect();
      let found: SearchRow[];
      try {
        await lease.query('BEGIN');
        found = await runSearch(async (sql, params) => (await lease.query<SearchRow>(sql, params)).rows, mix(i));
        await lease.query('COMMIT');
      } finally {
        lease.release();
      }
      const ids = found.flatMap((r) => (r.content as { channelIds: string[] }).channelIds);
      await pool.query(
        `SELECT channel_id, valid_from::text, valid_to::text, source, content FROM sc_channel_versions
         WHERE channel_id = ANY($1::text[]) AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date)`,
        [ids, base.on],
      );
      return found.length;
    };
    const floor = async (i: number) => {
      const { sql, params } = searchSql(mix(i), false);
      return (await pool.query(sql, params)).rows.length;
    };
    // Warm both, then measure them in turn at the same rate.
    for (let i = 0; i < 60; i++) {
      await search(i);
      await floor(i);
    }
    const seconds = Math.max(5, Math.round(30 * Math.min(1, scale * 4)));
    const measured = await atRate(100, seconds, search);
    const floored = await atRate(100, seconds, floor);
    rows.push({
      name: `search at 100 queries/s for ${seconds} s (ranked, explained, distance; ${fmt(services)} services, ${fmt(channelCount)} channels)`,
      value: `p99 ${fmt(measured.p99ms, 1)} ms, p50 ${fmt(measured.p50ms, 1)} ms (${fmt(measured.perSecond, 0)}/s achieved)`,
      baseline: `floor, the same match as plain SQL without ranking: p99 ${fmt(floored.p99ms, 1)} ms, p50 ${fmt(floored.p50ms, 1)} ms`,
      ratio: `${fmt(measured.p99ms / Math.max(0.1, floored.p99ms), 1)} × the floor's p99`,
      target: 'p99 ≤ 50 ms at 100 queries/s',
      verdict: measured.p99ms <= 50 ? 'met' : 'NOT met',
    });
    // The same searches one at a time: the service time without queueing, which a shared or
    // overloaded machine leaves readable when the open-loop figures above are queues.
    const alone = await measure(Math.max(120, Math.round(600 * Math.min(1, scale * 4))), 1, search);
    const floorAlone = await measure(Math.max(120, Math.round(600 * Math.min(1, scale * 4))), 1, floor);
    rows.push({
      name: 'the same searches one at a time (service time, no queueing)',
      value: `p99 ${fmt(alone.p99ms, 1)} ms, p50 ${fmt(alone.p50ms, 1)} ms (${fmt(alone.perSecond, 0)}/s on one connection)`,
      baseline: `floor one at a time: p99 ${fmt(floorAlone.p99ms, 1)} ms, p50 ${fmt(floorAlone.p50ms, 1)} ms`,
      ratio: `${fmt(alone.p50ms / Math.max(0.1, floorAlone.p50ms), 1)} × the floor's p50`,
      target: 'reported',
    });
  } finally {
    await pool.end();
    await dropSchema(url, schema);
  }
  return rows;
}
