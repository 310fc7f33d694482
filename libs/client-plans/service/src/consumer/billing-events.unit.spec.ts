import { BILLING_EVENT_TYPES, readVoucherGranted, readVoucherProgress } from './billing-events';

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

describe("reading billing's later voucher events", () => {
  const ids = { voucherId: data.voucherId, personRef: data.personRef };
  it('takes the voucher, the person, what happened and its date from each of the three', () => {
    expect(
      readVoucherProgress({ type: BILLING_EVENT_TYPES.voucherRefused, data: { ...ids, channel: 'portal', refusedOn: '2027-01-21' } }),
    ).toEqual({ ...ids, progress: 'refused', on: '2027-01-21' });
    expect(
      readVoucherProgress({
        type: BILLING_EVENT_TYPES.voucherProducerChosen,
        data: { ...ids, voucherTypeId: 'physio-hip', producerId: 'fysio-oy', priceCents: 6200, channel: 'phone', chosenOn: '2027-01-22' },
      }),
    ).toEqual({ ...ids, progress: 'producer-chosen', on: '2027-01-22' });
    expect(readVoucherProgress({ type: BILLING_EVENT_TYPES.voucherUsedUp, data: { ...ids, on: '2027-04-02' } })).toEqual({
      ...ids,
      progress: 'used-up',
      on: '2027-04-02',
    });
    expect(readVoucherProgress({ type: BILLING_EVENT_TYPES.voucherGranted, data })).toBeNull();
  });

  it('refuses a malformed one, naming the field and never its value', () => {
    expect(() =>
      readVoucherProgress({
        type: BILLING_EVENT_TYPES.voucherRefused,
        data: { ...ids, personRef: '131052-308T', refusedOn: '2027-01-21' },
      }),
    ).toThrow(
      expect.objectContaining({ code: 'INVALID_PUBLIC_EVENT', details: { type: BILLING_EVENT_TYPES.voucherRefused, field: 'personRef' } }),
    );
    expect(() => readVoucherProgress({ type: BILLING_EVENT_TYPES.voucherUsedUp, data: { ...ids, on: '2027-02-30' } })).toThrow(
      expect.objectContaining({ details: { type: BILLING_EVENT_TYPES.voucherUsedUp, field: 'on' } }),
    );
  });
});
