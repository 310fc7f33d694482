import { topicOf, type CloudEvent } from '@luotsi/contracts';
import type { InProcessBus } from '@luotsi/messaging';
import { defineContext } from './define-context';
import { probeMessage, startProbeApp } from '../testing/probe-app';
import type { TestApp } from '../testing/test-app';

const TOPIC = topicOf('probe-shared');
const seen: string[] = [];
const batches: string[][] = [];
let down = 0;

/** Two contexts of one process consume one topic (as billing's is in `npm start`): one message by message, slowly… */
const perMessage = defineContext({
  name: 'probe-per-message',
  streams: [],
  consumes: [
    {
      name: 'slow-recorder',
      topic: TOPIC,
      handle: async (event: CloudEvent) => {
        await new Promise((r) => setTimeout(r, 30));
        seen.push(event.id);
        return [];
      },
    },
  ],
});

/** …and one in batches, which Nest then hands single messages (it gives every handler of a topic the same payload). */
const batched = defineContext({
  name: 'probe-batched-too',
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
        return { failed: [] };
      },
    },
  ],
});

const event = (id: string) => probeMessage(TOPIC, id);

/**
 * A topic with two handlers goes through Nest's joined handler, whose result is an Observable:
 * the publish must still wait for both and fail when one fails, or the relay would checkpoint past
 * work that was never done (and, at shutdown, the handlers ran on after the pool had closed).
 */
describe('two `consumes` declarations of one topic in embedded mode (the in-process transport, through Nest)', () => {
  let t: TestApp;
  let bus: InProcessBus;

  beforeAll(async () => {
    ({ t, bus } = await startProbeApp(perMessage, batched));
  }, 60_000);
  afterAll(async () => t?.close());

  it('resolves the publish only once both handlers are done with every message, in order', async () => {
    await bus.publish([event('a'), event('b'), event('c')]);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(batches).toEqual([['a'], ['b'], ['c']]);
  });

  it("fails the publish with the handler's own error when it keeps failing, so the relay delivers it again", async () => {
    down = 5;
    await expect(bus.publish([event('d')])).rejects.toThrow('database down');
    down = 0;
    await bus.publish([event('d')]);
    expect(batches.at(-1)).toEqual(['d']);
  });
});
