import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { demoSubject } from '@luotsi/auth';
import { LocalDate, PersonRef } from '@luotsi/kernel';
import { dropSchema, ensureSchema, PostgresPool } from '@luotsi/database';
import { PostgresEventStore, type NewEvent } from '@luotsi/eventstore';
import { planDecider, planStream, type PlanCommand, type PlanEvent, type PlanState } from '@luotsi/client-plans-domain';
import { startTsProcess, waitUntil } from '@luotsi/testing';
import { benchToken } from './bench-tokens';
import { fixtureServiceEnv } from './fixture-env';
import { freshConnections, send } from './http-client';
import { settle } from './settle';
import { atRate, fmt, liveRows, measure, pooled, type Measured, type Row } from './measure';

// In the past of any run: the memberships must hold on the service's real today.
const TODAY = '2026-06-01' as LocalDate;
const WORKER = { subject: demoSubject('bench.planworker'), role: 'plan-worker', label: `plan-worker:${demoSubject('bench.planworker')}` };
const NURSE = demoSubject('bench.nurse');
const refOf = (i: number) => PersonRef.fromUuid(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const figures = (m: Measured) => `${fmt(m.perSecond)} reads/s, p50 ${fmt(m.p50ms, 1)} ms, p99 ${fmt(m.p99ms, 1)} ms`;

/** One plan's events as the decider makes them: created, a nurse in the team, the situation, a goal. */
function planEvents(i: number): NewEvent[] {
  const personRef = refOf(i);
  const edit = { personRef, by: WORKER, today: TODAY };
  const commands: PlanCommand[] = [
    {
      type: 'CreatePlan',
      personRef,
      planId: randomUUID(),
      municipality: i % 3 === 0 ? '091' : '837',
      segment: 'supported',
      responsibleOrganisation: 'pirkanmaa',
      responsibleWorker: { subject: WORKER.subject, name: 'Bench Worker', organisation: 'pirkanmaa' },
      creatorPurpose: 'social-work',
      by: WORKER,
      today: TODAY,
    },
    {
      ...edit,
      type: 'AddCareTeamMember',
      member: {
        subject: NURSE,
        name: 'Bench Nurse',
        role: 'nurse',
        organisation: 'pirkanmaa',
        purpose: 'health-care',
        validFrom: TODAY,
        validTo: null,
      },
    },
    {
      ...edit,
      type: 'RecordSituation',
      situation: [
        { domain: 'housing', description: 'Lives alone, rent arrears' },
        { domain: 'health', description: 'Back pain limits work' },
      ],
    },
    {
      ...edit,
      type: 'AddGoal',
      goalId: 'work',
      domain: 'work-and-education',
      clientWords: 'I want a job',
      workerWords: 'Job search with a coach',
      weight: 1,
      levels: { '-2': 'none', '-1': 'one application', '0': 'two a month', '1': 'an interview', '2': 'a job' },
      baselineLevel: -1,
    },
  ];
  let state: PlanState = planDecider.initialState();
  const out: NewEvent[] = [];
  for (const c of commands) {
    const events: PlanEvent[] = planDecider.decide(c, state);
    state = events.reduce(planDecider.evolve, state);
    for (const e of events)
      out.push({
        eventId: randomUUID(),
        type: e.type,
        data: e.data,
        metadata: { actor: WORKER.label, correlationId: randomUUID(), schemaVersion: 1 },
      });
  }
  return out;
}

/**
 * Client plans as a separate process on PostgreSQL: 100 000 plans (× scale) written straight into
 * its event store (each plan's events made by the decider), then one plan read over HTTP at a time
 * — token, the plan's stream folded, the county's rules, the section decision, the access-log
 * entry — offered at 200 reads/s. The same reads with the access-log append switched off in the
 * same process (rounds alternated, pooled) are the baseline: their difference is the log's cost.
 */
export async function clientPlansBench(url: string, scale: number): Promise<Row[]> {
  const rows = liveRows('client-plans');
  const schema = `bench_cp_${randomUUID().slice(0, 8)}`;
  const accessSchema = `${schema}_access`;
  await ensureSchema(url, schema);
  const count = Math.max(1000, Math.round(100_000 * scale));
  const pool = new PostgresPool({ url, schema, max: 8 });
  const store = await PostgresEventStore.open(pool, { listen: false });
  const t0 = Date.now();
  for (let from = 0; from < count; from += 250) {
    const appends = [];
    for (let i = from; i < Math.min(count, from + 250); i++)
      appends.push({ streamId: planStream(refOf(i)), events: planEvents(i), expectedRevision: 'no_stream' as const });
    const outcomes = await store.appendMany(appends);
    const failed = outcomes.find((o) => !o.ok);
    if (failed && !failed.ok) throw failed.error;
  }
  const seeded = (Date.now() - t0) / 1000;
  await pool.end();
  rows.push({ name: `${fmt(count)} plans written to the event store (4 events each, appendMany)`, value: `${fmt(seeded, 1)} s` });

  const port = 46000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  const control = `http://127.0.0.1:${port + 1000}`;
  const app = startTsProcess(
    'tools/bench/fixtures/client-plans-service.ts',
    fixtureServiceEnv(url, schema, port, { LUOTSI_ACCESS_SCHEMA: accessSchema, BENCH_CONTROL_PORT: String(port + 1000) }),
  );
  const db = new Client({ connectionString: url, options: `-c search_path=${schema}` });
  try {
    await app.waitFor(/listening on http/, 90_000);
    await db.connect();
    // The read model catches up on the seeded log before anything is measured (it shares the CPU).
    const t1 = Date.now();
    await waitUntil(async () => (await db.query('SELECT count(*)::int AS n FROM cp_plans')).rows[0].n >= count, {
      timeoutMs: 3_600_000,
      intervalMs: 1000,
      what: 'plans in the read model',
    });
    rows.push({ name: 'the read model caught up on them (projection at start)', value: `${fmt((Date.now() - t1) / 1000, 1)} s` });
    await settle(base, db);

    // The nurse (health-care purpose) reads a different plan each time: plan, health and substance-use sections.
    const nurse = {
      authorization: `Bearer ${benchToken({ sub: NURSE, roles: ['plan-worker'], organisation: 'pirkanmaa', preferred_username: 'bench.nurse' })}`,
    };
    let n = 0;
    const readOnce = async () => {
      const i = (n++ * 7919) % count;
      const res = await send(`${base}/persons/${refOf(i)}/plan`, 'GET', undefined, nurse);
      if (res.status !== 200) throw new Error(`read: ${res.status} ${res.body.slice(0, 300)}`);
    };
    const setLog = async (on: boolean) => {
      const res = await send(`${control}/access-log/${on ? 'on' : 'off'}`, 'POST', '');
      if (res.status !== 200) throw new Error(`access log ${on ? 'on' : 'off'}: ${res.status}`);
      freshConnections();
    };
    const seconds = 10 * Math.max(scale, 0.5);
    for (let i = 0; i < 300; i++) await readOnce(); // warm-up
    const logged: Measured[] = [];
    const bare: Measured[] = [];
    // Alternated rounds (logged / bare / bare / logged), pooled per mode: drift on a shared machine
    // falls on both modes alike.
    for (const on of [true, false, false, true]) {
      await setLog(on);
      (on ? logged : bare).push(await atRate(200, seconds, readOnce));
    }
    await setLog(true);
    // One client at a time: the service time of a read, without queueing (the same two modes).
    const one: Record<'on' | 'off', Measured[]> = { on: [], off: [] };
    for (const on of [true, false, false, true]) {
      await setLog(on);
      one[on ? 'on' : 'off'].push(await measure(Math.max(200, Math.round(2000 * scale)), 1, readOnce));
    }
    await setLog(true);
    const oneOn = pooled(...one.on);
    const oneOff = pooled(...one.off);
    const withLog = pooled(...logged);
    const withoutLog = pooled(...bare);
    const entries = (await db.query(`SELECT count(*)::int AS n FROM ${accessSchema}.entries`)).rows[0].n as number;
    rows.push({
      name: `one plan read over HTTP with its access check and access-log append, offered at 200/s for ${fmt(seconds)} s (two rounds), ${fmt(count)} plans`,
      value: figures(withLog),
      target: 'p99 ≤ 20 ms',
      verdict: withLog.p99ms <= 20 ? 'met' : 'NOT met',
    });
    rows.push({
      name: 'the same reads with the access-log append switched off (same process, rounds alternated with the row above)',
      value: figures(withoutLog),
      baseline: 'the row above is measured against this',
      ratio: `access log p50 +${fmt(withLog.p50ms - withoutLog.p50ms, 1)} ms, p99 +${fmt(withLog.p99ms - withoutLog.p99ms, 1)} ms`,
    });
    rows.push({
      name: 'one plan read at a time (one client, closed loop), with the access-log append',
      value: figures(oneOn),
      baseline: `without the append: ${figures(oneOff)}`,
      ratio: `access log p50 +${fmt(oneOn.p50ms - oneOff.p50ms, 1)} ms, p99 +${fmt(oneOn.p99ms - oneOff.p99ms, 1)} ms`,
    });
    rows.push({ name: 'access-log entries written by the logged reads (warm-up, rounds, one-client rounds)', value: fmt(entries) });
    // The floor of a logged read's tail: a bare INSERT of one row and its commit (one WAL flush)
    // at the same rate, from this process, on the same server — what the access log's append
    // cannot be faster than while each read waits for its entry to be durable.
    await db.query('CREATE TABLE bench_commit_probe (id bigserial PRIMARY KEY, entry text NOT NULL)');
    const commits = await atRate(200, seconds, () => db.query('INSERT INTO bench_commit_probe (entry) VALUES ($1)', ['x'.repeat(300)]));
    rows.push({
      name: `a plain one-row INSERT and its commit, offered at 200/s for ${fmt(seconds)} s (one connection)`,
      value: `p50 ${fmt(commits.p50ms, 1)} ms, p99 ${fmt(commits.p99ms, 1)} ms`,
      baseline: 'the floor under the access-log append of each read',
      target: 'reported',
    });
  } catch (error) {
    process.stderr.write(`client plans service, last output:\n${app.output().slice(-3000)}\n`);
    throw error;
  } finally {
    await app.kill();
    await db.end().catch(() => undefined);
    await dropSchema(url, schema);
    await dropSchema(url, accessSchema);
  }
  return rows;
}
