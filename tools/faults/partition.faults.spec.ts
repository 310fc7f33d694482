import { describeWith, testPostgresUrl } from '@luotsi/testing';
import { canMakeNamespaces, ServiceNetwork } from './harness/network';
import { expectSurvived, runFault, sleep } from './harness/scenario';

const net = new ServiceNetwork(String(process.pid % 10_000));

/**
 * A network partition between provider choice and the broker for 60 s, made with a network
 * namespace and veth pairs: provider choice runs in its own namespace and reaches PostgreSQL and
 * its callers over one link, the broker over another, and that one is cut. Commands go on being
 * accepted; the relay waits and catches up when the link is back.
 */
describeWith('root and ip netns (network namespaces of the test)', testPostgresUrl() && canMakeNamespaces())(
  'faults: a network partition',
  () => {
    it('provider choice cut off from the broker for 60 s, then healed: nothing lost or applied twice', async () => {
      const summary = await runFault({
        fault: 'network partition between provider choice and the broker for 60 s',
        slug: '4-partition',
        pgPort: 15437,
        pgListen: ['127.0.0.1', net.control.host],
        kafkaPort: 19210,
        kafkaHost: net.broker.host,
        placement: { pc: { wrap: net.wrap, host: net.control.inside, hostSide: net.control.host } },
        prepare: () => net.create(),
        cleanUp: () => net.destroy(),
        inject: async () => {
          net.cutBroker(true);
          await sleep(60_000);
          net.cutBroker(false);
          return Date.now();
        },
      });
      expectSurvived(summary);
    }, 900_000);
  },
);
