import { deciderSpec } from '@luotsi/kernel/testing';
import { listingDecider } from './listing-decider';
import { area, chose, d, hervanta, mehilainen, person, pihlajalinna, registered, switchTo } from './test-fixtures';

const spec = deciderSpec(listingDecider);

describe('requesting a switch', () => {
  it('takes effect on the first day of the next month and records channel, reason and previous main use', () => {
    spec
      .given(registered())
      .when(switchTo(mehilainen, '2026-11-23T10:00:00Z', { channel: 'phone' }))
      .then([
        {
          type: 'SwitchRequested',
          data: {
            personRef: person,
            requestId: 'req-1',
            stationId: 'mehilainen-hervanta',
            providerId: 'mehilainen',
            effectiveFrom: d('2026-12-01'),
            requestedOn: d('2026-11-23'),
            channel: 'phone',
            reason: 'good-location',
            reasonText: null,
            previousMainUse: 'health-centre',
            requestedBy: 'resident',
          },
        },
      ]);
  });

  it('crosses the year boundary when requested in December', () => {
    const [event] = spec.given(registered()).when(switchTo(mehilainen, '2026-12-31T12:00:00Z')).events();
    expect(event).toMatchObject({ type: 'SwitchRequested', data: { effectiveFrom: '2027-01-01', requestedOn: '2026-12-31' } });
  });

  it("counts a request at 23:30 Helsinki time on a month's last day as that day (winter, UTC+2)", () => {
    // 2027-01-31 23:30 in Helsinki is 21:30 UTC: still January, so the switch is from 1 February.
    const [event] = spec.given(registered()).when(switchTo(mehilainen, '2027-01-31T21:30:00Z')).events();
    expect(event).toMatchObject({ data: { requestedOn: '2027-01-31', effectiveFrom: '2027-02-01' } });
  });

  it('counts 00:30 Helsinki time on the first as the new month (summer, UTC+3)', () => {
    // 2027-06-30 21:30 UTC is 2027-07-01 00:30 in Helsinki: the switch is from 1 August.
    const [event] = spec.given(registered()).when(switchTo(mehilainen, '2027-06-30T21:30:00Z')).events();
    expect(event).toMatchObject({ data: { requestedOn: '2027-07-01', effectiveFrom: '2027-08-01' } });
  });

  it('accepts a later month start that the resident asks for', () => {
    const [event] = spec
      .given(registered())
      .when(switchTo(mehilainen, '2026-11-23T10:00:00Z', { effectiveFrom: d('2027-03-01') }))
      .events();
    expect(event).toMatchObject({ data: { effectiveFrom: '2027-03-01' } });
  });

  it('rejects an effective date that is not a month start, naming the earliest', () => {
    spec
      .given(registered())
      .when(switchTo(mehilainen, '2026-11-23T10:00:00Z', { effectiveFrom: d('2027-03-15') }))
      .thenFails('INVALID_EFFECTIVE_DATE', { earliestEffectiveDate: '2026-12-01' });
  });

  it('rejects an effective date in the past or this month', () => {
    spec
      .given(registered())
      .when(switchTo(mehilainen, '2026-11-23T10:00:00Z', { effectiveFrom: d('2026-11-01') }))
      .thenFails('SWITCH_TOO_SOON', { earliestEffectiveDate: '2026-12-01' });
  });

  describe('the three-month rule', () => {
    it('lets a default listing switch at once: the default does not start the clock', () => {
      const [event] = spec.given(registered('2026-10-01')).when(switchTo(mehilainen, '2026-10-02T10:00:00Z')).events();
      expect(event).toMatchObject({ data: { effectiveFrom: '2026-11-01' } });
    });

    it('chosen 1 February → the next change takes effect 1 May at the earliest', () => {
      const history = [...registered(), ...chose(mehilainen, '2027-02-01')];
      spec
        .given(history)
        .when(switchTo(pihlajalinna, '2027-02-10T10:00:00Z'))
        .thenFails('SWITCH_TOO_SOON', { earliestEffectiveDate: '2027-05-01', requestedEffectiveDate: '2027-03-01' });
      spec
        .given(history)
        .when(switchTo(pihlajalinna, '2027-03-31T20:59:00Z'))
        .thenFails('SWITCH_TOO_SOON', { earliestEffectiveDate: '2027-05-01' });
      const [ok] = spec.given(history).when(switchTo(pihlajalinna, '2027-04-01T08:00:00Z')).events();
      expect(ok).toMatchObject({ data: { effectiveFrom: '2027-05-01' } });
    });

    it('a request before the period is over may ask for the earliest allowed month', () => {
      const history = [...registered(), ...chose(mehilainen, '2027-02-01')];
      const [ok] = spec
        .given(history)
        .when(switchTo(pihlajalinna, '2027-02-10T10:00:00Z', { effectiveFrom: d('2027-05-01') }))
        .events();
      expect(ok).toMatchObject({ data: { effectiveFrom: '2027-05-01' } });
    });

    it('works across the year and at a leap February: chosen 1 December 2027 → 1 March 2028', () => {
      const history = [...registered(), ...chose(mehilainen, '2027-12-01')];
      spec
        .given(history)
        .when(switchTo(pihlajalinna, '2028-01-31T10:00:00Z'))
        .thenFails('SWITCH_TOO_SOON', { earliestEffectiveDate: '2028-03-01' });
      // 29 February 2028 (leap day), 23:30 Helsinki: still February, so 1 March — exactly three months.
      const [ok] = spec.given(history).when(switchTo(pihlajalinna, '2028-02-29T21:30:00Z')).events();
      expect(ok).toMatchObject({ data: { requestedOn: '2028-02-29', effectiveFrom: '2028-03-01' } });
    });

    it('uses the configured period', () => {
      const history = [...registered(), ...chose(mehilainen, '2027-02-01')];
      const yearly = { ...switchTo(pihlajalinna, '2027-04-01T08:00:00Z'), area: { ...area, switchPeriodMonths: 12 } };
      spec.given(history).when(yearly).thenFails('SWITCH_TOO_SOON', { earliestEffectiveDate: '2028-02-01', switchPeriodMonths: 12 });
    });
  });

  describe('refusals that write nothing', () => {
    it('NOT_ELIGIBLE for someone not registered, deceased, or outside the area', () => {
      spec.given([]).when(switchTo(mehilainen, '2026-11-23T10:00:00Z')).thenFails('NOT_ELIGIBLE', { why: 'not a registered resident' });
      spec
        .given([...registered(), { type: 'ResidentDied', data: { personRef: person, diedOn: d('2026-10-01') } }])
        .when(switchTo(mehilainen, '2026-11-23T10:00:00Z'))
        .thenFails('NOT_ELIGIBLE', { why: 'deceased' });
      const movedOut = [
        ...registered(),
        {
          type: 'ResidentMoved' as const,
          data: {
            personRef: person,
            movedOn: d('2026-10-01'),
            fromPostalCode: '33710',
            postalCode: '00100',
            municipalityCode: '091',
            eligible: false,
          },
        },
      ];
      spec
        .given(movedOut)
        .when(switchTo(mehilainen, '2026-11-23T10:00:00Z'))
        .thenFails('NOT_ELIGIBLE', { why: 'lives outside the choice area', postalCode: '00100' });
    });

    it('PROVIDER_NOT_APPROVED when the provider is not approved on the effective date', () => {
      const notYet = { ...mehilainen, timeline: [{ from: d('2027-01-01'), status: 'approved' as const }] };
      spec
        .given(registered())
        .when(switchTo(notYet, '2026-11-23T10:00:00Z'))
        .thenFails('PROVIDER_NOT_APPROVED', { effectiveFrom: '2026-12-01' });
      const suspended = { ...mehilainen, timeline: [...mehilainen.timeline, { from: d('2026-11-15'), status: 'suspended' as const }] };
      spec.given(registered()).when(switchTo(suspended, '2026-11-23T10:00:00Z')).thenFails('PROVIDER_NOT_APPROVED');
      const registeredOnly = { ...mehilainen, timeline: [] };
      spec.given(registered()).when(switchTo(registeredOnly, '2026-11-23T10:00:00Z')).thenFails('PROVIDER_NOT_APPROVED');
    });

    it('STATION_NOT_FOUND for an unknown station', () => {
      spec
        .given(registered())
        .when({ ...switchTo(mehilainen, '2026-11-23T10:00:00Z'), target: null, requestedStationId: 'nowhere' })
        .thenFails('STATION_NOT_FOUND', { stationId: 'nowhere' });
    });

    it('ALREADY_LISTED with the same station', () => {
      spec.given(registered()).when(switchTo(hervanta, '2026-11-23T10:00:00Z')).thenFails('ALREADY_LISTED', { stationId: 'hervanta' });
    });

    it('SWITCH_PENDING while another switch waits, unless it replaces it', () => {
      const pending = [...registered(), ...spec.given(registered()).when(switchTo(mehilainen, '2026-11-23T10:00:00Z')).events()];
      spec
        .given(pending)
        .when({ ...switchTo(pihlajalinna, '2026-11-24T10:00:00Z'), requestId: 'req-2' })
        .thenFails('SWITCH_PENDING', { pendingRequestId: 'req-1', effectiveFrom: '2026-12-01' });
      const replaced = spec
        .given(pending)
        .when({ ...switchTo(pihlajalinna, '2026-11-24T10:00:00Z', { replacePending: true }), requestId: 'req-2' })
        .events();
      expect(replaced.map((e) => e.type)).toEqual(['SwitchCancelled', 'SwitchRequested']);
      expect(replaced[0]).toMatchObject({ data: { requestId: 'req-1', why: 'replaced' } });
      expect(replaced[1]).toMatchObject({ data: { requestId: 'req-2', stationId: 'pihlajalinna-hervanta' } });
    });

    it('field errors: reason "other" needs text; unknown channel', () => {
      spec
        .given(registered())
        .when({ ...switchTo(mehilainen, '2026-11-23T10:00:00Z'), reason: 'other' })
        .thenFails('REASON_TEXT_REQUIRED', { field: 'reasonText' });
      spec
        .given(registered())
        .when({ ...switchTo(mehilainen, '2026-11-23T10:00:00Z'), channel: 'fax' as never })
        .thenFails('INVALID_CHANNEL');
    });

    it('keeps the free text only for "other"', () => {
      const [event] = spec
        .given(registered())
        .when({ ...switchTo(mehilainen, '2026-11-23T10:00:00Z'), reason: 'other', reasonText: '  close to my daughter  ' })
        .events();
      expect(event).toMatchObject({ data: { reason: 'other', reasonText: 'close to my daughter' } });
    });
  });
});

describe('who may use a channel, and what free text may hold', () => {
  it("the portal is the resident's own; phone and in-person are a guidance worker's (CHANNEL_MISMATCH)", () => {
    spec
      .given(registered())
      .when({ ...switchTo(mehilainen, '2026-11-23T10:00:00Z'), requesterRole: 'guidance' })
      .thenFails('CHANNEL_MISMATCH', { channel: 'portal', role: 'guidance' });
    spec
      .given(registered())
      .when({ ...switchTo(mehilainen, '2026-11-23T10:00:00Z', { channel: 'phone' }), requesterRole: 'resident' })
      .thenFails('CHANNEL_MISMATCH', { channel: 'phone' });
    spec
      .given(registered())
      .when({ ...switchTo(mehilainen, '2026-11-23T10:00:00Z', { channel: 'in-person' }), requesterRole: 'county' })
      .thenFails('CHANNEL_MISMATCH');
  });

  it('refuses an identity code in the reason text or the ids, naming only the field', () => {
    spec
      .given(registered())
      .when({ ...switchTo(mehilainen, '2026-11-23T10:00:00Z'), reason: 'other', reasonText: 'my code is 131052-308T' })
      .thenFails('IDENTITY_CODE_NOT_ALLOWED', { field: 'reasonText' });
    spec
      .given(registered())
      .when({ ...switchTo(mehilainen, '2026-11-23T10:00:00Z'), requestId: '131052A308T' })
      .thenFails('IDENTITY_CODE_NOT_ALLOWED', { field: 'requestId' });
    spec
      .given([...registered(), ...spec.given(registered()).when(switchTo(mehilainen, '2026-11-23T10:00:00Z')).events()])
      .when({ type: 'CancelSwitch', personRef: person, requestId: null, today: d('2026-11-24'), cancelledBy: 'guidance:131052-308T' })
      .thenFails('IDENTITY_CODE_NOT_ALLOWED', { field: 'cancelledBy' });
  });
});
