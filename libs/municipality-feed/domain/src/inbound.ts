/**
 * The contexts' public events as the feed reads them: tolerant readers in the feed's own types.
 * Each reader takes only the fields the feed's mapping needs and checks just those, so a context
 * adding a field changes nothing here; a missing or mistyped needed field makes the event
 * unreadable (it is dead-lettered, never half-routed).
 */

/** What the router needs of a CloudEvent (structural: no dependency on the platform's types). */
export interface InboundEvent {
  id: string;
  type: string;
  subject: string;
  time: string;
  data: unknown;
}

export class UnreadableEvent extends Error {
  constructor(
    readonly eventType: string,
    readonly field: string,
  ) {
    super(`${eventType}: field ${field} is missing or has the wrong type`);
    this.name = 'UnreadableEvent';
  }
}

/** The inbound event types the feed maps (topic luotsi.<context>.v1 of each). */
export const INBOUND = {
  residentRegistered: 'fi.luotsi.provider-choice.resident-registered.v1',
  residentMoved: 'fi.luotsi.provider-choice.resident-moved.v1',
  residentDied: 'fi.luotsi.provider-choice.resident-died.v1',
  listingStarted: 'fi.luotsi.provider-choice.listing-started.v1',
  listingEnded: 'fi.luotsi.provider-choice.listing-ended.v1',
  serviceRecorded: 'fi.luotsi.billing.service-recorded.v1',
  clientFeeCharged: 'fi.luotsi.billing.client-fee-charged.v1',
  planRequested: 'fi.luotsi.contact-intake.plan-requested.v1',
  heavyUserFlagged: 'fi.luotsi.contact-intake.heavy-user-flagged.v1',
  planCreated: 'fi.luotsi.client-plans.plan-created.v1',
  planStatusChanged: 'fi.luotsi.client-plans.plan-status-changed.v1',
  planVersionStarted: 'fi.luotsi.client-plans.plan-version-started.v1',
  servicePublished: 'fi.luotsi.service-catalogue.service-published.v1',
  serviceWithdrawn: 'fi.luotsi.service-catalogue.service-withdrawn.v1',
} as const;

/** The contexts whose topics the feed consumes. */
export const INBOUND_CONTEXTS = ['provider-choice', 'billing', 'contact-intake', 'client-plans', 'service-catalogue'] as const;

type Json = Record<string, unknown>;

/** Reads one event's data field by field; every getter throws UnreadableEvent on a bad field. */
export class Fields {
  private readonly data: Json;
  private readonly path: string;

  /** `nested` is a nested object (`arrangingOrganisation`, `names`) and its path, named in the refusal's field. */
  constructor(
    private readonly event: InboundEvent,
    nested?: { data: unknown; path: string },
  ) {
    const data = nested ? nested.data : event.data;
    this.path = nested?.path ?? '';
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UnreadableEvent(event.type, this.path || 'data');
    this.data = data as Json;
  }

  private field(name: string): string {
    return this.path ? `${this.path}.${name}` : name;
  }

  private fail(name: string): never {
    throw new UnreadableEvent(this.event.type, this.field(name));
  }

  text(name: string): string {
    const v = this.data[name];
    if (typeof v !== 'string' || v.length === 0 || v.length > 200) this.fail(name);
    return v;
  }

  textOrNull(name: string): string | null {
    const v = this.data[name];
    if (v === null || v === undefined) return null;
    return this.text(name);
  }

  date(name: string): string {
    const v = this.text(name);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) this.fail(name);
    return v;
  }

  bool(name: string): boolean {
    const v = this.data[name];
    if (typeof v !== 'boolean') this.fail(name);
    return v;
  }

  int(name: string): number {
    const v = this.data[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.fail(name);
    return v;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T {
    const v = this.text(name);
    if (!values.includes(v as T)) this.fail(name);
    return v as T;
  }

  /** A list of texts (each as `text` reads one). */
  texts(name: string): string[] {
    const v = this.data[name];
    if (!Array.isArray(v)) this.fail(name);
    return v.map((x, i) => {
      if (typeof x !== 'string' || x.length === 0 || x.length > 200) this.fail(`${name}[${i}]`);
      return x;
    });
  }

  /** A nested object, read with the same rules. */
  object(name: string): Fields {
    return new Fields(this.event, { data: this.data[name], path: this.field(name) });
  }

  /** A list of nested objects. */
  objects(name: string): Fields[] {
    const v = this.data[name];
    if (!Array.isArray(v)) this.fail(name);
    return v.map((x, i) => new Fields(this.event, { data: x, path: this.field(`${name}[${i}]`) }));
  }
}
