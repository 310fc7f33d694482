import { topicOf, type CloudEvent } from '@luotsi/contracts';
import type { BatchConsumesDeclaration } from '@luotsi/runtime';
import { INBOUND_CONTEXTS } from '@luotsi/municipality-feed-domain';
import { FeedRouter } from './feed-router';

/**
 * One inbound consumer per context topic the feed reads, in batches: the router's cost is per
 * batch (one query for the processed ids and the states, one append, one transaction), so a
 * partition's fetched messages go to it together. It needs no command pipeline and no
 * processed-events row: its output is the feeds' streams, written with ids derived from the source
 * event, and it skips the ids it already marked processed (a redelivered batch appends nothing).
 * An event it cannot read is reported, and the platform puts it alone on the topic's dead-letter
 * topic with the field that failed; a throw (the database down) has the batch delivered again.
 */
export const feedInbound: readonly BatchConsumesDeclaration[] = INBOUND_CONTEXTS.map((context) => ({
  name: `router-${context}`,
  topic: topicOf(context),
  inject: [FeedRouter],
  async handleBatch(events: readonly CloudEvent[], router: FeedRouter) {
    const { unreadable } = await router.route(events);
    const byId = new Map(events.map((e) => [e.id, e]));
    return { failed: unreadable.map((u) => ({ event: byId.get(u.event.id) ?? (u.event as CloudEvent), error: u.error })) };
  },
}));
