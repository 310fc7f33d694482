import { BILLING_EVENT_TYPES, readVoucherGranted } from './billing-events';

const data = {
  voucherId: 'vch-3f1c2a9e-8b1d-4c4e-9f0a-2b7d6e5c4a31',
  personRef: 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11',
  voucherTypeId: 'physio-hip',
  service: 'physiotherapy-series',
  municipality: '837',
  valueCents: 5000,
  visits: 10,
  validFrom: '2027-01-20',
  validUntil: '2027-04-19',
  grantedBy: 'guidance:gunilla',
};
const read = (d: Record<string, unknown>) => readVoucherGranted({ type: BILLING_EVENT_TYPES.voucherGranted, data: d });

describe("reading billing's voucher-granted event", () => {
  it('takes what a plan shows and ignores the rest, and other billing events', () => {
    expect(read({ ...data, addedLater: true })).toEqual({
      voucherId: data.voucherId,
      personRef: data.personRef,
      service: 'physiotherapy-series',
      validFrom: '2027-01-20',
      validUntil: '2027-04-19',
      grantedBy: 'guidance:gunilla',
    });
    expect(readVoucherGranted({ type: 'fi.luotsi.billing.voucher-refused.v1', data })).toBeNull();
  });

  it('refuses a malformed event, naming the field and never its value', () => {
    for (const [field, value] of [
      ['personRef', '131052-308T'],
      ['voucherId', ''],
      ['validFrom', '2027-02-30'],
      ['validUntil', '2027-01-01'],
      ['service', 'x y'],
    ] as const) {
      let error: unknown;
      try {
        read({ ...data, [field]: value });
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'INVALID_PUBLIC_EVENT', details: { field } });
      expect(JSON.stringify(error)).not.toContain('131052-308T');
    }
  });
});
