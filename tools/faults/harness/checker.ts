import { Kafka, logLevel } from 'kafkajs';
import { topicOf, type ContextContract } from '@luotsi/contracts';
import { BILLING_TABLES } from '@luotsi/billing-service';
import { billingContract } from '@luotsi/billing-contracts';
import { providerChoiceContract } from '@luotsi/provider-choice-contracts';
import { waitUntil } from '@luotsi/testing';
import type { Command, LoadDriver } from './load';
import type { Topology } from './topology';

/** One row of the tier's table: what was offered, what became of it, and what the checker found. */
export interface FaultSummary {
  fault: string;
  offered: number;
  accepted: number;
  /** Commands refused at least once with a retryable code (503 + Retry-After), and retried. */
  refusedRetryable: number;
  /** Commands that got no answer at least once (the process or its link was down), and were retried. */
  unanswered: number;
  /** Commands refused for good (a 4xx): none is expected from this load. */
  refused: number;
  /** Commands still without an outcome when the load gave up retrying. */
  gaveUp: number;
  /** 5xx answers that were not a retryable 503 with Retry-After (each a defect). */
  badFailures: string[];
  eventsChecked: number;
  lost: number;
  appliedTwice: number;
  /** Messages seen twice on a topic (allowed: the consumers de-duplicate). */
  duplicatesOnWire: number;
  /** Read-model rows that differ from a rebuild from the log. */
  readModelDiff: number;
  /**
   * From the fault's healing until the system does everything again: a command accepted after it,
   * and every listing event logged before it heard by billing over the broker; ms.
   */
  recoverMs: number | null;
  problems: string[];
  /** What the fault's test saw happen (how the system reacted), for the table. */
  notes: string[];
}

const READ_MODELS: Record<'pc' | 'bl', { tables: readonly string[]; projection: string }> = {
  pc: {
    tables: ['pc_providers', 'pc_stations', 'pc_residents', 'pc_listings', 'pc_switch_requests'],
    projection: 'provider-choice-read-model',
  },
  bl: { tables: BILLING_TABLES, projection: 'billing-read-model' },
};

/**
 * After the fault healed and the load stopped: holds the system to its promises by comparing what
 * the clients were told with what the log, the topics and the read models hold.
 */
export class Checker {
  private readonly problems: string[] = [];
  private eventsChecked = 0;
  private lost = 0;
  private appliedTwice = 0;
  private duplicatesOnWire = 0;
  private readModelDiff = 0;

  constructor(
    private readonly topology: Topology,
    private readonly load: LoadDriver,
  ) {}

  /**
   * Called as the fault heals, while the load still runs: resolves with the moment billing has
   * heard every listing event provider choice had logged by then (null: not within 5 minutes).
   */
  async caughtUpAfterHealing(): Promise<number | null> {
    const { pc, bl } = this.topology.schemas;
    const pg = this.topology.options.pg;
    const db = this.topology.database;
    for (const until = Date.now() + 300_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
      try {
        const [head] = await pg.query<{ at: string | null }>(`SELECT max(global_position) AS at FROM ${pc}.es_events`, [], db);
        const [row] = await pg.query<{ missing: string }>(
          `SELECT count(*) AS missing FROM ${pc}.es_events p WHERE p.global_position <= $1 AND p.event_type IN ('ListingStarted', 'ListingEnded')
             AND NOT EXISTS (SELECT 1 FROM ${bl}.es_events b WHERE b.data->>'sourceEventId' = p.event_id::text)`,
          [head!.at ?? 0],
          db,
        );
        if (Number(row!.missing) === 0) return Date.now();
      } catch {
        // the database may be the fault
      }
    }
    return null;
  }

  async check(fault: string, healedAt: number | null, caughtUpAt: number | null = healedAt): Promise<FaultSummary> {
    await this.settle();
    await this.billingCaughtUp().catch(() => undefined);
    await this.commandsExactlyOnce();
    await this.topicsHoldTheLog(providerChoiceContract, this.topology.schemas.pc);
    await this.topicsHoldTheLog(billingContract, this.topology.schemas.bl);
    await this.billingHeardEachListingOnce();
    await this.readModelsEqualRebuild('pc');
    await this.readModelsEqualRebuild('bl');
    const commands = this.load.commands;
    const badFailures = commands.flatMap((c) =>
      c.attempts
        .filter((a) => typeof a.status === 'number' && a.status >= 500 && !(a.status === 503 && a.retryAfter))
        .map((a) => `${c.kind}: ${a.status} ${a.code ?? ''}`.trim()),
    );
    const first = healedAt === null ? null : this.load.firstAcceptedAfter(healedAt);
    return {
      fault,
      offered: commands.length,
      accepted: commands.filter((c) => c.outcome === 'accepted').length,
      refusedRetryable: commands.filter((c) => c.attempts.some((a) => a.status === 503 && a.retryAfter)).length,
      unanswered: commands.filter((c) => c.attempts.some((a) => a.status === 'no-answer')).length,
      refused: commands.filter((c) => c.outcome === 'refused').length,
      gaveUp: commands.filter((c) => c.outcome === 'gave-up').length,
      badFailures: [...new Set(badFailures)],
      eventsChecked: this.eventsChecked,
      lost: this.lost,
      appliedTwice: this.appliedTwice,
      duplicatesOnWire: this.duplicatesOnWire,
      readModelDiff: this.readModelDiff,
      recoverMs:
        healedAt === null || first === undefined || first === null || caughtUpAt === null
          ? null
          : Math.max(0, first - healedAt, caughtUpAt - healedAt),
      notes: [],
      problems: [...this.problems, ...commands.filter((c) => c.outcome === 'refused').map((c) => refusalOf(c))].slice(0, 50),
    };
  }

  /** Every subscription of every running service has caught up (no lag in its metrics). */
  async settle(timeoutMs = 180_000): Promise<void> {
    for (const s of this.topology.services.values()) {
      if (!s.running) continue;
      await waitUntil(
        async () => {
          const res = await fetch(`${s.url}/metrics`);
          const metrics = await res.text();
          const lags = [...metrics.matchAll(/^luotsi_subscription_lag\{[^}]*\} (\d+(?:\.\d+)?)$/gm)].map((m) => Number(m[1]));
          return lags.length > 0 && lags.every((lag) => lag === 0);
        },
        { timeoutMs, intervalMs: 500, what: `${s.name} to catch up` },
      );
    }
  }

  /** Billing's consumer has recorded every listing event of provider choice (or 180 s went by). */
  private async billingCaughtUp(): Promise<void> {
    const { pc, bl } = this.topology.schemas;
    await waitUntil(
      async () => {
        const [row] = await this.topology.options.pg.query<{ missing: string }>(
          `SELECT count(*) AS missing FROM ${pc}.es_events p WHERE p.event_type IN ('ListingStarted', 'ListingEnded')
             AND NOT EXISTS (SELECT 1 FROM ${bl}.es_events b WHERE b.data->>'sourceEventId' = p.event_id::text)`,
          [],
          this.topology.database,
        );
        return Number(row!.missing) === 0;
      },
      { timeoutMs: 180_000, intervalMs: 1000, what: 'billing to hear every listing event of provider choice' },
    );
    await this.settle();
  }

  /** Each accepted command's events are in the log exactly once; nothing in the log was decided twice. */
  private async commandsExactlyOnce(): Promise<void> {
    const { pc, bl } = this.topology.schemas;
    const db = this.topology.database;
    const pg = this.topology.options.pg;
    const count = async (schema: string, type: string, field: string) => {
      const rows = await pg.query<{ key: string; n: string }>(
        `SELECT data->>'${field}' AS key, count(*) AS n FROM ${schema}.es_events WHERE event_type = $1 GROUP BY 1`,
        [type],
        db,
      );
      return new Map(rows.map((r) => [r.key, Number(r.n)]));
    };
    const registered = await count(pc, 'ResidentRegistered', 'personRef');
    const requested = await count(pc, 'SwitchRequested', 'requestId');
    const recorded = await count(bl, 'ServiceRecorded', 'providerSideId');
    const accepted = (kind: Command['kind']) =>
      this.load.commands.filter((c) => c.kind === kind && c.outcome === 'accepted').flatMap((c) => c.ids);
    const residents = new Map(this.load.residents.map((r) => [String(r.n), r]));
    const expect = (what: string, ids: string[], found: Map<string, number>) => {
      for (const id of ids) {
        const n = found.get(id) ?? 0;
        this.eventsChecked += 1;
        if (n === 0) this.problem(`lost: ${what} ${id} was accepted but is not in the log`, 'lost');
        if (n > 1) this.problem(`applied twice: ${what} ${id} is in the log ${n} times`, 'twice');
      }
      for (const [id, n] of found)
        if (n > 1 && !ids.includes(id)) this.problem(`applied twice: ${what} ${id} (not acknowledged) is in the log ${n} times`, 'twice');
    };
    expect(
      'a registered resident',
      accepted('import').map((n) => residents.get(n)?.personRef ?? `unknown resident #${n}`),
      registered,
    );
    expect('a switch request', accepted('switch'), requested);
    expect('a service row', accepted('report'), recorded);
  }

  /** Every published event of the context's log is on its topic (a repeat on the wire is counted, not a failure). */
  private async topicsHoldTheLog(contract: ContextContract, schema: string): Promise<void> {
    const published = new Set(contract.events.map((e) => e.domainType));
    const rows = await this.topology.options.pg.query<{ id: string; type: string }>(
      `SELECT event_id::text AS id, event_type AS type FROM ${schema}.es_events WHERE category = ANY($1)`,
      [contract.categories],
      this.topology.database,
    );
    const expected = rows.filter((r) => published.has(r.type)).map((r) => r.id);
    const seen = await this.readTopic(`${this.topology.topicPrefix}.${topicOf(contract.context)}`);
    for (const id of expected) {
      this.eventsChecked += 1;
      const n = seen.get(id) ?? 0;
      if (n === 0) this.problem(`lost: ${contract.context} event ${id} is in the log but not on the topic`, 'lost');
      if (n > 1) this.duplicatesOnWire += n - 1;
    }
  }

  /** Billing recorded each of provider choice's listing events once (its consumer de-duplicates what the wire repeats). */
  private async billingHeardEachListingOnce(): Promise<void> {
    const pg = this.topology.options.pg;
    const db = this.topology.database;
    const listings = await pg.query<{ id: string }>(
      `SELECT event_id::text AS id FROM ${this.topology.schemas.pc}.es_events WHERE event_type IN ('ListingStarted', 'ListingEnded')`,
      [],
      db,
    );
    const heard = await pg.query<{ key: string; n: string }>(
      `SELECT data->>'sourceEventId' AS key, count(*) AS n FROM ${this.topology.schemas.bl}.es_events WHERE data ? 'sourceEventId' GROUP BY 1`,
      [],
      db,
    );
    const counts = new Map(heard.map((h) => [h.key, Number(h.n)]));
    for (const { id } of listings) {
      this.eventsChecked += 1;
      const n = counts.get(id) ?? 0;
      if (n === 0) this.problem(`lost: billing never recorded provider choice's listing event ${id}`, 'lost');
      if (n > 1) this.problem(`applied twice: billing recorded listing event ${id} ${n} times`, 'twice');
    }
  }

  /**
   * The read models equal a rebuild from the log: the rows now, then the service stopped, its read
   * models and projection checkpoint emptied, the service started again and caught up, the rows again.
   */
  private async readModelsEqualRebuild(which: 'pc' | 'bl'): Promise<void> {
    const { tables, projection } = READ_MODELS[which];
    const schema = this.topology.schemas[which];
    const before = await this.snapshot(schema, tables);
    const replicas = [...this.topology.services.values()].filter((s) => (which === 'pc' ? s.name !== 'bl' : s.name === 'bl') && s.running);
    for (const s of replicas) await s.kill('SIGTERM');
    const pg = this.topology.options.pg;
    for (const table of tables) await pg.query(`DELETE FROM ${schema}.${table}`, [], this.topology.database);
    await pg.query(`DELETE FROM ${schema}.subscription_checkpoints WHERE name = $1`, [projection], this.topology.database);
    for (const s of replicas) await s.start();
    await waitUntil(
      async () =>
        (await pg.query(`SELECT 1 FROM ${schema}.subscription_checkpoints WHERE name = $1`, [projection], this.topology.database)).length >
        0,
      { timeoutMs: 120_000, intervalMs: 250, what: `${projection} to start over` },
    );
    await this.settle();
    const after = await this.snapshot(schema, tables);
    for (const table of tables) {
      const a = before.get(table)!;
      const b = after.get(table)!;
      const missing = [...b].filter((row) => !a.has(row));
      const extra = [...a].filter((row) => !b.has(row));
      if (missing.length + extra.length > 0) {
        this.readModelDiff += missing.length + extra.length;
        this.problems.push(`${schema}.${table} differs from its rebuild: ${extra.length} rows only before, ${missing.length} only after`);
      }
    }
  }

  private async snapshot(schema: string, tables: readonly string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    for (const table of tables) {
      const rows = await this.topology.options.pg.query<{ r: string }>(
        `SELECT to_jsonb(t)::text AS r FROM ${schema}.${table} t`,
        [],
        this.topology.database,
      );
      out.set(table, new Set(rows.map((row) => row.r)));
    }
    return out;
  }

  /** How many times each CloudEvent id is on the topic, read from its start to its end now. */
  private async readTopic(topic: string): Promise<Map<string, number>> {
    const kafka = new Kafka({ brokers: [this.topology.options.brokers()], logLevel: logLevel.NOTHING, clientId: 'faults-checker' });
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic).catch(() => []);
    await admin.disconnect();
    const remaining = new Map(ends.filter((e) => Number(e.high) > Number(e.low)).map((e) => [e.partition, Number(e.high)]));
    const seen = new Map<string, number>();
    if (remaining.size === 0) return seen;
    const consumer = kafka.consumer({ groupId: `faults-checker-${this.topology.run}-${Date.now()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${topic} not read to its end in 120 s`)), 120_000);
        void consumer.run({
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) {
              const id = m.value ? (JSON.parse(m.value.toString()) as { id?: string }).id : undefined;
              if (id) seen.set(id, (seen.get(id) ?? 0) + 1);
            }
            const end = remaining.get(batch.partition);
            if (end !== undefined && Number(batch.lastOffset()) + 1 >= end) remaining.delete(batch.partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      // Also when the topic was not read in time: an open consumer would keep the test process alive.
      await consumer.disconnect();
    }
    return seen;
  }

  private problem(text: string, kind: 'lost' | 'twice'): void {
    if (kind === 'lost') this.lost += 1;
    else this.appliedTwice += 1;
    if (this.problems.length < 50) this.problems.push(text);
  }
}

function refusalOf(c: Command): string {
  const last = c.attempts[c.attempts.length - 1];
  return `refused: ${c.kind} ${last?.status} ${last?.code ?? ''}`.trim();
}
