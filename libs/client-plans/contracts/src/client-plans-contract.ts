import type { ContextContract, IntegrationEventDefinition } from '@luotsi/contracts';
import type { PlanEvent } from '@luotsi/client-plans-domain';

const personRef = {
  type: 'string',
  pattern: '^per_[a-z0-9-]{26,36}$',
  description: 'Opaque person reference; never a personal identity code',
} as const;
const id = { type: 'string', minLength: 1, maxLength: 100 } as const;
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const object = (properties: Record<string, unknown>): Record<string, unknown> => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
});

type Published = Extract<PlanEvent, { type: 'PlanCreated' | 'PlanStatusChanged' | 'PlanVersionStarted' | 'ResponsibleWorkerChanged' }>;
type DataOf<T extends Published['type']> = Extract<Published, { type: T }>['data'];

/**
 * What another context may know of a plan: that it exists or changed, whose it is, the responsible
 * organisation, its status, municipality and version. Never its content (situation, goals,
 * services, the care team, the responsible worker's name): those are read only through the
 * access-checked API. Field by field, so a field added to a domain event stays inside.
 */
const headline = (d: DataOf<Published['type']>) => ({
  planId: d.planId,
  personRef: d.personRef,
  responsibleOrganisation: d.responsibleOrganisation,
  status: d.status,
  municipality: d.municipality,
  version: d.version,
});

export const CLIENT_PLANS_PUBLIC_MAPPING = {
  PlanCreated: (d: DataOf<'PlanCreated'>) => headline(d),
  PlanStatusChanged: (d: DataOf<'PlanStatusChanged'>) => headline(d),
  PlanVersionStarted: (d: DataOf<'PlanVersionStarted'>) => headline(d),
  ResponsibleWorkerChanged: (d: DataOf<'ResponsibleWorkerChanged'>) => headline(d),
} satisfies { [T in Published['type']]: (d: DataOf<T>) => Record<string, unknown> };

const event = <T extends Published['type']>(
  domainType: T,
  def: Omit<IntegrationEventDefinition, 'domainType' | 'toPublic'>,
): IntegrationEventDefinition => ({
  domainType,
  ...def,
  toPublic: (data) => (CLIENT_PLANS_PUBLIC_MAPPING[domainType] as (d: DataOf<T>) => Record<string, unknown>)(data as unknown as DataOf<T>),
});

const headlineSchema = object({
  planId: id,
  personRef,
  responsibleOrganisation: { type: 'string', minLength: 1, maxLength: 200 },
  status: { enum: ['draft', 'active', 'on-hold', 'completed', 'revoked', 'entered-in-error'] },
  municipality: nullable({ type: 'string', pattern: '^\\d{3}$' }),
  version: { type: 'integer', minimum: 1 },
});
const example = (status: string, version = 1) => ({
  planId: '6f1c2a8e-0d9b-4b7a-9e51-2c3d4e5f6a7b',
  personRef: 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11',
  responsibleOrganisation: 'pirkanmaa',
  status,
  municipality: '837',
  version,
});

/** Client plans publish on `luotsi.client-plans.v1`, keyed by the plan's stream (`plan-<personRef>`). */
export const clientPlansContract: ContextContract = {
  context: 'client-plans',
  categories: ['plan'],
  partitions: 6,
  retentionMs: -1,
  events: [
    event('PlanCreated', {
      name: 'plan-created',
      version: 1,
      summary: 'A person has a client plan now (a draft); no content, only who, where and by whom it is held.',
      schema: headlineSchema,
      example: example('draft'),
    }),
    event('PlanStatusChanged', {
      name: 'plan-status-changed',
      version: 1,
      summary: "A plan's status changed (draft, active, on-hold, completed, revoked, entered-in-error).",
      schema: headlineSchema,
      example: example('active'),
    }),
    event('PlanVersionStarted', {
      name: 'plan-version-started',
      version: 1,
      summary: 'A completed plan was replaced by a new version (a draft); the old version is kept.',
      schema: headlineSchema,
      example: example('draft', 2),
    }),
    event('ResponsibleWorkerChanged', {
      name: 'plan-responsibility-changed',
      version: 1,
      summary: "The plan's responsible worker, and with them possibly the responsible organisation, changed.",
      schema: headlineSchema,
      example: example('active'),
    }),
  ],
};
