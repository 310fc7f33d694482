import { Parser } from '@asyncapi/parser';
import { asyncApiDocument } from './asyncapi';
import type { ContextContract } from './integration-contract';

const probe = (context: string): ContextContract => ({
  context,
  categories: ['probe'],
  partitions: 2,
  retentionMs: 3_600_000,
  events: [
    {
      domainType: 'ProbeRecorded',
      name: 'probe-recorded',
      version: 1,
      summary: 'A number',
      schema: { type: 'object', required: ['value'], properties: { value: { type: 'integer' } } },
      example: { value: 1 },
      toPublic: (d) => d,
    },
  ],
});

describe('asyncApiDocument', () => {
  it('documents exactly the contracts handed in, as a valid AsyncAPI 3 document with unprefixed topics', async () => {
    const document = asyncApiDocument([probe('probe-a'), probe('probe-b')]) as {
      channels: Record<string, { address: string }>;
      components: { messages: Record<string, { name: string }> };
    };
    const diagnostics = await new Parser().validate(JSON.stringify(document));
    expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
    expect(Object.keys(document.channels)).toEqual(['probe-a', 'probe-b']);
    expect(document.channels['probe-a']!.address).toBe('luotsi.probe-a.v1');
    expect(document.components.messages['probe-b.probe-recorded']!.name).toBe('fi.luotsi.probe-b.probe-recorded.v1');
  });
});
