import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Subscription } from '@luotsi/messaging';
import { subscriptionToken } from '@luotsi/runtime';
import {
  KPI_COUNTERS,
  zeroCounters,
  type EarlierContact,
  type HeavyUseFlag,
  type KpiCounters,
  type Language,
  type WorkerAvailability,
} from '@luotsi/contact-intake-domain';
import { CONTACT_INTAKE_PROJECTION_NAME } from './contact-intake.projection';
import { counterColumn } from './migrations';

export interface KpiRow {
  month: string;
  channel: string;
  language: string;
  counters: KpiCounters;
}

/** Reads contact intake's tables; `caughtUp` first makes them reflect everything recorded so far. */
@Injectable()
export class ContactIntakeReadModel {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(subscriptionToken(CONTACT_INTAKE_PROJECTION_NAME)) private readonly projection: Subscription,
  ) {}

  caughtUp(): Promise<void> {
    return this.projection.caughtUp();
  }

  async earlierContacts(personRef: string): Promise<EarlierContact[]> {
    const rows = (await this.db.query(
      'SELECT contact_id, reason, arrived_at FROM ci_contacts WHERE person_ref = $1 ORDER BY arrived_at DESC LIMIT 500',
      [personRef],
    )) as Array<{ contact_id: string; reason: string | null; arrived_at: Date }>;
    return rows.map((r) => ({ contactId: r.contact_id, reason: r.reason, arrivedAt: new Date(r.arrived_at).toISOString() }));
  }

  async pendingFlags(personRef: string): Promise<HeavyUseFlag[]> {
    const rows = (await this.db.query(
      `SELECT trigger_id, trigger, count, window_from::text AS window_from, window_to::text AS window_to
       FROM ci_heavy_flags WHERE person_ref = $1 AND NOT shown ORDER BY trigger_id`,
      [personRef],
    )) as Array<{ trigger_id: string; trigger: HeavyUseFlag['trigger']; count: number; window_from: string; window_to: string }>;
    return rows.map((r) => ({
      triggerId: r.trigger_id,
      trigger: r.trigger,
      count: Number(r.count),
      windowFrom: r.window_from as HeavyUseFlag['windowFrom'],
      windowTo: r.window_to as HeavyUseFlag['windowTo'],
    }));
  }

  /** The oldest waiting contacts of a queue held by the organisation. */
  async waiting(
    queueId: string,
    organisation: string,
    limit: number,
  ): Promise<Array<{ contactId: string; arrivedAt: string; channel: string; language: string }>> {
    const rows = (await this.db.query(
      `SELECT contact_id, arrived_at, channel, language FROM ci_contacts
       WHERE queue_id = $1 AND organisation = $2 AND status = 'waiting' ORDER BY arrived_at, contact_id LIMIT $3`,
      [queueId, organisation, limit],
    )) as Array<{ contact_id: string; arrived_at: Date; channel: string; language: string }>;
    return rows.map((r) => ({
      contactId: r.contact_id,
      arrivedAt: new Date(r.arrived_at).toISOString(),
      channel: r.channel,
      language: r.language,
    }));
  }

  async workers(organisation: string): Promise<WorkerAvailability[]> {
    const rows = (await this.db.query('SELECT worker_id, organisation, languages, available FROM ci_workers WHERE organisation = $1', [
      organisation,
    ])) as Array<{ worker_id: string; organisation: string; languages: Language[]; available: boolean }>;
    return rows.map((r) => ({ workerId: r.worker_id, organisation: r.organisation, languages: r.languages, available: r.available }));
  }

  /** Each worker's open contacts (assigned or answered, not closed) and when they were last assigned one. */
  async loads(organisation: string): Promise<Map<string, { open: number; lastAssignedAt: string | null }>> {
    const rows = (await this.db.query(
      `SELECT assigned_to, count(*) FILTER (WHERE status IN ('assigned', 'answered')) AS open, max(assigned_at) AS last
       FROM ci_contacts WHERE organisation = $1 AND assigned_to IS NOT NULL GROUP BY assigned_to`,
      [organisation],
    )) as Array<{ assigned_to: string; open: string; last: Date | null }>;
    return new Map(
      rows.map((r) => [r.assigned_to, { open: Number(r.open), lastAssignedAt: r.last ? new Date(r.last).toISOString() : null }]),
    );
  }

  /** The counters of a municipality's months [from, to], per month, channel and language. */
  async kpiRows(municipality: string, from: string, to: string, channel: string | null, language: string | null): Promise<KpiRow[]> {
    const rows = (await this.db.query(
      `SELECT month, channel, language, ${KPI_COUNTERS.map((c) => `${counterColumn(c)} AS "${c}"`).join(', ')}
       FROM ci_kpi WHERE municipality = $1 AND month >= $2 AND month <= $3
         AND ($4::text IS NULL OR channel = $4) AND ($5::text IS NULL OR language = $5)
       ORDER BY month, channel, language`,
      [municipality, from, to, channel, language],
    )) as Array<Record<string, string>>;
    return rows.map((r) => {
      const counters = zeroCounters();
      for (const k of KPI_COUNTERS) counters[k] = Number(r[k]);
      return { month: r['month']!, channel: r['channel']!, language: r['language']!, counters };
    });
  }
}
