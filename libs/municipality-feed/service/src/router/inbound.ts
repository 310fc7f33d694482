import { topicOf, type CloudEvent } from '@luotsi/contracts';
import type { CommandRequest } from '@luotsi/messaging';
import type { ConsumesDeclaration } from '@luotsi/runtime';
import { INBOUND_CONTEXTS } from '@luotsi/municipality-feed-domain';
import { FeedRouter } from './feed-router';

/**
 * One inbound consumer per context topic the feed reads. The router needs no command pipeline:
 * its output is the feeds' streams, written with ids derived from the source event (a redelivery
 * appends nothing). An event it cannot read is thrown back, so the platform retries it and then
 * puts it on the topic's dead-letter topic with the field that failed.
 */
export const feedInbound: readonly ConsumesDeclaration[] = INBOUND_CONTEXTS.map((context) => ({
  name: `router-${context}`,
  topic: topicOf(context),
  inject: [FeedRouter],
  async handle(event: CloudEvent, router: FeedRouter): Promise<CommandRequest[]> {
    const { unreadable } = await router.route([event]);
    if (unreadable[0]) throw unreadable[0].error;
    return [];
  },
}));
