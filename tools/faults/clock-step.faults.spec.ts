import { describeWith, testPostgresUrl } from '@luotsi/testing';
import { expectSurvived, runFault, sleep } from './harness/scenario';

// 23:30 on 31 January in Helsinki (UTC+2), and the same instant an hour ahead: 00:30 on 1 February,
// the day the switches requested in January take effect.
const BEFORE = '2027-01-31T21:30:00Z';
const AHEAD = '2027-01-31T22:30:00Z';

/**
 * A clock step: provider choice restarted with its clock an hour ahead — past midnight into the
 * month when January's switches take effect — and then back. The due-changes timer runs every
 * second throughout. Each switch due by the step ahead is made exactly once (not again after the
 * step back, not skipped), and no switch is made before its month.
 */
describeWith('PostgreSQL binaries and Kafka jars (the faults tier)', testPostgresUrl())('faults: the clock', () => {
  it('an hour ahead across a month start, then back: due switches are made once, none early', async () => {
    let stepPosition = 0;
    const summary = await runFault({
      fault: 'clock an hour ahead (across the month start), then back',
      slug: '6-clock-step',
      pgPort: 15436,
      kafkaPort: 19207,
      now: BEFORE,
      env: { pc: { LUOTSI_DUE_CHANGES_INTERVAL_MS: '1000' } },
      faultAfterMs: 15_000,
      inject: async ({ pg, topology }) => {
        const pc = topology.service('pc');
        await pc.kill('SIGTERM');
        // Everything requested before the step: the switches that are due once the clock is ahead.
        const [head] = await pg.query<{ at: string }>(
          `SELECT max(global_position) AS at FROM ${topology.schemas.pc}.es_events`,
          [],
          topology.database,
        );
        stepPosition = Number(head!.at);
        await pc.start({ LUOTSI_FIXED_NOW: AHEAD });
        await sleep(10_000);
        await pc.kill('SIGTERM');
        await pc.start({ LUOTSI_FIXED_NOW: BEFORE });
        await sleep(5_000);
        return Date.now();
      },
      verify: async ({ pg, topology }) => {
        const rows = await pg.query<{ request_id: string; effective_from: string; requested_at: string; made: string }>(
          `SELECT r.data->>'requestId' AS request_id, r.data->>'effectiveFrom' AS effective_from, r.global_position AS requested_at,
                  (SELECT count(*) FROM ${topology.schemas.pc}.es_events l WHERE l.event_type = 'ListingStarted' AND l.data->>'requestId' = r.data->>'requestId') AS made
             FROM ${topology.schemas.pc}.es_events r WHERE r.event_type = 'SwitchRequested'`,
          [],
          topology.database,
        );
        const lost: string[] = [];
        const twice: string[] = [];
        for (const r of rows) {
          const due = Number(r.requested_at) <= stepPosition && r.effective_from <= '2027-02-01';
          const made = Number(r.made);
          if (due && made === 0) lost.push(`switch ${r.request_id}, due on ${r.effective_from}, was never made`);
          if (made > 1) twice.push(`switch ${r.request_id} was made ${made} times`);
          if (!due && made > 0) twice.push(`switch ${r.request_id} (effective ${r.effective_from}) was made before its month`);
        }
        if (!rows.some((r) => Number(r.requested_at) <= stepPosition))
          lost.push('no switch was requested before the step: the test proved nothing');
        return { checked: rows.length, lost, twice };
      },
    });
    expectSurvived(summary);
  }, 600_000);
});
