import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@luotsi/eventstore';
import type { ProjectionDeclaration } from '@luotsi/messaging';
import {
  KPI_COUNTERS,
  kpiStep,
  type ContactEvent,
  type ContactFacts,
  type HeavyUseEvent,
  type KpiCell,
  type KpiCounters,
  type WorkerEvent,
} from '@luotsi/contact-intake-domain';
import { counterColumn } from './migrations';

export const CONTACT_INTAKE_PROJECTION_NAME = 'contact-intake-read-model';

interface ContactRow {
  contact_id: string;
  municipality: string;
  channel: ContactFacts['channel'];
  language: ContactFacts['language'];
  month: string;
  person_ref: string | null;
  reason: string | null;
  arrived_at: Date | string;
  first: boolean;
  repeated: boolean;
  closed_as: ContactFacts['closedAs'];
  last_revision: number;
}

const factsOf = (r: ContactRow): ContactFacts => ({
  contactId: r.contact_id,
  municipality: r.municipality,
  channel: r.channel,
  language: r.language,
  month: r.month,
  personRef: r.person_ref,
  reason: r.reason,
  arrivedAt: new Date(r.arrived_at).toISOString(),
  first: r.first,
  repeated: r.repeated,
  closedAs: r.closed_as,
});

/** The queue and worker columns an event changes, beside the KPI facts. */
function operational(e: ContactEvent): Record<string, unknown> | null {
  switch (e.type) {
    case 'ContactAssigned':
      return { status: 'assigned', assigned_to: e.data.workerId, assigned_at: e.data.assignedAt };
    case 'ContactAnswered':
      return { status: 'answered', assigned_to: e.data.workerId };
    case 'ContactAbandoned':
      return { status: 'abandoned' };
    case 'ContactClosed':
      return { status: 'closed' };
    case 'ContactMerged':
      return { status: 'merged' };
    case 'TransferAccepted':
      return { organisation: e.data.toOrganisation };
    default:
      return null;
  }
}

async function addCounters(em: EntityManager, cell: KpiCell, counters: Partial<KpiCounters>): Promise<void> {
  const names = KPI_COUNTERS.filter((k) => (counters[k] ?? 0) !== 0);
  if (names.length === 0) return;
  const columns = names.map(counterColumn);
  await em.query(
    `INSERT INTO ci_kpi (municipality, channel, language, month, ${columns.join(', ')})
     VALUES ($1, $2, $3, $4, ${columns.map((_, i) => `$${i + 5}`).join(', ')})
     ON CONFLICT (municipality, month, channel, language) DO UPDATE SET ${columns.map((c) => `${c} = ci_kpi.${c} + EXCLUDED.${c}`).join(', ')}`,
    [cell.municipality, cell.channel, cell.language, cell.month, ...names.map((k) => counters[k])],
  );
}

async function contactRow(em: EntityManager, contactId: string): Promise<ContactRow | null> {
  const rows = (await em.query('SELECT * FROM ci_contacts WHERE contact_id = $1', [contactId])) as ContactRow[];
  return rows[0] ?? null;
}

/**
 * Each contact event is applied once: a contact's row remembers the last revision applied, so a
 * replayed batch changes no counter (the counters are sums, and a sum cannot tell a replay).
 */
async function applyContact(em: EntityManager, recorded: RecordedEvent): Promise<void> {
  const e = { type: recorded.type, data: recorded.data } as ContactEvent;
  if (e.type === 'ContactReceived') {
    if (await contactRow(em, e.data.contactId)) return;
    const step = kpiStep(e, null, null);
    const f = step.facts[0]!;
    await em.query(
      `INSERT INTO ci_contacts (contact_id, municipality, channel, language, month, queue_id, organisation, person_ref, reason, arrived_at, status, first, repeated, closed_as, last_revision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, 'waiting', true, false, NULL, $10)`,
      [
        f.contactId,
        f.municipality,
        f.channel,
        f.language,
        f.month,
        e.data.queueId,
        e.data.organisation,
        f.reason,
        e.data.arrivedAt,
        recorded.revision,
      ],
    );
    for (const d of step.deltas) await addCounters(em, d.cell, d.counters);
    return;
  }
  const row = await contactRow(em, (e.data as { contactId: string }).contactId);
  if (!row || row.last_revision >= recorded.revision) return;
  const repeatOf = e.type === 'ContactIdentified' ? e.data.repeatOf : null;
  const earlier = repeatOf ? await contactRow(em, repeatOf) : null;
  const step = kpiStep(e, factsOf(row), earlier ? factsOf(earlier) : null);
  const ops = operational(e) ?? {};
  const opColumns = Object.keys(ops);
  await em.query(
    `UPDATE ci_contacts SET last_revision = $2${opColumns.map((c, i) => `, ${c} = $${i + 3}`).join('')} WHERE contact_id = $1`,
    [row.contact_id, recorded.revision, ...Object.values(ops)],
  );
  for (const f of step.facts)
    await em.query('UPDATE ci_contacts SET person_ref = $2, first = $3, repeated = $4, closed_as = $5 WHERE contact_id = $1', [
      f.contactId,
      f.personRef,
      f.first,
      f.repeated,
      f.closedAs,
    ]);
  for (const d of step.deltas) await addCounters(em, d.cell, d.counters);
}

async function applyOther(em: EntityManager, recorded: RecordedEvent): Promise<void> {
  const e = { type: recorded.type, data: recorded.data } as WorkerEvent | HeavyUseEvent;
  switch (e.type) {
    case 'WorkerAvailabilitySet':
      await em.query(
        `INSERT INTO ci_workers (worker_id, organisation, languages, available) VALUES ($1, $2, $3::text[], $4)
         ON CONFLICT (worker_id) DO UPDATE SET organisation = EXCLUDED.organisation, languages = EXCLUDED.languages, available = EXCLUDED.available`,
        [e.data.workerId, e.data.organisation, e.data.languages, e.data.available],
      );
      return;
    case 'HeavyUseTriggered':
      await em.query(
        `INSERT INTO ci_heavy_flags (person_ref, trigger_id, trigger, count, window_from, window_to) VALUES ($1, $2, $3, $4, $5::date, $6::date)
         ON CONFLICT (person_ref, trigger_id) DO NOTHING`,
        [e.data.personRef, e.data.triggerId, e.data.trigger, e.data.count, e.data.windowFrom, e.data.windowTo],
      );
      return;
    case 'TriggersShown':
      await em.query('UPDATE ci_heavy_flags SET shown = true WHERE person_ref = $1 AND trigger_id = ANY ($2::text[])', [
        e.data.personRef,
        e.data.triggerIds,
      ]);
      return;
    default:
      return;
  }
}

/** Contact intake's query tables: contacts, the KPI counters, workers and pending heavy-use flags. */
export const contactIntakeProjection: ProjectionDeclaration = {
  name: CONTACT_INTAKE_PROJECTION_NAME,
  categories: ['contact', 'ciworker', 'ciheavy'],
  async apply(em: EntityManager, recorded: RecordedEvent): Promise<void> {
    if (recorded.streamId.startsWith('contact-')) return applyContact(em, recorded);
    return applyOther(em, recorded);
  },
};
