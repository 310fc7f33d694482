import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Client } from 'pg';
import { demoSubject } from '@luotsi/auth';
import { KPI_COUNTERS } from '@luotsi/contact-intake-domain';
import { counterColumn } from '@luotsi/contact-intake-service';
import { INTAKE_POLICY, INTAKE_QUEUE } from '@luotsi/contact-intake-service/testing';
import { dropSchema, ensureSchema } from '@luotsi/database';
import { startTsProcess, waitUntil } from '@luotsi/testing';
import { BENCH_ISSUER, benchJwks, benchToken } from './bench-tokens';
import { send } from './http-client';
import { atRate, fmt, liveRows, measure, type Measured, type Row } from './measure';

const figures = (m: Measured) => `${fmt(m.perSecond)}/s, p50 ${fmt(m.p50ms, 1)} ms, p99 ${fmt(m.p99ms, 1)} ms`;
const CHANNELS = ['phone', 'chat', 'email', 'web-form', 'walk-in', 'referral'];
const LANGUAGES = ['fi', 'sv', 'en'];

/**
 * Contact intake on PostgreSQL over HTTP (apps/contact-intake/src/main.ts as its own process, as
 * deployed, trusting the bench's key from a JWKS the bench serves; a real PostgreSQL store; no
 * broker, so the in-process bus): a contact created, answered and closed (three requests),
 * at full speed and offered at 300 contacts a second, beside GET /health/live at the same rate (the
 * HTTP stack's floor). Then the KPI query of one municipality over a year of 2 000 000 contacts
 * from its read model (pre-aggregated counters per municipality, channel, language and month) over
 * HTTP, beside a plain SQL aggregate over the same contacts' rows (the floor it replaces).
 */
export async function contactIntakeBench(url: string, scale: number): Promise<Row[]> {
  const rows = liveRows('contact-intake');
  const run = randomUUID().slice(0, 8);
  const schema = `bench_ci_${run}`;
  const accessSchema = `bench_ci_access_${run}`;
  await ensureSchema(url, schema);
  // The bench's issuer keys, served as a JWKS endpoint: the service fetches them as from Keycloak.
  const jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(benchJwks)));
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const port = 43000 + Math.floor(Math.random() * 1000);
  const app = startTsProcess('apps/contact-intake/src/main.ts', {
    DATABASE_URL: url,
    DATABASE_SCHEMA: schema,
    LUOTSI_ACCESS_SCHEMA: accessSchema,
    PORT: String(port),
    LOG_LEVEL: 'error',
    KAFKA_BROKERS: '',
    EVENTSTORE_URL: '',
    OIDC_ISSUER: BENCH_ISSUER,
    OIDC_JWKS_URI: `http://127.0.0.1:${(jwks.address() as { port: number }).port}/jwks`,
    // A Wednesday 09:00 in Helsinki: the queue is open for every contact of the run.
    LUOTSI_FIXED_NOW: '2027-03-10T07:00:00Z',
    NODE_ENV: 'development',
    // BENCH_CPU_PROF_DIR=<dir>: the service writes a V8 CPU profile there when it stops (where a request's time goes).
    ...(process.env['BENCH_CPU_PROF_DIR']
      ? { NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --require ${join(__dirname, 'cpu-profile.cjs')}`.trim() }
      : {}),
  });
  const base = `http://127.0.0.1:${port}`;
  const staff = (role: string) => ({
    authorization: `Bearer ${benchToken({ sub: demoSubject(`bench.${role}`), roles: [role], organisation: 'pirkanmaa', preferred_username: `bench.${role}` })}`,
  });
  const county = staff('county');
  const guidance = staff('guidance');
  const db = new Client({ connectionString: url, options: `-c search_path=${schema}` });
  try {
    // Its log is quiet (errors only, as a loaded service would run), so readiness is asked over HTTP.
    await waitUntil(
      async () => {
        if (app.child.exitCode !== null) throw new Error(`contact intake exited:\n${app.output().slice(-4000)}`);
        return (await send(`${base}/health/ready`, 'GET', undefined)).status === 200;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'contact intake ready' },
    );
    await db.connect();
    const ok = async (res: Promise<{ status: number; body: string }>, what: string) => {
      const r = await res;
      if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.body.slice(0, 300)}`);
      return r;
    };
    await ok(send(`${base}/contact-intake/policy`, 'PUT', JSON.stringify(INTAKE_POLICY), county), 'policy');
    await ok(send(`${base}/contact-intake/queues/tampere-fi`, 'PUT', JSON.stringify(INTAKE_QUEUE), county), 'queue');
    const body = JSON.stringify({ channel: 'phone', contactedBy: 'person', language: 'fi', municipality: '837', reason: 'home-care' });
    const closure = JSON.stringify({ outcome: 'resolved', adviceCategory: 'home-care' });
    const cycle = async () => {
      const created = await ok(send(`${base}/contact-intake/contacts`, 'POST', body, guidance), 'create');
      const id = (JSON.parse(created.body) as { contactId: string }).contactId;
      await ok(send(`${base}/contact-intake/contacts/${id}/answer`, 'POST', undefined, guidance), 'answer');
      await ok(send(`${base}/contact-intake/contacts/${id}/closure`, 'POST', closure, guidance), 'close');
    };
    await measure(200, 8, cycle); // warm-up
    const full = await measure(Math.round(3000 * scale), 16, cycle);
    const fullFloor = await measure(Math.round(9000 * scale), 16, () => ok(send(`${base}/health/live`, 'GET', undefined), 'health'));
    rows.push({
      name: 'create + answer + close over HTTP, full speed (16 in flight)',
      value: `${fmt(full.perSecond)} contacts/s (${fmt(full.perSecond * 3)} requests/s), p99 ${fmt(full.p99ms, 1)} ms per contact`,
      baseline: `GET /health/live, 16 in flight: ${figures(fullFloor)}`,
      ratio: `${fmt((full.perSecond * 3) / fullFloor.perSecond, 2)} × the floor's requests/s`,
      target: '≥ 1 000 contacts/s',
      verdict: full.perSecond >= 1000 ? 'met' : 'NOT met',
    });
    const seconds = Math.max(3, Math.round(20 * scale));
    const at300 = await atRate(300, seconds, cycle);
    const floor = await atRate(300, seconds, () => ok(send(`${base}/health/live`, 'GET', undefined), 'health'));
    rows.push({
      name: 'create + answer + close offered at 300 contacts/s (open loop, three requests in sequence)',
      value: `${figures(at300)} per contact`,
      baseline: `GET /health/live at 300/s: ${figures(floor)}`,
      ratio: `p99 ${fmt(at300.p99ms / Math.max(floor.p99ms, 0.001), 1)} ×`,
      target: 'p99 ≤ 50 ms',
      verdict: at300.p99ms <= 50 ? 'met' : 'NOT met',
    });

    // A year of contacts as rows (the floor reads them), and the read model's counters of the same rows.
    const contacts = Math.round(2_000_000 * scale);
    const t0 = Date.now();
    await db.query(
      `CREATE TABLE bench_contacts AS
      SELECT '853'::text AS municipality, ($1::text[])[1 + (i % 6)] AS channel, ($2::text[])[1 + (i / 6) % 3] AS language,
             '2027-' || lpad((1 + (i / 18) % 12)::text, 2, '0') AS month,
             (i % 10 <> 9) AS answered, (i % 37) AS wait, (i % 10 = 9) AS abandoned, (i % 20 = 9) AS short_abandon,
             (i % 4 <> 0) AS resolved, 120 + i % 600 AS handling
        FROM generate_series(1, $3::int) AS i`,
      [CHANNELS, LANGUAGES, contacts],
    );
    const counters = KPI_COUNTERS.map(counterColumn);
    const sums: Record<string, string> = {
      offered: 'count(*)',
      answered: 'count(*) FILTER (WHERE answered)',
      answered_within: 'count(*) FILTER (WHERE answered AND wait <= 20)',
      counted_wait_sum: 'coalesce(sum(wait) FILTER (WHERE answered), 0)',
      clock_wait_sum: 'coalesce(sum(wait) FILTER (WHERE answered), 0)',
      abandoned: 'count(*) FILTER (WHERE abandoned)',
      abandoned_short: 'count(*) FILTER (WHERE short_abandon)',
      abandoned_within: 'count(*) FILTER (WHERE abandoned AND wait <= 20)',
      abandoned_short_within: 'count(*) FILTER (WHERE short_abandon AND wait <= 20)',
      handled: 'count(*) FILTER (WHERE answered)',
      handle_sum: 'coalesce(sum(handling) FILTER (WHERE answered), 0)',
      closed: 'count(*) FILTER (WHERE answered)',
      resolved: 'count(*) FILTER (WHERE answered AND resolved)',
      routed_assessment: 'count(*) FILTER (WHERE answered AND NOT resolved)',
      first_closed: 'count(*) FILTER (WHERE answered)',
      first_resolved: 'count(*) FILTER (WHERE answered AND resolved)',
    };
    const select = counters.map((c) => `${sums[c] ?? '0'} AS ${c}`).join(', ');
    await db.query(`INSERT INTO ci_kpi (municipality, channel, language, month, ${counters.join(', ')})
      SELECT municipality, channel, language, month, ${select} FROM bench_contacts GROUP BY municipality, channel, language, month`);
    await db.query('ANALYZE bench_contacts; ANALYZE ci_kpi');
    const loadSeconds = (Date.now() - t0) / 1000;
    const cells = (await db.query('SELECT count(*)::int AS n FROM ci_kpi')).rows[0].n as number;

    // Another municipality (Turku) than the HTTP phase's, so its year is these rows alone.
    const kpiUrl = `${base}/contact-intake/municipalities/853/kpis?from=2027-01&to=2027-12`;
    const answer = JSON.parse((await ok(send(kpiUrl, 'GET', undefined, county), 'kpis')).body) as { total: { contacts: number } };
    if (answer.total.contacts < contacts) throw new Error(`the KPI answer counts ${answer.total.contacts} contacts, not ${contacts}`);
    const query = await measure(Math.round(200 * Math.max(scale, 0.25)), 1, () => ok(send(kpiUrl, 'GET', undefined, county), 'kpis'));
    const floorSql = `SELECT channel, language, month, ${select} FROM bench_contacts WHERE municipality = '853' AND month BETWEEN '2027-01' AND '2027-12' GROUP BY channel, language, month`;
    const sqlFloor = await measure(Math.max(5, Math.round(20 * scale)), 1, () => db.query(floorSql));
    rows.push({
      name: `KPI query of a municipality over a year of ${fmt(contacts)} contacts (read model, over HTTP; ${fmt(cells)} counter rows in all, loaded in ${fmt(loadSeconds, 1)} s)`,
      value: `p50 ${fmt(query.p50ms, 1)} ms, p99 ${fmt(query.p99ms, 1)} ms`,
      baseline: `plain SQL aggregate over the ${fmt(contacts)} rows: p50 ${fmt(sqlFloor.p50ms, 1)} ms, p99 ${fmt(sqlFloor.p99ms, 1)} ms`,
      ratio: `${fmt(sqlFloor.p50ms / Math.max(query.p50ms, 0.001), 0)} × faster (p50)`,
      target: '≤ 100 ms',
      verdict: query.p99ms <= 100 ? 'met' : 'NOT met',
    });
    return rows;
  } finally {
    await db.end().catch(() => undefined);
    await app.kill();
    jwks.close();
    await dropSchema(url, schema);
    await dropSchema(url, accessSchema);
  }
}
