import Ajv2020 from 'ajv/dist/2020';
import { foldEvents, PersonRef, type Decider, type LocalDate } from '@luotsi/kernel';
import { voucherDecider, voucherTypeDecider, type VoucherCommand, type VoucherTypeCommand } from '@luotsi/billing-domain';
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

describe("billing's voucher events as the deciders decide them", () => {
  it('are valid against their public schemas once mapped', () => {
    const ajv = new Ajv2020({ strict: false });
    const d = (s: string) => s as LocalDate;
    const person = PersonRef.fromUuid('0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
    const version = {
      validFrom: d('2027-01-01'),
      service: 'social-rehabilitation' as const,
      name: 'Social rehabilitation',
      value: {
        kind: 'income-steps' as const,
        steps: [
          { fromMonthlyIncomeCents: 0, cents: 8_000 },
          { fromMonthlyIncomeCents: 200_000, cents: 6_000 },
        ],
      },
      validityDays: 90,
      visits: 2,
    };
    const typeCommands: VoucherTypeCommand[] = [
      { type: 'SetVoucherType', voucherTypeId: 'rehab', version, setBy: 'county:anna', today: d('2027-01-10') },
      {
        type: 'ApproveVoucherProducer',
        voucherTypeId: 'rehab',
        producerId: 'kuntoutus-oy',
        priceCents: 7_000,
        ownership: 'private',
        approvedFrom: d('2027-01-01'),
        decidedBy: 'county:anna',
        today: d('2027-01-10'),
      },
      {
        type: 'SuspendVoucherProducer',
        voucherTypeId: 'rehab',
        producerId: 'kuntoutus-oy',
        from: d('2027-03-01'),
        reason: 'audit',
        decidedBy: 'x',
      },
      { type: 'ResumeVoucherProducer', voucherTypeId: 'rehab', producerId: 'kuntoutus-oy', from: d('2027-03-10'), decidedBy: 'x' },
      {
        type: 'EndVoucherProducer',
        voucherTypeId: 'rehab',
        producerId: 'kuntoutus-oy',
        from: d('2027-06-01'),
        reason: 'ended',
        decidedBy: 'x',
      },
    ];
    const voucherCommands: VoucherCommand[] = [
      {
        type: 'GrantVoucher',
        voucherId: 'vch-1',
        personRef: person,
        voucherTypeId: 'rehab',
        version,
        municipality: '837',
        monthlyIncomeCents: 250_000,
        reason: 'a reason that stays in billing',
        grantedBy: 'guidance:g',
        today: d('2027-01-15'),
      },
      {
        type: 'ChooseVoucherProducer',
        voucherId: 'vch-1',
        personRef: person,
        producerId: 'kuntoutus-oy',
        channel: 'in-person',
        chosenBy: 'guidance:g',
        today: d('2027-01-16'),
        producer: { status: 'approved', priceCents: 7_000 },
        currentProducerEndedFrom: null,
      },
      ...[1, 2].map((n): VoucherCommand => ({
        type: 'RedeemVoucherVisit',
        voucherId: 'vch-1',
        producerId: 'kuntoutus-oy',
        producerSideId: `K-${n}`,
        date: d(`2027-02-0${n}`),
        today: d('2027-02-10'),
        producerStatusOnDate: 'approved',
      })),
    ];
    const refused: VoucherCommand[] = [
      { ...(voucherCommands[0] as Extract<VoucherCommand, { type: 'GrantVoucher' }>), voucherId: 'vch-2' },
      { type: 'RefuseVoucher', voucherId: 'vch-2', personRef: person, refusedBy: 'resident', channel: 'portal', today: d('2027-01-16') },
    ];
    const run = <C, E extends { type: string; data: unknown }, S>(decider: Decider<C, E, S>, commands: C[]) =>
      commands.reduce<E[]>((events, c) => [...events, ...decider.decide(c, foldEvents(decider, events))], []);
    const events = [...run(voucherTypeDecider, typeCommands), ...run(voucherDecider, voucherCommands), ...run(voucherDecider, refused)];
    const types = new Set(events.map((e) => e.type));
    expect(types.size).toBe(10);
    for (const e of events) {
      const def = billingContract.events.find((x) => x.domainType === e.type)!;
      const published = def.toPublic!(e.data as Record<string, unknown>);
      expect([e.type, ajv.validate(def.schema, published), ajv.errorsText()]).toEqual([e.type, true, 'No errors']);
      expect(JSON.stringify(published)).not.toContain('a reason that stays in billing');
    }
  });
});
