import type { EntityManager } from 'typeorm';
import { insertRows } from '@luotsi/database';
import type { RecordedEvent } from '@luotsi/eventstore';
import type { ProjectionDeclaration } from '@luotsi/messaging';
import type { ListingEvent, ProviderEvent } from '@luotsi/provider-choice-domain';

type Any = ListingEvent | ProviderEvent;

/**
 * Keeps provider choice's query tables from its own streams (providers and listings). The name is
 * the one its checkpoint has always had, so the first start on the subscription engine goes on
 * from where the earlier runner stopped.
 */
export const providerChoiceProjection: ProjectionDeclaration = {
  name: 'provider-choice-read-model',
  categories: ['provider', 'listing'],
  /** A register import is mostly new residents and their default listings: those go in bulk. */
  async applyBatch(em: EntityManager, batch: readonly RecordedEvent[]): Promise<void> {
    for (let i = 0; i < batch.length;) {
      let j = i;
      while (j < batch.length && isBulkInsert(batch[j]!)) j++;
      if (j > i) {
        await insertResidents(
          em,
          batch.slice(i, j).filter((e) => e.type === 'ResidentRegistered'),
        );
        await insertListings(
          em,
          batch.slice(i, j).filter((e) => e.type === 'ListingStarted'),
        );
        i = j;
        continue;
      }
      j = switchRequestsFrom(batch, i);
      if (j > i + 1) {
        await applySwitchRequests(em, batch.slice(i, j));
        i = j;
      } else {
        await applyOne(em, batch[i]!);
        i += 1;
      }
    }
  },
  apply: (em, recorded) => applyOne(em, recorded),
};

async function applyOne(em: EntityManager, recorded: RecordedEvent): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as Any;
  switch (event.type) {
    case 'ProviderRegistered':
    case 'ProviderUpdated': {
      const d = event.data;
      if (event.type === 'ProviderRegistered') {
        await em.query(
          `INSERT INTO pc_providers (provider_id, business_id, name, kind) VALUES ($1, $2, $3, $4) ON CONFLICT (provider_id) DO NOTHING`,
          [d.providerId, event.data.businessId, d.name, event.data.kind],
        );
      } else {
        await em.query('UPDATE pc_providers SET name = $2 WHERE provider_id = $1', [d.providerId, d.name]);
      }
      for (const s of d.stations) {
        await em.query(
          `INSERT INTO pc_stations (station_id, provider_id, name, street_address, postal_code, municipality_code, languages, services, opening_hours, accessibility)
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)
             ON CONFLICT (station_id) DO UPDATE SET name = EXCLUDED.name, street_address = EXCLUDED.street_address, postal_code = EXCLUDED.postal_code,
               municipality_code = EXCLUDED.municipality_code, languages = EXCLUDED.languages, services = EXCLUDED.services,
               opening_hours = EXCLUDED.opening_hours, accessibility = EXCLUDED.accessibility`,
          [
            s.stationId,
            d.providerId,
            s.name,
            s.streetAddress,
            s.postalCode,
            s.municipalityCode,
            JSON.stringify(s.languages),
            JSON.stringify(s.services),
            s.openingHours,
            s.accessibility,
          ],
        );
      }
      return;
    }
    case 'ProviderApproved':
      return appendStatus(em, event.data.providerId, event.data.approvedFrom, 'approved');
    case 'ProviderSuspended':
      return appendStatus(em, event.data.providerId, event.data.suspendedFrom, 'suspended');
    case 'ProviderTerminated':
      await appendStatus(em, event.data.providerId, event.data.terminatedFrom, 'terminated');
      await em.query('UPDATE pc_providers SET terminated_from = $2, clients_return_from = $3 WHERE provider_id = $1', [
        event.data.providerId,
        event.data.terminatedFrom,
        event.data.clientsReturnFrom,
      ]);
      return;
    case 'ProviderClientsReturned':
      await em.query('UPDATE pc_providers SET returns_done = true WHERE provider_id = $1', [event.data.providerId]);
      return;
    case 'ResidentRegistered': {
      const d = event.data;
      await em.query(
        `INSERT INTO pc_residents (person_ref, birth_date, sex, postal_code, municipality_code, eligible) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (person_ref) DO NOTHING`,
        [d.personRef, d.birthDate, d.sex, d.postalCode, d.municipalityCode, d.eligible],
      );
      return;
    }
    case 'ResidentMoved':
      await em.query('UPDATE pc_residents SET postal_code = $2, municipality_code = $3, eligible = $4 WHERE person_ref = $1', [
        event.data.personRef,
        event.data.postalCode,
        event.data.municipalityCode,
        event.data.eligible,
      ]);
      return;
    case 'ResidentDied':
      await em.query('UPDATE pc_residents SET died_on = $2 WHERE person_ref = $1', [event.data.personRef, event.data.diedOn]);
      return;
    case 'SwitchRequested': {
      const d = event.data;
      // The age at the request (for the pilot's report by age band) comes from the resident row.
      await em.query(
        `INSERT INTO pc_switch_requests (request_id, person_ref, station_id, provider_id, effective_from, requested_on, channel, reason, reason_text, previous_main_use, age_at_request, status)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce((SELECT date_part('year', age($6::date, birth_date))::int FROM pc_residents WHERE person_ref = $2), 0), 'pending'
           ON CONFLICT (request_id) DO NOTHING`,
        [
          d.requestId,
          d.personRef,
          d.stationId,
          d.providerId,
          d.effectiveFrom,
          d.requestedOn,
          d.channel,
          d.reason,
          d.reasonText,
          d.previousMainUse,
        ],
      );
      await em.query(
        'UPDATE pc_residents SET pending_request_id = $2, pending_station_id = $3, pending_effective_from = $4 WHERE person_ref = $1',
        [d.personRef, d.requestId, d.stationId, d.effectiveFrom],
      );
      return;
    }
    case 'SwitchCancelled':
      await em.query(`UPDATE pc_switch_requests SET status = 'cancelled', cancelled_on = $2, cancel_reason = $3 WHERE request_id = $1`, [
        event.data.requestId,
        event.data.cancelledOn,
        event.data.why,
      ]);
      await em.query(
        'UPDATE pc_residents SET pending_request_id = NULL, pending_station_id = NULL, pending_effective_from = NULL WHERE person_ref = $1 AND pending_request_id = $2',
        [event.data.personRef, event.data.requestId],
      );
      return;
    case 'ListingStarted': {
      const d = event.data;
      await em.query(
        `INSERT INTO pc_listings (person_ref, started_revision, station_id, provider_id, effective_from, reason, birth_date, sex) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (person_ref, started_revision) DO NOTHING`,
        [d.personRef, recorded.revision, d.stationId, d.providerId, d.effectiveFrom, d.reason, d.birthDate, d.sex],
      );
      if (d.requestId) {
        await em.query(`UPDATE pc_switch_requests SET status = 'effective' WHERE request_id = $1`, [d.requestId]);
        await em.query(
          'UPDATE pc_residents SET pending_request_id = NULL, pending_station_id = NULL, pending_effective_from = NULL, last_chosen_from = $2 WHERE person_ref = $1',
          [d.personRef, d.effectiveFrom],
        );
      }
      return;
    }
    case 'ListingEnded':
      // Only a listing started before this event: a replay must not end one that started after it.
      await em.query(
        'UPDATE pc_listings SET effective_to = $3, end_reason = $4 WHERE person_ref = $1 AND station_id = $2 AND effective_to IS NULL AND started_revision < $5',
        [event.data.personRef, event.data.stationId, event.data.effectiveTo, event.data.reason, recorded.revision],
      );
      return;
    default:
      return; // events of other categories' future versions are not this read model's concern
  }
}

async function appendStatus(em: EntityManager, providerId: string, from: string, status: string): Promise<void> {
  // The same change twice is one entry, so that replaying events changes nothing.
  await em.query(`UPDATE pc_providers SET timeline = timeline || $2::jsonb WHERE provider_id = $1 AND NOT timeline @> $2::jsonb`, [
    providerId,
    JSON.stringify([{ from, status }]),
  ]);
}

/**
 * The end of a run of switch requests starting at `from`, each of a different resident (at most
 * 1 000): residents ask one at a time, so under load a batch is mostly these, and a run goes in two
 * statements instead of two per request. A resident's second request in one run ends it there, so
 * each resident's row is updated by one request per statement, in the log's order.
 */
function switchRequestsFrom(batch: readonly RecordedEvent[], from: number): number {
  const people = new Set<string>();
  let j = from;
  while (j < batch.length && j - from < 1000 && batch[j]!.type === 'SwitchRequested') {
    const person = (batch[j]!.data as Data<'SwitchRequested'>).personRef;
    if (people.has(person)) break;
    people.add(person);
    j++;
  }
  return j;
}

/** applyOne's SwitchRequested for a run of requests of different residents (switchRequestsFrom), as one JSON parameter. */
async function applySwitchRequests(em: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
  const rows = JSON.stringify(
    events.map((e) => {
      const d = e.data as Data<'SwitchRequested'>;
      return {
        request_id: d.requestId,
        person_ref: d.personRef,
        station_id: d.stationId,
        provider_id: d.providerId,
        effective_from: d.effectiveFrom,
        requested_on: d.requestedOn,
        channel: d.channel,
        reason: d.reason,
        reason_text: d.reasonText,
        previous_main_use: d.previousMainUse,
      };
    }),
  );
  const requests = `jsonb_to_recordset($1::jsonb) AS v(request_id text, person_ref text, station_id text, provider_id text, effective_from date,
    requested_on date, channel text, reason text, reason_text text, previous_main_use text)`;
  await em.query(
    `INSERT INTO pc_switch_requests (request_id, person_ref, station_id, provider_id, effective_from, requested_on, channel, reason, reason_text, previous_main_use, age_at_request, status)
       SELECT v.request_id, v.person_ref, v.station_id, v.provider_id, v.effective_from, v.requested_on, v.channel, v.reason, v.reason_text, v.previous_main_use,
         coalesce((SELECT date_part('year', age(v.requested_on, r.birth_date))::int FROM pc_residents r WHERE r.person_ref = v.person_ref), 0), 'pending'
       FROM ${requests}
       ON CONFLICT (request_id) DO NOTHING`,
    [rows],
  );
  await em.query(
    `UPDATE pc_residents r SET pending_request_id = v.request_id, pending_station_id = v.station_id, pending_effective_from = v.effective_from
       FROM ${requests} WHERE r.person_ref = v.person_ref`,
    [rows],
  );
}

/** Plain inserts that depend on no other row of the batch: a resident, or a listing not from a switch. */
function isBulkInsert(e: RecordedEvent): boolean {
  return e.type === 'ResidentRegistered' || (e.type === 'ListingStarted' && !(e.data as { requestId: string | null }).requestId);
}

type Data<K extends ListingEvent['type']> = Extract<ListingEvent, { type: K }>['data'];

async function insertResidents(em: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
  const rows = events.map((e) => {
    const d = e.data as Data<'ResidentRegistered'>;
    return {
      person_ref: d.personRef,
      birth_date: d.birthDate,
      sex: d.sex,
      postal_code: d.postalCode,
      municipality_code: d.municipalityCode,
      eligible: d.eligible,
    };
  });
  await insertRows(em, 'pc_residents', ['person_ref', 'birth_date', 'sex', 'postal_code', 'municipality_code', 'eligible'], rows, {
    types: { birth_date: 'date', eligible: 'boolean' },
    onConflict: 'ON CONFLICT (person_ref) DO NOTHING',
  });
}

async function insertListings(em: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
  const rows = events.map((e) => {
    const d = e.data as Data<'ListingStarted'>;
    return {
      person_ref: d.personRef,
      started_revision: e.revision,
      station_id: d.stationId,
      provider_id: d.providerId,
      effective_from: d.effectiveFrom,
      reason: d.reason,
      birth_date: d.birthDate,
      sex: d.sex,
    };
  });
  await insertRows(
    em,
    'pc_listings',
    ['person_ref', 'started_revision', 'station_id', 'provider_id', 'effective_from', 'reason', 'birth_date', 'sex'],
    rows,
    {
      types: { started_revision: 'int', effective_from: 'date', birth_date: 'date' },
      onConflict: 'ON CONFLICT (person_ref, started_revision) DO NOTHING',
    },
  );
}
