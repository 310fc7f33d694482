import type { StreamDeclaration } from '@luotsi/eventstore';
import {
  PLAN_CONFIG_STREAM,
  familyDecider,
  familyStream,
  planConfigDecider,
  planDecider,
  planRequestDecider,
  planRequestStream,
  planStream,
  type FamilyCommand,
  type FamilyEvent,
  type FamilyState,
  type PlanCommand,
  type PlanConfigCommand,
  type PlanConfigEvent,
  type PlanConfigState,
  type PlanEvent,
  type PlanRequestCommand,
  type PlanRequestEvent,
  type PlanRequestState,
  type PlanState,
} from '@luotsi/client-plans-domain';

/** A person's one plan, all its versions: `plan-<personRef>` (created with no_stream). */
export const planStreams: StreamDeclaration<PlanCommand, PlanEvent, PlanState> = {
  category: 'plan',
  decider: planDecider,
  streamId: (c) => planStream(c.personRef),
};

/** What asked for a person's plan (contact intake's routings, heavy-user flags): `planrequest-<personRef>`. */
export const planRequestStreams: StreamDeclaration<PlanRequestCommand, PlanRequestEvent, PlanRequestState> = {
  category: 'planrequest',
  decider: planRequestDecider,
  streamId: (c) => planRequestStream(c.personRef),
};

/** The county's configuration of plans (section classes, role × purpose rules, ρ): one stream. */
export const planConfigStreams: StreamDeclaration<PlanConfigCommand, PlanConfigEvent, PlanConfigState> = {
  category: 'planconfig',
  decider: planConfigDecider,
  streamId: () => PLAN_CONFIG_STREAM,
};

/** A family's link between its members' plans: `family-<familyId>`. */
export const familyStreams: StreamDeclaration<FamilyCommand, FamilyEvent, FamilyState> = {
  category: 'family',
  decider: familyDecider,
  streamId: (c) => familyStream(c.familyId),
};

export const CLIENT_PLANS_STREAMS = [planStreams, planRequestStreams, planConfigStreams, familyStreams] as const;
