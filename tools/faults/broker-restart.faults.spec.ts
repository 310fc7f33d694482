import { describeWith, testPostgresUrl } from '@luotsi/testing';
import { expectSurvived, runFault, sleep } from './harness/scenario';

/**
 * The broker goes away mid-traffic: commands go on being accepted (the event store is the outbox),
 * the relay and billing's consumer wait, and when the broker is back everything accepted reaches
 * billing once. Stopped for 30 s (a rolling upgrade), and killed with SIGKILL (a crash).
 */
describeWith('PostgreSQL binaries and Kafka jars (the faults tier)', testPostgresUrl())('faults: the Kafka broker', () => {
  it('stopped for 30 s and started again: nothing lost or applied twice', async () => {
    const summary = await runFault({
      fault: 'Kafka broker stopped (SIGTERM) for 30 s, restarted',
      slug: '1a-broker-stopped',
      pgPort: 15431,
      kafkaPort: 19192,
      inject: async ({ kafka }) => {
        await kafka.stop();
        await sleep(30_000);
        await kafka.start();
        return Date.now();
      },
    });
    expectSurvived(summary);
  }, 600_000);

  // Down longer than kafkajs's retries last (about 50 s): its consumers crash "non-retriably" and
  // would stay stopped; the transport must replace them.
  it('killed with SIGKILL and away for 75 s, started again on the same log: nothing lost or applied twice', async () => {
    const summary = await runFault({
      fault: 'Kafka broker killed (SIGKILL), away 75 s, restarted',
      slug: '1b-broker-killed',
      pgPort: 15432,
      kafkaPort: 19195,
      inject: async ({ kafka }) => {
        await kafka.kill();
        await sleep(75_000);
        await kafka.start();
        return Date.now();
      },
    });
    expectSurvived(summary);
  }, 600_000);
});
