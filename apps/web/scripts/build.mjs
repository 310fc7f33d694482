// Builds the web app into apps/web/dist unless that build is newer than every source it was made
// from, so `npm start` (its prestart step) costs nothing after the first time. --force always builds.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(web, 'dist', '.built');
const sources = [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.mts'), join(web, '..', '..', 'package-lock.json')];

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

const force = process.argv.includes('--force');
if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...sources.filter(existsSync).map(newest))) {
  console.log('web app: apps/web/dist is up to date');
} else {
  const started = Date.now();
  // Always React's production build, also when a test runner (NODE_ENV=test) asks for the build.
  process.env.NODE_ENV = 'production';
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true';
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.mts'), mode: 'production', logLevel: 'warn' });
  writeFileSync(stamp, new Date().toISOString() + '\n');
  console.log(`web app: built apps/web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
