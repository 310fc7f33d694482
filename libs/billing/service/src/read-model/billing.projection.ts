import type { EntityManager } from 'typeorm';
import { YearMonth } from '@luotsi/kernel';
import type { RecordedEvent } from '@luotsi/eventstore';
import type { Projection } from '@luotsi/messaging';
import type { RatesEvent, ServiceEvent, SettlementEvent } from '@luotsi/billing-domain';
import type { ObservedEvent } from '../observed-events';

type AdjustmentEvent = { type: 'AdjustmentRecorded'; data: { providerId: string; providerSideId: string; correctsMonth: string } };
type Any = ObservedEvent | ServiceEvent | AdjustmentEvent | RatesEvent | SettlementEvent;

const RATE_KIND: Record<string, string> = { CapitationRatesSet: 'capitation', ServiceFeesSet: 'service-fees', ClientFeesSet: 'client-fees' };

/** billing's query tables, all from billing's own streams. */
export const billingProjection: Projection = {
  name: 'billing-read-model',
  categories: ['blisting', 'blprovider', 'service', 'rates', 'settlement'],
  async apply(em: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as Any;
    if (!recorded.type.startsWith('Settlement')) {
      // The position of the last settlement input (listings, services, rates), kept apart from the
      // settlements' own events so that re-running a draft on unchanged inputs changes nothing.
      await em.query('INSERT INTO bl_input_position (id, position) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position', [recorded.globalPosition]);
    }
    switch (event.type) {
      case 'ProviderObserved':
        for (const stationId of event.data.stationIds) {
          await em.query('INSERT INTO bl_stations (station_id, provider_id) VALUES ($1, $2) ON CONFLICT (station_id) DO UPDATE SET provider_id = EXCLUDED.provider_id', [stationId, event.data.providerId]);
        }
        return;
      case 'ListingObserved': {
        const d = event.data;
        if (d.kind === 'started') {
          await em.query(
            `INSERT INTO bl_listings (person_ref, source_event_id, provider_id, station_id, effective_from, birth_date, sex) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
            [d.personRef, d.sourceEventId, d.providerId, d.stationId, d.effectiveFrom, d.birthDate, d.sex],
          );
        } else {
          await em.query('UPDATE bl_listings SET effective_to = $3 WHERE person_ref = $1 AND station_id = $2 AND effective_to IS NULL', [d.personRef, d.stationId, d.effectiveTo]);
        }
        return;
      }
      case 'ServiceRecorded': {
        const d = event.data;
        await em.query(
          `INSERT INTO bl_services (stream_id, provider_id, provider_side_id, person_ref, service_type, service_date, station_id, no_show, global_position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (stream_id) DO NOTHING`,
          [recorded.streamId, d.providerId, d.providerSideId, d.personRef, d.serviceType, d.date, d.stationId, d.noShow, recorded.globalPosition],
        );
        return;
      }
      case 'AdjustmentRecorded':
        await em.query('UPDATE bl_services SET late_for_month = $2 WHERE stream_id = $1', [recorded.streamId, event.data.correctsMonth]);
        return;
      case 'CapitationRatesSet':
      case 'ServiceFeesSet':
      case 'ClientFeesSet': {
        const { setBy: _by, ...version } = event.data;
        await em.query('INSERT INTO bl_rates (kind, valid_from, data) VALUES ($1, $2, $3::jsonb) ON CONFLICT (kind, valid_from) DO UPDATE SET data = EXCLUDED.data', [RATE_KIND[event.type], version.validFrom, JSON.stringify(version)]);
        return;
      }
      case 'SettlementCalculated': {
        const { providerId, month, calculatedBy, calculatedOn, ...figures } = event.data;
        await em.query(
          `INSERT INTO bl_settlements (provider_id, month, status, figures, total_cents, calculated_by, calculated_on) VALUES ($1, $2, 'draft', $3::jsonb, $4, $5, $6)
           ON CONFLICT (provider_id, month) DO UPDATE SET figures = EXCLUDED.figures, total_cents = EXCLUDED.total_cents, calculated_by = EXCLUDED.calculated_by, calculated_on = EXCLUDED.calculated_on`,
          [providerId, month, JSON.stringify(figures), figures.totalCents, calculatedBy, calculatedOn],
        );
        return;
      }
      case 'SettlementApproved': {
        const { providerId, month } = event.data;
        await em.query(`UPDATE bl_settlements SET status = 'approved', approved_by = $3, approved_on = $4 WHERE provider_id = $1 AND month = $2`, [providerId, month, event.data.approvedBy, event.data.approvedOn]);
        // The late services this settlement paid as adjustments are settled for good.
        await em.query(
          `UPDATE bl_services SET adjusted_in = $2 WHERE stream_id IN (SELECT jsonb_array_elements_text(figures->'adjustedServices') FROM bl_settlements WHERE provider_id = $1 AND month = $2)`,
          [providerId, month],
        );
        return;
      }
      case 'SettlementExported':
        await em.query(`UPDATE bl_settlements SET status = 'exported', exports = exports + 1 WHERE provider_id = $1 AND month = $2`, [event.data.providerId, event.data.month]);
        return;
      default:
        return;
    }
  },
};

export const monthOf = (date: string): YearMonth => YearMonth.ofDate(date as never);
