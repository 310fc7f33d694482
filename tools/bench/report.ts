/**
 * docs/benchmarks.md as a set of sections, one per bench module, each saying when and with which
 * command it was measured: `npm run bench -- <section>` re-measures one section and keeps the
 * others (and the hand-written reading notes) as they were, so a change to one hot path re-runs
 * its own bench without hours of the others.
 */
import type { Row } from './measure';

export interface MeasuredSection {
  /** The `## ` heading; a section is replaced by the one with the same heading. */
  title: string;
  /** The name given to `npm run bench -- <name>`. */
  key: string;
  rows: Row[];
}

export interface RunFacts {
  /** ISO timestamp of the run. */
  at: string;
  machine: string;
  scale: number;
  /** The share of the national dataset the national section ran on (1: all of it). */
  nationalFraction?: number;
}

export function renderSection(section: MeasuredSection, run: RunFacts): string {
  const fraction = run.nationalFraction ?? run.scale;
  const scale =
    section.key === 'national'
      ? fraction !== 1
        ? ` with BENCH_NATIONAL_FRACTION=${fraction} (a part of the dataset: the targets are stated for all of it)`
        : ' (or `BENCH_SCALE=national npm run bench`), the whole dataset'
      : run.scale !== 1
        ? ` with BENCH_SCALE=${run.scale} (reduced: the targets are stated for scale 1)`
        : '';
  return [
    `## ${section.title}`,
    '',
    `Measured ${run.at.slice(0, 16).replace('T', ' ')} UTC on ${run.machine}: \`npm run bench -- ${section.key}\`${scale}.`,
    '',
    '| measurement | result | baseline (same run) | ratio | target | |',
    '|---|---|---|---|---|---|',
    ...section.rows.map(
      (r) => `| ${r.name} | ${r.value} | ${r.baseline ?? ''} | ${r.ratio ?? ''} | ${r.target ?? ''} | ${r.verdict ?? ''} |`,
    ),
    '',
  ].join('\n');
}

const HEADER = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (every section) or `npm run bench -- <section>` (that section only; the',
  'others stay as they were measured). PostgreSQL from `infra/postgres/ensure.sh`, Kafka from',
  '`infra/kafka/start.sh`. Every figure stands beside a baseline measured in the same run on the same',
  'server; each section names the machine, the time and the command it was measured with. The national',
  'section runs on the seeded national dataset described in docs/dataset.md.',
  '',
].join('\n');

/** Splits a benchmarks file into its `## ` sections (title → text, in order); the header is dropped. */
export function sectionsOf(markdown: string): Array<{ title: string; text: string }> {
  const parts = markdown.split(/^(?=## )/m).filter((p) => p.startsWith('## '));
  return parts.map((text) => ({
    title: text.slice(3, text.indexOf('\n') < 0 ? undefined : text.indexOf('\n')).trim(),
    text: text.trimEnd() + '\n',
  }));
}

/**
 * The file after this run: measured sections replace those with the same title in place; new ones
 * go before the first section no bench writes (the reading notes), or at the end.
 */
export function mergeReport(existing: string, measured: MeasuredSection[], run: RunFacts, benchTitles: readonly string[]): string {
  const sections = sectionsOf(existing);
  for (const s of measured) {
    const text = renderSection(s, run);
    const at = sections.findIndex((x) => x.title === s.title);
    if (at >= 0) sections[at] = { title: s.title, text };
    else {
      const notes = sections.findIndex((x) => !benchTitles.includes(x.title));
      sections.splice(notes < 0 ? sections.length : notes, 0, { title: s.title, text });
    }
  }
  return [HEADER, ...sections.map((s) => s.text)].join('\n');
}
