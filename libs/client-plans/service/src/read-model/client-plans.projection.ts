import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@luotsi/eventstore';
import type { ProjectionDeclaration } from '@luotsi/messaging';
import { planDecider, type PlanEvent, type PlanRequestEvent, type PlanState } from '@luotsi/client-plans-domain';

export const CLIENT_PLANS_PROJECTION_NAME = 'client-plans-read-model';

/**
 * The plans' query tables: each plan's folded state (the decider's own evolve, so the read model
 * cannot drift from the rules), its status history for the quarterly report, and the requests
 * for plans. A plan event at or below the stored revision is already in (a replay changes nothing).
 */
export const clientPlansProjection: ProjectionDeclaration = {
  name: CLIENT_PLANS_PROJECTION_NAME,
  categories: ['plan', 'planrequest'],
  async applyBatch(em: EntityManager, batch: readonly RecordedEvent[]): Promise<void> {
    // Runs of plan events are folded in memory and written in two statements; a request reads
    // cp_plans, so the plans before it are written first: the same rows as one event at a time.
    let run: RecordedEvent[] = [];
    for (const recorded of batch) {
      if (!recorded.streamId.startsWith('planrequest-')) {
        run.push(recorded);
        continue;
      }
      await applyPlans(em, run);
      run = [];
      await applyRequest(em, recorded as RecordedEvent<PlanRequestEvent['data']>);
    }
    await applyPlans(em, run);
  },
};

const STATUS_EVENTS = new Set(['PlanCreated', 'PlanStatusChanged', 'PlanVersionStarted']);

/** Plan events in order: the people's stored states in one query, folded with the decider's evolve, written back in bulk. */
async function applyPlans(em: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const people = [...new Set(events.map((e) => e.streamId.slice('plan-'.length)))];
  const rows = (await em.query('SELECT person_ref, state FROM cp_plans WHERE person_ref = ANY($1::text[])', [people])) as Array<{
    person_ref: string;
    state: PlanState | string;
  }>;
  const states = new Map(rows.map((r) => [r.person_ref, typeof r.state === 'string' ? (JSON.parse(r.state) as PlanState) : r.state]));
  const changed = new Set<string>();
  const statuses: Array<{ person_ref: string; revision: number; version: number; status: string; status_on: string }> = [];
  for (const recorded of events) {
    const personRef = recorded.streamId.slice('plan-'.length);
    const stored = states.get(personRef) ?? planDecider.initialState();
    // At or below the stored revision: already in (a replay changes nothing).
    if (recorded.revision <= stored.revision) continue;
    const event = { type: recorded.type, data: recorded.data } as PlanEvent;
    states.set(personRef, planDecider.evolve(stored, event));
    changed.add(personRef);
    if (STATUS_EVENTS.has(event.type)) {
      const data = event.data as { version: number; status: string; createdOn?: string; on?: string };
      statuses.push({
        person_ref: personRef,
        revision: recorded.revision,
        version: data.version,
        status: data.status,
        status_on: (event.type === 'PlanCreated' ? data.createdOn : data.on)!,
      });
    }
  }
  if (changed.size === 0) return;
  const plans = [...changed].map((personRef) => {
    const state = states.get(personRef)!;
    const plan = state.current!;
    return {
      person_ref: personRef,
      plan_id: state.planId,
      municipality: state.municipality,
      segment: state.segment,
      status: plan.status,
      version: plan.version,
      responsible_organisation: plan.responsibleOrganisation,
      created_on: state.previous[0]?.createdOn ?? plan.createdOn,
      revision: state.revision,
      state,
    };
  });
  await em.query(
    `INSERT INTO cp_plans (person_ref, plan_id, municipality, segment, status, version, responsible_organisation, created_on, revision, state)
     SELECT person_ref, plan_id, municipality, segment, status, version, responsible_organisation, created_on, revision, state
     FROM jsonb_to_recordset($1::jsonb) AS x(person_ref text, plan_id text, municipality text, segment text, status text, version integer,
       responsible_organisation text, created_on date, revision integer, state jsonb)
     ON CONFLICT (person_ref) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version,
       responsible_organisation = EXCLUDED.responsible_organisation, revision = EXCLUDED.revision, state = EXCLUDED.state`,
    [JSON.stringify(plans)],
  );
  if (statuses.length > 0)
    await em.query(
      `INSERT INTO cp_plan_statuses (person_ref, revision, version, status, status_on)
       SELECT person_ref, revision, version, status, status_on
       FROM jsonb_to_recordset($1::jsonb) AS x(person_ref text, revision integer, version integer, status text, status_on date)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(statuses)],
    );
}

async function applyRequest(em: EntityManager, recorded: RecordedEvent<PlanRequestEvent['data']>): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as PlanRequestEvent;
  const base = [recorded.streamId, recorded.revision, event.data.personRef];
  if (event.type === 'PlanRequested') {
    const d = event.data;
    await em.query(
      `INSERT INTO cp_requests (stream_id, revision, person_ref, kind, municipality, contact_id, route, destination, segment, on_date)
       VALUES ($1, $2, $3, 'plan-requested', $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [...base, d.municipality, d.contactId, d.route, d.destination, d.segment, d.requestedOn],
    );
  } else {
    const d = event.data;
    await em.query(
      `INSERT INTO cp_requests (stream_id, revision, person_ref, kind, on_date, trigger, count, window_from, window_to, guide_subject, guide_name, municipality)
       VALUES ($1, $2, $3, 'intensive-guidance-suggested', $4, $5, $6, $7, $8, $9, $10,
         COALESCE((SELECT municipality FROM cp_plans WHERE person_ref = $3),
           (SELECT municipality FROM cp_requests WHERE person_ref = $3 AND municipality IS NOT NULL ORDER BY on_date DESC LIMIT 1)))
       ON CONFLICT DO NOTHING`,
      [
        ...base,
        d.flaggedOn,
        d.trigger,
        d.count,
        d.windowFrom,
        d.windowTo,
        d.suggestedGuide?.subject ?? null,
        d.suggestedGuide?.name ?? null,
      ],
    );
  }
}
