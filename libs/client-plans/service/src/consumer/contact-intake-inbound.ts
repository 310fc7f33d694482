import { topicOf, type CloudEvent } from '@luotsi/contracts';
import type { CommandRequest } from '@luotsi/messaging';
import type { ConsumesDeclaration } from '@luotsi/runtime';
import { PlanConfiguration } from '../plan-configuration';
import { planRequestStreams } from '../client-plans.streams';
import { readContactIntakeEvent } from './contact-intake-events';

/**
 * Where plans come from: contact intake's routing of a contact to a service-need assessment or a
 * named professional or service (plan-requested), and its heavy-user flag (a suggestion of
 * intensive guidance with the county's named guide). Each is recorded on the person's request
 * stream; the platform derives the event ids from the CloudEvent's id, so a redelivery writes
 * nothing, and a malformed event (INVALID_PUBLIC_EVENT) goes to the dead-letter topic.
 */
export const contactIntakeInbound: ConsumesDeclaration = {
  name: 'contact-intake',
  topic: topicOf('contact-intake'),
  inject: [PlanConfiguration],
  async handle(event: CloudEvent, configuration: PlanConfiguration): Promise<CommandRequest[]> {
    const read = readContactIntakeEvent(event);
    if (!read) return [];
    if (read.kind === 'plan-requested') return [{ stream: planRequestStreams, command: { type: 'RecordPlanRequest', ...read.data } }];
    const config = await configuration.current();
    return [{ stream: planRequestStreams, command: { type: 'RecordHeavyUseFlag', ...read.data, suggestedGuide: config.intensiveGuide } }];
  },
};
