import { randomUUID } from 'node:crypto';
import { dropSchema, ensureSchema, migrate, openDataSource, PostgresPool } from '@luotsi/database';
import { PostgresEventStore } from '@luotsi/eventstore';
import { ProjectionHandler, SubscriptionCheckpoints, SubscriptionEngine } from '@luotsi/messaging';
import { YearMonth } from '@luotsi/kernel';
import { calculateSettlement, type CapitationRates, type ServiceFees } from '@luotsi/billing-domain';
import { BILLING_MIGRATIONS, billingProjection, settlementInputs } from '@luotsi/billing-service';
import { fmt, liveRows, type Row } from './measure';

const PROVIDERS = ['tampere', 'mehilainen', 'pihlajalinna'];
const TYPES = ['doctor-visit', 'nurse-visit', 'physiotherapy-session', 'mental-health-substance-visit', 'social-guidance-meeting'];

/**
 * A month with 500 000 listed clients and 1 000 000 reported services, written as billing's own
 * events; then billing's read models are rebuilt from that log and the month is settled, beside
 * the floor: plain count(*) … group by over the same rows on the same server.
 */
export async function billingBench(url: string, scale: number): Promise<Row[]> {
  const rows = liveRows('billing');
  const clients = Math.round(500_000 * scale);
  const services = Math.round(1_000_000 * scale);
  const schema = `bench_bl_${randomUUID().slice(0, 8)}`;
  await ensureSchema(url, schema);
  const pool = new PostgresPool({ url, schema, max: 8 });
  const store = await PostgresEventStore.open(pool, { listen: false });
  await migrate(pool, 'billing', BILLING_MIGRATIONS);
  const checkpoints = await SubscriptionCheckpoints.open(pool);
  try {
    // The log, written in bulk (the same event shapes the consumer and the report handler append).
    const t0 = Date.now();
    await pool.query(
      `INSERT INTO es_events (global_position, stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at)
      SELECT p * 1024, 'blprovider-' || name, 'blprovider', 0, gen_random_uuid(), 'ProviderObserved', 1,
             jsonb_build_object('providerId', name, 'stationIds', jsonb_build_array(name || '-1'), 'sourceEventId', gen_random_uuid()::text), '{}'::jsonb, now()
        FROM unnest($1::text[]) WITH ORDINALITY AS t(name, p)`,
      [PROVIDERS],
    );
    await pool.query(
      `INSERT INTO es_events (global_position, stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at)
      SELECT (10 + i::bigint) * 1024, 'blisting-per_' || lpad(i::text, 32, '0'), 'blisting', 0, gen_random_uuid(), 'ListingObserved', 1,
             jsonb_build_object('kind', 'started', 'personRef', 'per_' || lpad(i::text, 32, '0'), 'providerId', ($1::text[])[1 + i % 3], 'stationId', ($1::text[])[1 + i % 3] || '-1',
               'effectiveFrom', '2019-01-01', 'birthDate', (date '1930-01-01' + (i % 32000))::text, 'sex', CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END, 'sourceEventId', gen_random_uuid()::text),
             '{}'::jsonb, now()
        FROM generate_series(1, $2::int) AS i`,
      [PROVIDERS, clients],
    );
    await pool.query(
      `INSERT INTO es_events (global_position, stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at)
      SELECT (10 + $2::bigint + i) * 1024, 'service-' || ($1::text[])[1 + p % 3] || ':S' || i, 'service', 0, gen_random_uuid(), 'ServiceRecorded', 1,
             jsonb_build_object('providerId', ($1::text[])[1 + p % 3], 'providerSideId', 'S' || i, 'personRef', 'per_' || lpad(p::text, 32, '0'),
               'serviceType', ($3::text[])[1 + i % 5], 'date', (date '2027-02-01' + (i % 28))::text, 'stationId', ($1::text[])[1 + p % 3] || '-1',
               'noShow', i % 50 = 0, 'listedAtReport', true),
             '{}'::jsonb, now()
        FROM (SELECT i, 1 + (i::bigint * 7919) % $4::int AS p0 FROM generate_series(1, $5::int) AS i) s, LATERAL (SELECT CASE WHEN i % 5 = 0 THEN p0 + 1 ELSE p0 END AS p) q`,
      [PROVIDERS, clients, TYPES, clients, services],
    );
    const logSeconds = (Date.now() - t0) / 1000;
    const total = 3 + clients + services;

    // Rebuild: billing's projection from position 0 over the whole log, on the subscription engine.
    const dataSource = await openDataSource(pool, []);
    const engine = new SubscriptionEngine({ store, checkpoints });
    const projection = engine.add(new ProjectionHandler(billingProjection, dataSource));
    const r0 = Date.now();
    await engine.startAll();
    const last = (10 + clients + services) * 1024;
    await projection.waitFor(last, 3_600_000);
    const rebuildSeconds = (Date.now() - r0) / 1000;
    await engine.stopAll();
    rows.push({
      name: `rebuild of billing's read models from the log (${fmt(total)} events)`,
      value: `${fmt(total / rebuildSeconds)} events/s (${fmt(rebuildSeconds, 1)} s)`,
      baseline: `writing the same log in bulk SQL: ${fmt(logSeconds, 1)} s`,
      target: 'reported',
    });
    await pool.query('ANALYZE');

    const month = YearMonth.parse('2027-02');
    const capitation: CapitationRates = {
      validFrom: '2026-01-01' as never,
      annualCentsByAgeBand: { '0-6': 60_000, '7-17': 36_000, '18-64': 30_000, '65-74': 48_000, '75-84': 72_000, '85+': 96_000 },
      sexFactors: null,
      needCoefficients: {},
    };
    const fees: ServiceFees = {
      validFrom: '2026-01-01' as never,
      centsByServiceType: {
        'doctor-visit': 4_500,
        'nurse-visit': 2_500,
        'physiotherapy-session': 3_500,
        'mental-health-substance-visit': 4_000,
        'social-guidance-meeting': 3_000,
      },
    };
    // Three rounds, the settlement and its floor in turn, medians reported: neither runs on a cache
    // the other warmed alone.
    const settleRuns: number[] = [];
    const floorRuns: number[] = [];
    let grand = 0;
    for (let round = 0; round < 3; round++) {
      const f0 = Date.now();
      await pool.query(
        `SELECT provider_id, count(*) FROM bl_listings WHERE effective_from <= '2027-02-01' AND (effective_to IS NULL OR effective_to >= '2027-02-01') GROUP BY 1`,
      );
      await pool.query(
        `SELECT provider_id, service_type, count(*) FROM bl_services WHERE service_date BETWEEN '2027-02-01' AND '2027-02-28' GROUP BY 1, 2`,
      );
      floorRuns.push((Date.now() - f0) / 1000);
      const s0 = Date.now();
      grand = 0;
      const all = await dataSource.transaction('REPEATABLE READ', (em) => settlementInputs(em, PROVIDERS, month, capitation));
      for (const providerId of PROVIDERS)
        grand += calculateSettlement({ month, capitation, fees, feesForMonth: () => fees, ...all.get(providerId)! }).totalCents;
      settleRuns.push((Date.now() - s0) / 1000);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const settleSeconds = median(settleRuns);
    const floorSeconds = median(floorRuns);
    rows.push({
      name: `settlement of a month: ${fmt(clients)} listed clients, ${fmt(services)} services, ${PROVIDERS.length} providers`,
      value: `${fmt(settleSeconds, 2)} s, median of 3 (grand total ${fmt(grand / 100, 2)} €)`,
      baseline: `floor, plain count(*) … group by over the same rows: ${fmt(floorSeconds, 2)} s, median of 3`,
      ratio: `${fmt(settleSeconds / floorSeconds, 1)} × the floor`,
      target: '≤ 30 s and ≤ 5 × the floor',
      verdict: settleSeconds <= 30 && settleSeconds <= 5 * floorSeconds ? 'met' : 'NOT met',
    });
    await dataSource.destroy();
  } finally {
    await store.close();
    await pool.end();
    await dropSchema(url, schema);
  }
  return rows;
}
