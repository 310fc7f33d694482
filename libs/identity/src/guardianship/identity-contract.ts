import type { ContextContract } from '@luotsi/contracts';
import type { GuardianshipRecorded } from './guardianship';

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Europe/Helsinki business date' } as const;
const personRef = {
  type: 'string',
  pattern: '^per_[a-z0-9-]{26,36}$',
  description: 'Opaque person reference; never a personal identity code',
} as const;

/**
 * What identity publishes on `luotsi.identity.v1`: guardianship links by personRef only (no
 * identity code, no birth date beyond the 18th birthday billing's fee rule needs), keyed by the
 * child's stream so a child's links stay in order.
 */
export const IDENTITY_PUBLIC_MAPPING = {
  GuardianshipRecorded: (d: GuardianshipRecorded['data']) => ({
    childRef: d.childRef,
    guardianRef: d.guardianRef,
    from: d.from,
    to: d.to,
    childAdultOn: d.childAdultOn,
    feesJoin: d.feesJoin,
  }),
};

export const identityContract: ContextContract = {
  context: 'identity',
  categories: ['guardianship'],
  partitions: 6,
  retentionMs: -1,
  events: [
    {
      domainType: 'GuardianshipRecorded',
      name: 'guardianship-recorded',
      version: 1,
      summary:
        "The population register recorded (or changed) a guardian of a minor; feesJoin says whether the child's client fees join this guardian's total toward the annual cap.",
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['childRef', 'guardianRef', 'from', 'to', 'childAdultOn', 'feesJoin'],
        properties: {
          childRef: personRef,
          guardianRef: personRef,
          from: date,
          to: { anyOf: [date, { type: 'null' }] },
          childAdultOn: { ...date, description: "The child's 18th birthday" },
          feesJoin: { type: 'boolean' },
        },
      },
      example: {
        childRef: 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e12',
        guardianRef: 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11',
        from: '2015-04-02',
        to: null,
        childAdultOn: '2033-04-02',
        feesJoin: true,
      },
      toPublic: (data) => IDENTITY_PUBLIC_MAPPING.GuardianshipRecorded(data as GuardianshipRecorded['data']),
    },
  ],
};
