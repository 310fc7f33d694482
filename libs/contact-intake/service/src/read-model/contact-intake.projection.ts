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
  type KpiStep,
  type WorkerEvent,
} from '@luotsi/contact-intake-domain';
import { counterColumn } from './migrations';

export const CONTACT_INTAKE_PROJECTION_NAME = 'contact-intake-read-model';

/** A contact's row of ci_contacts, as the batch keeps it in memory between its events. */
interface ContactRow {
  contact_id: string;
  municipality: string;
  channel: ContactFacts['channel'];
  language: ContactFacts['language'];
  month: string;
  queue_id: string;
  organisation: string;
  person_ref: string | null;
  reason: string | null;
  arrived_at: string;
  status: string;
  assigned_to: string | null;
  assigned_at: string | null;
  first: boolean;
  repeated: boolean;
  closed_as: ContactFacts['closedAs'];
  last_revision: number;
}

const CONTACT_COLUMNS: ReadonlyArray<keyof ContactRow> = [
  'contact_id',
  'municipality',
  'channel',
  'language',
  'month',
  'queue_id',
  'organisation',
  'person_ref',
  'reason',
  'arrived_at',
  'status',
  'assigned_to',
  'assigned_at',
  'first',
  'repeated',
  'closed_as',
  'last_revision',
];
const COLUMN_TYPES: Partial<Record<keyof ContactRow, string>> = {
  arrived_at: 'timestamptz',
  assigned_at: 'timestamptz',
  first: 'boolean',
  repeated: 'boolean',
  last_revision: 'integer',
};

/** Timestamps come back from the driver as Date (PostgreSQL) or text (PGlite); the batch keeps ISO text. */
const isoOf = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

const factsOf = (r: ContactRow): ContactFacts => ({
  contactId: r.contact_id,
  municipality: r.municipality,
  channel: r.channel,
  language: r.language,
  month: r.month,
  personRef: r.person_ref,
  reason: r.reason,
  arrivedAt: r.arrived_at,
  first: r.first,
  repeated: r.repeated,
  closedAs: r.closed_as,
});

/** The queue and worker columns an event changes, beside the KPI facts. */
function operational(e: ContactEvent): Partial<ContactRow> | null {
  switch (e.type) {
    case 'ContactAssigned':
      return { status: 'assigned', assigned_to: e.data.workerId, assigned_at: isoOf(e.data.assignedAt) };
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

const cellKey = (c: KpiCell) => `${c.municipality}|${c.channel}|${c.language}|${c.month}`;

/**
 * A batch's contact events folded in memory: the rows they touch read in one query, each event
 * applied to them in order, the changed rows and the summed counters per cell written back in one
 * statement each. Every bench contact of a municipality, channel and language lands in one cell,
 * so a batch's dozens of increments of it become one.
 */
class ContactBatch {
  private readonly rows = new Map<string, ContactRow>();
  private readonly changed = new Set<string>();
  private readonly cells = new Map<string, { cell: KpiCell; counters: Partial<KpiCounters> }>();

  static async load(em: EntityManager, events: readonly RecordedEvent[]): Promise<ContactBatch> {
    const ids = new Set<string>();
    for (const recorded of events) {
      const data = recorded.data as { contactId: string; repeatOf?: string | null };
      ids.add(data.contactId);
      if (recorded.type === 'ContactIdentified' && data.repeatOf) ids.add(data.repeatOf);
    }
    const batch = new ContactBatch();
    const stored = (await em.query('SELECT * FROM ci_contacts WHERE contact_id = ANY ($1::text[])', [[...ids]])) as Array<
      ContactRow & { arrived_at: Date | string; assigned_at: Date | string | null }
    >;
    for (const r of stored)
      batch.rows.set(r.contact_id, {
        ...r,
        arrived_at: isoOf(r.arrived_at)!,
        assigned_at: isoOf(r.assigned_at),
        last_revision: Number(r.last_revision),
      });
    return batch;
  }

  /**
   * Each contact event counts once: a contact's row remembers the last revision applied, so a
   * replayed batch changes no counter (the counters are sums, and a sum cannot tell a replay).
   */
  apply(recorded: RecordedEvent): void {
    const e = { type: recorded.type, data: recorded.data } as ContactEvent;
    if (e.type === 'ContactReceived') {
      if (this.rows.has(e.data.contactId)) return;
      const step = kpiStep(e, null, null);
      const f = step.facts[0]!;
      this.put({
        contact_id: f.contactId,
        municipality: f.municipality,
        channel: f.channel,
        language: f.language,
        month: f.month,
        queue_id: e.data.queueId,
        organisation: e.data.organisation,
        person_ref: null,
        reason: f.reason,
        arrived_at: isoOf(e.data.arrivedAt)!,
        status: 'waiting',
        assigned_to: null,
        assigned_at: null,
        first: true,
        repeated: false,
        closed_as: null,
        last_revision: recorded.revision,
      });
      this.count(step.deltas);
      return;
    }
    const row = this.rows.get((e.data as { contactId: string }).contactId);
    if (!row || row.last_revision >= recorded.revision) return;
    const repeatOf = e.type === 'ContactIdentified' ? e.data.repeatOf : null;
    const earlier = repeatOf ? (this.rows.get(repeatOf) ?? null) : null;
    const step = kpiStep(e, factsOf(row), earlier ? factsOf(earlier) : null);
    this.put({ ...row, ...operational(e), last_revision: recorded.revision });
    for (const f of step.facts) {
      const target = this.rows.get(f.contactId);
      if (target) this.put({ ...target, person_ref: f.personRef, first: f.first, repeated: f.repeated, closed_as: f.closedAs });
    }
    this.count(step.deltas);
  }

  async write(em: EntityManager): Promise<void> {
    if (this.changed.size > 0) {
      const columns = CONTACT_COLUMNS.map((c) => `${c} ${COLUMN_TYPES[c] ?? 'text'}`).join(', ');
      await em.query(
        `INSERT INTO ci_contacts (${CONTACT_COLUMNS.join(', ')})
         SELECT ${CONTACT_COLUMNS.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${columns})
         ON CONFLICT (contact_id) DO UPDATE SET ${CONTACT_COLUMNS.filter((c) => c !== 'contact_id')
           .map((c) => `${c} = EXCLUDED.${c}`)
           .join(', ')}`,
        [JSON.stringify([...this.changed].map((id) => this.rows.get(id)!))],
      );
    }
    const cells = [...this.cells.values()].filter((c) => KPI_COUNTERS.some((k) => (c.counters[k] ?? 0) !== 0));
    if (cells.length === 0) return;
    const names = KPI_COUNTERS.filter((k) => cells.some((c) => (c.counters[k] ?? 0) !== 0));
    const columns = names.map(counterColumn);
    await em.query(
      `INSERT INTO ci_kpi (municipality, channel, language, month, ${columns.join(', ')})
       SELECT municipality, channel, language, month, ${columns.join(', ')}
       FROM jsonb_to_recordset($1::jsonb) AS r(municipality text, channel text, language text, month text, ${columns.map((c) => `${c} bigint`).join(', ')})
       ON CONFLICT (municipality, month, channel, language) DO UPDATE SET ${columns.map((c) => `${c} = ci_kpi.${c} + EXCLUDED.${c}`).join(', ')}`,
      [
        JSON.stringify(
          cells.map(({ cell, counters }) => ({
            ...cell,
            ...Object.fromEntries(names.map((k) => [counterColumn(k), counters[k] ?? 0])),
          })),
        ),
      ],
    );
  }

  private put(row: ContactRow): void {
    this.rows.set(row.contact_id, row);
    this.changed.add(row.contact_id);
  }

  private count(deltas: KpiStep['deltas']): void {
    for (const d of deltas) {
      const key = cellKey(d.cell);
      const sum = this.cells.get(key) ?? { cell: d.cell, counters: {} };
      for (const k of KPI_COUNTERS) {
        const v = d.counters[k];
        if (v !== undefined) sum.counters[k] = (sum.counters[k] ?? 0) + v;
      }
      this.cells.set(key, sum);
    }
  }
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
  // The contact events of a batch are folded together (ContactBatch); the others write tables the
  // contacts' fold never reads, so they go on in order beside it.
  async applyBatch(em: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
    const contacts = events.filter((e) => e.streamId.startsWith('contact-'));
    if (contacts.length > 0) {
      const batch = await ContactBatch.load(em, contacts);
      for (const recorded of contacts) batch.apply(recorded);
      await batch.write(em);
    }
    for (const recorded of events) if (!recorded.streamId.startsWith('contact-')) await applyOther(em, recorded);
  },
};
