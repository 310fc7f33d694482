import { topicOf } from '@luotsi/contracts';
import { defineContext, type ContextDeclaration } from './define-context';

describe('defineContext on consumes entries', () => {
  const base = { name: 'probe', streams: [] };

  it('takes a per-message and a batch entry', () => {
    expect(() =>
      defineContext({
        ...base,
        consumes: [
          { name: 'one', topic: topicOf('a'), handle: () => [] },
          { name: 'many', topic: topicOf('b'), handleBatch: async () => ({ failed: [] }) },
        ],
      }),
    ).not.toThrow();
  });

  it('refuses an entry with neither handle nor handleBatch, and one with both', () => {
    const neither = { ...base, consumes: [{ name: 'x', topic: topicOf('a') }] } as unknown as ContextDeclaration;
    expect(() => defineContext(neither)).toThrow('context probe: inbound x needs handle or handleBatch');
    const both = {
      ...base,
      consumes: [{ name: 'y', topic: topicOf('a'), handle: () => [], handleBatch: async () => ({ failed: [] }) }],
    } as unknown as ContextDeclaration;
    expect(() => defineContext(both)).toThrow('context probe: inbound y has both handle and handleBatch');
  });
});
