import { Inject, Injectable } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Gauge } from 'prom-client';
import { register } from 'prom-client';
import type { SqlPool } from '@luotsi/database';
import { KAFKA, RUNTIME_CONFIG, SQL_POOL, type RuntimeConfig } from '@luotsi/runtime';
import { prefixedTopic } from '@luotsi/messaging';
import { feedDeadLetterTopicOf, feedGroupPrefixOf, feedTopicOf } from '@luotsi/municipality-feed-contracts';

export interface SubscriberDelivery {
  /** The consumer group (the subscriber) without the installation prefix. */
  group: string;
  /** The last position the subscriber committed: it has every event up to this sequence. */
  deliveredSequence: number;
  /** Events on the topic it has not committed yet. */
  lag: number;
}

export interface FeedDelivery {
  municipality: string;
  /** Events in the municipality's feed (the event store). */
  headSequence: number;
  /** Events the gateway has published to the topic; head − published were never sent yet. */
  publishedSequence: number;
  publishedAt: string | null;
  unsent: number;
  /** Events the gateway refused to send (failed their schema). */
  rejectedByGateway: number;
  /** Events the municipality's own consumer dead-lettered (its dead-letter topic). */
  deadLetters: number | null;
  subscribers: SubscriberDelivery[];
}

/**
 * The delivery record per municipality and per subscriber: what is in the feed, what was sent,
 * what each subscriber (consumer group with the municipality's prefix) has committed, and what it
 * dead-lettered — so "never sent" (unsent), "sent but not yet taken" (lag) and "rejected" (dead
 * letters) are told apart. Read from the feed's tables and the broker's own offsets; the same
 * figures are gauges on /metrics (collected when scraped).
 */
@Injectable()
export class DeliveryRecord {
  private cache: { at: number; value: Promise<FeedDelivery[]> } | null = null;

  constructor(
    @Inject(SQL_POOL) private readonly pool: SqlPool,
    @Inject(KAFKA) private readonly kafka: Kafka | null,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {
    registerGauges(() => this.cached());
  }

  /** At most one broker round per 5 s for scrapes; the operator endpoint reads fresh. */
  private cached(): Promise<FeedDelivery[]> {
    if (!this.cache || Date.now() - this.cache.at > 5000) this.cache = { at: Date.now(), value: this.all().catch(() => []) };
    return this.cache.value;
  }

  async all(): Promise<FeedDelivery[]> {
    const { rows } = await this.pool.query<{
      municipality: string;
      head_sequence: string;
      published_sequence: string;
      published_at: Date | string | null;
      rejected: string;
    }>('SELECT municipality, head_sequence, published_sequence, published_at, rejected FROM mf_feeds ORDER BY municipality');
    const broker = this.kafka ? await this.brokerView(rows.map((r) => r.municipality)) : null;
    return rows.map((r) => {
      const head = Number(r.head_sequence);
      const published = Number(r.published_sequence);
      const view = broker?.get(r.municipality);
      return {
        municipality: r.municipality,
        headSequence: head,
        publishedSequence: published,
        publishedAt: r.published_at === null ? null : new Date(r.published_at).toISOString(),
        unsent: Math.max(0, head - published),
        rejectedByGateway: Number(r.rejected),
        deadLetters: view?.deadLetters ?? null,
        subscribers: view?.subscribers ?? [],
      };
    });
  }

  private async brokerView(
    municipalities: readonly string[],
  ): Promise<Map<string, { deadLetters: number; subscribers: SubscriberDelivery[] }>> {
    const prefix = this.config.kafkaTopicPrefix;
    const admin = this.kafka!.admin();
    await admin.connect();
    try {
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
      const topics = new Set(await admin.listTopics());
      const view = new Map<string, { deadLetters: number; subscribers: SubscriberDelivery[] }>();
      for (const m of municipalities) {
        const topic = prefixedTopic(prefix, feedTopicOf(m));
        const dlq = prefixedTopic(prefix, feedDeadLetterTopicOf(m));
        const high = topics.has(topic) ? sumHigh(await admin.fetchTopicOffsets(topic)) : 0;
        const deadLetters = topics.has(dlq) ? sumHigh(await admin.fetchTopicOffsets(dlq)) : 0;
        const groupPrefix = prefixedTopic(prefix, feedGroupPrefixOf(m));
        const subscribers: SubscriberDelivery[] = [];
        for (const groupId of groups.filter((g) => g.startsWith(groupPrefix))) {
          const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
          const committed = offsets.flatMap((t) => t.partitions).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
          subscribers.push({
            group: groupId.slice(prefix ? prefix.length + 1 : 0),
            deliveredSequence: committed,
            lag: Math.max(0, high - committed),
          });
        }
        view.set(m, { deadLetters, subscribers });
      }
      return view;
    } finally {
      await admin.disconnect();
    }
  }
}

const sumHigh = (offsets: ReadonlyArray<{ high: string }>) => offsets.reduce((n, o) => n + Number(o.high), 0);

/** The delivery record the gauges read: the latest made in the process (a test may make several apps). */
let current: () => Promise<FeedDelivery[]> = async () => [];
/** Gauges collected on each scrape from the delivery record (registered once per process). */
function registerGauges(read: () => Promise<FeedDelivery[]>): void {
  current = read;
  if (register.getSingleMetric('luotsi_municipality_feed_published_sequence')) return;
  const gauge = (name: string, help: string, labels: string[], fill: (g: Gauge<string>, d: FeedDelivery[]) => void) =>
    new Gauge({
      name,
      help,
      labelNames: labels,
      async collect() {
        this.reset();
        fill(this, await current());
      },
    });
  gauge('luotsi_municipality_feed_head_sequence', 'Events in the municipality’s feed', ['municipality'], (g, ds) => {
    for (const d of ds) g.set({ municipality: d.municipality }, d.headSequence);
  });
  gauge('luotsi_municipality_feed_published_sequence', 'Last feed position the gateway published', ['municipality'], (g, ds) => {
    for (const d of ds) g.set({ municipality: d.municipality }, d.publishedSequence);
  });
  gauge('luotsi_municipality_feed_unsent', 'Feed events not yet published (never sent)', ['municipality'], (g, ds) => {
    for (const d of ds) g.set({ municipality: d.municipality }, d.unsent);
  });
  gauge(
    'luotsi_municipality_feed_dead_letters',
    'Messages on the municipality’s dead-letter topic, plus those the gateway refused',
    ['municipality'],
    (g, ds) => {
      for (const d of ds) g.set({ municipality: d.municipality }, (d.deadLetters ?? 0) + d.rejectedByGateway);
    },
  );
  gauge(
    'luotsi_municipality_feed_subscriber_delivered_sequence',
    'Last feed position a subscriber committed',
    ['municipality', 'subscriber'],
    (g, ds) => {
      for (const d of ds) for (const s of d.subscribers) g.set({ municipality: d.municipality, subscriber: s.group }, s.deliveredSequence);
    },
  );
  gauge(
    'luotsi_municipality_feed_subscriber_lag',
    'Events on the topic a subscriber has not committed',
    ['municipality', 'subscriber'],
    (g, ds) => {
      for (const d of ds) for (const s of d.subscribers) g.set({ municipality: d.municipality, subscriber: s.group }, s.lag);
    },
  );
}
