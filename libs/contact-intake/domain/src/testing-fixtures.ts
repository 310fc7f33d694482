import type { PersonRef } from '@luotsi/kernel';
import { EXAMPLE_OPENING_HOURS } from './calendar/opening-hours';
import { DEFAULT_POLICY } from './config/policy';
import type { ByWorker, ContactCommand } from './contact/contact-decider';
import type { ContactEvent } from './contact/contact-events';

/** Shared by the domain specs: a worker of each organisation, a person, a received contact. */
export const GUNILLA: ByWorker = { id: 'gunilla', label: 'guidance:gunilla', role: 'guidance', organisation: 'pirkanmaa' };
export const SVEN: ByWorker = { id: 'sven', label: 'guidance:sven', role: 'guidance', organisation: 'raisio' };
export const PAULA: ByWorker = { id: 'paula', label: 'plan-worker:paula', role: 'plan-worker', organisation: 'pirkanmaa' };
export const AINO = 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11' as PersonRef;
export const EERO = 'per_1c7f2b7d-3a8f-4d2f-8e8b-4b2a1d3c0f22' as PersonRef;
export const C1 = '11111111-1111-4111-8111-111111111111';
export const C2 = '22222222-2222-4222-8222-222222222222';

export const register = (over: Partial<Extract<ContactCommand, { type: 'RegisterContact' }>> = {}): ContactCommand => ({
  type: 'RegisterContact',
  contactId: C1,
  channel: 'phone',
  contactedBy: 'person',
  referrer: null,
  language: 'fi',
  municipality: '837',
  queue: { queueId: 'tampere-fi', organisation: 'pirkanmaa' },
  reason: 'housing',
  at: '2027-03-10T07:00:00.000Z',
  person: null,
  privacyNoticeVersion: null,
  by: GUNILLA,
  ...over,
});

export const received = (over: Partial<Extract<ContactEvent, { type: 'ContactReceived' }>['data']> = {}): ContactEvent => ({
  type: 'ContactReceived',
  data: {
    contactId: C1,
    channel: 'phone',
    contactedBy: 'person',
    referrer: null,
    language: 'fi',
    municipality: '837',
    queueId: 'tampere-fi',
    organisation: 'pirkanmaa',
    reason: 'housing',
    arrivedAt: '2027-03-10T07:00:00.000Z',
    privacyNoticeVersion: null,
    recordedBy: 'guidance:gunilla',
    ...over,
  },
});

export const answeredAfter = (seconds: number, contactId = C1, arrivedAt = '2027-03-10T07:00:00.000Z'): ContactEvent => ({
  type: 'ContactAnswered',
  data: {
    contactId,
    workerId: 'gunilla',
    answeredAt: new Date(Date.parse(arrivedAt) + seconds * 1000).toISOString(),
    waitSeconds: seconds,
    countedWaitSeconds: seconds,
    serviceLevelSeconds: 20,
    withinServiceLevel: seconds <= 20,
  },
});

export const identified = (personRef: PersonRef, contactId = C1, repeatOf: string | null = null): ContactEvent => ({
  type: 'ContactIdentified',
  data: { contactId, personRef, repeatOf, identifiedBy: 'guidance:gunilla' },
});

export const answer = (at: string, by: ByWorker = GUNILLA): ContactCommand => ({
  type: 'AnswerContact',
  at,
  hoursByQueue: { 'tampere-fi': EXAMPLE_OPENING_HOURS },
  policy: DEFAULT_POLICY,
  by,
});
