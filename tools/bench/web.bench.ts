import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startAllInOneProcess } from '@luotsi/testing';
// The browser tests' launcher and seed: the same Chromium flags and the same small pilot.
import { buildWeb, chromiumOrWhy, launch } from '../../apps/web/e2e/browser';
import { seedPilot } from '../../apps/web/e2e/seed';
import { fmt, percentile, type Row } from './measure';

const ROOT = join(__dirname, '..', '..');

/** The baseline: an empty React 19 page built by the same Vite, gzipped the same way. */
async function reactAloneGz(): Promise<number> {
  const dir = join(ROOT, 'tmp', 'bench-web-baseline');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="./main.js"></script>');
  writeFileSync(
    join(dir, 'main.js'),
    "import { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')).render(null);\n",
  );
  process.env['NODE_ENV'] = 'production';
  // Vite's types need the bundler resolution the web app's tsconfig has; here it is only called.
  const { build } = (await import('vite' as string)) as { build(options: Record<string, unknown>): Promise<unknown> };
  await build({ root: dir, configFile: false, logLevel: 'silent', mode: 'production', build: { outDir: 'dist', emptyOutDir: true } });
  const assets = join(dir, 'dist', 'assets');
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .reduce((n, f) => n + gz(readFileSync(join(assets, f))), 0);
}
const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

/**
 * The web app in Debian's Chromium against `npm start`'s process: the gzipped JavaScript a first
 * visit loads (target ≤ 250 kB; baseline an empty React page built the same way), and the time from navigation to
 * the resident's page being usable (their station shown, the switch button ready), median of
 * `runs` cold visits (baseline: the accessibility statement, a page with no API call, same runs).
 */
export async function webBench(scale: number): Promise<Row[]> {
  const why = chromiumOrWhy();
  if (why) return [{ name: 'web app', value: `not run: ${why}` }];
  buildWeb();
  const port = 47500 + Math.floor(Math.random() * 400);
  const base = `http://127.0.0.1:${port}`;
  const issuer = `${base}/dev-issuer/realms/luotsi`;
  const app = startAllInOneProcess(port);
  const browser = await launch();
  try {
    await app.waitFor(/listening on http/, 120_000);
    await seedPilot(base, issuer);
    const runs = Math.max(5, Math.round(5 * scale));

    // First visit: every script the browser fetched, gzipped as a server would send it.
    const first = await browser.newContext();
    const page = await first.newPage();
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push(r.url());
    });
    await page.goto(`${base}/`, { waitUntil: 'networkidle' });
    let jsGz = 0;
    for (const url of scripts) jsGz += gz(await (await fetch(url)).text());
    await first.close();
    const reactGz = await reactAloneGz();

    // Navigation → usable: the resident's page after the issuer sends the browser back with a code.
    const usable: number[] = [];
    const statement: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ locale: 'en-GB' });
      await context.addInitScript(() => {
        const w = window as unknown as { __usable?: number };
        new MutationObserver(() => {
          if (w.__usable) return;
          const ready =
            document.querySelector('[data-testid="current-station"]') &&
            document.querySelector('section:has(#switch-heading) button:not([disabled])');
          const h1 = document.querySelector('main h1');
          if (ready || (location.pathname === '/accessibility' && h1)) w.__usable = performance.now();
        }).observe(document, { childList: true, subtree: true });
      });
      const p = await context.newPage();
      await p.goto(`${base}/resident`);
      await p.locator('main button').first().click();
      await p.waitForURL(/\/dev-issuer\//);
      await p.getByRole('button', { name: 'liisa.resident' }).click();
      await p.waitForURL(`${base}/resident`);
      await p.waitForFunction(() => (window as unknown as { __usable?: number }).__usable);
      usable.push(await p.evaluate(() => (window as unknown as { __usable: number }).__usable));
      await p.goto(`${base}/accessibility`);
      await p.waitForFunction(() => (window as unknown as { __usable?: number }).__usable);
      statement.push(await p.evaluate(() => (window as unknown as { __usable: number }).__usable));
      await context.close();
    }
    usable.sort((a, b) => a - b);
    statement.sort((a, b) => a - b);
    const median = (xs: number[]) => percentile(xs, 50);
    return [
      {
        name: `gzipped JavaScript of a first visit to / (${scripts.length} script${scripts.length === 1 ? '' : 's'})`,
        value: `${fmt(jsGz / 1000, 1)} kB`,
        baseline: `${fmt(reactGz / 1000, 1)} kB (an empty React 19 page, same Vite build)`,
        ratio: `${fmt(jsGz / reactGz, 2)}×`,
        target: '≤ 250 kB',
        verdict: jsGz <= 250_000 ? 'met' : 'NOT MET',
      },
      {
        name: `navigation → resident's page usable (code exchange, /me, listing, stations), median of ${runs}`,
        value: `${fmt(median(usable))} ms (min ${fmt(usable[0]!)}, max ${fmt(usable.at(-1)!)})`,
        baseline: `${fmt(median(statement))} ms (accessibility statement, no API call)`,
        ratio: `${fmt(median(usable) / Math.max(1, median(statement)), 2)}×`,
      },
    ];
  } finally {
    await browser.close();
    await app.kill();
  }
}
