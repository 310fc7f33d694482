import type { Client } from 'pg';
import { waitUntil } from '@luotsi/testing';
import { send } from './http-client';

/**
 * Before a measurement: every subscription of the service at `base` has caught up (its metrics
 * show no lag: the projections, the gateway to the bus, the reactors), and PostgreSQL has written
 * out what the setup dirtied (CHECKPOINT) — otherwise the setup's catch-up and the checkpoint it
 * triggers are measured as the latency of the reads that happen to run beside them.
 */
export async function settle(base: string, db: Client, timeoutMs = 3_600_000): Promise<void> {
  await waitUntil(
    async () => {
      const metrics = (await send(`${base}/metrics`, 'GET', undefined)).body;
      const lags = [...metrics.matchAll(/^luotsi_subscription_lag\{[^}]*\} (\d+(?:\.\d+)?)$/gm)].map((m) => Number(m[1]));
      return lags.length > 0 && lags.every((lag) => lag === 0);
    },
    { timeoutMs, intervalMs: 1000, what: 'the service caught up' },
  );
  await db.query('CHECKPOINT');
}
