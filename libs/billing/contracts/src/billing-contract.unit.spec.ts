import Ajv2020 from 'ajv/dist/2020';
import { BILLING_PUBLIC_MAPPING, billingContract } from './billing-contract';

describe("billing's public contract", () => {
  it('maps every published event explicitly, and nothing else is published', () => {
    expect(billingContract.events.map((e) => e.domainType).sort()).toEqual(Object.keys(BILLING_PUBLIC_MAPPING).sort());
    for (const e of billingContract.events) expect(e.toPublic).toEqual(expect.any(Function));
  });

  it('keeps a field added to a domain event inside billing until the mapping names it', () => {
    const ajv = new Ajv2020({ strict: false });
    for (const e of billingContract.events) {
      const published = e.toPublic!({ ...e.example, internalNote: 'stays inside' });
      expect(published).toEqual(e.example);
      expect(ajv.validate(e.schema, published)).toBe(true);
    }
  });

  it('keeps the topic names and versions the AsyncAPI document was written with', () => {
    expect(billingContract.context).toBe('billing');
    expect(billingContract.events.map((e) => `${e.name}.v${e.version}`)).toContain('adjustment-recorded.v1');
  });
});
