import { PROVIDER_CHOICE_EVENT_TYPES as T, readProviderChoiceEvent, readProviderStanding } from './provider-choice-events';

describe("reading a provider's standing from provider choice's events, for its voucher approvals", () => {
  it('reads approval, suspension and termination from their dates, and nothing else', () => {
    expect(
      readProviderStanding({ type: T.providerApproved, data: { providerId: 'fysio-oy', approvedFrom: '2027-03-10', decidedBy: 'x' } }),
    ).toEqual({
      kind: 'approved',
      providerId: 'fysio-oy',
      from: '2027-03-10',
    });
    expect(
      readProviderStanding({
        type: T.providerSuspended,
        data: { providerId: 'fysio-oy', suspendedFrom: '2027-03-01', reason: 'audit', decidedBy: 'x' },
      }),
    ).toEqual({ kind: 'suspended', providerId: 'fysio-oy', from: '2027-03-01', reason: 'audit' });
    expect(
      readProviderStanding({
        type: T.providerTerminated,
        data: { providerId: 'fysio-oy', terminatedFrom: '2027-03-15', clientsReturnFrom: '2027-04-01', reason: 'ended', decidedBy: 'x' },
      }),
    ).toEqual({ kind: 'terminated', providerId: 'fysio-oy', from: '2027-03-15', reason: 'ended' });
    expect(readProviderStanding({ type: T.listingStarted, data: {} })).toBeNull();
    // The listings' reader leaves the standing events alone.
    expect(readProviderChoiceEvent({ id: 'e', type: T.providerSuspended, data: {} })).toBeNull();
  });

  it('refuses a malformed one, naming the field', () => {
    expect(() =>
      readProviderStanding({ type: T.providerSuspended, data: { providerId: 'fysio-oy', suspendedFrom: 'soon', reason: 'x' } }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_PUBLIC_EVENT', details: expect.objectContaining({ field: 'suspendedFrom' }) }));
    expect(() =>
      readProviderStanding({ type: T.providerTerminated, data: { providerId: 'fysio-oy', terminatedFrom: '2027-03-15', reason: '' } }),
    ).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'reason' }) }));
  });
});
