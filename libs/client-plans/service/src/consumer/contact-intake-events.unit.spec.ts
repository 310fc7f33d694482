import { CONTACT_INTAKE_EVENT_TYPES as T, readContactIntakeEvent } from './contact-intake-events';

const P = 'per_0b7e3f0e-6f0a-4c1e-9c52-2f5a8f3b9a11';
const requested = {
  contactId: 'c-1',
  personRef: P,
  municipality: '837',
  route: 'named-professional',
  destination: 'physiotherapist-12',
  segment: null,
  requestedOn: '2027-01-15',
};

describe("client plans' tolerant reader of contact intake's events", () => {
  it('takes the fields it needs from plan-requested.v1 and ignores what a newer producer adds', () => {
    expect(readContactIntakeEvent({ type: T.planRequested, data: { ...requested, channel: 'chat', queueSeconds: 41 } })).toEqual({
      kind: 'plan-requested',
      data: requested,
    });
  });

  it('reads heavy-user-flagged.v1', () => {
    const data = {
      personRef: P,
      trigger: 'missed-appointments',
      count: 6,
      windowFrom: '2026-10-01',
      windowTo: '2026-12-31',
      flaggedOn: '2027-01-02',
    };
    expect(readContactIntakeEvent({ type: T.heavyUserFlagged, data })).toEqual({ kind: 'heavy-user-flagged', data });
  });

  it('has no use for other events', () => {
    expect(readContactIntakeEvent({ type: 'fi.luotsi.contact-intake.contact-resolved.v1', data: {} })).toBeNull();
  });

  it.each([
    ['personRef', { personRef: '131052-308T' }],
    ['municipality', { municipality: 'Tampere' }],
    ['route', { route: 'resolved' }],
    ['segment', { segment: 'vip' }],
    ['requestedOn', { requestedOn: '15.1.2027' }],
    ['contactId', { contactId: '' }],
  ])('refuses a malformed %s, naming the field and never the value', (field, change) => {
    let error: unknown;
    try {
      readContactIntakeEvent({ type: T.planRequested, data: { ...requested, ...change } });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'INVALID_PUBLIC_EVENT', details: { field } });
    expect(JSON.stringify(error)).not.toContain('131052');
  });
});
