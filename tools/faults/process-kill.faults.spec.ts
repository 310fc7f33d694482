import { describeWith, testPostgresUrl, waitUntil } from '@luotsi/testing';
import { expectSurvived, runFault, sleep } from './harness/scenario';

/**
 * A pod evicted mid-traffic: each service process SIGKILLed in turn (no shutdown hook runs) and
 * started again; and with two replicas of provider choice, the one that relays (the leader) is
 * killed, so the other must take over the relay from the stored checkpoint.
 */
describeWith('PostgreSQL binaries and Kafka jars (the faults tier)', testPostgresUrl())('faults: service processes', () => {
  it('each service SIGKILLed in turn and restarted: nothing lost or applied twice', async () => {
    const summary = await runFault({
      fault: 'each service process SIGKILLed in turn, restarted after 3 s',
      slug: '3a-process-killed',
      pgPort: 15434,
      kafkaPort: 19201,
      inject: async ({ topology }) => {
        for (const name of ['pc', 'bl'] as const) {
          const service = topology.service(name);
          await service.kill('SIGKILL');
          await sleep(3_000);
          await service.start();
          await sleep(5_000);
        }
        return Date.now();
      },
    });
    expectSurvived(summary);
  }, 600_000);

  it('two replicas of provider choice, the leader SIGKILLed: the other takes over the relay', async () => {
    let tookOver = false;
    const summary = await runFault({
      fault: 'two provider choice replicas, the relaying leader SIGKILLed',
      slug: '3b-leader-killed',
      pgPort: 15435,
      kafkaPort: 19204,
      services: ['pc', 'pc2', 'bl'],
      inject: async ({ topology, note }) => {
        const replicas = [topology.service('pc'), topology.service('pc2')];
        const leader = await waitUntil(() => replicas.find((r) => r.leadsRelay()), { timeoutMs: 60_000, what: 'a relaying leader' });
        const follower = replicas.find((r) => r !== leader)!;
        const killedAt = Date.now();
        await leader.kill('SIGKILL');
        // The advisory lock goes with the dead process's connection: the follower relays from the checkpoint.
        await waitUntil(() => follower.leadsRelay(), { timeoutMs: 60_000, what: 'the follower to take over the relay' });
        tookOver = true;
        note(`the follower took over the relay ${Date.now() - killedAt} ms after the leader was killed`);
        await sleep(5_000);
        await leader.start();
        return Date.now();
      },
    });
    expect(tookOver).toBe(true);
    expectSurvived(summary);
  }, 600_000);
});
