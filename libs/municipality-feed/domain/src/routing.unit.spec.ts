import { INBOUND, type InboundEvent } from './inbound';
import { routeBatch, type ResidentState } from './routing';

let n = 0;
const ev = (type: string, data: Record<string, unknown>): InboundEvent => ({
  id: `e-${++n}`,
  type,
  subject: 's',
  time: '2027-01-01T00:00:00Z',
  data,
});
const registered = (personRef: string, municipalityCode: string) =>
  ev(INBOUND.residentRegistered, {
    personRef,
    birthDate: '1950-03-15',
    sex: 'female',
    postalCode: '33710',
    municipalityCode,
    residentFrom: '2018-01-01',
    eligible: true,
  });
const listed = (personRef: string, providerId: string, effectiveFrom: string, reason = 'default') =>
  ev(INBOUND.listingStarted, {
    personRef,
    stationId: `${providerId}-1`,
    providerId,
    effectiveFrom,
    reason,
    requestId: null,
    birthDate: '1950-03-15',
    sex: 'female',
    postalCode: '33710',
    municipalityCode: '837',
  });
const moved = (personRef: string, municipalityCode: string, movedOn: string) =>
  ev(INBOUND.residentMoved, { personRef, movedOn, fromPostalCode: '33710', postalCode: '00100', municipalityCode, eligible: true });

describe('the router', () => {
  it('sends a resident’s events only to their municipality, without birth date, sex or postal code', () => {
    const { entries, states } = routeBatch(
      [registered('p1', '837'), listed('p1', 'tampere', '2027-01-01'), registered('p2', '091')],
      new Map(),
    );
    const flat = entries.flatMap((e) => e.entries);
    expect(flat.map((e) => [e.municipality, e.type])).toEqual([
      ['837', 'resident-registered'],
      ['837', 'listing-started'],
      ['091', 'resident-registered'],
    ]);
    for (const e of flat) {
      const json = JSON.stringify(e.data);
      expect(json).not.toMatch(/birthDate|sex|postalCode|1950-03-15|33710/);
    }
    expect(states.get('p1')).toMatchObject({ municipality: '837', listing: { providerId: 'tampere', municipality: '837' } });
  });

  it('a move from A to B: A gets the move-out, B the move-in with the current listing, and then B the rest', () => {
    const { entries } = routeBatch(
      [
        registered('p1', '837'),
        listed('p1', 'tampere', '2027-01-01'),
        moved('p1', '091', '2027-02-10'),
        ev(INBOUND.listingEnded, {
          personRef: 'p1',
          stationId: 'tampere-1',
          providerId: 'tampere',
          effectiveTo: '2027-02-28',
          reason: 'moved',
        }),
        listed('p1', 'helsinki', '2027-03-01', 'moved'),
        ev(INBOUND.residentDied, { personRef: 'p1', diedOn: '2027-05-01' }),
      ],
      new Map(),
    );
    expect(entries.flatMap((e) => e.entries).map((e) => [e.municipality, e.type])).toEqual([
      ['837', 'resident-registered'],
      ['837', 'listing-started'],
      ['837', 'resident-moved-out'],
      ['091', 'resident-moved-in'],
      ['091', 'listing-ended'],
      ['091', 'listing-started'],
      ['091', 'resident-died'],
    ]);
    const moveIn = entries.flatMap((e) => e.entries).find((e) => e.type === 'resident-moved-in')!;
    expect(moveIn.data).toEqual({
      personRef: 'p1',
      movedInOn: '2027-02-10',
      eligible: true,
      listing: { providerId: 'tampere', stationId: 'tampere-1', since: '2027-01-01' },
    });
  });

  it('a listing that ends with a move-out goes to the municipality that saw it start', () => {
    const loaded = new Map<string, ResidentState>([
      [
        'p1',
        {
          personRef: 'p1',
          municipality: '837',
          eligible: true,
          listing: { providerId: 'x', stationId: 'x-1', since: '2027-01-01', municipality: '837' },
        },
      ],
    ]);
    const { entries } = routeBatch(
      [
        ev(INBOUND.listingEnded, { personRef: 'p1', stationId: 'x-1', providerId: 'x', effectiveTo: '2027-02-28', reason: 'moved-out' }),
        moved('p1', '091', '2027-03-01'),
      ],
      loaded,
    );
    expect(entries.flatMap((e) => e.entries).map((e) => [e.municipality, e.type])).toEqual([
      ['837', 'listing-ended'],
      ['837', 'resident-moved-out'],
      ['091', 'resident-moved-in'],
    ]);
    expect(entries.flatMap((e) => e.entries).at(-1)!.data).toMatchObject({ listing: null });
  });

  it('a move within one municipality sends nothing (the postal code is not the municipality’s business)', () => {
    const { entries } = routeBatch([registered('p1', '837'), moved('p1', '837', '2027-02-10')], new Map());
    expect(entries.flatMap((e) => e.entries).map((e) => e.type)).toEqual(['resident-registered']);
  });

  it('billing’s fees reach the resident’s municipality without the person; services without the person', () => {
    const { entries } = routeBatch(
      [
        registered('p1', '837'),
        ev(INBOUND.clientFeeCharged, {
          personRef: 'p1',
          year: 2027,
          visitId: 'v1',
          date: '2027-03-09',
          serviceType: 'doctor-visit',
          listPriceCents: 2390,
          chargedCents: 2390,
          countsTowardCap: true,
          accumulatedCents: 2390,
        }),
        ev(INBOUND.serviceRecorded, {
          providerId: 'tampere',
          providerSideId: 'T-1',
          personRef: 'p1',
          serviceType: 'doctor-visit',
          date: '2027-03-09',
          stationId: 'tampere-1',
          noShow: false,
          listedAtReport: true,
        }),
      ],
      new Map(),
    );
    const [fee, service] = entries.slice(1).map((e) => e.entries[0]!);
    expect(fee).toMatchObject({ municipality: '837', type: 'client-fee-collected', subject: 'client-fees' });
    expect(JSON.stringify(fee!.data)).not.toContain('p1');
    expect(JSON.stringify(service!.data)).not.toContain('p1');
  });

  it('contact intake’s and client plans’ events slot in (tolerant readers of the agreed shapes)', () => {
    const { entries } = routeBatch(
      [
        registered('p1', '837'),
        ev(INBOUND.planRequested, {
          contactId: 'c1',
          personRef: 'p1',
          municipality: '091',
          route: 'named-service',
          destination: 'social-services',
          segment: 'supported',
          requestedOn: '2027-03-01',
          addedLater: 'ignored',
        }),
        ev(INBOUND.heavyUserFlagged, {
          personRef: 'p1',
          trigger: 'frequent-visits',
          count: 9,
          windowFrom: '2027-01-01',
          windowTo: '2027-03-01',
          flaggedOn: '2027-03-02',
        }),
        ev(INBOUND.planCreated, {
          planId: 'pl1',
          personRef: 'p1',
          responsibleOrganisation: 'pirkanmaa',
          status: 'draft',
          municipality: null,
          version: 1,
        }),
      ],
      new Map(),
    );
    expect(entries.slice(1).map((e) => [e.entries[0]!.municipality, e.entries[0]!.type])).toEqual([
      ['091', 'client-plan-requested'],
      ['837', 'frequent-contact-flagged'],
      ['837', 'client-plan-status'],
    ]);
    // The segment (a need classification) and the destination stay out of the municipality's feed.
    expect(entries[1]!.entries[0]!.data).toEqual({ contactId: 'c1', personRef: 'p1', route: 'named-service', requestedOn: '2027-03-01' });
  });

  it('an event it cannot read is set aside for the dead letters and changes no state; an unknown municipality too', () => {
    const { entries, unreadable, states } = routeBatch(
      [
        ev(INBOUND.residentRegistered, { personRef: 'p1', municipalityCode: '999', residentFrom: '2018-01-01', eligible: true }),
        ev(INBOUND.residentMoved, { personRef: 'p2' }),
      ],
      new Map(),
    );
    expect(entries).toEqual([]);
    expect(states.size).toBe(0);
    expect(unreadable.map((u) => u.error.field)).toEqual(['municipalityCode', 'municipalityCode']);
  });

  it('types it does not map are passed over', () => {
    expect(routeBatch([ev('fi.luotsi.provider-choice.switch-requested.v1', { personRef: 'p1' })], new Map()).entries).toEqual([]);
  });
});
