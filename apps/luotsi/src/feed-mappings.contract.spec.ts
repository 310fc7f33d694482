import { cloudEventType, type ContextContract } from '@luotsi/contracts';
import { billingContract } from '@luotsi/billing-contracts';
import { clientPlansContract } from '@luotsi/client-plans-contracts';
import { contactIntakeContract } from '@luotsi/contact-intake-contracts';
import { providerChoiceContract } from '@luotsi/provider-choice-contracts';
import { serviceCatalogueContract } from '@luotsi/service-catalogue-contracts';
import { INBOUND, mappedTypes, routeBatch, unknownResident, type InboundEvent, type ResidentState } from '@luotsi/municipality-feed-domain';

/**
 * The feed's tolerant readers against what the contexts really publish: every type the feed maps
 * is in a context's contract, and each contract's own example of it routes without an unreadable
 * field. The feed was written against agreed shapes before contact intake and client plans existed;
 * this is where a renamed field would show.
 */
const CONTRACTS: readonly ContextContract[] = [
  providerChoiceContract,
  billingContract,
  contactIntakeContract,
  clientPlansContract,
  serviceCatalogueContract,
];
const published = CONTRACTS.flatMap((c) =>
  c.events.map((def) => ({ type: cloudEventType(c.context, def), example: def.example as Record<string, unknown> })),
);

describe("the municipality feed's mappings against the contexts' contracts", () => {
  it('maps only types some context publishes', () => {
    const types = new Set(published.map((p) => p.type));
    expect(mappedTypes().filter((t) => !types.has(t))).toEqual([]);
  });

  it.each(mappedTypes().filter((t) => /contact-intake|client-plans/.test(t)))('reads the published example of %s', (type) => {
    const { example } = published.find((p) => p.type === type)!;
    const event: InboundEvent = { id: `e-${type}`, type, subject: 's', time: '2027-03-10T08:00:00Z', data: example };
    // The person lives in Tampere, so events routed to the current municipality have somewhere to go.
    const personRef = typeof example['personRef'] === 'string' ? example['personRef'] : null;
    const states = new Map<string, ResidentState>(
      personRef ? [[personRef, { ...unknownResident(personRef), municipality: '837', eligible: true }]] : [],
    );
    const { entries, unreadable } = routeBatch([event], states);
    expect(unreadable.map((u) => u.error.message)).toEqual([]);
    expect(entries.flatMap((e) => e.entries)).toHaveLength(1);
  });

  it('reads the catalogue’s published examples: a version for Tampere’s area, then its withdrawal', () => {
    const example = (type: string) => published.find((p) => p.type === type)!.example;
    const events: InboundEvent[] = [INBOUND.servicePublished, INBOUND.serviceWithdrawn].map((type) => ({
      id: `e-${type}`,
      type,
      subject: 'catservice-x',
      time: '2027-01-10T08:00:00Z',
      data: example(type),
    }));
    const { entries, unreadable } = routeBatch(events, new Map());
    expect(unreadable.map((u) => u.error.message)).toEqual([]);
    expect(entries.flatMap((e) => e.entries).map((e) => [e.municipality, e.type])).toEqual([
      ['837', 'service-published'],
      ['837', 'service-withdrawn'],
    ]);
  });
});
