import { projectionSpec, type GivenEvent, type ProjectionSpec } from '@luotsi/messaging/testing';
import { contactStream } from '@luotsi/contact-intake-domain';
import { contactIntakeProjection } from './contact-intake.projection';
import { CONTACT_INTAKE_MIGRATIONS, CONTACT_INTAKE_TABLES } from './migrations';

const AINO = 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11';
const C1 = '11111111-1111-4111-8111-111111111111';
const C2 = '22222222-2222-4222-8222-222222222222';
const on = (contactId: string, type: string, data: Record<string, unknown>, revision: number): GivenEvent => ({
  type,
  streamId: contactStream(contactId),
  revision,
  data: { contactId, ...data },
});
const received = (contactId: string, arrivedAt: string, channel = 'phone') =>
  on(
    contactId,
    'ContactReceived',
    {
      channel,
      contactedBy: 'person',
      referrer: null,
      language: 'fi',
      municipality: '837',
      queueId: 'tampere-fi',
      organisation: 'pirkanmaa',
      reason: 'housing',
      arrivedAt,
      privacyNoticeVersion: null,
      recordedBy: 'guidance:g',
    },
    0,
  );

describe("contact intake's projection: given events, then rows", () => {
  let spec: ProjectionSpec;
  beforeEach(async () => {
    spec = await projectionSpec(contactIntakeProjection, {
      component: 'contact-intake',
      migrations: CONTACT_INTAKE_MIGRATIONS,
      tables: CONTACT_INTAKE_TABLES,
    });
  }, 60_000);
  afterEach(async () => spec?.close());

  it('counts a contact once per event into its municipality, channel, language and month, and a repeat un-resolves the first', async () => {
    await spec.given([
      received(C1, '2027-03-31T21:30:00.000Z'), // 00:30 on 1 April 2027 in Helsinki (summer time)
      on(C1, 'ContactIdentified', { personRef: AINO, repeatOf: null, identifiedBy: 'guidance:g' }, 1),
      on(
        C1,
        'ContactAnswered',
        {
          workerId: 'g',
          answeredAt: '2027-04-01T05:00:25.000Z',
          waitSeconds: 27_025,
          countedWaitSeconds: 25,
          serviceLevelSeconds: 20,
          withinServiceLevel: false,
        },
        2,
      ),
      on(
        C1,
        'ContactClosed',
        {
          outcome: { kind: 'resolved', adviceCategory: 'housing' },
          closedAt: '2027-04-01T05:05:25.000Z',
          handlingSeconds: 300,
          closedBy: 'guidance:g',
          segment: null,
        },
        3,
      ),
    ]);
    const kpi = () =>
      spec.rows(
        'SELECT municipality, channel, language, month, offered::int, answered::int, answered_within::int, counted_wait_sum::int, handled::int, handle_sum::int, first_closed::int, first_resolved::int FROM ci_kpi ORDER BY channel',
      );
    expect(await kpi()).toEqual([
      {
        municipality: '837',
        channel: 'phone',
        language: 'fi',
        month: '2027-04',
        offered: 1,
        answered: 1,
        answered_within: 0,
        counted_wait_sum: 25,
        handled: 1,
        handle_sum: 300,
        first_closed: 1,
        first_resolved: 1,
      },
    ]);
    await spec.given([
      received(C2, '2027-04-03T08:00:00.000Z', 'email'),
      on(C2, 'ContactIdentified', { personRef: AINO, repeatOf: C1, identifiedBy: 'guidance:g' }, 1),
    ]);
    expect((await kpi()).map((r) => [r['channel'], r['offered'], r['first_closed'], r['first_resolved']])).toEqual([
      ['email', 1, 0, 0],
      ['phone', 1, 1, 0],
    ]);
    expect(await spec.rows('SELECT contact_id, status, person_ref, first, repeated FROM ci_contacts ORDER BY contact_id')).toEqual([
      { contact_id: C1, status: 'closed', person_ref: AINO, first: true, repeated: true },
      { contact_id: C2, status: 'waiting', person_ref: AINO, first: false, repeated: false },
    ]);
  }, 60_000);

  it('sums the events of one batch that fall in the same cell, and a contact seen only in an earlier batch goes on', async () => {
    const answered = (contactId: string, revision: number) =>
      on(
        contactId,
        'ContactAnswered',
        {
          workerId: 'g',
          answeredAt: '2027-03-10T07:00:10.000Z',
          waitSeconds: 10,
          countedWaitSeconds: 10,
          serviceLevelSeconds: 20,
          withinServiceLevel: true,
        },
        revision,
      );
    await spec.given([received(C1, '2027-03-10T07:00:00.000Z'), received(C2, '2027-03-10T07:00:01.000Z'), answered(C1, 1)]);
    await spec.given([answered(C2, 1), answered(C1, 1)]);
    expect(
      await spec.rows('SELECT offered::int, answered::int, answered_within::int, counted_wait_sum::int FROM ci_kpi WHERE month = $1', [
        '2027-03',
      ]),
    ).toEqual([{ offered: 2, answered: 2, answered_within: 2, counted_wait_sum: 20 }]);
    expect(await spec.rows('SELECT contact_id, status, last_revision FROM ci_contacts ORDER BY contact_id')).toEqual([
      { contact_id: C1, status: 'answered', last_revision: 1 },
      { contact_id: C2, status: 'answered', last_revision: 1 },
    ]);
  }, 60_000);

  it('keeps workers and pending heavy-use flags', async () => {
    await spec.given([
      {
        type: 'WorkerAvailabilitySet',
        streamId: 'ciworker-g',
        data: { workerId: 'g', organisation: 'pirkanmaa', languages: ['fi', 'sv'], available: true, at: '2027-03-10T07:00:00Z' },
      },
      {
        type: 'HeavyUseTriggered',
        streamId: `ciheavy-${AINO}`,
        data: {
          personRef: AINO,
          trigger: 'frequent-visits',
          count: 10,
          windowFrom: '2025-11-11',
          windowTo: '2026-11-10',
          triggerId: 'frequent-visits:2026-11-10',
          threshold: 10,
          windowDays: 365,
        },
      },
    ]);
    expect(await spec.rows('SELECT worker_id, languages, available FROM ci_workers')).toEqual([
      { worker_id: 'g', languages: ['fi', 'sv'], available: true },
    ]);
    await spec.given([
      {
        type: 'TriggersShown',
        streamId: `ciheavy-${AINO}`,
        data: { personRef: AINO, triggerIds: ['frequent-visits:2026-11-10'], contactId: C1 },
      },
    ]);
    expect(await spec.rows('SELECT trigger, count, shown FROM ci_heavy_flags')).toEqual([
      { trigger: 'frequent-visits', count: 10, shown: true },
    ]);
  }, 60_000);
});
