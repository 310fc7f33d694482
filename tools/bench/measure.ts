/** Small measuring helpers for the benchmarks: run N operations at a concurrency, keep every latency. */
export interface Measured {
  ops: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  /** Every latency, sorted (ms): lets rounds of one phase be pooled. */
  latencies?: number[];
}

/** One phase measured in several rounds, as if it were one: counts and times add up, percentiles over every latency. */
export function pooled(...rounds: Measured[]): Measured {
  const latencies = rounds.flatMap((r) => r.latencies ?? []).sort((a, b) => a - b);
  const ops = rounds.reduce((n, r) => n + r.ops, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  return { ops, seconds, perSecond: ops / seconds, p50ms: percentile(latencies, 50), p99ms: percentile(latencies, 99), latencies };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Runs `op(i, worker)` for i in [0, total) with `concurrency` workers pulling from one counter; `worker`
 * (0 … concurrency − 1) lets an op touch only its worker's rows, as writers of different streams do.
 */
export async function measure(total: number, concurrency: number, op: (i: number, worker: number) => Promise<unknown>): Promise<Measured> {
  const latencies: number[] = new Array(total);
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < total; i = next++) {
        const t0 = process.hrtime.bigint();
        await op(i, worker);
        latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { ops: total, seconds, perSecond: total / seconds, p50ms: percentile(latencies, 50), p99ms: percentile(latencies, 99), latencies };
}

/** Offers `rate` operations per second for `seconds` (open loop), so latency includes queueing. */
export async function atRate(rate: number, seconds: number, op: (i: number) => Promise<unknown>): Promise<Measured> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const started = Date.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = process.hrtime.bigint();
    inflight.push(op(i).then(() => void latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)));
  }
  await Promise.all(inflight);
  const secs = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    ops: total,
    seconds: secs,
    perSecond: total / secs,
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
    latencies,
  };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A request phase's rate and latency percentiles as the HTTP sections write them. */
export const requestFigures = (m: Measured) => `${fmt(m.perSecond)} requests/s, p50 ${fmt(m.p50ms, 1)} ms, p99 ${fmt(m.p99ms, 1)} ms`;

export interface Row {
  name: string;
  value: string;
  baseline?: string;
  ratio?: string;
  target?: string;
  verdict?: string;
}

/**
 * The rows of one section, each printed (to stderr, beside the table on stdout) as it is pushed:
 * a phase that fails late must not take the figures already measured with it.
 */
export function liveRows(section: string): Row[] {
  const rows: Row[] = [];
  rows.push = (...added: Row[]) => {
    for (const r of added)
      process.stderr.write(
        `[bench ${section}] ${[r.name, r.value, r.baseline, r.ratio, r.target, r.verdict].filter(Boolean).join(' | ')}\n`,
      );
    return Array.prototype.push.apply(rows, added);
  };
  return rows;
}
