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
  async apply(em: EntityManager, recorded: RecordedEvent): Promise<void> {
    if (recorded.streamId.startsWith('planrequest-')) return applyRequest(em, recorded as RecordedEvent<PlanRequestEvent['data']>);
    return applyPlan(em, recorded);
  },
};

async function applyPlan(em: EntityManager, recorded: RecordedEvent): Promise<void> {
  const personRef = recorded.streamId.slice('plan-'.length);
  const rows = (await em.query('SELECT state FROM cp_plans WHERE person_ref = $1', [personRef])) as Array<{ state: PlanState | string }>;
  const stored = rows[0]
    ? typeof rows[0].state === 'string'
      ? (JSON.parse(rows[0].state) as PlanState)
      : rows[0].state
    : planDecider.initialState();
  if (recorded.revision <= stored.revision) return;
  const event = { type: recorded.type, data: recorded.data } as PlanEvent;
  const state = planDecider.evolve(stored, event);
  const plan = state.current!;
  await em.query(
    `INSERT INTO cp_plans (person_ref, plan_id, municipality, segment, status, version, responsible_organisation, created_on, revision, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
     ON CONFLICT (person_ref) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version,
       responsible_organisation = EXCLUDED.responsible_organisation, revision = EXCLUDED.revision, state = EXCLUDED.state`,
    [
      personRef,
      state.planId,
      state.municipality,
      state.segment,
      plan.status,
      plan.version,
      plan.responsibleOrganisation,
      state.previous[0]?.createdOn ?? plan.createdOn,
      state.revision,
      JSON.stringify(state),
    ],
  );
  if (event.type === 'PlanCreated' || event.type === 'PlanStatusChanged' || event.type === 'PlanVersionStarted') {
    const on = event.type === 'PlanCreated' ? event.data.createdOn : event.data.on;
    await em.query(
      'INSERT INTO cp_plan_statuses (person_ref, revision, version, status, status_on) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [personRef, recorded.revision, event.data.version, event.data.status, on],
    );
  }
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
