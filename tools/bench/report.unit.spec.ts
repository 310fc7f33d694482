import { mergeReport, sectionsOf } from './report';

const run = { at: '2026-12-01T20:00:00.000Z', machine: '2 × cpu', scale: 1 };
const existing = [
  '# Benchmarks',
  '',
  'old header',
  '',
  '## A',
  '',
  'old a',
  '',
  '## B',
  '',
  'old b',
  '',
  '## Reading this run',
  '',
  'notes',
  '',
].join('\n');

describe('benchmarks report', () => {
  it('replaces a re-measured section in place and keeps the others and the notes', () => {
    const out = mergeReport(existing, [{ title: 'A', key: 'a', rows: [{ name: 'x', value: '1/s' }] }], run, ['A', 'B']);
    expect(sectionsOf(out).map((s) => s.title)).toEqual(['A', 'B', 'Reading this run']);
    expect(out).toContain('| x | 1/s |');
    expect(out).not.toContain('old a');
    expect(out).toContain('old b');
    expect(out).toContain('notes');
    expect(out).toContain('`npm run bench -- a`');
  });

  it('puts a new section before the reading notes and names a reduced scale', () => {
    const out = mergeReport(existing, [{ title: 'C', key: 'c', rows: [] }], { ...run, scale: 0.1 }, ['A', 'B', 'C']);
    expect(sectionsOf(out).map((s) => s.title)).toEqual(['A', 'B', 'C', 'Reading this run']);
    expect(out).toContain('BENCH_SCALE=0.1');
  });

  it('names the part of the national dataset the national section ran on', () => {
    const part = mergeReport(existing, [{ title: 'N', key: 'national', rows: [] }], { ...run, nationalFraction: 0.01 }, ['N']);
    expect(part).toContain('BENCH_NATIONAL_FRACTION=0.01');
    const whole = mergeReport(existing, [{ title: 'N', key: 'national', rows: [] }], { ...run, nationalFraction: 1 }, ['N']);
    expect(whole).toContain('`BENCH_SCALE=national npm run bench`');
    expect(whole).not.toContain('BENCH_NATIONAL_FRACTION');
  });
});
