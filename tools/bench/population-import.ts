import type { Client } from 'pg';
import { waitUntil } from '@luotsi/testing';
import { sendStream } from './http-client';

/**
 * Sends the register lines to provider choice's population import (NDJSON over HTTP) and waits
 * until all `count` residents are listed in its read model: the seconds to the import's answer and
 * to the last listing, both from the first line sent. Throws unless the import applied every line.
 */
export async function importUntilListed(
  base: string,
  lines: Iterable<string>,
  count: number,
  options: { db: Client; headers: Record<string, string>; timeoutMs: number },
): Promise<{ importSeconds: number; listedSeconds: number }> {
  const t0 = Date.now();
  const imported = await sendStream(`${base}/population/import`, lines, options.headers);
  const importSeconds = (Date.now() - t0) / 1000;
  const report = JSON.parse(imported.body) as { applied?: number };
  if (report.applied !== count) throw new Error(`import applied ${report.applied} of ${count}: ${imported.body.slice(0, 500)}`);
  await waitUntil(async () => (await options.db.query('SELECT count(*)::int AS n FROM pc_listings')).rows[0].n >= count, {
    timeoutMs: options.timeoutMs,
    intervalMs: 500,
    what: 'listings in the read model',
  });
  return { importSeconds, listedSeconds: (Date.now() - t0) / 1000 };
}
