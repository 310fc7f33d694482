import { topicOf, type CloudEvent } from '@luotsi/contracts';
import type { InProcessBus, OutboundMessage } from '@luotsi/messaging';
import { defineContext } from './define-context';
import { probeMessage, startProbeApp } from '../testing/probe-app';
import type { TestApp } from '../testing/test-app';

const TOPIC = topicOf('probe-batched');
const batches: string[][] = [];
let down = 0;

/** A context that consumes a topic in batches: records what it is handed; event "bad" is unreadable. */
const declaration = defineContext({
  name: 'probe-batch-consumer',
  streams: [],
  consumes: [
    {
      name: 'recorder',
      topic: TOPIC,
      handleBatch: async (events: readonly CloudEvent[]) => {
        if (down > 0) {
          down--;
          throw new Error('database down');
        }
        batches.push(events.map((e) => e.id));
        return { failed: events.filter((e) => e.id === 'bad').map((event) => ({ event, error: new Error('data.personRef missing') })) };
      },
    },
  ],
});

const event = (id: string) => probeMessage(TOPIC, id);

describe('a batch `consumes` declaration in embedded mode (the in-process transport, through Nest)', () => {
  let t: TestApp;
  let bus: InProcessBus;
  const dead: OutboundMessage[] = [];

  beforeAll(async () => {
    ({ t, bus } = await startProbeApp(declaration));
    bus.subscribe(`${TOPIC}.dlq`, async (m) => void dead.push(m));
  }, 60_000);
  afterAll(async () => t?.close());

  it('is handed what one publish brought at once; an unreadable event goes to the dead-letter topic alone', async () => {
    await bus.publish([event('a'), event('b'), event('bad'), event('c'), { ...event('x'), value: 'not an event' as never }]);
    expect(batches).toEqual([['a', 'b', 'bad', 'c']]);
    expect(dead.map((d) => [d.value.id, d.headers?.['luotsi_error']])).toEqual([
      ['invalid', 'Error: not a CloudEvent'],
      ['bad', 'Error: data.personRef missing'],
    ]);
  });

  it('retries a batch that threw, and fails the publish when it keeps failing (the relay delivers it again)', async () => {
    batches.length = 0;
    down = 1;
    await bus.publish([event('d'), event('e')]);
    expect(batches).toEqual([['d', 'e']]);
    down = 5;
    await expect(bus.publish([event('f')])).rejects.toThrow('database down');
    down = 0;
  });
});
