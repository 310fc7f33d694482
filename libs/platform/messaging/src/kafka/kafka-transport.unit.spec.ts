import { PrefixedKafkaServer } from './kafka-transport';
import { prefixedTopic } from './kafka-client';

describe('the Kafka transport with an installation prefix', () => {
  const options = { client: { clientId: 'x', brokers: ['127.0.0.1:1'] }, postfixId: '' };

  it('registers and matches an @EventPattern topic under the prefixed name', () => {
    const server = new PrefixedKafkaServer(options, 'run-7');
    const handler = Object.assign(async () => undefined, {}) as never;
    server.addHandler('luotsi.provider-choice.v1', handler, true);
    expect([...server.getHandlers().keys()]).toEqual(['run-7.luotsi.provider-choice.v1']);
    expect(server.getHandlerByPattern('run-7.luotsi.provider-choice.v1')).toBe(handler);
  });

  it('leaves topics as they are without a prefix', () => {
    const server = new PrefixedKafkaServer(options, '');
    server.addHandler('luotsi.billing.v1', (async () => undefined) as never, true);
    expect([...server.getHandlers().keys()]).toEqual(['luotsi.billing.v1']);
    expect(prefixedTopic('', 'luotsi.billing.v1.dlq')).toBe('luotsi.billing.v1.dlq');
    expect(prefixedTopic('e2e-1', 'luotsi.billing.v1.dlq')).toBe('e2e-1.luotsi.billing.v1.dlq');
  });
});
