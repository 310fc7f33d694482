import type { Pool, PoolClient } from 'pg';
import { FeedPayloadValidator } from '@luotsi/municipality-feed-contracts';

/**
 * The reference consumer's mirror: a municipality's feed applied to the municipality's own
 * PostgreSQL tables. Each batch is one transaction: the events it has not seen (by event id: a
 * redelivery changes nothing), their effect on the tables, the dead letters of what it cannot
 * apply and the checkpoint (the topic offset to resume from) commit together, so a crash at any
 * point resumes from the last committed batch and applies every event once.
 */
export interface FeedMessage {
  /** The Kafka offset (null for events fetched from the HTTP replay). */
  offset: string | null;
  value: string | null;
}

export interface ApplyOutcome {
  applied: number;
  duplicates: number;
  deadLettered: Array<{ offset: string | null; eventId: string | null; error: string }>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const TYPE_PREFIX = 'fi.luotsi.municipality.';

export class Mirror {
  private readonly validator = new FeedPayloadValidator();
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
    readonly municipality: string,
  ) {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`schema must be a plain lower-case name: ${schema}`);
    this.s = schema;
  }

  async migrate(): Promise<void> {
    const s = this.s;
    await this.pool.query(`
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.feed_events (
  event_id uuid PRIMARY KEY, sequence bigint NOT NULL, type text NOT NULL, subject text NOT NULL,
  recorded_at timestamptz NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), data jsonb NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.residents (
  person_ref text PRIMARY KEY, living_here boolean NOT NULL, eligible boolean, since date, moved_out_on date, died_on date);
CREATE TABLE IF NOT EXISTS ${s}.listings (person_ref text PRIMARY KEY, provider_id text NOT NULL, station_id text NOT NULL, since date NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.services (provider_id text NOT NULL, service_type text NOT NULL, date date NOT NULL, no_show boolean NOT NULL, event_id uuid PRIMARY KEY);
CREATE TABLE IF NOT EXISTS ${s}.client_fees (date date NOT NULL, service_type text NOT NULL, charged_cents bigint NOT NULL, counts_toward_cap boolean NOT NULL, event_id uuid PRIMARY KEY);
CREATE TABLE IF NOT EXISTS ${s}.plan_requests (contact_id text PRIMARY KEY, person_ref text NOT NULL, route text NOT NULL, requested_on date NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.frequent_contacts (person_ref text NOT NULL, trigger text NOT NULL, flagged_on date NOT NULL, PRIMARY KEY (person_ref, trigger, flagged_on));
CREATE TABLE IF NOT EXISTS ${s}.plans (plan_id text PRIMARY KEY, person_ref text NOT NULL, status text NOT NULL, responsible_organisation text NOT NULL, version integer NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.own_services (
  service_id text NOT NULL, valid_from date NOT NULL, held boolean NOT NULL,
  names jsonb, channel_ids text[], basis text[], end_reason text, PRIMARY KEY (service_id, valid_from));
CREATE TABLE IF NOT EXISTS ${s}.dead_letters (id bigserial PRIMARY KEY, kafka_offset bigint, event_id text, error text NOT NULL, value text, at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS ${s}.checkpoint (topic text PRIMARY KEY, next_offset bigint NOT NULL, last_sequence bigint NOT NULL DEFAULT 0);
`);
  }

  /** The offset to resume the topic from, or null when this mirror has not read it yet. */
  async resumeOffset(topic: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ next_offset: string }>(`SELECT next_offset FROM ${this.s}.checkpoint WHERE topic = $1`, [
      topic,
    ]);
    return rows[0]?.next_offset ?? null;
  }

  /** The highest feed sequence applied: where an HTTP replay goes on from. */
  async lastSequence(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string | null }>(`SELECT max(sequence) AS n FROM ${this.s}.feed_events`);
    return Number(rows[0]?.n ?? 0);
  }

  /** Applies a batch in one transaction, moving the topic's checkpoint past it (when it came from the topic). */
  async apply(topic: string, messages: readonly FeedMessage[]): Promise<ApplyOutcome> {
    const outcome: ApplyOutcome = { applied: 0, duplicates: 0, deadLettered: [] };
    if (messages.length === 0) return outcome;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const parsed = messages.map((m) => this.read(m));
      const valid = parsed.filter((p): p is Extract<typeof p, { ok: true }> => p.ok);
      // One statement for the batch's de-duplication: the ids not seen before come back.
      const fresh = new Set(
        valid.length === 0
          ? []
          : (
              await client.query<{ event_id: string }>(
                `INSERT INTO ${this.s}.feed_events (event_id, sequence, type, subject, recorded_at, data)
                 SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[])
                 ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
                [
                  valid.map((v) => v.event.id),
                  valid.map((v) => v.event.sequence),
                  valid.map((v) => v.event.type),
                  valid.map((v) => v.event.subject),
                  valid.map((v) => v.event.time),
                  valid.map((v) => JSON.stringify(v.event.data)),
                ],
              )
            ).rows.map((r) => r.event_id),
      );
      const done = new Set<string>();
      // Consecutive events of one type are applied by one set-based statement (order across
      // types is kept: a run ends where the type changes); the rest one by one.
      let run: FeedEvent[] = [];
      const flush = async () => {
        if (run.length > 0) await this.applyRun(client, run);
        run = [];
      };
      for (const p of parsed) {
        if (!p.ok) {
          outcome.deadLettered.push({ offset: p.message.offset, eventId: p.eventId, error: p.error });
          await client.query(`INSERT INTO ${this.s}.dead_letters (kafka_offset, event_id, error, value) VALUES ($1, $2, $3, $4)`, [
            p.message.offset,
            p.eventId,
            p.error,
            (p.message.value ?? '').slice(0, 10_000),
          ]);
          continue;
        }
        // A repeat inside the batch, or one applied before: nothing more.
        if (!fresh.has(p.event.id) || done.has(p.event.id)) {
          outcome.duplicates += 1;
          continue;
        }
        done.add(p.event.id);
        if (run.length > 0 && run[0]!.name !== p.event.name) await flush();
        run.push(p.event);
        outcome.applied += 1;
      }
      await flush();
      const last = messages[messages.length - 1]!.offset;
      if (last !== null)
        await client.query(
          `INSERT INTO ${this.s}.checkpoint (topic, next_offset, last_sequence) VALUES ($1, $2, $3)
           ON CONFLICT (topic) DO UPDATE SET next_offset = EXCLUDED.next_offset, last_sequence = GREATEST(${this.s}.checkpoint.last_sequence, EXCLUDED.last_sequence)`,
          [topic, (BigInt(last) + 1n).toString(), Math.max(0, ...valid.map((v) => v.event.sequence))],
        );
      await client.query('COMMIT');
      return outcome;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private read(
    message: FeedMessage,
  ): { ok: true; event: FeedEvent } | { ok: false; message: FeedMessage; eventId: string | null; error: string } {
    let value: unknown;
    try {
      value = JSON.parse(message.value ?? '');
    } catch {
      return { ok: false, message, eventId: null, error: 'not JSON' };
    }
    const e = value as Partial<FeedEvent> | null;
    const id = typeof e?.id === 'string' ? e.id : null;
    const fail = (error: string) => ({ ok: false as const, message, eventId: id, error });
    if (!e || e.specversion !== '1.0' || !id || !/^[0-9a-f-]{36}$/.test(id)) return fail('not a CloudEvent with an id');
    if (e.municipality !== this.municipality) return fail(`event of municipality ${String(e.municipality)}, not ${this.municipality}`);
    if (typeof e.type !== 'string' || !e.type.startsWith(TYPE_PREFIX)) return fail(`unknown type ${String(e.type)}`);
    if (typeof e.sequence !== 'number' || typeof e.subject !== 'string' || typeof e.time !== 'string')
      return fail('sequence, subject or time missing');
    const name = e.type.slice(TYPE_PREFIX.length).replace(/\.v\d+$/, '');
    const errors = this.validator.errors(name, e.data);
    if (errors.length > 0) return fail(`${name}: ${errors.join('; ')}`);
    return { ok: true, event: { ...(e as FeedEvent), name } };
  }

  /** A run of events of one type: one statement where the type allows it (the last event per person wins, as in order). */
  private async applyRun(c: PoolClient, run: readonly FeedEvent[]): Promise<void> {
    const s = this.s;
    const type = run[0]!.name;
    const data = run.map((e) => e.data as Record<string, unknown>);
    const lastPerPerson = () => [...new Map(data.map((d) => [String(d['personRef']), d])).values()];
    if (type === 'listing-started') {
      const rows = lastPerPerson();
      await c.query(
        `INSERT INTO ${s}.listings (person_ref, provider_id, station_id, since)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[])
         ON CONFLICT (person_ref) DO UPDATE SET provider_id = EXCLUDED.provider_id, station_id = EXCLUDED.station_id, since = EXCLUDED.since`,
        [
          rows.map((d) => d['personRef']),
          rows.map((d) => d['providerId']),
          rows.map((d) => d['stationId']),
          rows.map((d) => d['effectiveFrom']),
        ],
      );
      return;
    }
    if (type === 'resident-registered') {
      const rows = lastPerPerson();
      await c.query(
        `INSERT INTO ${s}.residents (person_ref, living_here, eligible, since)
         SELECT p, true, e, d FROM unnest($1::text[], $2::boolean[], $3::date[]) AS t(p, e, d)
         ON CONFLICT (person_ref) DO UPDATE SET living_here = true, eligible = EXCLUDED.eligible, since = EXCLUDED.since, moved_out_on = NULL`,
        [rows.map((d) => d['personRef']), rows.map((d) => d['eligible']), rows.map((d) => d['residentFrom'])],
      );
      return;
    }
    if (type === 'service-delivered') {
      await c.query(
        `INSERT INTO ${s}.services (provider_id, service_type, date, no_show, event_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::boolean[], $5::uuid[])`,
        [
          data.map((d) => d['providerId']),
          data.map((d) => d['serviceType']),
          data.map((d) => d['date']),
          data.map((d) => d['noShow']),
          run.map((e) => e.id),
        ],
      );
      return;
    }
    if (type === 'client-fee-collected') {
      await c.query(
        `INSERT INTO ${s}.client_fees (date, service_type, charged_cents, counts_toward_cap, event_id)
         SELECT * FROM unnest($1::date[], $2::text[], $3::bigint[], $4::boolean[], $5::uuid[])`,
        [
          data.map((d) => d['date']),
          data.map((d) => d['serviceType']),
          data.map((d) => d['chargedCents']),
          data.map((d) => d['countsTowardCap']),
          run.map((e) => e.id),
        ],
      );
      return;
    }
    for (const e of run) await this.applyOne(c, e);
  }

  private async applyOne(c: PoolClient, e: FeedEvent): Promise<void> {
    const s = this.s;
    const d = e.data as Record<string, unknown>;
    switch (e.name) {
      case 'resident-registered':
        await c.query(
          `INSERT INTO ${s}.residents (person_ref, living_here, eligible, since) VALUES ($1, true, $2, $3)
           ON CONFLICT (person_ref) DO UPDATE SET living_here = true, eligible = $2, since = $3, moved_out_on = NULL`,
          [d['personRef'], d['eligible'], d['residentFrom']],
        );
        return;
      case 'resident-moved-in': {
        await c.query(
          `INSERT INTO ${s}.residents (person_ref, living_here, eligible, since) VALUES ($1, true, $2, $3)
           ON CONFLICT (person_ref) DO UPDATE SET living_here = true, eligible = $2, since = $3, moved_out_on = NULL`,
          [d['personRef'], d['eligible'], d['movedInOn']],
        );
        const l = d['listing'] as { providerId: string; stationId: string; since: string } | null;
        if (l)
          await c.query(
            `INSERT INTO ${s}.listings (person_ref, provider_id, station_id, since) VALUES ($1, $2, $3, $4)
             ON CONFLICT (person_ref) DO UPDATE SET provider_id = $2, station_id = $3, since = $4`,
            [d['personRef'], l.providerId, l.stationId, l.since],
          );
        return;
      }
      case 'resident-moved-out':
        await c.query(`UPDATE ${s}.residents SET living_here = false, moved_out_on = $2 WHERE person_ref = $1`, [
          d['personRef'],
          d['movedOutOn'],
        ]);
        await c.query(`DELETE FROM ${s}.listings WHERE person_ref = $1`, [d['personRef']]);
        return;
      case 'resident-died':
        await c.query(`UPDATE ${s}.residents SET living_here = false, died_on = $2 WHERE person_ref = $1`, [d['personRef'], d['diedOn']]);
        return;
      case 'listing-started':
        await c.query(
          `INSERT INTO ${s}.listings (person_ref, provider_id, station_id, since) VALUES ($1, $2, $3, $4)
           ON CONFLICT (person_ref) DO UPDATE SET provider_id = $2, station_id = $3, since = $4`,
          [d['personRef'], d['providerId'], d['stationId'], d['effectiveFrom']],
        );
        return;
      case 'listing-ended':
        await c.query(`DELETE FROM ${s}.listings WHERE person_ref = $1 AND provider_id = $2 AND station_id = $3`, [
          d['personRef'],
          d['providerId'],
          d['stationId'],
        ]);
        return;
      case 'service-delivered':
        await c.query(`INSERT INTO ${s}.services (provider_id, service_type, date, no_show, event_id) VALUES ($1, $2, $3, $4, $5)`, [
          d['providerId'],
          d['serviceType'],
          d['date'],
          d['noShow'],
          e.id,
        ]);
        return;
      case 'client-fee-collected':
        await c.query(
          `INSERT INTO ${s}.client_fees (date, service_type, charged_cents, counts_toward_cap, event_id) VALUES ($1, $2, $3, $4, $5)`,
          [d['date'], d['serviceType'], d['chargedCents'], d['countsTowardCap'], e.id],
        );
        return;
      case 'client-plan-requested':
        await c.query(
          `INSERT INTO ${s}.plan_requests (contact_id, person_ref, route, requested_on) VALUES ($1, $2, $3, $4) ON CONFLICT (contact_id) DO NOTHING`,
          [d['contactId'], d['personRef'], d['route'], d['requestedOn']],
        );
        return;
      case 'frequent-contact-flagged':
        await c.query(`INSERT INTO ${s}.frequent_contacts (person_ref, trigger, flagged_on) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
          d['personRef'],
          d['trigger'],
          d['flaggedOn'],
        ]);
        return;
      case 'client-plan-status':
        await c.query(
          `INSERT INTO ${s}.plans (plan_id, person_ref, status, responsible_organisation, version) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (plan_id) DO UPDATE SET status = $3, responsible_organisation = $4, version = $5 WHERE ${s}.plans.version <= $5`,
          [d['planId'], d['personRef'], d['status'], d['responsibleOrganisation'], d['version']],
        );
        return;
      // The municipality's own services as a timeline, the catalogue's rule: each event applies from
      // its day and replaces what was sent for that day and after; an end is a row too (held = false),
      // so a service that ends and comes back later keeps its gap.
      case 'service-published':
      case 'service-changed':
      case 'service-withdrawn': {
        const from = e.name === 'service-withdrawn' ? d['withdrawnFrom'] : d['validFrom'];
        await c.query(`DELETE FROM ${s}.own_services WHERE service_id = $1 AND valid_from >= $2`, [d['serviceId'], from]);
        await c.query(
          `INSERT INTO ${s}.own_services (service_id, valid_from, held, names, channel_ids, basis, end_reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          e.name === 'service-withdrawn'
            ? [d['serviceId'], from, false, null, null, null, d['reason']]
            : [d['serviceId'], from, true, JSON.stringify(d['names']), d['channelIds'], d['basis'], null],
        );
        return;
      }
      default:
        // A type of a newer contract version: kept in feed_events, no table of its own yet.
        return;
    }
  }
}

interface FeedEvent {
  specversion: '1.0';
  id: string;
  type: string;
  name: string;
  subject: string;
  time: string;
  municipality: string;
  sequence: number;
  data: unknown;
}
