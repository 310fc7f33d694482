/**
 * The reading side of the event-store bench: catching up from position 0 (ours, the plain indexed
 * read that is its floor, the peer's consumer), and the tailing-reader check, in which a reader
 * started at the beginning must see every event of concurrent writers exactly once.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { dropSchema, ensureSchema, PostgresPool } from '@luotsi/database';
import { PostgresEventStore } from '@luotsi/eventstore';
import { benchEvents, OurStore, type Contender } from './eventstore-contenders';
import { PEER_NAME, PeerStore } from './eventstore-peer';
import { median, pct, rateSpread } from './eventstore-appends';
import { fmt, type Row } from './measure';

const PAGE = 2000;

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

async function ourCatchUp(store: PostgresEventStore, total: number): Promise<number> {
  const abort = new AbortController();
  let seen = 0;
  const t0 = process.hrtime.bigint();
  for await (const batch of store.subscribe({ after: 0, maxCount: PAGE, signal: abort.signal })) {
    seen += batch.length;
    if (seen >= total) abort.abort();
  }
  return seen / seconds(t0);
}

/** The floor: the same columns, pages and order, without the settled-rows filter or the mapping. */
async function plainRead(raw: Pool): Promise<{ rate: number; seen: number }> {
  let after = '0';
  let seen = 0;
  const t0 = process.hrtime.bigint();
  for (;;) {
    const { rows } = await raw.query<{ global_position: string }>(
      `SELECT global_position, stream_id, revision, event_id, event_type, schema_version, data, metadata, recorded_at
         FROM es_events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      [after, PAGE],
    );
    seen += rows.length;
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.global_position;
  }
  return { rate: seen / seconds(t0), seen };
}

/** Catch-up rounds interleaved (ours, plain read, peer); the peer reads its first `peerLimit` events. */
export async function catchUpRows(
  store: PostgresEventStore,
  raw: Pool,
  peer: PeerStore,
  rounds: number,
  peerLimit: number,
): Promise<Row[]> {
  const total = Number((await raw.query<{ n: string }>('SELECT count(*) AS n FROM es_events')).rows[0]!.n);
  const ours: number[] = [];
  const plain: number[] = [];
  const theirs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ours.push(await ourCatchUp(store, total));
    plain.push((await plainRead(raw)).rate);
    const t0 = process.hrtime.bigint();
    const seen = await peer.readFromStart({ limit: peerLimit, batchSize: PAGE, pullingFrequencyInMs: 1 });
    theirs.push(seen / seconds(t0));
  }
  const ofPlain = ours.map((o, i) => o / plain[i]!);
  return [
    {
      name: `Luotsi subscription catch-up from 0 over ${fmt(total)} events, pages of ${fmt(PAGE)}, ${rounds} rounds`,
      value: rateSpread(ours, 'events/s'),
      baseline: `plain indexed read (global_position > $1 ORDER BY global_position LIMIT ${PAGE}) ${rateSpread(plain, 'events/s')}`,
      ratio: pct(ofPlain),
      target: '≥ 95 % of the plain read',
      verdict: median(ofPlain) >= 0.95 ? 'met' : 'NOT met',
    },
    {
      name: `${PEER_NAME} consumer (reactor, batches of ${fmt(PAGE)}, pulling every 1 ms) from the beginning, first ${fmt(peerLimit)} events, ${rounds} rounds`,
      value: rateSpread(theirs, 'events/s'),
      baseline: `Luotsi in the same rounds ${rateSpread(ours, 'events/s')}`,
      ratio: `peer ÷ ours ${pct(theirs.map((t, i) => t / ours[i]!))}`,
      target: 'reported',
    },
  ];
}

interface TailOutcome {
  total: number;
  missed: number;
  doubled: number;
}

/**
 * `writers` writers append `perWriter` events each (1–3 per append, each writer to its own streams,
 * so no append waits for another's revision) while one reader, started at the beginning, collects
 * what it is handed; after the writers, the reader gets until it has everything or is quiet for 3 s.
 */
async function tailingCheck(
  contender: Contender,
  startReader: (onData: (data: Record<string, unknown>) => void) => { stop(): Promise<void> },
  writers: number,
  perWriter: number,
): Promise<TailOutcome> {
  const total = writers * perWriter;
  const seen = new Map<string, number>();
  let received = 0;
  let lastArrival = Date.now();
  const reader = startReader((data) => {
    const key = `${String(data['seq'])}:${String(data['index'])}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    received++;
    lastArrival = Date.now();
  });
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let written = 0; written < perWriter;) {
        const n = Math.min(perWriter - written, 1 + Math.floor(Math.random() * 3));
        await contender.append(`tail-${w}-${written % 4}`, 'any', benchEvents(w * 1_000_000 + written, n));
        written += n;
      }
    }),
  );
  const deadline = Date.now() + 60_000;
  while (seen.size < total && Date.now() - lastArrival < 3000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await reader.stop();
  return { total, missed: total - seen.size, doubled: received - seen.size };
}

function tailRow(name: string, o: TailOutcome, must: boolean): Row {
  const share = (n: number) => (n ? ` (${fmt((n / o.total) * 100, 1)} %)` : '');
  const ok = o.missed === 0 && o.doubled === 0;
  return {
    name,
    value: `missed ${fmt(o.missed)}${share(o.missed)}, doubled ${fmt(o.doubled)}${share(o.doubled)} of ${fmt(o.total)} events`,
    target: must ? '0 missed, 0 doubled' : 'reported',
    ...(must ? { verdict: ok ? 'met' : 'NOT met' } : {}),
  };
}

/** The tailing-reader check for ours and for the peer, each in a fresh schema (the reader starts at 0). */
export async function tailingRows(url: string, writers: number, perWriter: number): Promise<Row[]> {
  const shape = `${writers} writers × ${perWriter} events (1–3 per append)`;
  const rows: Row[] = [];
  const ourSchema = `bench_tail_${randomUUID().slice(0, 8)}`;
  await ensureSchema(url, ourSchema);
  const pool = new PostgresPool({ url, schema: ourSchema, max: writers + 2 });
  const store = await PostgresEventStore.open(pool, { listen: false });
  try {
    const outcome = await tailingCheck(
      new OurStore(store),
      (onData) => {
        const abort = new AbortController();
        const reading = (async () => {
          for await (const batch of store.subscribe({ after: 0, signal: abort.signal }))
            for (const e of batch) onData(e.data as Record<string, unknown>);
        })();
        return { stop: async () => (abort.abort(), await reading) };
      },
      writers,
      perWriter,
    );
    rows.push(tailRow(`tailing reader from the start during ${shape}: Luotsi store.subscribe`, outcome, true));
  } finally {
    await store.close();
    await pool.end();
    await dropSchema(url, ourSchema);
  }
  const peerSchema = `bench_tail_emt_${randomUUID().slice(0, 8)}`;
  await ensureSchema(url, peerSchema);
  const peer = await PeerStore.open(url, peerSchema, writers + 2);
  try {
    const outcome = await tailingCheck(peer, (onData) => peer.tail(onData), writers, perWriter);
    rows.push(tailRow(`tailing reader from the start during ${shape}: ${PEER_NAME} consumer (reactor, default pulling)`, outcome, false));
  } finally {
    await peer.close();
    await dropSchema(url, peerSchema);
  }
  return rows;
}
