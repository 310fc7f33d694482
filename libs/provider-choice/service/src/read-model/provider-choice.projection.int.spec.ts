import { projectionSpec, type GivenEvent, type ProjectionSpec } from '@luotsi/messaging/testing';
import { PROVIDER_CHOICE_MIGRATIONS } from './migrations';
import { providerChoiceProjection } from './provider-choice.projection';

const TABLES = ['pc_providers', 'pc_stations', 'pc_residents', 'pc_listings', 'pc_switch_requests'];
const station = (stationId: string, name = stationId) => ({
  stationId,
  name,
  streetAddress: 'Katu 1',
  postalCode: '33720',
  municipalityCode: '837',
  languages: ['fi'],
  services: ['primary-care-reception'],
  openingHours: 'Mon–Fri 8–16',
  accessibility: 'step-free',
});

/** Events of one stream (as stored: plain strings for dates and refs), with the stream's revisions from `from`. */
function stream(streamId: string, events: ReadonlyArray<{ type: string; data: object }>, from = 0): GivenEvent[] {
  return events.map((e, i) => ({ ...e, streamId, revision: from + i }));
}

describe('the provider choice read model (given events, then rows)', () => {
  let spec: ProjectionSpec;
  beforeEach(async () => {
    spec = await projectionSpec(providerChoiceProjection, {
      component: 'provider-choice',
      migrations: PROVIDER_CHOICE_MIGRATIONS,
      tables: TABLES,
    });
  }, 60_000);
  afterEach(async () => spec?.close());

  it("keeps a provider's stations and its status history, termination and returned clients", async () => {
    await spec.given(
      stream('provider-mehilainen', [
        {
          type: 'ProviderRegistered',
          data: {
            providerId: 'mehilainen',
            businessId: '1927400-1',
            name: 'Mehiläinen Oy',
            kind: 'private',
            stations: [station('mehilainen-hervanta')],
            registeredOn: '2026-11-23',
          },
        },
        { type: 'ProviderApproved', data: { providerId: 'mehilainen', approvedFrom: '2027-01-01', decidedBy: 'county:anna' } },
        {
          type: 'ProviderUpdated',
          data: {
            providerId: 'mehilainen',
            name: 'Mehiläinen Oyj',
            stations: [station('mehilainen-hervanta', 'Hervanta'), station('mehilainen-kauppi')],
          },
        },
        {
          type: 'ProviderSuspended',
          data: { providerId: 'mehilainen', suspendedFrom: '2027-03-01', reason: 'audit', decidedBy: 'county:anna' },
        },
        {
          type: 'ProviderTerminated',
          data: {
            providerId: 'mehilainen',
            terminatedFrom: '2027-03-15',
            clientsReturnFrom: '2027-04-01',
            reason: 'contract ended',
            decidedBy: 'county:anna',
          },
        },
      ]),
    );
    expect(
      await spec.rows(
        `SELECT provider_id, business_id, name, kind, timeline, terminated_from::text, clients_return_from::text, returns_done FROM pc_providers`,
      ),
    ).toEqual([
      {
        provider_id: 'mehilainen',
        business_id: '1927400-1',
        name: 'Mehiläinen Oyj',
        kind: 'private',
        timeline: [
          { from: '2027-01-01', status: 'approved' },
          { from: '2027-03-01', status: 'suspended' },
          { from: '2027-03-15', status: 'terminated' },
        ],
        terminated_from: '2027-03-15',
        clients_return_from: '2027-04-01',
        returns_done: false,
      },
    ]);
    expect(await spec.rows('SELECT station_id, provider_id, name, languages FROM pc_stations ORDER BY station_id')).toEqual([
      { station_id: 'mehilainen-hervanta', provider_id: 'mehilainen', name: 'Hervanta', languages: ['fi'] },
      { station_id: 'mehilainen-kauppi', provider_id: 'mehilainen', name: 'mehilainen-kauppi', languages: ['fi'] },
    ]);
    await spec.given(
      stream(
        'provider-mehilainen',
        [{ type: 'ProviderClientsReturned', data: { providerId: 'mehilainen', clientsReturnFrom: '2027-04-01', clients: 2 } }],
        5,
      ),
    );
    expect(await spec.rows('SELECT returns_done FROM pc_providers')).toEqual([{ returns_done: true }]);
  }, 60_000);

  it("keeps a resident's listings, a switch that took effect, and a listing that ended and began again at one station", async () => {
    const p = 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11';
    const person = { birthDate: '1950-03-15', sex: 'female', municipalityCode: '837' };
    const started = (stationId: string, providerId: string, effectiveFrom: string, reason: string, requestId: string | null = null) => ({
      type: 'ListingStarted',
      data: { personRef: p, stationId, providerId, effectiveFrom, reason, requestId, ...person, postalCode: '33710' },
    });
    const ended = (stationId: string, providerId: string, effectiveTo: string, reason: string) => ({
      type: 'ListingEnded',
      data: { personRef: p, stationId, providerId, effectiveTo, reason },
    });
    await spec.given(
      stream(`listing-${p}`, [
        { type: 'ResidentRegistered', data: { personRef: p, ...person, postalCode: '33710', residentFrom: '2018-01-01', eligible: true } },
        started('hervanta', 'tampere', '2018-01-01', 'default'),
        {
          type: 'SwitchRequested',
          data: {
            personRef: p,
            requestId: 'r1',
            stationId: 'mehilainen-hervanta',
            providerId: 'mehilainen',
            effectiveFrom: '2026-12-01',
            requestedOn: '2026-11-23',
            channel: 'portal',
            reason: 'other',
            reasonText: 'nearer to work',
            previousMainUse: 'health-centre',
            requestedBy: `resident:${p}`,
          },
        },
        ended('hervanta', 'tampere', '2026-11-30', 'switched'),
        started('mehilainen-hervanta', 'mehilainen', '2026-12-01', 'choice', 'r1'),
        {
          type: 'ResidentMoved',
          data: {
            personRef: p,
            movedOn: '2027-05-10',
            fromPostalCode: '33710',
            postalCode: '00100',
            municipalityCode: '091',
            eligible: false,
          },
        },
        ended('mehilainen-hervanta', 'mehilainen', '2027-05-31', 'moved-out'),
        {
          type: 'ResidentMoved',
          data: {
            personRef: p,
            movedOn: '2027-08-01',
            fromPostalCode: '00100',
            postalCode: '33710',
            municipalityCode: '837',
            eligible: true,
          },
        },
        started('mehilainen-hervanta', 'mehilainen', '2027-08-01', 'moved'),
      ]),
    );
    expect(
      await spec.rows('SELECT person_ref, postal_code, eligible, last_chosen_from::text, pending_request_id FROM pc_residents'),
    ).toEqual([{ person_ref: p, postal_code: '33710', eligible: true, last_chosen_from: '2026-12-01', pending_request_id: null }]);
    expect(
      await spec.rows(
        'SELECT started_revision, station_id, effective_from::text, effective_to::text, reason, end_reason FROM pc_listings ORDER BY started_revision',
      ),
    ).toEqual([
      {
        started_revision: 1,
        station_id: 'hervanta',
        effective_from: '2018-01-01',
        effective_to: '2026-11-30',
        reason: 'default',
        end_reason: 'switched',
      },
      {
        started_revision: 4,
        station_id: 'mehilainen-hervanta',
        effective_from: '2026-12-01',
        effective_to: '2027-05-31',
        reason: 'choice',
        end_reason: 'moved-out',
      },
      {
        started_revision: 8,
        station_id: 'mehilainen-hervanta',
        effective_from: '2027-08-01',
        effective_to: null,
        reason: 'moved',
        end_reason: null,
      },
    ]);
    expect(await spec.rows('SELECT request_id, status, reason_text, age_at_request, channel FROM pc_switch_requests')).toEqual([
      { request_id: 'r1', status: 'effective', reason_text: 'nearer to work', age_at_request: 76, channel: 'portal' },
    ]);
  }, 60_000);

  it('inserts an import of new residents in bulk, and a cancelled switch clears the pending one', async () => {
    const refs = Array.from({ length: 3 }, (_, i) => `per_00000000-0000-4000-8000-00000000000${i}`);
    await spec.given(
      refs.flatMap((p) =>
        stream(`listing-${p}`, [
          {
            type: 'ResidentRegistered',
            data: {
              personRef: p,
              birthDate: '1990-01-01',
              sex: 'male',
              postalCode: '33530',
              municipalityCode: '837',
              residentFrom: '2020-01-01',
              eligible: true,
            },
          },
          {
            type: 'ListingStarted',
            data: {
              personRef: p,
              stationId: 'kaukajarvi',
              providerId: 'tampere',
              effectiveFrom: '2020-01-01',
              reason: 'default',
              requestId: null,
              birthDate: '1990-01-01',
              sex: 'male',
              postalCode: '33530',
              municipalityCode: '837',
            },
          },
        ]),
      ),
    );
    const p = refs[0]!;
    await spec.given(
      stream(
        `listing-${p}`,
        [
          {
            type: 'SwitchRequested',
            data: {
              personRef: p,
              requestId: 'r2',
              stationId: 'hervanta',
              providerId: 'tampere',
              effectiveFrom: '2027-01-01',
              requestedOn: '2026-11-23',
              channel: 'phone',
              reason: 'good-location',
              reasonText: null,
              previousMainUse: null,
              requestedBy: 'guidance:mika',
            },
          },
          {
            type: 'SwitchCancelled',
            data: { personRef: p, requestId: 'r2', cancelledOn: '2026-11-24', why: 'cancelled', cancelledBy: 'guidance:mika' },
          },
        ],
        2,
      ),
    );
    expect(await spec.rows('SELECT person_ref, station_id, started_revision FROM pc_listings ORDER BY person_ref')).toEqual(
      refs.map((person_ref) => ({ person_ref, station_id: 'kaukajarvi', started_revision: 1 })),
    );
    expect(await spec.rows('SELECT count(*)::int AS n FROM pc_residents WHERE pending_request_id IS NULL')).toEqual([{ n: 3 }]);
    expect(await spec.rows('SELECT request_id, status, cancelled_on::text, cancel_reason, age_at_request FROM pc_switch_requests')).toEqual(
      [{ request_id: 'r2', status: 'cancelled', cancelled_on: '2026-11-24', cancel_reason: 'cancelled', age_at_request: 36 }],
    );
  }, 60_000);
  it("takes a batch's switch requests of several residents together, as one request at a time would land", async () => {
    const refs = Array.from({ length: 3 }, (_, i) => `per_00000000-0000-4000-8000-00000000001${i}`);
    const born = ['1950-06-30', '1990-01-01', '2010-12-31'];
    await spec.given(
      refs.flatMap((p, i) =>
        stream(`listing-${p}`, [
          {
            type: 'ResidentRegistered',
            data: {
              personRef: p,
              birthDate: born[i],
              sex: 'female',
              postalCode: '33530',
              municipalityCode: '837',
              residentFrom: '2020-01-01',
              eligible: true,
            },
          },
        ]),
      ),
    );
    const request = (p: string, requestId: string, stationId: string) => ({
      type: 'SwitchRequested',
      data: {
        personRef: p,
        requestId,
        stationId,
        providerId: 'tampere',
        effectiveFrom: '2027-01-01',
        requestedOn: '2026-11-23',
        channel: 'portal',
        reason: 'good-location',
        reasonText: null,
        previousMainUse: 'yes',
        requestedBy: `resident:${p}`,
      },
    });
    const [a, b, c] = refs as [string, string, string];
    // One batch: a's two requests in a row (the second one replaces the first in the resident's
    // row), b's, b's cancelled and asked again, c's.
    await spec.given([
      { ...request(a, 'ra1', 'hervanta'), streamId: `listing-${a}`, revision: 1 },
      { ...request(a, 'ra2', 'kaukajarvi'), streamId: `listing-${a}`, revision: 2 },
      { ...request(b, 'rb1', 'hervanta'), streamId: `listing-${b}`, revision: 1 },
      {
        type: 'SwitchCancelled',
        data: { personRef: b, requestId: 'rb1', cancelledOn: '2026-11-24', why: 'cancelled', cancelledBy: `resident:${b}` },
        streamId: `listing-${b}`,
        revision: 2,
      },
      { ...request(b, 'rb2', 'mehilainen-hervanta'), streamId: `listing-${b}`, revision: 3 },
      { ...request(c, 'rc1', 'kaukajarvi'), streamId: `listing-${c}`, revision: 1 },
    ]);
    expect(
      await spec.rows(
        'SELECT person_ref, pending_request_id, pending_station_id, pending_effective_from::text FROM pc_residents ORDER BY person_ref',
      ),
    ).toEqual([
      { person_ref: a, pending_request_id: 'ra2', pending_station_id: 'kaukajarvi', pending_effective_from: '2027-01-01' },
      { person_ref: b, pending_request_id: 'rb2', pending_station_id: 'mehilainen-hervanta', pending_effective_from: '2027-01-01' },
      { person_ref: c, pending_request_id: 'rc1', pending_station_id: 'kaukajarvi', pending_effective_from: '2027-01-01' },
    ]);
    const row = (request_id: string, person_ref: string, station_id: string, age_at_request: number, status: string) => ({
      request_id,
      person_ref,
      station_id,
      requested_on: '2026-11-23',
      channel: 'portal',
      previous_main_use: 'yes',
      age_at_request,
      status,
    });
    expect(
      await spec.rows(
        'SELECT request_id, person_ref, station_id, requested_on::text, channel, previous_main_use, age_at_request, status FROM pc_switch_requests ORDER BY request_id',
      ),
    ).toEqual([
      row('ra1', a, 'hervanta', 76, 'pending'),
      row('ra2', a, 'kaukajarvi', 76, 'pending'),
      row('rb1', b, 'hervanta', 36, 'cancelled'),
      row('rb2', b, 'mehilainen-hervanta', 36, 'pending'),
      row('rc1', c, 'kaukajarvi', 15, 'pending'),
    ]);
  }, 60_000);
});
