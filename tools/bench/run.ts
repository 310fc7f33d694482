/**
 * `npm run bench [-- eventstore provider-choice billing]`: measures the hot paths beside baselines
 * taken in the same run on the same servers, prints them and writes docs/benchmarks.md.
 */
import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventStoreBench } from './eventstore.bench';
import type { Row } from './measure';

async function main(): Promise<void> {
  const url = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/luotsi_bench';
  const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  const scale = Number(process.env['BENCH_SCALE'] ?? 1);
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);
  const sections: Array<{ title: string; rows: Row[] }> = [];
  if (want('eventstore'))
    sections.push({
      title: 'Event store, subscription and relay (issue: platform foundation)',
      rows: await eventStoreBench(url, brokers, scale),
    });
  if (want('provider-choice')) {
    const { providerChoiceBench } = await import('./provider-choice.bench');
    sections.push({ title: 'Provider choice (PostgreSQL store, HTTP)', rows: await providerChoiceBench(url, brokers, scale) });
  }
  if (want('billing')) {
    const { billingBench } = await import('./billing.bench');
    sections.push({ title: 'Billing (PostgreSQL)', rows: await billingBench(url, scale) });
  }
  if (want('municipality-feed')) {
    const { municipalityFeedBench } = await import('./municipality-feed.bench');
    sections.push({ title: "The municipalities' feed (PostgreSQL, Kafka)", rows: await municipalityFeedBench(url, brokers, scale) });
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL at ${new URL(url).host}`;
  const md = [
    '# Benchmarks',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`,
    '',
    `Command: \`${['npm run bench', ...(only.length ? ['--', ...only] : [])].join(' ')}\`${scale !== 1 ? ` with BENCH_SCALE=${scale}` : ''} (PostgreSQL from \`infra/postgres/ensure.sh\`, Kafka from \`infra/kafka/start.sh\`).`,
    'Every figure stands beside a baseline measured in the same run on the same server.',
    '',
    ...sections.flatMap((s) => [
      `## ${s.title}`,
      '',
      '| measurement | result | baseline (same run) | ratio | target | |',
      '|---|---|---|---|---|---|',
      ...s.rows.map((r) => `| ${r.name} | ${r.value} | ${r.baseline ?? ''} | ${r.ratio ?? ''} | ${r.target ?? ''} | ${r.verdict ?? ''} |`),
      '',
    ]),
  ].join('\n');
  process.stdout.write(md + '\n');
  if (only.length === 0 && scale === 1) writeFileSync(join(__dirname, '..', '..', 'docs', 'benchmarks.md'), md);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
