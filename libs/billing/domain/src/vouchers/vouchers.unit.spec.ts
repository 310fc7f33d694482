import { foldEvents, PersonRef, YearMonth } from '@luotsi/kernel';
import { deciderSpec } from '@luotsi/kernel/testing';
import { calculateSettlement } from '../settlement/settlement-lines';
import { capitation, d, serviceFees } from '../testing-fixtures';
import { validUntilOf, voucherDecider, voucherStatusOn, type VoucherCommand, type VoucherEvent } from './voucher-decider';
import { voucherTypeDecider, type VoucherTypeCommand } from './voucher-type-decider';
import { producerStatusOn, visitSplit, voucherValueOf, type ProducerApproval, type VoucherTypeVersion } from './voucher-types';

const physio = (over: Partial<VoucherTypeVersion> = {}): VoucherTypeVersion => ({
  validFrom: d('2027-01-01'),
  service: 'physiotherapy-series',
  name: 'Physiotherapy series after a hip replacement',
  value: { kind: 'fixed', cents: 5_000 },
  validityDays: 90,
  visits: 3,
  ...over,
});
const steps = {
  kind: 'income-steps' as const,
  steps: [
    { fromMonthlyIncomeCents: 0, cents: 6_000 },
    { fromMonthlyIncomeCents: 200_000, cents: 4_500 },
    { fromMonthlyIncomeCents: 350_000, cents: 3_000 },
  ],
};

describe('voucher values and the client share', () => {
  it('takes a fixed value as it is and an income-related one from the step the income falls in', () => {
    expect(voucherValueOf({ kind: 'fixed', cents: 5_000 }, null)).toBe(5_000);
    expect(voucherValueOf(steps, 0)).toBe(6_000);
    expect(voucherValueOf(steps, 199_999)).toBe(6_000);
    expect(voucherValueOf(steps, 200_000)).toBe(4_500);
    expect(voucherValueOf(steps, 1_000_000)).toBe(3_000);
    expect(() => voucherValueOf(steps, null)).toThrow(expect.objectContaining({ code: 'INCOME_REQUIRED' }));
  });

  it('pays the value up to the price; the client pays what the price exceeds it by, never less than nothing', () => {
    expect(visitSplit(5_000, 6_200)).toEqual({ paidCents: 5_000, clientShareCents: 1_200 });
    expect(visitSplit(5_000, 5_000)).toEqual({ paidCents: 5_000, clientShareCents: 0 });
    // A price below the value: the county pays the price and the client nothing.
    expect(visitSplit(5_000, 4_200)).toEqual({ paidCents: 4_200, clientShareCents: 0 });
  });

  it("knows a producer's approval on a date: before it, suspended, resumed, ended", () => {
    const a: ProducerApproval = {
      producerId: 'fysio-oy',
      priceCents: 6_000,
      ownership: 'private',
      approvedFrom: d('2027-01-01'),
      suspensions: [{ from: d('2027-02-01'), to: d('2027-02-15') }],
      endedFrom: d('2027-04-01'),
    };
    expect(producerStatusOn(a, d('2026-12-31'))).toBe('not-approved');
    expect(producerStatusOn(a, d('2027-01-31'))).toBe('approved');
    expect(producerStatusOn(a, d('2027-02-14'))).toBe('suspended');
    expect(producerStatusOn(a, d('2027-02-15'))).toBe('approved');
    expect(producerStatusOn(a, d('2027-04-01'))).toBe('ended');
    expect(producerStatusOn(null, d('2027-01-31'))).toBe('not-approved');
  });
});

const types = deciderSpec(voucherTypeDecider);
const setType = (over: Partial<VoucherTypeVersion> = {}): VoucherTypeCommand => ({
  type: 'SetVoucherType',
  voucherTypeId: 'physio-hip',
  version: physio(over),
  setBy: 'county:anna',
  today: d('2027-01-10'),
});
const approve = (over: Partial<Extract<VoucherTypeCommand, { type: 'ApproveVoucherProducer' }>> = {}): VoucherTypeCommand => ({
  type: 'ApproveVoucherProducer',
  voucherTypeId: 'physio-hip',
  producerId: 'fysio-oy',
  priceCents: 6_000,
  ownership: 'private',
  approvedFrom: d('2027-01-01'),
  decidedBy: 'county:anna',
  today: d('2027-01-10'),
  ...over,
});

describe('voucher types and their producers', () => {
  it('versions a type by validity like the rate tables: the same version again changes nothing', () => {
    const events = types.given([]).when(setType()).events();
    expect(events).toEqual([{ type: 'VoucherTypeSet', data: { ...physio(), voucherTypeId: 'physio-hip', setBy: 'county:anna' } }]);
    types.given(events).when(setType()).then([]);
    expect(
      types
        .given(events)
        .when(setType({ validFrom: d('2027-07-01'), visits: 5 }))
        .events(),
    ).toHaveLength(1);
  });

  it('refuses a version with every problem named at once', () => {
    types
      .given([])
      .when(setType({ validFrom: d('2027-01-15'), visits: 0, validityDays: 0, value: { kind: 'fixed', cents: 0 } }))
      .thenFails('INVALID_VOUCHER_TYPE', {
        problems: [
          'validFrom must be the first day of a month',
          'validityDays must be whole days from 1 to 730',
          'visits must be from 1 to 100',
          'value.cents must be positive whole cents',
        ],
      });
    const rising = {
      kind: 'income-steps' as const,
      steps: [
        { fromMonthlyIncomeCents: 0, cents: 3_000 },
        { fromMonthlyIncomeCents: 100, cents: 4_000 },
      ],
    };
    types
      .given([])
      .when(setType({ value: rising }))
      .thenFails('INVALID_VOUCHER_TYPE');
    types
      .given([])
      .when(setType({ validFrom: d('1999-12-01') }))
      .thenFails('DATE_OUT_OF_RANGE');
    // A value's unknown keys would be stored and published unread: refused.
    const extra = { kind: 'fixed', cents: 5_000, note: 'x' } as unknown as VoucherTypeVersion['value'];
    types
      .given([])
      .when(setType({ value: extra }))
      .thenFails('INVALID_VOUCHER_TYPE', { problems: ['value.note is not a field of a voucher value'] });
  });

  it('approves producers only for a known type, with a positive price; approving the same again changes nothing', () => {
    types.given([]).when(approve()).thenFails('VOUCHER_TYPE_NOT_FOUND');
    const defined = types.given([]).when(setType()).events();
    types
      .given(defined)
      .when(approve({ priceCents: 0 }))
      .thenFails('INVALID_PRICE');
    const approved = [...defined, ...types.given(defined).when(approve()).events()];
    types.given(approved).when(approve()).then([]);
    expect(
      types
        .given(approved)
        .when(approve({ priceCents: 6_500 }))
        .events(),
    ).toHaveLength(1);
  });

  it('suspends, resumes and ends an approval from a date, each once', () => {
    const approved = [...types.given([]).when(setType()).events()];
    approved.push(...types.given(approved).when(approve()).events());
    const suspend: VoucherTypeCommand = {
      type: 'SuspendVoucherProducer',
      voucherTypeId: 'physio-hip',
      producerId: 'fysio-oy',
      from: d('2027-02-01'),
      reason: 'audit',
      decidedBy: 'county:anna',
    };
    const suspended = [...approved, ...types.given(approved).when(suspend).events()];
    types.given(suspended).when(suspend).then([]);
    const resume: VoucherTypeCommand = {
      type: 'ResumeVoucherProducer',
      voucherTypeId: 'physio-hip',
      producerId: 'fysio-oy',
      from: d('2027-02-15'),
      decidedBy: 'x',
    };
    const resumed = [...suspended, ...types.given(suspended).when(resume).events()];
    types.given(resumed).when(resume).then([]);
    const end: VoucherTypeCommand = {
      type: 'EndVoucherProducer',
      voucherTypeId: 'physio-hip',
      producerId: 'fysio-oy',
      from: d('2027-04-01'),
      reason: 'contract ended',
      decidedBy: 'x',
    };
    const ended = [...resumed, ...types.given(resumed).when(end).events()];
    types.given(ended).when(end).then([]);
    types
      .given(ended)
      .when({ ...end, producerId: 'nobody' })
      .thenFails('PRODUCER_NOT_APPROVED');
    const state = foldEvents(voucherTypeDecider, ended);
    expect(state.producers.get('fysio-oy')).toMatchObject({
      suspensions: [{ from: '2027-02-01', to: '2027-02-15' }],
      endedFrom: '2027-04-01',
    });
  });
});

const vouchers = deciderSpec(voucherDecider);
const person = PersonRef.fromUuid('0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
const other = PersonRef.fromUuid('1b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e12');
const grant = (over: Partial<Extract<VoucherCommand, { type: 'GrantVoucher' }>> = {}): VoucherCommand => ({
  type: 'GrantVoucher',
  voucherId: 'vch-1',
  personRef: person,
  voucherTypeId: 'physio-hip',
  version: physio(),
  municipality: '837',
  monthlyIncomeCents: null,
  reason: 'rehabilitation after surgery',
  grantedBy: 'guidance:gunilla',
  today: d('2027-01-20'),
  ...over,
});
const choose = (
  producerId = 'fysio-oy',
  over: Partial<Extract<VoucherCommand, { type: 'ChooseVoucherProducer' }>> = {},
): VoucherCommand => ({
  type: 'ChooseVoucherProducer',
  voucherId: 'vch-1',
  personRef: person,
  producerId,
  channel: 'portal',
  chosenBy: 'resident',
  today: d('2027-01-22'),
  producer: { status: 'approved', priceCents: 6_000 },
  currentProducerEndedFrom: null,
  ...over,
});
const visit = (
  producerSideId: string,
  date: string,
  over: Partial<Extract<VoucherCommand, { type: 'RedeemVoucherVisit' }>> = {},
): VoucherCommand => ({
  type: 'RedeemVoucherVisit',
  voucherId: 'vch-1',
  producerId: 'fysio-oy',
  producerSideId,
  date: d(date),
  today: d('2027-04-30'),
  producerStatusOnDate: 'approved',
  ...over,
});
/** Runs commands in turn, each against the events before it. */
const history = (...commands: VoucherCommand[]): VoucherEvent[] =>
  commands.reduce<VoucherEvent[]>((events, c) => [...events, ...vouchers.given(events).when(c).events()], []);

describe('granting a voucher', () => {
  it('grants it with its value, visits and last day fixed from the version in force', () => {
    expect(vouchers.given([]).when(grant()).events()).toEqual([
      {
        type: 'VoucherGranted',
        data: {
          voucherId: 'vch-1',
          personRef: person,
          voucherTypeId: 'physio-hip',
          service: 'physiotherapy-series',
          municipality: '837',
          valueCents: 5_000,
          visits: 3,
          validFrom: '2027-01-20',
          validUntil: '2027-04-19',
          reason: 'rehabilitation after surgery',
          grantedBy: 'guidance:gunilla',
        },
      },
    ]);
    expect(validUntilOf(d('2027-01-20'), 1)).toBe('2027-01-20');
  });

  it('values an income-related voucher by the step of the income given, and needs the income', () => {
    expect(
      vouchers
        .given([])
        .when(grant({ version: physio({ value: steps }), monthlyIncomeCents: 250_000 }))
        .events()[0],
    ).toMatchObject({
      data: { valueCents: 4_500 },
    });
    vouchers
      .given([])
      .when(grant({ version: physio({ value: steps }) }))
      .thenFails('INCOME_REQUIRED');
    // A malformed income is refused even where the value does not depend on it.
    vouchers
      .given([])
      .when(grant({ monthlyIncomeCents: -1 }))
      .thenFails('INVALID_INCOME');
    vouchers
      .given([])
      .when(grant({ monthlyIncomeCents: 2 ** 53 + 1 }))
      .thenFails('INVALID_INCOME');
  });

  it('needs a reason and a real municipality; a retried grant changes nothing, another under the same id is refused', () => {
    vouchers
      .given([])
      .when(grant({ reason: ' ' }))
      .thenFails('INVALID_REASON');
    vouchers
      .given([])
      .when(grant({ reason: 'see 131052-308T' }))
      .thenFails('INVALID_REASON');
    vouchers
      .given([])
      .when(grant({ municipality: '000' }))
      .thenFails('UNKNOWN_MUNICIPALITY');
    const granted = history(grant());
    vouchers.given(granted).when(grant()).then([]);
    vouchers
      .given(granted)
      .when(grant({ personRef: other }))
      .thenFails('VOUCHER_EXISTS');
  });
});

describe('refusing and choosing', () => {
  it('lets the person refuse the voucher (once); then nothing can be chosen or given against it', () => {
    const refused = history(grant(), {
      type: 'RefuseVoucher',
      voucherId: 'vch-1',
      personRef: person,
      refusedBy: 'resident',
      channel: 'portal',
      today: d('2027-01-21'),
    });
    expect(refused.at(-1)).toMatchObject({ type: 'VoucherRefused', data: { refusedOn: '2027-01-21' } });
    vouchers
      .given(refused)
      .when({
        type: 'RefuseVoucher',
        voucherId: 'vch-1',
        personRef: person,
        refusedBy: 'resident',
        channel: 'portal',
        today: d('2027-01-21'),
      })
      .then([]);
    vouchers.given(refused).when(choose()).thenFails('VOUCHER_REFUSED');
    vouchers.given(refused).when(visit('v-1', '2027-02-01')).thenFails('VOUCHER_REFUSED');
  });

  it("answers another person's voucher as unknown", () => {
    vouchers
      .given(history(grant()))
      .when(choose('fysio-oy', { personRef: other }))
      .thenFails('VOUCHER_NOT_FOUND');
  });

  it('records the choice with its channel and price; the same choice again changes nothing, another is refused while the first stands', () => {
    const chosen = history(grant(), choose('fysio-oy', { channel: 'phone', chosenBy: 'guidance:gunilla' }));
    expect(chosen.at(-1)).toMatchObject({
      type: 'VoucherProducerChosen',
      data: { producerId: 'fysio-oy', priceCents: 6_000, channel: 'phone', chosenBy: 'guidance:gunilla', replacesProducerId: null },
    });
    vouchers.given(chosen).when(choose()).then([]);
    vouchers.given(chosen).when(choose('kunta-fysio')).thenFails('VOUCHER_ALREADY_CHOSEN');
  });

  it('refuses a producer not approved (or suspended) on the day, and a choice after the voucher expired', () => {
    vouchers
      .given(history(grant()))
      .when(choose('x', { producer: null }))
      .thenFails('PRODUCER_NOT_APPROVED');
    vouchers
      .given(history(grant()))
      .when(choose('x', { producer: { status: 'suspended', priceCents: 1 } }))
      .thenFails('PRODUCER_NOT_APPROVED', { status: 'suspended' });
    vouchers
      .given(history(grant()))
      .when(choose('fysio-oy', { today: d('2027-04-20') }))
      .thenFails('VOUCHER_EXPIRED');
  });
});

describe('redeeming visits', () => {
  it('pays a voucher used to its last visit and says it is used up; a further visit is refused per row', () => {
    const events = history(grant(), choose(), visit('v-1', '2027-01-25'), visit('v-2', '2027-02-01'), visit('v-3', '2027-02-08'));
    expect(events.filter((e) => e.type === 'VoucherVisitRedeemed').map((e) => e.data)).toEqual([
      expect.objectContaining({
        producerSideId: 'v-1',
        visitNumber: 1,
        valueCents: 5_000,
        priceCents: 6_000,
        paidCents: 5_000,
        clientShareCents: 1_000,
      }),
      expect.objectContaining({ producerSideId: 'v-2', visitNumber: 2 }),
      expect.objectContaining({ producerSideId: 'v-3', visitNumber: 3 }),
    ]);
    expect(events.at(-1)).toEqual({ type: 'VoucherUsedUp', data: { voucherId: 'vch-1', personRef: person, on: '2027-02-08' } });
    vouchers.given(events).when(visit('v-4', '2027-02-15')).thenFails('VISITS_USED_UP', { visits: 3 });
    // The last row sent again is still a duplicate, not a visit beyond the voucher.
    vouchers.given(events).when(visit('v-3', '2027-02-08')).then([]);
    expect(voucherStatusOn(foldEvents(voucherDecider, events), d('2027-06-01'))).toBe('used-up');
  });

  it("is idempotent by the producer's own id: the same row changes nothing, another visit under it is refused", () => {
    const events = history(grant(), choose(), visit('v-1', '2027-01-25'));
    vouchers.given(events).when(visit('v-1', '2027-01-25')).then([]);
    vouchers.given(events).when(visit('v-1', '2027-01-26')).thenFails('REDEMPTION_ID_CONFLICT', { recordedDate: '2027-01-25' });
  });

  it('lets a voucher expire unused: a visit after its last day is refused, and it reads as expired', () => {
    const events = history(grant(), choose());
    vouchers.given(events).when(visit('v-1', '2027-04-20')).thenFails('VOUCHER_EXPIRED', { validUntil: '2027-04-19' });
    vouchers.given(events).when(visit('v-1', '2027-04-19')).events();
    const state = foldEvents(voucherDecider, events);
    expect(voucherStatusOn(state, d('2027-04-19'))).toBe('chosen');
    expect(voucherStatusOn(state, d('2027-04-20'))).toBe('expired');
    expect(voucherStatusOn(foldEvents(voucherDecider, history(grant())), d('2027-05-01'))).toBe('expired');
  });

  it('refuses visits before the grant, in the future, before any choice, and of a producer not chosen', () => {
    vouchers.given(history(grant())).when(visit('v-1', '2027-01-25')).thenFails('VOUCHER_NOT_CHOSEN');
    const chosen = history(grant(), choose());
    vouchers.given(chosen).when(visit('v-1', '2027-01-19')).thenFails('BEFORE_VOUCHER');
    vouchers
      .given(chosen)
      .when(visit('v-1', '2027-02-01', { today: d('2027-01-31') }))
      .thenFails('FUTURE_DATE');
    vouchers
      .given(chosen)
      .when(visit('v-1', '2027-02-01', { producerId: 'kunta-fysio' }))
      .thenFails('NOT_CHOSEN_PRODUCER');
    vouchers
      .given(chosen)
      .when(visit('v-1', '2027-02-01', { producerStatusOnDate: 'suspended' }))
      .thenFails('PRODUCER_SUSPENDED');
    vouchers.given([]).when(visit('v-1', '2027-02-01')).thenFails('VOUCHER_NOT_FOUND');
  });

  it('lets the person choose again when the producer is ended mid-voucher; the ended one keeps the visits it gave before', () => {
    const before = history(grant(), choose(), visit('v-1', '2027-01-25'));
    // While the first producer is approved the choice stands.
    vouchers
      .given(before)
      .when(choose('kunta-fysio', { today: d('2027-02-10') }))
      .thenFails('VOUCHER_ALREADY_CHOSEN');
    const again = history(
      grant(),
      choose(),
      visit('v-1', '2027-01-25'),
      choose('kunta-fysio', {
        today: d('2027-03-02'),
        channel: 'in-person',
        producer: { status: 'approved', priceCents: 4_200 },
        currentProducerEndedFrom: d('2027-03-01'),
      }),
    );
    expect(again.at(-1)).toMatchObject({ data: { producerId: 'kunta-fysio', replacesProducerId: 'fysio-oy', replacedFrom: '2027-03-01' } });
    // The ended producer's late row for a visit before its end is paid; one after it is refused.
    vouchers.given(again).when(visit('f-2', '2027-02-20')).events();
    vouchers.given(again).when(visit('f-3', '2027-03-05')).thenFails('NOT_CHOSEN_PRODUCER');
    // The new producer's price is below the value: the county pays the price, the client nothing.
    const k = vouchers
      .given(again)
      .when(visit('k-1', '2027-03-05', { producerId: 'kunta-fysio' }))
      .events();
    expect(k[0]).toMatchObject({ data: { visitNumber: 2, priceCents: 4_200, paidCents: 4_200, clientShareCents: 0 } });
  });

  it('refuses a refusal once visits were given', () => {
    vouchers
      .given(history(grant(), choose(), visit('v-1', '2027-01-25')))
      .when({
        type: 'RefuseVoucher',
        voucherId: 'vch-1',
        personRef: person,
        refusedBy: 'resident',
        channel: 'portal',
        today: d('2027-01-26'),
      })
      .thenFails('VOUCHER_IN_USE');
  });
});

describe("a settlement's voucher lines", () => {
  it('adds a line per type and amount paid, and late visits as adjustments naming their month; the total is their sum', () => {
    const month = YearMonth.parse('2027-03');
    const result = calculateSettlement({
      month,
      capitationGroups: [],
      serviceCounts: {},
      lateServiceCounts: [],
      capitation: capitation(),
      fees: serviceFees(),
      feesForMonth: () => serviceFees(),
      unlistedServices: 0,
      voucherCounts: [
        { voucherTypeId: 'physio-hip', unitCents: 5_000, count: 4 },
        { voucherTypeId: 'physio-hip', unitCents: 4_200, count: 1 },
      ],
      lateVoucherCounts: [{ month: YearMonth.parse('2027-02'), voucherTypeId: 'physio-hip', unitCents: 5_000, count: 2 }],
    });
    expect(result.lines).toEqual([
      { kind: 'voucher', voucherTypeId: 'physio-hip', count: 1, unitCents: 4_200, amountCents: 4_200 },
      { kind: 'voucher', voucherTypeId: 'physio-hip', count: 4, unitCents: 5_000, amountCents: 20_000 },
      {
        kind: 'voucher-adjustment',
        correctsMonth: '2027-02',
        voucherTypeId: 'physio-hip',
        count: 2,
        unitCents: 5_000,
        amountCents: 10_000,
      },
    ]);
    expect(result.totalCents).toBe(34_200);
  });

  it('refuses late voucher visits of the month itself', () => {
    expect(() =>
      calculateSettlement({
        month: YearMonth.parse('2027-03'),
        capitationGroups: [],
        serviceCounts: {},
        lateServiceCounts: [],
        capitation: capitation(),
        fees: serviceFees(),
        feesForMonth: () => serviceFees(),
        unlistedServices: 0,
        lateVoucherCounts: [{ month: YearMonth.parse('2027-03'), voucherTypeId: 'physio-hip', unitCents: 5_000, count: 1 }],
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SETTLEMENT_INPUT' }));
  });
});

describe('the remaining refusals, each with its code', () => {
  const defined = () => {
    const events = types.given([]).when(setType()).events();
    return [...events, ...types.given(events).when(approve()).events()];
  };

  it('of voucher types and producers', () => {
    types
      .given([])
      .when({ ...setType(), voucherTypeId: 'Physio Hip' } as VoucherTypeCommand)
      .thenFails('INVALID_VOUCHER_TYPE');
    const typeOnly = types.given([]).when(setType()).events();
    types
      .given(typeOnly)
      .when(approve({ producerId: 'Fysio Oy' }))
      .thenFails('INVALID_PRODUCER');
    types
      .given(typeOnly)
      .when(approve({ ownership: 'mixed' as never }))
      .thenFails('INVALID_OWNERSHIP');
    const base = { voucherTypeId: 'physio-hip', producerId: 'fysio-oy', decidedBy: 'x' };
    types
      .given(defined())
      .when({ type: 'SuspendVoucherProducer', ...base, from: d('2027-02-01'), reason: ' ' })
      .thenFails('INVALID_REASON');
    types
      .given(defined())
      .when({ type: 'EndVoucherProducer', ...base, from: d('2027-02-01'), reason: '' })
      .thenFails('INVALID_REASON');
    // Resuming what is not suspended changes nothing; a resumption before the suspension began is refused.
    types
      .given(defined())
      .when({ type: 'ResumeVoucherProducer', ...base, from: d('2027-02-01') })
      .then([]);
    const suspended = [
      ...defined(),
      ...types
        .given(defined())
        .when({ type: 'SuspendVoucherProducer', ...base, from: d('2027-02-01'), reason: 'audit' })
        .events(),
    ];
    types
      .given(suspended)
      .when({ type: 'ResumeVoucherProducer', ...base, from: d('2027-01-31') })
      .thenFails('INVALID_DATE');
    // A new price keeps the suspension in force.
    const repriced = [
      ...suspended,
      ...types
        .given(suspended)
        .when(approve({ priceCents: 6_500 }))
        .events(),
    ];
    expect(producerStatusOn(foldEvents(voucherTypeDecider, repriced).producers.get('fysio-oy'), d('2027-02-05'))).toBe('suspended');
  });

  it('of grants, choices and refusals', () => {
    vouchers
      .given([])
      .when(grant({ version: physio({ validFrom: d('2027-02-01') }) }))
      .thenFails('NO_VOUCHER_TYPE');
    vouchers
      .given(history(grant()))
      .when(choose('fysio-oy', { channel: 'email' as never }))
      .thenFails('INVALID_CHANNEL');
    const usedUp = history(grant({ version: physio({ visits: 1 }) }), choose(), visit('v-1', '2027-01-25'));
    vouchers
      .given(usedUp)
      .when(choose('kunta-fysio', { currentProducerEndedFrom: d('2027-01-26'), today: d('2027-01-27') }))
      .thenFails('VOUCHER_USED_UP');
    vouchers
      .given(history(grant()))
      .when({
        type: 'RefuseVoucher',
        voucherId: 'vch-1',
        personRef: person,
        refusedBy: 'resident',
        channel: 'portal',
        today: d('2027-04-20'),
      })
      .thenFails('VOUCHER_EXPIRED');
  });

  it('of visits', () => {
    const chosen = history(grant(), choose());
    vouchers.given(chosen).when(visit(' ', '2027-02-01')).thenFails('MISSING_PRODUCER_SIDE_ID');
    vouchers
      .given(chosen)
      .when({ ...(visit('v-1', '2027-02-01') as Extract<VoucherCommand, { type: 'RedeemVoucherVisit' }>), date: '2027-02-30' as never })
      .thenFails('INVALID_DATE');
    vouchers
      .given(chosen)
      .when(visit('v-1', '2027-02-01', { producerStatusOnDate: 'ended' }))
      .thenFails('PRODUCER_NOT_APPROVED');
  });
});
