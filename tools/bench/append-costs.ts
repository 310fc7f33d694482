/**
 * What an append costs beyond the prepared INSERT floor, stage by stage (docs/adr/0014): each variant
 * adds one thing our append does, all measured in the same interleaved rounds as the bench's append
 * matrix. Not a bench section: `node -r ./tools/register.cjs tools/bench/append-costs.ts`, with
 * BENCH_DATABASE_URL and optionally BENCH_SCALE.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { dropSchema, ensureSchema, PostgresPool, sessionOptions } from '@luotsi/database';
import { APPEND_STATEMENT, APPEND_STATEMENT_NAME, PostgresEventStore } from '@luotsi/eventstore';
import { FloorInsert, OurStore, type BenchEvent, type Contender, type Expected } from './eventstore-contenders';
import { median, runAppendCase, type AppendCase } from './eventstore-appends';
import { fmt } from './measure';

const payloadOf = (events: readonly BenchEvent[]) =>
  JSON.stringify(events.map((e) => ({ eventId: e.eventId, type: 'BenchRecorded', schemaVersion: 1, data: e.data, metadata: {} })));

const COLUMNS =
  'global_position, transaction_id, stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at';
const FROM_JSON = `(pg_current_xact_id()::text::bigint << 10) + e.ordinality - 1, pg_current_xact_id(), $1, 'bench', %REV% + e.ordinality,
  (e.value->>'eventId')::uuid, e.value->>'type', (e.value->>'schemaVersion')::int, e.value->'data', e.value->'metadata', $4::timestamptz
  FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e`;

const nextOf = (expected: Expected, count: number) => (expected === 'new' ? -1 : (expected as number)) + count;

/** The same rows, decoded on the server from one JSON array as es_append does, revision from the client. */
class JsonInsert implements Contender {
  readonly label = '+ events as one JSON array (jsonb_array_elements)';
  constructor(
    private readonly raw: Pool,
    private readonly table: string,
  ) {}
  async append(streamId: string, expected: Expected, events: readonly BenchEvent[]): Promise<number> {
    const text = `INSERT INTO ${this.table} (${COLUMNS}) SELECT ${FROM_JSON.replace('%REV%', '$2::bigint')}`;
    await this.raw.query({
      name: `json-${this.table}`,
      text,
      values: [streamId, nextOf(expected, 0), payloadOf(events), new Date().toISOString()],
    });
    return nextOf(expected, events.length);
  }
}

/** …and the expected-revision check in the same statement: the stream's last revision read by index. */
class CheckedJsonInsert implements Contender {
  readonly label = '+ expected-revision check in the statement (as the store now does)';
  constructor(
    private readonly raw: Pool,
    private readonly table: string,
  ) {}
  async append(streamId: string, expected: Expected, events: readonly BenchEvent[]): Promise<number> {
    const text = `WITH cur AS (SELECT max(revision) AS r FROM ${this.table} WHERE stream_id = $1)
      INSERT INTO ${this.table} (${COLUMNS}) SELECT ${FROM_JSON.replace('%REV%', 'coalesce(cur.r, -1)')}, cur
      WHERE ($2 = 'no_stream' AND cur.r IS NULL) OR ($2 ~ '^[0-9]+$' AND cur.r = $2::bigint)`;
    const { rowCount } = await this.raw.query({
      name: `checked-${this.table}`,
      text,
      values: [streamId, expected === 'new' ? 'no_stream' : String(expected), payloadOf(events), new Date().toISOString()],
    });
    if (rowCount !== events.length) throw new Error(`check refused ${streamId}`);
    return nextOf(expected, events.length);
  }
}

/** The check-and-insert statement with the events as column arrays (unnest) instead of one JSON array. */
class CheckedArrayInsert implements Contender {
  readonly label = 'check-and-insert, events as arrays (unnest)';
  constructor(
    private readonly raw: Pool,
    private readonly table: string,
  ) {}
  async append(streamId: string, expected: Expected, events: readonly BenchEvent[]): Promise<number> {
    const text = `WITH cur AS (SELECT max(revision) AS r FROM ${this.table} WHERE stream_id = $1)
      INSERT INTO ${this.table} (${COLUMNS})
      SELECT (pg_current_xact_id()::text::bigint << 10) + e.n - 1, pg_current_xact_id(), $1, 'bench', coalesce(cur.r, -1) + e.n,
             e.id, e.type, e.version, e.data, e.metadata, $3::timestamptz
        FROM cur, unnest($4::uuid[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[]) WITH ORDINALITY AS e(id, type, version, data, metadata, n)
       WHERE ($2 = 'no_stream' AND cur.r IS NULL) OR ($2 ~ '^[0-9]+$' AND cur.r = $2::bigint)`;
    const { rowCount } = await this.raw.query({
      name: `arrays-${this.table}`,
      text,
      values: [
        streamId,
        expected === 'new' ? 'no_stream' : String(expected),
        new Date().toISOString(),
        events.map((e) => e.eventId),
        events.map(() => 'BenchRecorded'),
        events.map(() => 1),
        events.map((e) => JSON.stringify(e.data)),
        events.map(() => '{}'),
      ],
    });
    if (rowCount !== events.length) throw new Error(`check refused ${streamId}`);
    return nextOf(expected, events.length);
  }
}

/** The store's own append statement, with its RETURNING, on a bare pool: the statement without the adapter. */
class StoreStatement implements Contender {
  readonly label = "the store's statement, bare";
  constructor(private readonly raw: Pool) {}
  async append(streamId: string, expected: Expected, events: readonly BenchEvent[]): Promise<number> {
    const { rows } = await this.raw.query({
      name: APPEND_STATEMENT_NAME,
      text: APPEND_STATEMENT,
      values: [streamId, 'bench', expected === 'new' ? 'no_stream' : String(expected), payloadOf(events), new Date().toISOString()],
    });
    if (rows.length !== 1) throw new Error(`the statement refused ${streamId}`);
    return Number(rows[rows.length - 1].revision);
  }
}

/** es_append itself (PL/pgSQL: check, insert, RETURN QUERY), as a named statement or not. */
class FunctionCall implements Contender {
  readonly label: string;
  constructor(
    private readonly raw: Pool,
    private readonly prepared: boolean,
  ) {
    this.label = prepared ? 'es_append, prepared' : 'es_append, unprepared (the store before ADR 0014)';
  }
  async append(streamId: string, expected: Expected, events: readonly BenchEvent[]): Promise<number> {
    const text = 'SELECT outcome, stream_id, revision, global_position FROM es_append($1, $2, $3, $4::jsonb, $5::timestamptz)';
    const values = [streamId, 'bench', expected === 'new' ? 'no_stream' : String(expected), payloadOf(events), new Date().toISOString()];
    const { rows } = await (this.prepared ? this.raw.query({ name: 'es-append', text, values }) : this.raw.query(text, values));
    if (rows[0]?.outcome !== 'appended') throw new Error(`es_append refused ${streamId}`);
    return Number(rows[rows.length - 1].revision);
  }
}

async function main(): Promise<void> {
  const url = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/luotsi_bench';
  const scale = Number(process.env['BENCH_SCALE'] ?? 1);
  const rounds = 5;
  const schema = `bench_cost_${randomUUID().slice(0, 8)}`;
  await ensureSchema(url, schema);
  const pool = new PostgresPool({ url, schema, max: 16 });
  const store = await PostgresEventStore.open(pool, { listen: false });
  const raw = new Pool({ connectionString: url, max: 16, options: sessionOptions(schema) });
  for (const t of ['t_floor', 't_json', 't_checked', 't_arrays']) await raw.query(`CREATE TABLE ${t} (LIKE es_events INCLUDING ALL)`);
  try {
    // es_append writes es_events; the store and the direct calls share it, each its own streams.
    const stages: Contender[] = [
      new FloorInsert(raw, 't_floor', true),
      new JsonInsert(raw, 't_json'),
      new CheckedJsonInsert(raw, 't_checked'),
      new CheckedArrayInsert(raw, 't_arrays'),
      new StoreStatement(raw),
      new FunctionCall(raw, true),
      new FunctionCall(raw, false),
      new OurStore(store), // the store's append: the check-and-insert statement, prepared
    ];
    // Several stages write es_events: each gets its own streams and fresh ids (a uuid costs all alike).
    const prefixed = stages.map((s, i) => ({
      label: s.label,
      append: (id: string, e: Expected, ev: readonly BenchEvent[]) =>
        s.append(
          `${id}-s${i}`,
          e,
          ev.map((x) => ({ ...x, eventId: randomUUID() })),
        ),
    }));
    const out: string[] = ['| case | ' + stages.map((s) => s.label).join(' | ') + ' |', '|---|' + stages.map(() => '---|').join('')];
    for (const writers of [1, 8])
      for (const perAppend of [1, 10]) {
        const c: AppendCase = { writers, perAppend, stream: 'existing', appends: Math.round((writers === 1 ? 1500 : 4000) * scale) };
        const measured = await runAppendCase(prefixed, c, rounds);
        const floor = measured.get(stages[0]!.label)!;
        const cells = stages.map((s) => {
          const m = measured.get(s.label)!;
          const r = median(m.map((x, i) => x.perSecond / floor[i]!.perSecond));
          return `${fmt(median(m.map((x) => x.perSecond)))}/s (${fmt(r * 100)} %)`;
        });
        const line = `| ${writers} writer(s), ${perAppend} event(s)/append, existing stream | ${cells.join(' | ')} |`;
        process.stderr.write(line + '\n');
        out.push(line);
      }
    process.stdout.write(out.join('\n') + '\n');
  } finally {
    await store.close();
    await pool.end();
    await raw.end();
    await dropSchema(url, schema);
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
