import { cloudEventHeaders, type CloudEvent } from '@luotsi/contracts';
import type { OutboundMessage } from '../publisher';
import { InProcessBus } from './in-process-bus';

const m = (topic: string, id: string): OutboundMessage => ({
  topic,
  key: id,
  headers: cloudEventHeaders(),
  value: { specversion: '1.0', id, type: 'x', source: '/x', subject: id, data: {} } as CloudEvent,
});

describe('the in-process bus', () => {
  it('hands per-message subscribers each message in order, and batch subscribers each run of their topic', async () => {
    const bus = new InProcessBus();
    const seen: string[] = [];
    bus.subscribe('a', async (msg) => void seen.push(`a:${msg.value.id}`));
    bus.subscribeBatch('a', async (msgs) => void seen.push(`a[${msgs.map((x) => x.value.id).join(',')}]`));
    bus.subscribeBatch('b', async (msgs) => void seen.push(`b[${msgs.map((x) => x.value.id).join(',')}]`));
    await bus.publish([m('a', '1'), m('a', '2'), m('b', '3'), m('a', '4')]);
    expect(seen).toEqual(['a:1', 'a:2', 'a[1,2]', 'b[3]', 'a:4', 'a[4]']);
  });

  it('fails the publish when a batch subscriber fails, and stops there', async () => {
    const bus = new InProcessBus();
    const seen: string[] = [];
    bus.subscribeBatch('a', async () => {
      throw new Error('database down');
    });
    bus.subscribe('b', async (msg) => void seen.push(msg.value.id));
    await expect(bus.publish([m('a', '1'), m('b', '2')])).rejects.toThrow('database down');
    expect(seen).toEqual([]);
  });
});
