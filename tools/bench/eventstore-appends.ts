/**
 * The append matrix of the event-store bench: every contender (ours, the peer, the prepared and the
 * unprepared INSERT floor) appends the same events in the same round, one after the other, round
 * after round, so that a drift of the machine (another process, autovacuum, a checkpoint) falls on
 * all of them alike. Figures are medians over the rounds with their min–max.
 */
import { benchEvents, type BenchEvent, type Contender, type Expected } from './eventstore-contenders';
import { fmt, measure, pooled, type Measured, type Row } from './measure';

export interface AppendCase {
  writers: number;
  perAppend: number;
  /** 'new': every append starts a stream; 'existing': appends go to streams made before the round. */
  stream: 'new' | 'existing';
  /** Appends per contender and round. */
  appends: number;
}

/** Streams each writer owns in an 'existing' round: a writer never races another for a revision. */
const STREAMS_PER_WRITER = 20;

export function appendCases(scale: number): AppendCase[] {
  const cases: AppendCase[] = [];
  for (const writers of [1, 8])
    for (const perAppend of [1, 10])
      for (const stream of ['new', 'existing'] as const)
        cases.push({ writers, perAppend, stream, appends: Math.max(50, Math.round((writers === 1 ? 1500 : 4000) * scale)) });
  return cases;
}

const caseKey = (c: AppendCase) => `w${c.writers}x${c.perAppend}${c.stream === 'new' ? 'n' : 'e'}`;

/** Each contender's rounds of one case, in the order they ran: ours, peer, floor, ours, peer, floor … */
export async function runAppendCase(contenders: readonly Contender[], c: AppendCase, rounds: number): Promise<Map<string, Measured[]>> {
  const measured = new Map<string, Measured[]>(contenders.map((x) => [x.label, []]));
  for (let round = 0; round < rounds; round++) {
    // The same ids and data for every contender of the round: each writes its own table.
    const batches = Array.from({ length: c.appends }, (_, i) => benchEvents(i, c.perAppend));
    const prefix = `bench-${caseKey(c)}-${round}`;
    for (const contender of contenders) measured.get(contender.label)!.push(await appendRound(contender, c, prefix, batches));
  }
  return measured;
}

async function appendRound(contender: Contender, c: AppendCase, prefix: string, batches: BenchEvent[][]): Promise<Measured> {
  if (c.stream === 'new') return measure(c.appends, c.writers, (i) => contender.append(`${prefix}-${i}`, 'new', batches[i]!));
  const revisions = await existingStreams(contender, c.writers, prefix);
  const done = new Array<number>(c.writers).fill(0);
  return measure(c.appends, c.writers, async (i, writer) => {
    const k = done[writer]!;
    done[writer] = k + 1;
    const streamId = `${prefix}-${writer}-${k % STREAMS_PER_WRITER}`;
    revisions.set(streamId, await contender.append(streamId, revisions.get(streamId)!, batches[i]!));
  });
}

/** Makes each writer's streams (one event each, not timed) and answers their expected revisions. */
async function existingStreams(contender: Contender, writers: number, prefix: string): Promise<Map<string, Expected>> {
  const revisions = new Map<string, Expected>();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let s = 0; s < STREAMS_PER_WRITER; s++) {
        const streamId = `${prefix}-${writer}-${s}`;
        revisions.set(streamId, await contender.append(streamId, 'new', benchEvents(-1, 1)));
      }
    }),
  );
  return revisions;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "1,234/s (1,100–1,300)": the median over the rounds and their range. */
export function rateSpread(values: readonly number[], unit: string): string {
  return `${fmt(median(values))} ${unit} (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`;
}

/** a ÷ b round by round (adjacent in time, so a drift between rounds cancels), as median and range. */
export function roundRatios(a: readonly Measured[], b: readonly Measured[]): number[] {
  return a.map((m, i) => m.perSecond / b[i]!.perSecond);
}

export const pct = (ratios: readonly number[]) =>
  `${fmt(median(ratios) * 100)} % (${fmt(Math.min(...ratios) * 100)}–${fmt(Math.max(...ratios) * 100)})`;

const describe = (c: AppendCase, rounds: number) =>
  `append, ${c.writers} writer${c.writers > 1 ? 's' : ''}, ${c.perAppend} event${c.perAppend > 1 ? 's' : ''}/append, ${c.stream} stream, ${fmt(c.appends)} appends × ${rounds} rounds`;

const latencies = (rounds: readonly Measured[]) => {
  const all = pooled(...rounds);
  return `p50 ${fmt(all.p50ms, 2)} ms, p99 ${fmt(all.p99ms, 2)} ms`;
};

/** Our row (beside both floors, with the target) and the peer's row (beside ours) for one case. */
export function appendRows(
  c: AppendCase,
  m: Map<string, Measured[]>,
  labels: { ours: string; peer: string; prepared: string; unprepared: string },
): Row[] {
  const ours = m.get(labels.ours)!;
  const peer = m.get(labels.peer)!;
  const prepared = m.get(labels.prepared)!;
  const unprepared = m.get(labels.unprepared)!;
  const rounds = ours.length;
  const rates = (x: readonly Measured[]) => x.map((r) => r.perSecond);
  const ofPrepared = roundRatios(ours, prepared);
  const events = c.perAppend > 1 ? ` = ${fmt(median(rates(ours)) * c.perAppend)} events/s` : '';
  return [
    {
      name: `Luotsi ${describe(c, rounds)}`,
      value: `${rateSpread(rates(ours), 'appends/s')}${events}, ${latencies(ours)}`,
      baseline: `prepared INSERT ${rateSpread(rates(prepared), '/s')}, ${latencies(prepared)}; unprepared INSERT ${rateSpread(rates(unprepared), '/s')}`,
      ratio: `${pct(ofPrepared)} of prepared; ${pct(roundRatios(ours, unprepared))} of unprepared`,
      target: '≥ 90 % of the prepared INSERT',
      verdict: median(ofPrepared) >= 0.9 ? 'met' : 'NOT met',
    },
    {
      name: `${labels.peer} ${describe(c, rounds)}`,
      value: `${rateSpread(rates(peer), 'appends/s')}, ${latencies(peer)}`,
      baseline: `Luotsi in the same rounds ${rateSpread(rates(ours), '/s')}`,
      ratio: `peer ÷ ours ${pct(roundRatios(peer, ours))}`,
      target: 'reported',
    },
  ];
}
