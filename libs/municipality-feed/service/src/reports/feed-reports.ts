import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LocalDate } from '@luotsi/kernel';
import type { SqlPool } from '@luotsi/database';
import type { EventStore } from '@luotsi/eventstore';
import { EVENT_STORE, LOGGER, SQL_POOL } from '@luotsi/runtime';
import {
  FEED_EVENT_NAMES,
  parseQuarter,
  previousQuarter,
  quarterOf,
  quarterReport,
  type FeedEventName,
  type QuarterReport,
  type ReportInput,
} from '@luotsi/municipality-feed-domain';
import { feedStreamOf } from '@luotsi/municipality-feed-contracts';

export interface StoredReport {
  report: QuarterReport;
  generatedAt: string;
  /** true: the quarter had closed, the report is kept as made; false: made now, on demand. */
  final: boolean;
}

/**
 * The quarterly municipality reports, folded from the municipality's own feed (so a report shows
 * nothing the municipality was not sent). A closed quarter's report is made once (by the timer,
 * or on the first demand after the quarter closed) and kept; an open quarter's is made on demand.
 */
@Injectable()
export class FeedReports {
  constructor(
    @Inject(SQL_POOL) private readonly pool: SqlPool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async report(municipality: string, quarterId: string, now: Date): Promise<StoredReport> {
    const quarter = parseQuarter(quarterId);
    const closed = quarter.to < LocalDate.ofInstant(now);
    const { rows } = await this.pool.query<{ report: QuarterReport; generated_at: Date | string }>(
      'SELECT report, generated_at FROM mf_reports WHERE municipality = $1 AND quarter = $2',
      [municipality, quarter.id],
    );
    if (rows[0]) return { report: rows[0].report, generatedAt: new Date(rows[0].generated_at).toISOString(), final: true };
    const report = quarterReport(municipality, quarter.id, await this.feedOf(municipality));
    if (closed)
      await this.pool.query(
        'INSERT INTO mf_reports (municipality, quarter, generated_at, report) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [municipality, quarter.id, now.toISOString(), JSON.stringify(report)],
      );
    return { report, generatedAt: now.toISOString(), final: closed };
  }

  /** The timer: every municipality with a feed gets the report of the quarter that closed last. */
  async closeQuarters(now: Date): Promise<void> {
    const quarter = previousQuarter(quarterOf(LocalDate.ofInstant(now)));
    const { rows } = await this.pool.query<{ municipality: string }>(
      `SELECT f.municipality FROM mf_feeds f
       WHERE NOT EXISTS (SELECT 1 FROM mf_reports r WHERE r.municipality = f.municipality AND r.quarter = $1)`,
      [quarter],
    );
    for (const { municipality } of rows) {
      await this.report(municipality, quarter, now);
      this.logger.info({ municipality, quarter }, 'quarterly municipality report made');
    }
  }

  private async feedOf(municipality: string): Promise<ReportInput[]> {
    const out: ReportInput[] = [];
    const known = new Set<string>(FEED_EVENT_NAMES);
    for (let from = 0; ;) {
      const page = await this.store.readStream(feedStreamOf(municipality), { fromRevision: from, maxCount: 5000 });
      for (const e of page) if (known.has(e.type)) out.push({ type: e.type as FeedEventName, time: e.recordedAt, data: e.data });
      if (page.length < 5000) return out;
      from = page[page.length - 1]!.revision + 1;
    }
  }
}
