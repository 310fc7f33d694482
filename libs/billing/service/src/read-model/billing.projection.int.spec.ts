import { projectionSpec, type GivenEvent, type ProjectionSpec } from '@luotsi/messaging/testing';
import { serviceStream, settlementStream } from '@luotsi/billing-domain';
import { billingProjection } from './billing.projection';
import { BILLING_MIGRATIONS, BILLING_TABLES } from './migrations';

const AINO = 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11';
const EERO = 'per_1c7f2b7d-3a8f-4d2f-8e8b-4b2a1d3c0f22';

const provider = (providerId: string, stationIds: string[], n: number): GivenEvent => ({
  type: 'ProviderObserved',
  streamId: `blprovider-${providerId}`,
  data: { providerId, stationIds, sourceEventId: `src-p${n}` },
});
const started = (personRef: string, n: number, over: Record<string, unknown> = {}): GivenEvent => ({
  type: 'ListingObserved',
  streamId: `blisting-${personRef}`,
  data: {
    kind: 'started',
    personRef,
    providerId: 'mehilainen',
    stationId: 'mehilainen-hervanta',
    effectiveFrom: '2027-01-01',
    birthDate: '1950-03-15',
    sex: 'female',
    sourceEventId: `src-l${n}`,
    ...over,
  },
});
const service = (providerSideId: string, over: Record<string, unknown> = {}): GivenEvent => ({
  type: 'ServiceRecorded',
  streamId: serviceStream('mehilainen', providerSideId),
  data: {
    providerId: 'mehilainen',
    providerSideId,
    personRef: AINO,
    serviceType: 'doctor-visit',
    date: '2027-02-03',
    stationId: 'mehilainen-hervanta',
    noShow: false,
    listedAtReport: true,
    ...over,
  },
});
const figures = (adjustedServices: string[] = []) => ({
  lines: [{ kind: 'service', serviceType: 'doctor-visit', count: 1, unitCents: 4_500, amountCents: 4_500 }],
  totalCents: 4_500,
  unlistedServices: 0,
  adjustedServices,
  inputPosition: 5,
});

describe("billing's projection: given events, then rows", () => {
  let spec: ProjectionSpec;
  beforeEach(async () => {
    spec = await projectionSpec(billingProjection, { component: 'billing', migrations: BILLING_MIGRATIONS, tables: BILLING_TABLES });
  }, 60_000);
  afterEach(async () => spec?.close());

  it('lists clients from the observed listings, ends them, and keeps a station with its first owner', async () => {
    await spec.given([
      provider('mehilainen', ['mehilainen-hervanta'], 1),
      provider('newcomer', ['mehilainen-hervanta', 'newcomer-1'], 2),
      started(AINO, 1),
      started(EERO, 2, { birthDate: '1985-07-01', sex: 'male' }),
      {
        type: 'ListingObserved',
        streamId: `blisting-${EERO}`,
        data: {
          kind: 'ended',
          personRef: EERO,
          providerId: 'mehilainen',
          stationId: 'mehilainen-hervanta',
          effectiveTo: '2027-03-31',
          sourceEventId: 'src-l3',
        },
      },
    ]);
    expect(await spec.rows('SELECT station_id, provider_id FROM bl_stations ORDER BY 1')).toEqual([
      { station_id: 'mehilainen-hervanta', provider_id: 'mehilainen' },
      { station_id: 'newcomer-1', provider_id: 'newcomer' },
    ]);
    expect(
      await spec.rows(
        `SELECT person_ref, provider_id, effective_from::text AS "from", effective_to::text AS "to", birth_date::text AS born, sex FROM bl_listings ORDER BY person_ref`,
      ),
    ).toEqual([
      { person_ref: AINO, provider_id: 'mehilainen', from: '2027-01-01', to: null, born: '1950-03-15', sex: 'female' },
      { person_ref: EERO, provider_id: 'mehilainen', from: '2027-01-01', to: '2027-03-31', born: '1985-07-01', sex: 'male' },
    ]);
  }, 60_000);

  it('keeps each reported service once, at its position, and the last input position', async () => {
    await spec.given([service('M-1'), service('M-2', { serviceType: 'nurse-visit', noShow: true }), service('M-1')]);
    await spec.given([
      service('M-3', { date: '2027-02-20' }),
      {
        type: 'AdjustmentRecorded',
        streamId: serviceStream('mehilainen', 'M-3'),
        data: { providerId: 'mehilainen', providerSideId: 'M-3', correctsMonth: '2027-02', serviceType: 'doctor-visit' },
      },
    ]);
    expect(
      await spec.rows(
        'SELECT provider_side_id AS id, service_type AS type, service_date::text AS date, no_show, global_position::int AS position, adjusted_in FROM bl_services ORDER BY 1',
      ),
    ).toEqual([
      { id: 'M-1', type: 'doctor-visit', date: '2027-02-03', no_show: false, position: 1, adjusted_in: null },
      { id: 'M-2', type: 'nurse-visit', date: '2027-02-03', no_show: true, position: 2, adjusted_in: null },
      { id: 'M-3', type: 'doctor-visit', date: '2027-02-20', no_show: false, position: 4, adjusted_in: null },
    ]);
    expect(await spec.rows('SELECT position::int AS position FROM bl_input_position')).toEqual([{ position: 5 }]);
  }, 60_000);

  it('keeps a settlement from draft to approved to exported, and marks the late services it paid', async () => {
    const late = serviceStream('mehilainen', 'LATE-1');
    const stream = settlementStream('mehilainen', '2027-03');
    const meta = { providerId: 'mehilainen', month: '2027-03' };
    await spec.given([
      service('LATE-1', { date: '2027-02-20' }),
      {
        type: 'SettlementCalculated',
        streamId: stream,
        data: { ...meta, calculatedBy: 'finance:eeva', calculatedOn: '2027-04-01', ...figures() },
      },
      {
        type: 'SettlementCalculated',
        streamId: stream,
        data: { ...meta, calculatedBy: 'finance:eeva', calculatedOn: '2027-04-02', ...figures([late]) },
      },
      {
        type: 'SettlementApproved',
        streamId: stream,
        data: { ...meta, approvedBy: 'finance:olli', approvedOn: '2027-04-03', totalCents: 4_500 },
      },
      {
        type: 'SettlementExported',
        streamId: stream,
        data: { ...meta, exportedBy: 'finance:olli', exportedOn: '2027-04-04', format: 'csv' },
      },
      {
        type: 'SettlementExported',
        streamId: stream,
        data: { ...meta, exportedBy: 'finance:olli', exportedOn: '2027-04-05', format: 'json' },
      },
    ]);
    expect(
      await spec.rows(
        `SELECT provider_id, month, status, total_cents::int AS total, calculated_on::text AS calculated_on, approved_by, exports, figures->'adjustedServices' AS adjusted FROM bl_settlements`,
      ),
    ).toEqual([
      {
        provider_id: 'mehilainen',
        month: '2027-03',
        status: 'exported',
        total: 4_500,
        calculated_on: '2027-04-02',
        approved_by: 'finance:olli',
        exports: 2,
        adjusted: [late],
      },
    ]);
    expect(await spec.rows('SELECT adjusted_in FROM bl_services WHERE stream_id = $1', [late])).toEqual([{ adjusted_in: '2027-03' }]);
  }, 60_000);

  it('keeps fee lines, caps and guardianships: charges, corrections naming their visit, a move, a reopened cap', async () => {
    const fee = (type: string, data: Record<string, unknown>, account = AINO): GivenEvent => ({
      type,
      streamId: `clientfees-${account}-2027`,
      data: { year: 2027, ...data },
    });
    const charged = (visitId: string, date: string, chargedCents: number, personRef = AINO) =>
      fee('ClientFeeCharged', {
        personRef,
        accountRef: AINO,
        visitId,
        date,
        serviceType: 'doctor-visit',
        listPriceCents: 50_000,
        chargedCents,
        countsTowardCap: true,
        accumulatedCents: chargedCents,
        capCents: 81_500,
      });
    const corrected = (visitId: string, date: string, amountCents: number, netChargedCents: number, personRef = AINO, more = {}) =>
      fee('ClientFeeCorrected', {
        personRef,
        accountRef: AINO,
        visitId,
        date,
        serviceType: 'doctor-visit',
        kind: amountCents < 0 ? 'refund' : 'further-charge',
        amountCents,
        netChargedCents,
        countsTowardCap: true,
        causedByVisitId: 'child-1',
        ...more,
      });
    const guardianship = (to: string | null, n: number): GivenEvent => ({
      type: 'GuardianshipObserved',
      streamId: `blguardian-${EERO}`,
      data: {
        childRef: EERO,
        guardianRef: AINO,
        from: '2015-01-01',
        to,
        childAdultOn: '2033-01-01',
        feesJoin: true,
        sourceEventId: `g${n}`,
      },
    });
    await spec.given([
      guardianship(null, 1),
      charged('child-1', '2027-01-10', 50_000, EERO),
      charged('own-1', '2027-02-10', 31_500),
      fee('FeeCapReached', { personRef: AINO, reachedOn: '2027-02-10', capCents: 81_500, crossingVisitId: 'own-1' }),
      guardianship('2026-12-31', 2),
      corrected('child-1', '2027-01-10', -50_000, 0, EERO, { causedByVisitId: 'child-1', movedToAccountRef: EERO }),
      corrected('own-1', '2027-02-10', 18_500, 50_000),
      fee('FeeCapReopened', { personRef: AINO, previouslyReachedOn: '2027-02-10', causedByVisitId: 'child-1' }),
    ]);
    expect(
      await spec.rows(
        'SELECT account_ref, person_ref, visit_id, kind, list_price_cents::int AS list, amount_cents::int AS amount, caused_by_visit_id, moved_to_account_ref FROM bl_client_fee_lines ORDER BY position',
      ),
    ).toEqual([
      {
        account_ref: AINO,
        person_ref: EERO,
        visit_id: 'child-1',
        kind: 'charge',
        list: 50_000,
        amount: 50_000,
        caused_by_visit_id: null,
        moved_to_account_ref: null,
      },
      {
        account_ref: AINO,
        person_ref: AINO,
        visit_id: 'own-1',
        kind: 'charge',
        list: 50_000,
        amount: 31_500,
        caused_by_visit_id: null,
        moved_to_account_ref: null,
      },
      {
        account_ref: AINO,
        person_ref: EERO,
        visit_id: 'child-1',
        kind: 'refund',
        list: 50_000,
        amount: -50_000,
        caused_by_visit_id: 'child-1',
        moved_to_account_ref: EERO,
      },
      {
        account_ref: AINO,
        person_ref: AINO,
        visit_id: 'own-1',
        kind: 'further-charge',
        list: 50_000,
        amount: 18_500,
        caused_by_visit_id: 'child-1',
        moved_to_account_ref: null,
      },
    ]);
    expect(await spec.rows('SELECT * FROM bl_fee_caps')).toEqual([]);
    const links = await spec.rows(
      "SELECT child_ref, guardian_ref, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, fees_join FROM bl_guardianships",
    );
    expect(links).toEqual([{ child_ref: EERO, guardian_ref: AINO, valid_to: '2026-12-31', fees_join: true }]);
    // Fee events are no settlement's input: the input position stays where the last input put it.
    expect(await spec.rows('SELECT position::int AS position FROM bl_input_position')).toEqual([]);
  });
});
