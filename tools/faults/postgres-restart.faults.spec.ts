import { describeWith, testPostgresUrl } from '@luotsi/testing';
import { expectSurvived, runFault } from './harness/scenario';

/**
 * PostgreSQL restarted with a fast shutdown mid-traffic (a failover or a minor upgrade): every
 * session is cut, the server is away for a moment, and the services' pools must reconnect on their
 * own. While it is away a command gets 503 with Retry-After, never a 500 and never a lost write.
 */
describeWith('PostgreSQL binaries and Kafka jars (the faults tier)', testPostgresUrl())('faults: PostgreSQL', () => {
  it('restarted (fast shutdown) under load: the pools reconnect without a process restart', async () => {
    const summary = await runFault({
      fault: 'PostgreSQL restarted (fast shutdown), down ~5 s',
      slug: '2-postgres-restarted',
      pgPort: 15433,
      kafkaPort: 19198,
      inject: async ({ pg, topology }) => {
        const pids = [...topology.services.values()].map((s) => s.proc?.child.pid);
        pg.stop('fast');
        await new Promise((r) => setTimeout(r, 5_000));
        await pg.start();
        // The same processes serve on: nothing was restarted to get the pools back.
        expect([...topology.services.values()].map((s) => s.running && s.proc?.child.pid)).toEqual(pids);
        return Date.now();
      },
    });
    expectSurvived(summary);
  }, 600_000);
});
