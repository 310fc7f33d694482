import { foldEvents, LocalDate, PersonRef } from '@luotsi/kernel';
import { projectionSpec, type GivenEvent, type ProjectionSpec } from '@luotsi/messaging/testing';
import {
  voucherDecider,
  voucherStream,
  voucherTypeDecider,
  voucherTypeStream,
  type VoucherCommand,
  type VoucherTypeCommand,
} from '@luotsi/billing-domain';
import { billingProjection } from './billing.projection';
import { BILLING_MIGRATIONS, BILLING_TABLES } from './migrations';

const AINO = PersonRef.fromUuid('0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
const d = LocalDate.parse;

/** The events the deciders decide for these commands in turn, as the projection receives them. */
function decided<C, E extends { type: string; data: unknown }, S>(
  decider: { decide(c: C, s: S): E[]; evolve(s: S, e: E): S; initialState(): S },
  streamId: string,
  commands: C[],
): GivenEvent[] {
  const events: E[] = [];
  for (const c of commands) events.push(...decider.decide(c, foldEvents(decider, events)));
  return events.map((e) => ({ type: e.type, data: e.data, streamId }));
}

const typeCommands: VoucherTypeCommand[] = [
  {
    type: 'SetVoucherType',
    voucherTypeId: 'physio-hip',
    version: {
      validFrom: d('2027-01-01'),
      service: 'physiotherapy-series',
      name: 'Physiotherapy',
      value: { kind: 'fixed', cents: 5_000 },
      validityDays: 60,
      visits: 2,
    },
    setBy: 'county:anna',
    today: d('2027-01-10'),
  },
  {
    type: 'ApproveVoucherProducer',
    voucherTypeId: 'physio-hip',
    producerId: 'fysio-oy',
    priceCents: 6_200,
    ownership: 'private',
    approvedFrom: d('2027-01-01'),
    decidedBy: 'county:anna',
    today: d('2027-01-10'),
  },
  {
    type: 'SuspendVoucherProducer',
    voucherTypeId: 'physio-hip',
    producerId: 'fysio-oy',
    from: d('2027-02-01'),
    reason: 'audit',
    decidedBy: 'x',
  },
  { type: 'ResumeVoucherProducer', voucherTypeId: 'physio-hip', producerId: 'fysio-oy', from: d('2027-02-10'), decidedBy: 'x' },
  {
    type: 'EndVoucherProducer',
    voucherTypeId: 'physio-hip',
    producerId: 'fysio-oy',
    from: d('2027-04-01'),
    reason: 'ended',
    decidedBy: 'x',
  },
];
const version = (typeCommands[0] as Extract<VoucherTypeCommand, { type: 'SetVoucherType' }>).version;
const voucherCommands: VoucherCommand[] = [
  {
    type: 'GrantVoucher',
    voucherId: 'vch-1',
    personRef: AINO,
    voucherTypeId: 'physio-hip',
    version,
    municipality: '837',
    monthlyIncomeCents: null,
    reason: 'rehabilitation',
    grantedBy: 'guidance:g',
    today: d('2027-01-15'),
  },
  {
    type: 'ChooseVoucherProducer',
    voucherId: 'vch-1',
    personRef: AINO,
    producerId: 'fysio-oy',
    channel: 'phone',
    chosenBy: 'guidance:g',
    today: d('2027-01-16'),
    producer: { status: 'approved', priceCents: 6_200 },
    currentProducerEndedFrom: null,
  },
  ...['F-1', 'F-2'].map((id, i): VoucherCommand => ({
    type: 'RedeemVoucherVisit',
    voucherId: 'vch-1',
    producerId: 'fysio-oy',
    producerSideId: id,
    date: d(`2027-01-2${i}`),
    today: d('2027-01-31'),
    producerStatusOnDate: 'approved',
  })),
];

describe("billing's projection of service vouchers: given events, then rows", () => {
  let spec: ProjectionSpec;
  beforeEach(async () => {
    spec = await projectionSpec(billingProjection, { component: 'billing', migrations: BILLING_MIGRATIONS, tables: BILLING_TABLES });
  }, 60_000);
  afterEach(async () => spec?.close());

  it("keeps a type's versions and a producer's approval with its suspensions and end", async () => {
    await spec.given(decided(voucherTypeDecider, voucherTypeStream('physio-hip'), typeCommands));
    expect(await spec.rows(`SELECT voucher_type_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from FROM bl_voucher_types`)).toEqual([
      { voucher_type_id: 'physio-hip', valid_from: '2027-01-01' },
    ]);
    expect(
      await spec.rows(
        `SELECT producer_id, price_cents::int AS price, ownership, suspensions, to_char(ended_from, 'YYYY-MM-DD') AS ended_from FROM bl_voucher_producers`,
      ),
    ).toEqual([
      {
        producer_id: 'fysio-oy',
        price: 6_200,
        ownership: 'private',
        suspensions: [{ from: '2027-02-01', to: '2027-02-10' }],
        ended_from: '2027-04-01',
      },
    ]);
  });

  it('follows a voucher from its grant to its last visit, one row per visit', async () => {
    await spec.given(decided(voucherDecider, voucherStream('vch-1'), voucherCommands));
    expect(
      await spec.rows(
        `SELECT voucher_id, status, producer_id, channel, visits_used, to_char(valid_until, 'YYYY-MM-DD') AS valid_until FROM bl_vouchers`,
      ),
    ).toEqual([
      { voucher_id: 'vch-1', status: 'used-up', producer_id: 'fysio-oy', channel: 'phone', visits_used: 2, valid_until: '2027-03-15' },
    ]);
    expect(
      await spec.rows(
        `SELECT producer_side_id, paid_cents::int AS paid, client_share_cents::int AS share, adjusted_in FROM bl_voucher_visits ORDER BY 1`,
      ),
    ).toEqual([
      { producer_side_id: 'F-1', paid: 5_000, share: 1_200, adjusted_in: null },
      { producer_side_id: 'F-2', paid: 5_000, share: 1_200, adjusted_in: null },
    ]);
  });
});
