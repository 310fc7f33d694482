/**
 * `npm run bench [-- <section> …]` (the sections are TITLES' keys): measures the hot paths beside baselines
 * taken in the same run on the same servers, prints them and writes their sections of docs/benchmarks.md
 * (see report.ts).
 */
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventStoreBench } from './eventstore.bench';
import { mergeReport, renderSection, type MeasuredSection } from './report';

/** Each bench section's heading in docs/benchmarks.md, by the name `npm run bench -- <name>` takes. */
const TITLES = {
  eventstore: 'Event store, subscription and relay (issue: platform foundation)',
  'provider-choice': 'Provider choice (PostgreSQL store, HTTP)',
  billing: 'Billing (PostgreSQL)',
  rebuild: 'Rebuilding a read model: reading ahead (PostgreSQL)',
  'client-plans': 'Client plans (PostgreSQL store, HTTP)',
  'contact-intake': 'Contact intake (PostgreSQL, HTTP)',
  'municipality-feed': "The municipalities' feed (PostgreSQL, Kafka)",
  web: 'Web app (Chromium against npm start)',
  'service-catalogue': 'Service catalogue search (PostgreSQL)',
  national: 'National scale: the national dataset through the services (issue 14)',
} as const satisfies Record<string, string>;

async function main(): Promise<void> {
  const url = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/luotsi_bench';
  const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  // BENCH_SCALE=national: the national section alone (unless sections are named) on the whole
  // national dataset, or BENCH_NATIONAL_FRACTION of it; otherwise the national section follows BENCH_SCALE.
  const nationalMode = process.env['BENCH_SCALE'] === 'national';
  const scale = nationalMode ? 1 : Number(process.env['BENCH_SCALE'] ?? 1);
  if (!(scale > 0)) throw new Error(`BENCH_SCALE is a positive number or "national": ${process.env['BENCH_SCALE']}`);
  const nationalFraction = Number(process.env['BENCH_NATIONAL_FRACTION'] ?? scale);
  if (!(nationalFraction > 0 && nationalFraction <= 1))
    throw new Error(`BENCH_NATIONAL_FRACTION is in (0, 1]: ${process.env['BENCH_NATIONAL_FRACTION']}`);
  const only = process.argv.length > 2 ? process.argv.slice(2) : nationalMode ? ['national'] : [];
  const want = (name: string) => only.length === 0 || only.includes(name);
  const unknown = only.filter((name) => !(name in TITLES));
  if (unknown.length) throw new Error(`unknown bench section(s) ${unknown.join(', ')}; known: ${Object.keys(TITLES).join(', ')}`);
  const sections: MeasuredSection[] = [];
  if (want('eventstore')) sections.push({ key: 'eventstore', title: TITLES.eventstore, rows: await eventStoreBench(url, brokers, scale) });
  if (want('provider-choice')) {
    const { providerChoiceBench } = await import('./provider-choice.bench');
    sections.push({ key: 'provider-choice', title: TITLES['provider-choice'], rows: await providerChoiceBench(url, brokers, scale) });
  }
  if (want('billing')) {
    const { billingBench } = await import('./billing.bench');
    sections.push({ key: 'billing', title: TITLES.billing, rows: await billingBench(url, scale) });
  }
  if (want('rebuild')) {
    const { rebuildBench } = await import('./rebuild.bench');
    sections.push({ key: 'rebuild', title: TITLES.rebuild, rows: await rebuildBench(url, scale) });
  }
  if (want('client-plans')) {
    const { clientPlansBench } = await import('./client-plans.bench');
    sections.push({ key: 'client-plans', title: TITLES['client-plans'], rows: await clientPlansBench(url, scale) });
  }
  if (want('contact-intake')) {
    const { contactIntakeBench } = await import('./contact-intake.bench');
    sections.push({ key: 'contact-intake', title: TITLES['contact-intake'], rows: await contactIntakeBench(url, scale) });
  }
  if (want('municipality-feed')) {
    const { municipalityFeedBench } = await import('./municipality-feed.bench');
    sections.push({ key: 'municipality-feed', title: TITLES['municipality-feed'], rows: await municipalityFeedBench(url, brokers, scale) });
  }
  if (want('web')) {
    const { webBench } = await import('./web.bench');
    sections.push({ key: 'web', title: TITLES.web, rows: await webBench(scale) });
  }
  if (want('service-catalogue')) {
    const { serviceCatalogueBench } = await import('./service-catalogue.bench');
    sections.push({ key: 'service-catalogue', title: TITLES['service-catalogue'], rows: await serviceCatalogueBench(url, scale) });
  }
  if (want('national')) {
    const { nationalBench } = await import('./national.bench');
    sections.push({ key: 'national', title: TITLES.national, rows: await nationalBench(url, nationalFraction) });
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL at ${new URL(url).host}`;
  const facts = { at: new Date().toISOString(), machine, scale, nationalFraction };
  process.stdout.write(sections.map((s) => renderSection(s, facts)).join('\n') + '\n');
  // A reduced-scale run is a check that the bench works, not a figure to publish, unless asked.
  const reduced = scale !== 1 || (want('national') && nationalFraction !== 1);
  if (!reduced || process.env['BENCH_WRITE'] === '1') {
    const file = join(__dirname, '..', '..', 'docs', 'benchmarks.md');
    const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
    writeFileSync(file, mergeReport(existing, sections, facts, Object.values(TITLES) as string[]));
  }
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
