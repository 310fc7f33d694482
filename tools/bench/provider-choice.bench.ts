import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Hetu, LocalDate } from '@luotsi/kernel';
import { dropSchema, ensureSchema } from '@luotsi/database';
import { startTsProcess, waitUntil } from '@luotsi/testing';
import { send, sendStream } from './http-client';
import { atRate, fmt, measure, type Row } from './measure';

const COUNTY = { 'x-luotsi-actor': 'county:bench' };
const station = (stationId: string) => ({ stationId, name: stationId, streetAddress: 'Katu 1', postalCode: '33720', municipalityCode: '837', languages: ['fi'], services: ['primary-care-reception'], openingHours: '8–16', accessibility: 'step-free' });

/** Valid, distinct identity codes for test residents: birth dates 1930–2019, individual numbers 2–899. */
function* residents(count: number): Generator<string> {
  const start = LocalDate.parse('1930-01-01');
  for (let i = 0; i < count; i++) {
    const date = LocalDate.addDays(start, i % 32_000);
    const number = 2 + Math.floor(i / 32_000);
    yield JSON.stringify({ type: 'resident-registered', identityCode: Hetu.generate(date, number), postalCode: i % 2 ? '33710' : '33530', municipalityCode: '837', date: '2018-01-01' });
  }
}

/**
 * Provider choice as a separate process on PostgreSQL (in-process bus), loaded over HTTP from this
 * process: the bulk population import, then switch requests at full speed and at 500 per second.
 */
export async function providerChoiceBench(url: string, _brokers: string[], scale: number): Promise<Row[]> {
  const rows: Row[] = [];
  const schema = `bench_pc_${randomUUID().slice(0, 8)}`;
  await ensureSchema(url, schema);
  // The person registry has one schema per database (services share it): start from an empty one,
  // so that the import measures new residents, as a county's first load of the register is.
  await dropSchema(url, 'luotsi_registry');
  const port = 45000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  const app = startTsProcess('apps/provider-choice/src/main.ts', { DATABASE_URL: url, DATABASE_SCHEMA: schema, PORT: String(port), LOG_LEVEL: 'info', LUOTSI_DUE_CHANGES_INTERVAL_MS: '0', KAFKA_BROKERS: '' });
  const db = new Client({ connectionString: url, options: `-c search_path=${schema}` });
  try {
    await app.waitFor(/listening on http/, 90_000);
    await db.connect();
    for (const [providerId, businessId, stations] of [['tampere', '0211675-2', ['hervanta', 'kaukajarvi']], ['mehilainen', '1927400-1', ['mehilainen-hervanta']], ['pihlajalinna', '2617455-1', ['pihlajalinna-hervanta']]] as const) {
      await send(`${base}/providers`, 'POST', JSON.stringify({ providerId, businessId, name: providerId, kind: providerId === 'tampere' ? 'public' : 'private', stations: stations.map(station) }), COUNTY);
      await send(`${base}/providers/${providerId}/approval`, 'POST', JSON.stringify({ from: '2017-01-01' }), COUNTY);
    }
    await waitUntil(async () => (await db.query('SELECT count(*)::int AS n FROM pc_stations')).rows[0].n === 4, { what: 'stations' });
    const area = await send(`${base}/choice-area`, 'PUT', JSON.stringify({ postalCodes: [{ postalCode: '33710', defaultStationId: 'hervanta' }, { postalCode: '33530', defaultStationId: 'kaukajarvi' }], switchPeriodMonths: 3 }), COUNTY);
    if (area.status !== 200) throw new Error(`area: ${area.status} ${area.body}`);

    const count = Math.round(500_000 * scale);
    const t0 = Date.now();
    const imported = await sendStream(`${base}/population/import`, residents(count), COUNTY);
    const importSeconds = (Date.now() - t0) / 1000;
    const report = JSON.parse(imported.body);
    if (report.applied !== count) throw new Error(`import applied ${report.applied} of ${count}: ${imported.body.slice(0, 500)}`);
    await waitUntil(async () => (await db.query('SELECT count(*)::int AS n FROM pc_listings')).rows[0].n >= count, { timeoutMs: 1_800_000, intervalMs: 500, what: 'listings in the read model' });
    const listedSeconds = (Date.now() - t0) / 1000;
    rows.push({
      name: `bulk import of ${fmt(count)} residents (NDJSON over HTTP)`,
      value: `${fmt(importSeconds, 1)} s to import (${fmt(count / importSeconds)} residents/s); listed in the read model after ${fmt(listedSeconds, 1)} s`,
      target: '≤ 300 s for 500 000',
      verdict: listedSeconds * (500_000 / count) <= 300 ? 'met' : 'NOT met',
    });

    // Each switch request is a different resident (one pending switch per person).
    const people = (await db.query<{ person_ref: string }>('SELECT person_ref FROM pc_residents ORDER BY person_ref LIMIT $1', [Math.round(20_000 * scale) + 6_000])).rows.map((r) => r.person_ref);
    let next = 0;
    const switchOnce = async () => {
      const personRef = people[next++]!;
      const res = await send(`${base}/residents/${personRef}/switches`, 'POST', JSON.stringify({ stationId: 'mehilainen-hervanta', channel: 'portal', reason: 'good-location' }), { 'x-luotsi-actor': `resident:${personRef}` });
      if (res.status !== 201) throw new Error(`switch: ${res.status} ${res.body}`);
    };
    await measure(200, 8, switchOnce); // warm-up
    const full = await measure(Math.round(15_000 * scale), 32, switchOnce);
    rows.push({ name: 'switch requests over HTTP, 32 concurrent clients', value: `${fmt(full.perSecond)} requests/s, p50 ${fmt(full.p50ms, 1)} ms, p99 ${fmt(full.p99ms, 1)} ms`, target: '≥ 1 000 requests/s', verdict: full.perSecond >= 1000 ? 'met' : 'NOT met' });
    // The full-speed phase leaves the read model behind: the steady phase starts once it caught up.
    await waitUntil(async () => (await db.query('SELECT count(*)::int AS n FROM pc_switch_requests')).rows[0].n >= next, { timeoutMs: 120_000, intervalMs: 200, what: 'switches in the read model' });
    const steady = await atRate(500, 10 * Math.max(scale, 0.5), switchOnce);
    rows.push({ name: 'switch requests over HTTP offered at 500/s for 10 s', value: `${fmt(steady.perSecond)} requests/s, p50 ${fmt(steady.p50ms, 1)} ms, p99 ${fmt(steady.p99ms, 1)} ms`, target: 'p99 ≤ 50 ms', verdict: steady.p99ms <= 50 ? 'met' : 'NOT met' });

    const baseline = await measure(Math.round(15_000 * scale), 32, () => send(`${base}/health`, 'GET', undefined));
    rows[rows.length - 2]!.baseline = `GET /health (same process, one SELECT 1): ${fmt(baseline.perSecond)}/s, p99 ${fmt(baseline.p99ms, 1)} ms`;
  } finally {
    await app.kill();
    await db.end().catch(() => undefined);
    await dropSchema(url, schema);
  }
  return rows;
}
