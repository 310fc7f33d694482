import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@luotsi/eventstore';
import { insertRows } from '@luotsi/database';
import type { ProjectionDeclaration } from '@luotsi/messaging';
import type {
  ClientFeeEvent,
  ListingStartedObserved,
  ObservedEvent,
  RatesEvent,
  ServiceEvent,
  ServiceRecorded,
  SettlementEvent,
  VoucherEvent,
  VoucherTypeEvent,
} from '@luotsi/billing-domain';
import { applyVoucherEvent } from './voucher.projection';

/** The projection's name: its checkpoint was kept under it before the subscription engine, and still is. */
export const BILLING_PROJECTION_NAME = 'billing-read-model';

type Any = ObservedEvent | ServiceEvent | RatesEvent | SettlementEvent | ClientFeeEvent | VoucherEvent | VoucherTypeEvent;

const RATE_KIND: Record<string, string> = {
  CapitationRatesSet: 'capitation',
  ServiceFeesSet: 'service-fees',
  ClientFeesSet: 'client-fees',
};

/** billing's query tables, all from billing's own streams. */
export const billingProjection: ProjectionDeclaration = {
  name: BILLING_PROJECTION_NAME,
  categories: ['blisting', 'blprovider', 'service', 'rates', 'settlement', 'clientfees', 'blguardian', 'vouchertype', 'voucher'],
  async apply(em: EntityManager, recorded: RecordedEvent): Promise<void> {
    await recordInputPosition(em, [recorded]);
    return applyOne(em, recorded);
  },
  async applyBatch(em: EntityManager, batch: readonly RecordedEvent[]): Promise<void> {
    await recordInputPosition(em, batch);
    // Runs of listings started and services recorded (a rebuild is mostly these) go in bulk, each
    // run in one statement however long; order is kept.
    for (let i = 0; i < batch.length;) {
      const kind = bulkKind(batch[i]!);
      let j = i + 1;
      while (kind && j < batch.length && bulkKind(batch[j]!) === kind) j++;
      if (kind === 'listing') await insertListings(em, batch.slice(i, j));
      else if (kind === 'service') await insertServices(em, batch.slice(i, j));
      else await applyOne(em, batch[i]!);
      i = kind ? j : i + 1;
    }
  },
};

/**
 * The position of the last settlement input (listings, services, rates), kept apart from the
 * settlements' own events so that re-running a draft on unchanged inputs changes nothing.
 */
async function recordInputPosition(em: EntityManager, batch: readonly RecordedEvent[]): Promise<void> {
  // Client fees and guardianships are no settlement's input: a fee charged must not make a draft's inputs look changed.
  const inputs = batch.filter((e) => !e.type.startsWith('Settlement') && !NOT_SETTLEMENT_INPUTS.has(e.type));
  if (inputs.length === 0) return;
  await em.query(
    'INSERT INTO bl_input_position (id, position) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position',
    [inputs[inputs.length - 1]!.globalPosition],
  );
}

const NOT_SETTLEMENT_INPUTS = new Set([
  'ClientFeeCharged',
  'ClientFeeCorrected',
  'FeeCapReached',
  'FeeCapReopened',
  'GuardianshipObserved',
  // Of the vouchers only the visits given are paid; the amount each pays was fixed when it was recorded.
  'VoucherTypeSet',
  'VoucherProducerApproved',
  'VoucherProducerSuspended',
  'VoucherProducerResumed',
  'VoucherProducerEnded',
  'VoucherGranted',
  'VoucherRefused',
  'VoucherProducerChosen',
  'VoucherUsedUp',
]);

function bulkKind(e: RecordedEvent): 'listing' | 'service' | null {
  if (e.type === 'ServiceRecorded') return 'service';
  if (e.type === 'ListingObserved' && (e.data as { kind: string }).kind === 'started') return 'listing';
  return null;
}

const LISTING_COLUMNS = ['person_ref', 'source_event_id', 'provider_id', 'station_id', 'effective_from', 'birth_date', 'sex'] as const;
const SERVICE_COLUMNS = [
  'stream_id',
  'provider_id',
  'provider_side_id',
  'person_ref',
  'service_type',
  'service_date',
  'station_id',
  'no_show',
  'global_position',
] as const;

async function insertListings(em: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
  const rows = events.map((e) => {
    const d = e.data as ListingStartedObserved['data'];
    return {
      person_ref: d.personRef,
      source_event_id: d.sourceEventId,
      provider_id: d.providerId,
      station_id: d.stationId,
      effective_from: d.effectiveFrom,
      birth_date: d.birthDate,
      sex: d.sex,
    };
  });
  await insertRows(em, 'bl_listings', LISTING_COLUMNS, rows, {
    types: { effective_from: 'date', birth_date: 'date' },
    onConflict: 'ON CONFLICT DO NOTHING',
  });
}

async function insertServices(em: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
  const rows = events.map((e) => {
    const d = e.data as ServiceRecorded['data'];
    return {
      stream_id: e.streamId,
      provider_id: d.providerId,
      provider_side_id: d.providerSideId,
      person_ref: d.personRef,
      service_type: d.serviceType,
      service_date: d.date,
      station_id: d.stationId,
      no_show: d.noShow,
      global_position: e.globalPosition,
    };
  });
  await insertRows(em, 'bl_services', SERVICE_COLUMNS, rows, {
    types: { service_date: 'date', no_show: 'boolean', global_position: 'bigint' },
    onConflict: 'ON CONFLICT (stream_id) DO NOTHING',
  });
}

async function applyOne(em: EntityManager, recorded: RecordedEvent): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as Any;
  switch (event.type) {
    case 'ProviderObserved':
      // A station belongs to one provider: the first to hold it keeps it until it gives it up, even
      // if an observed event names it for another (the consumer logs such a claim). Decided in log
      // order, so a rebuild gives every station the same owner.
      await em.query('DELETE FROM bl_stations WHERE provider_id = $1 AND NOT (station_id = ANY ($2::text[]))', [
        event.data.providerId,
        event.data.stationIds,
      ]);
      for (const stationId of event.data.stationIds) {
        await em.query('INSERT INTO bl_stations (station_id, provider_id) VALUES ($1, $2) ON CONFLICT (station_id) DO NOTHING', [
          stationId,
          event.data.providerId,
        ]);
      }
      return;
    case 'ListingObserved': {
      const d = event.data;
      if (d.kind === 'started') {
        await insertListings(em, [recorded]);
      } else {
        await em.query('UPDATE bl_listings SET effective_to = $3 WHERE person_ref = $1 AND station_id = $2 AND effective_to IS NULL', [
          d.personRef,
          d.stationId,
          d.effectiveTo,
        ]);
      }
      return;
    }
    case 'ServiceRecorded':
      await insertServices(em, [recorded]);
      return;
    case 'AdjustmentRecorded':
      // What the settlement pays as an adjustment is decided by position (isLateService), not by this.
      return;
    case 'CapitationRatesSet':
    case 'ServiceFeesSet':
    case 'ClientFeesSet': {
      const { setBy: _by, ...version } = event.data;
      await em.query(
        'INSERT INTO bl_rates (kind, valid_from, data) VALUES ($1, $2, $3::jsonb) ON CONFLICT (kind, valid_from) DO UPDATE SET data = EXCLUDED.data',
        [RATE_KIND[event.type], version.validFrom, JSON.stringify(version)],
      );
      return;
    }
    // Only a draft changes by a calculation or an approval: an approved (or exported) row stays as it is.
    case 'SettlementCalculated': {
      const { providerId, month, calculatedBy, calculatedOn, ...figures } = event.data;
      await em.query(
        `INSERT INTO bl_settlements (provider_id, month, status, figures, total_cents, calculated_by, calculated_on) VALUES ($1, $2, 'draft', $3::jsonb, $4, $5, $6)
           ON CONFLICT (provider_id, month) DO UPDATE SET figures = EXCLUDED.figures, total_cents = EXCLUDED.total_cents, calculated_by = EXCLUDED.calculated_by, calculated_on = EXCLUDED.calculated_on
           WHERE bl_settlements.status = 'draft'`,
        [providerId, month, JSON.stringify(figures), figures.totalCents, calculatedBy, calculatedOn],
      );
      return;
    }
    case 'SettlementApproved': {
      const { providerId, month } = event.data;
      await em.query(
        `UPDATE bl_settlements SET status = 'approved', approved_by = $3, approved_on = $4 WHERE provider_id = $1 AND month = $2 AND status = 'draft'`,
        [providerId, month, event.data.approvedBy, event.data.approvedOn],
      );
      // The late services this settlement paid as adjustments are settled for good.
      await em.query(
        `UPDATE bl_services SET adjusted_in = $2 WHERE stream_id IN (SELECT jsonb_array_elements_text(figures->'adjustedServices') FROM bl_settlements WHERE provider_id = $1 AND month = $2)`,
        [providerId, month],
      );
      await em.query(
        `UPDATE bl_voucher_visits SET adjusted_in = $2 WHERE producer_id || ':' || producer_side_id IN (SELECT jsonb_array_elements_text(coalesce(figures->'adjustedRedemptions', '[]'::jsonb)) FROM bl_settlements WHERE provider_id = $1 AND month = $2)`,
        [providerId, month],
      );
      return;
    }
    case 'ClientFeeCharged': {
      const d = event.data;
      await em.query(
        `INSERT INTO bl_client_fee_lines (position, account_ref, person_ref, year, visit_id, visit_date, service_type, kind, list_price_cents, amount_cents, counts_toward_cap, accumulated_cents, cap_cents)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'charge', $8, $9, $10, $11, $12) ON CONFLICT (position) DO NOTHING`,
        [
          recorded.globalPosition,
          d.accountRef ?? d.personRef,
          d.personRef,
          d.year,
          d.visitId,
          d.date,
          d.serviceType,
          d.listPriceCents,
          d.chargedCents,
          d.countsTowardCap,
          d.accumulatedCents,
          d.capCents ?? null,
        ],
      );
      return;
    }
    case 'ClientFeeCorrected': {
      const d = event.data;
      await em.query(
        `INSERT INTO bl_client_fee_lines (position, account_ref, person_ref, year, visit_id, visit_date, service_type, kind, list_price_cents, amount_cents, counts_toward_cap, caused_by_visit_id, moved_to_account_ref)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, c.list_price_cents, $9, $10, $11, $12 FROM bl_client_fee_lines c
         WHERE c.visit_id = $5 AND c.account_ref = $2 AND c.kind = 'charge' ORDER BY c.position DESC LIMIT 1 ON CONFLICT (position) DO NOTHING`,
        [
          recorded.globalPosition,
          d.accountRef,
          d.personRef,
          d.year,
          d.visitId,
          d.date,
          d.serviceType,
          d.kind,
          d.amountCents,
          d.countsTowardCap,
          d.causedByVisitId,
          d.movedToAccountRef ?? null,
        ],
      );
      return;
    }
    case 'FeeCapReached':
      await em.query(
        `INSERT INTO bl_fee_caps (account_ref, year, reached_on, cap_cents, crossing_visit_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_ref, year) DO UPDATE SET reached_on = EXCLUDED.reached_on, cap_cents = EXCLUDED.cap_cents, crossing_visit_id = EXCLUDED.crossing_visit_id`,
        [event.data.personRef, event.data.year, event.data.reachedOn, event.data.capCents, event.data.crossingVisitId ?? null],
      );
      return;
    case 'FeeCapReopened':
      await em.query('DELETE FROM bl_fee_caps WHERE account_ref = $1 AND year = $2', [event.data.personRef, event.data.year]);
      return;
    case 'GuardianshipObserved': {
      // The latest link of a child and guardian wins; its seq (when billing first learned of it) stays.
      const d = event.data;
      await em.query(
        `INSERT INTO bl_guardianships (child_ref, guardian_ref, valid_from, valid_to, child_adult_on, fees_join, seq) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (child_ref, guardian_ref) DO UPDATE SET valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to,
           child_adult_on = EXCLUDED.child_adult_on, fees_join = EXCLUDED.fees_join`,
        [d.childRef, d.guardianRef, d.from, d.to, d.childAdultOn, d.feesJoin, recorded.globalPosition],
      );
      return;
    }
    case 'SettlementExported':
      await em.query(
        `UPDATE bl_settlements SET status = 'exported', exports = exports + 1, last_export_position = $3 WHERE provider_id = $1 AND month = $2 AND last_export_position < $3`,
        [event.data.providerId, event.data.month, recorded.globalPosition],
      );
      return;
    case 'VoucherTypeSet':
    case 'VoucherProducerApproved':
    case 'VoucherProducerSuspended':
    case 'VoucherProducerResumed':
    case 'VoucherProducerEnded':
    case 'VoucherGranted':
    case 'VoucherRefused':
    case 'VoucherProducerChosen':
    case 'VoucherVisitRedeemed':
    case 'VoucherUsedUp':
      return applyVoucherEvent(em, event, recorded.globalPosition);
    default:
      return;
  }
}
