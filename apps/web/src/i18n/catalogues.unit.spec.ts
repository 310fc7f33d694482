import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { en } from './en';
import { fi } from './fi';
import { sv } from './sv';

const SRC = join(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.tsx') ? [path] : [];
  });
}

describe('message catalogues', () => {
  const catalogues = { fi, sv, en } as Record<string, Record<string, string>>;
  const keys = Object.keys(en).sort();

  it.each(['fi', 'sv'])('%s has exactly the keys of en, none empty', (lang) => {
    const catalogue = catalogues[lang]!;
    expect(keys.filter((k) => !(k in catalogue))).toEqual([]);
    expect(Object.keys(catalogue).filter((k) => !(k in en))).toEqual([]);
    expect(Object.entries(catalogue).filter(([, v]) => !v.trim())).toEqual([]);
  });

  it.each(['fi', 'sv', 'en'])('%s uses the same {placeholders} as en in every text', (lang) => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differing = keys.filter((k) => JSON.stringify(names(catalogues[lang]![k]!)) !== JSON.stringify(names(en[k as keyof typeof en])));
    expect(differing).toEqual([]);
  });

  it('every key a component names exists in the catalogues', () => {
    const used = files(SRC).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z0-9.-]+)'/g)].map((m) => m[1]!));
    expect([...new Set(used)].filter((k) => !(k in en))).toEqual([]);
  });

  it('components hold no literal text: every word a user reads comes from a catalogue', () => {
    // JSX text between tags that contains a letter; {expressions}, punctuation and spaces are fine.
    const literal = /<[A-Za-z][^<>]*(?<!\/)>([^<>{}]*\p{L}[^<>{}]*)</u;
    const found = files(SRC).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${f.slice(SRC.length + 1)}:${i + 1}`, m: literal.exec(line) }))
        .filter(({ m }) => m && !/^\s*$/.test(m[1]!) && !m[0].includes('=>'))
        .map(({ where, m }) => `${where}: ${m![1]!.trim()}`),
    );
    const multiline = files(SRC).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${f.slice(SRC.length + 1)}:${i + 1}`, line: line.trim() }))
        // A line that is only words inside JSX (no code characters at all).
        .filter(({ line }) => /^\p{L}+(\s+\p{L}+)+$/u.test(line) && !/^(return|export|import|const|let|else|default)\b/.test(line))
        .map(({ where, line }) => `${where}: ${line}`),
    );
    expect([...found, ...multiline]).toEqual([]);
  });
});
