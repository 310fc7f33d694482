import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { map, throwError, timer } from 'rxjs';
import type { CloudEvent } from '@luotsi/contracts';
import { BATCH_HANDLER_EXTRAS, MessageBatch, recordMessageFailure } from '../consumer/message-batch';
import { InboundConsumer, type BatchOutcome } from '../engine/inbound-consumer';
import type { OutboundMessage } from '../publisher';
import { PrefixedKafkaServer } from './kafka-transport';

const TOPIC = 'luotsi.provider-choice.v1';
const event = (id: string, data: Record<string, unknown> = {}): CloudEvent =>
  ({ specversion: '1.0', id, type: 'resident-registered', source: '/luotsi/provider-choice', subject: `s-${id}`, data }) as CloudEvent;

function message(offset: number, value: unknown): KafkaMessage {
  return {
    key: Buffer.from('k'),
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    timestamp: '0',
    attributes: 0,
    offset: String(offset),
    headers: { 'content-type': Buffer.from('application/cloudevents+json') },
  } as KafkaMessage;
}

/** A kafkajs batch of one partition, recording what the transport resolves. */
function payload(messages: KafkaMessage[], stopAfter = Infinity) {
  const resolved: string[] = [];
  let heartbeats = 0;
  const p = {
    batch: { topic: `run-1.${TOPIC}`, partition: 0, messages },
    resolveOffset: (offset: string) => void resolved.push(offset),
    heartbeat: async () => void heartbeats++,
    commitOffsetsIfNecessary: async () => undefined,
    isRunning: () => true,
    isStale: () => resolved.length >= stopAfter,
    pause: () => () => undefined,
  } as unknown as EachBatchPayload;
  return { p, resolved, heartbeats: () => heartbeats };
}

/** The handler the runtime generates for a `consumes` entry, over a real InboundConsumer. */
function batchSetup(handleBatch: (events: readonly CloudEvent[]) => Promise<BatchOutcome>) {
  const deadLetters: OutboundMessage[] = [];
  const consumer = new InboundConsumer(
    { name: 'feed.router', topic: TOPIC, handleBatch },
    {
      pipeline: null as never,
      clock: { now: () => new Date() },
      deadLetters: { publish: async (m) => void deadLetters.push(...m), close: async () => undefined },
      maxAttempts: 2,
      backoffMs: 1,
    },
  );
  const calls: number[] = [];
  const handler = Object.assign(async (batch: unknown) => {
    if (!(batch instanceof MessageBatch)) throw new Error('expected a batch');
    calls.push(batch.values.length);
    try {
      await consumer.consumeBatch(batch.values);
    } catch (error) {
      batch.failure = error;
      throw error;
    }
  }, {});
  const server = new PrefixedKafkaServer({ client: { clientId: 'x', brokers: ['127.0.0.1:1'] }, postfixId: '' }, 'run-1');
  server.addHandler(TOPIC, handler as never, true, { ...BATCH_HANDLER_EXTRAS });
  return { server, deadLetters, calls };
}

describe('the Kafka transport consuming a batch handler with eachBatch', () => {
  it('hands the handler the batch once; the unreadable event is dead-lettered alone; the offset is resolved past all', async () => {
    const routed: string[] = [];
    const { server, deadLetters, calls } = batchSetup(async (events) => {
      routed.push(...events.filter((e) => e.id !== 'e3').map((e) => e.id));
      const bad = events.find((e) => e.id === 'e3')!;
      return { failed: [{ event: bad, error: new Error('data.personRef missing') }] };
    });
    const { p, resolved, heartbeats } = payload([
      message(10, event('e1')),
      message(11, event('e2')),
      message(12, event('e3')),
      message(13, 'not json at all'),
      message(14, event('e4')),
    ]);
    await server.handleBatch(p);

    expect(calls).toEqual([5]);
    expect(routed).toEqual(['e1', 'e2', 'e4']);
    expect(deadLetters.map((d) => [d.topic, d.value.id, d.headers?.['luotsi_error']])).toEqual([
      [`${TOPIC}.dlq`, 'invalid', 'Error: not a CloudEvent'],
      [`${TOPIC}.dlq`, 'e3', 'Error: data.personRef missing'],
    ]);
    expect(resolved).toEqual(['14']);
    expect(heartbeats()).toBe(1);
  });

  it('calls the handler in chunks of at most 1 000, resolving after each', async () => {
    const { server, calls } = batchSetup(async () => ({ failed: [] }));
    const { p, resolved } = payload(Array.from({ length: 2500 }, (_, i) => message(i, event(`e${i}`))));
    await server.handleBatch(p);
    expect(calls).toEqual([1000, 1000, 500]);
    expect(resolved).toEqual(['999', '1999', '2499']);
  });

  it('a handler that keeps throwing (the database down) fails the batch with its error and resolves nothing', async () => {
    let attempts = 0;
    const { server, deadLetters } = batchSetup(async () => {
      attempts++;
      throw new Error('connection refused');
    });
    const { p, resolved } = payload([message(1, event('e1')), message(2, event('e2'))]);
    await expect(server.handleBatch(p)).rejects.toThrow('connection refused');
    expect(attempts).toBe(2);
    expect(resolved).toEqual([]);
    expect(deadLetters).toEqual([]);
  });

  it('keeps the per-message path for other topics: each message in order, resolved after it, until the batch is stale', async () => {
    const seen: unknown[] = [];
    const server = new PrefixedKafkaServer({ client: { clientId: 'x', brokers: ['127.0.0.1:1'] }, postfixId: '' }, 'run-1');
    server.addHandler(TOPIC, (async (data: unknown) => void seen.push(data)) as never, true);
    const { p, resolved } = payload([message(5, event('a')), message(6, event('b')), message(7, event('c'))], 2);
    await server.handleBatch(p);
    expect(seen.map((e) => (e as CloudEvent).id)).toEqual(['a', 'b']);
    expect(resolved).toEqual(['5', '6']);
  });

  it('stops the per-message path at a partition its handler paused, as eachMessage does', async () => {
    const server = new PrefixedKafkaServer({ client: { clientId: 'x', brokers: ['127.0.0.1:1'] }, postfixId: '' }, 'run-1');
    const paused: Array<{ topic: string; partitions: number[] }> = [];
    (server as unknown as { consumer: unknown }).consumer = { paused: () => paused };
    server.addHandler(TOPIC, (async () => void paused.push({ topic: `run-1.${TOPIC}`, partitions: [0] })) as never, true);
    const { p, resolved } = payload([message(5, event('a')), message(6, event('b'))]);
    await server.handleBatch(p);
    expect(resolved).toEqual(['5']);
  });
  it("resolves a message's offset only once its handler's Observable (Nest's, for two handlers of a topic) completed", async () => {
    const seen: string[] = [];
    const server = new PrefixedKafkaServer({ client: { clientId: 'x', brokers: ['127.0.0.1:1'] }, postfixId: '' }, 'run-1');
    server.addHandler(TOPIC, ((data: CloudEvent) => timer(20).pipe(map(() => seen.push(data.id)))) as never, true);
    const { p, resolved } = payload([message(5, event('a')), message(6, event('b'))]);
    const order: string[] = [];
    const resolveOffset = p.resolveOffset;
    p.resolveOffset = (offset: string) => (order.push(`${offset} after ${seen.join(',')}`), resolveOffset(offset));
    await server.handleBatch(p);
    expect(order).toEqual(['5 after a', '6 after a,b']);
    expect(resolved).toEqual(['5', '6']);
  });

  it("fails the batch with the handler's own error when its Observable errors (Nest's exception handler), resolving nothing", async () => {
    const server = new PrefixedKafkaServer({ client: { clientId: 'x', brokers: ['127.0.0.1:1'] }, postfixId: '' }, 'run-1');
    server.addHandler(
      TOPIC,
      ((data: CloudEvent) => {
        recordMessageFailure(data, new Error('connection refused'));
        return throwError(() => ({ status: 'error', message: 'Internal server error' }));
      }) as never,
      true,
    );
    const { p, resolved } = payload([message(5, event('a'))]);
    await expect(server.handleBatch(p)).rejects.toThrow('connection refused');
    expect(resolved).toEqual([]);
  });
});
