import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { asyncApiDocument, toCloudEvent } from '@luotsi/contracts';
import { LUOTSI_CONTRACTS as ALL_CONTRACTS } from './contracts';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);

describe('integration contracts', () => {
  for (const contract of ALL_CONTRACTS) {
    describe(contract.context, () => {
      it.each(contract.events.map((e) => [e.name, e]))('%s: the example is valid against its schema', (_name, def) => {
        const validate = ajv.compile(def.schema);
        expect(validate(def.example)).toBe(true);
      });

      it('has unique names and a schema that rejects a wrong payload', () => {
        expect(new Set(contract.events.map((e) => e.name)).size).toBe(contract.events.length);
        for (const def of contract.events) expect(ajv.compile(def.schema)({ ...def.example, unexpected: true })).toBe(false);
      });

      it('never carries a personal identity code field', () => {
        for (const def of contract.events) expect(JSON.stringify(def.schema)).not.toMatch(/identityCode|hetu|ssn/i);
      });
    });
  }

  it('keeps private data out of the public payload', () => {
    const switchRequested = ALL_CONTRACTS[0]!.events.find((e) => e.name === 'switch-requested')!;
    const event = toCloudEvent(ALL_CONTRACTS[0]!, {
      eventId: '7f1e3c9a-0000-4000-8000-000000000001',
      type: 'SwitchRequested',
      streamId: 'listing-x',
      revision: 3,
      globalPosition: 9,
      recordedAt: '2026-11-23T10:00:00.000Z',
      data: { ...switchRequested.example, reasonText: 'my diagnosis is…' },
      metadata: { correlationId: 'c1' },
    })!;
    expect(event.data).toEqual(switchRequested.example);
    expect(event).toMatchObject({
      id: '7f1e3c9a-0000-4000-8000-000000000001',
      type: 'fi.luotsi.provider-choice.switch-requested.v1',
      subject: 'listing-x',
      correlationid: 'c1',
      causationid: '7f1e3c9a-0000-4000-8000-000000000001',
    });
    expect(ajv.compile(switchRequested.schema)(event.data)).toBe(true);
  });

  it('publishes one valid AsyncAPI document for all topics, and docs/asyncapi.json is up to date', async () => {
    const document = asyncApiDocument(ALL_CONTRACTS);
    const diagnostics = await new Parser().validate(JSON.stringify(document));
    expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
    const committed = JSON.parse(readFileSync(join(__dirname, '../../../docs/asyncapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
