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

  it('still accepts client-fee events as they were published before fee accounts (the new fields are optional)', () => {
    const ajv = new Ajv2020({ strict: false });
    const schemaOf = (type: string) => billingContract.events.find((e) => e.domainType === type)!.schema;
    const {
      accountRef: _a,
      capCents: _c,
      ...charged
    } = billingContract.events.find((e) => e.domainType === 'ClientFeeCharged')!.example as Record<string, unknown>;
    expect(ajv.validate(schemaOf('ClientFeeCharged'), charged)).toBe(true);
    expect(BILLING_PUBLIC_MAPPING.ClientFeeCharged(charged as never)).toEqual(charged);
    const cap = { personRef: 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11', year: 2027, reachedOn: '2027-09-14', capCents: 81500 };
    expect(ajv.validate(schemaOf('FeeCapReached'), cap)).toBe(true);
    expect(BILLING_PUBLIC_MAPPING.FeeCapReached(cap as never)).toEqual(cap);
  });
});
