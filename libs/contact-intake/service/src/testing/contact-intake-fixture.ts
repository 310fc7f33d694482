import request from 'supertest';
import { as, type TestApp } from '@luotsi/runtime/testing';

/** The county's intake configuration the shared batteries use (example values, Tampere's queue). */
export const INTAKE_POLICY = {
  linkWindowDays: 30,
  repeatWindowDays: 7,
  shortAbandonSeconds: 5,
  serviceLevelSeconds: 20,
  serviceLevelTargetPercent: 80,
  frequentVisits: { count: 10, windowDays: 365 },
  missedAppointments: { count: 3, windowDays: 30 },
};
export const INTAKE_HOURS = {
  weekly: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, { open: '08:00', close: '16:00' }])),
  closedOnHolidays: true,
  closedDates: ['2027-07-15'],
};
export const INTAKE_QUEUE = {
  name: 'Tampereen seutu',
  municipalities: ['837'],
  language: 'fi',
  organisation: 'pirkanmaa',
  openingHours: INTAKE_HOURS,
};
export const INTAKE_QUESTIONS = [
  { id: 'manages-daily-chores', text: { fi: 'Pärjäättekö arjessa?' }, type: 'yes-no', required: true },
  { id: 'worry-scale', text: { fi: 'Huoli 0–10' }, type: 'scale', required: true },
];
export const INTAKE_RULES = [
  {
    id: 'no-daily-coping',
    question: 'manages-daily-chores',
    op: 'eq',
    value: false,
    then: { coping: 'hard' },
    reason: 'does not manage daily chores',
  },
  { id: 'high-worry', question: 'worry-scale', op: 'gte', value: 7, then: { risk: 'high' }, reason: 'worry 7 or more' },
];
/** A guidance worker of the receiving municipality. */
export const RAISIO_GUIDANCE = () => as.guidance('sven', { organisation: 'raisio' });

export interface IntakeSeed {
  /** Waiting in the queue. */
  waiting: string;
  /** Answered, open: screening, notes, closure, transfer. */
  answered: string;
  /** Answered, a transfer to raisio pending. */
  transferring: string;
  /** Two contacts linked (same person within the window). */
  linked: [string, string];
  /** Another open contact to merge. */
  other: string;
}

/** Configures contact intake and leaves contacts in each state the routes act on (identityCode: a registered person). */
export async function seedContactIntake(t: TestApp, identityCode: string): Promise<IntakeSeed> {
  const http = () => request(t.server);
  const county = as.county();
  const guidance = as.guidance();
  await http().put('/contact-intake/policy').set(county).send(INTAKE_POLICY).expect(200);
  await http().put('/contact-intake/queues/tampere-fi').set(county).send(INTAKE_QUEUE).expect(200);
  await http().put('/contact-intake/screening/form').set(county).send({ questions: INTAKE_QUESTIONS }).expect(200);
  await http().put('/contact-intake/screening/rules').set(county).send({ formVersion: 1, rules: INTAKE_RULES }).expect(200);
  const contact = async (extra: Record<string, unknown> = {}) =>
    (
      await http()
        .post('/contact-intake/contacts')
        .set(guidance)
        .send({ channel: 'phone', contactedBy: 'person', language: 'fi', municipality: '837', reason: 'home-care', ...extra })
        .expect(201)
    ).body.contactId as string;
  const answer = async (id: string) => {
    await http().post(`/contact-intake/contacts/${id}/answer`).set(guidance).expect(200);
    return id;
  };
  const waiting = await contact();
  const answered = await answer(await contact());
  const transferring = await answer(await contact());
  await http()
    .post(`/contact-intake/contacts/${transferring}/transfer`)
    .set(guidance)
    .send({ toOrganisation: 'raisio', toMunicipality: '680' })
    .expect(200);
  const l1 = await contact({ identityCode, channel: 'email' });
  const l2 = await contact({ identityCode, channel: 'chat' });
  const other = await contact();
  return { waiting, answered, transferring, linked: [l1, l2], other };
}
