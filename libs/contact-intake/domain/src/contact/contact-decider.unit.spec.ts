import { deciderSpec } from '@luotsi/kernel/testing';
import { DEFAULT_POLICY } from '../config/policy';
import { EXAMPLE_OPENING_HOURS } from '../calendar/opening-hours';
import { AINO, C1, C2, EERO, GUNILLA, PAULA, SVEN, answer, answeredAfter, identified, received, register } from '../testing-fixtures';
import { contactDecider, findRepeatOf, linkCandidates } from './contact-decider';
import type { ContactEvent } from './contact-events';

const spec = deciderSpec(contactDecider);
const AT = '2027-03-10T07:00:00.000Z';
const later = (s: number) => new Date(Date.parse(AT) + s * 1000).toISOString();
const answered: ContactEvent[] = [received(), answeredAfter(12)];
const flag = {
  trigger: 'frequent-visits' as const,
  count: 11,
  windowFrom: '2026-03-11' as never,
  windowTo: '2027-03-09' as never,
  triggerId: 'frequent-visits:2027-03-09',
};

describe('a contact: channels, who contacts, identity', () => {
  it('receives an anonymous phone contact into its queue', () => {
    spec.given([]).when(register()).then([received()]);
  });

  it('needs a referral to name its authority, and an authority to be a referrer', () => {
    spec
      .given([])
      .when(register({ channel: 'referral', contactedBy: 'authority' }))
      .thenFails('REFERRER_REQUIRED');
    spec
      .given([])
      .when(register({ contactedBy: 'authority' }))
      .thenFails('REFERRER_MISMATCH');
    spec
      .given([])
      .when(register({ referrer: 'kela' }))
      .thenFails('REFERRER_MISMATCH');
    expect(
      spec
        .given([])
        .when(register({ channel: 'referral', contactedBy: 'authority', referrer: 'police' }))
        .events()[0],
    ).toMatchObject({
      data: { channel: 'referral', referrer: 'police' },
    });
  });

  it('refuses unknown channels, languages, municipalities and reasons', () => {
    spec
      .given([])
      .when(register({ channel: 'fax' as never }))
      .thenFails('INVALID_CHANNEL');
    spec
      .given([])
      .when(register({ language: 'de' as never }))
      .thenFails('INVALID_LANGUAGE');
    spec
      .given([])
      .when(register({ municipality: '8371' }))
      .thenFails('INVALID_MUNICIPALITY');
    spec
      .given([])
      .when(register({ reason: 'Free text here' }))
      .thenFails('INVALID_REASON');
    spec
      .given([])
      .when(register({ contactedBy: 'neighbour' as never }))
      .thenFails('INVALID_CONTACTED_BY');
  });

  it('takes the web form only with its privacy notice acknowledged, and never identified', () => {
    spec
      .given([])
      .when(register({ channel: 'web-form' }))
      .thenFails('PRIVACY_NOTICE_REQUIRED');
    spec
      .given([])
      .when(register({ channel: 'web-form', privacyNoticeVersion: 1, person: { personRef: AINO, linkTo: [], repeatOf: null, flags: [] } }))
      .thenFails('WEB_FORM_ANONYMOUS');
    expect(
      spec
        .given([])
        .when(register({ channel: 'web-form', privacyNoticeVersion: 1 }))
        .events(),
    ).toHaveLength(1);
  });

  it("identifies a contact later, links the person's contacts within the window and shows heavy-use flags once", () => {
    const person = { personRef: AINO, linkTo: [C2], repeatOf: null, flags: [flag] };
    const events = spec
      .given([received()])
      .when({ type: 'IdentifyContact', person, by: GUNILLA, at: later(60) })
      .events();
    expect(events).toEqual([
      identified(AINO),
      { type: 'ContactLinked', data: { contactId: C1, otherContactId: C2, how: 'same-person-within-window' } },
      { type: 'HeavyUserFlagged', data: { contactId: C1, personRef: AINO, ...flag, flaggedOn: '2027-03-10' } },
    ]);
    spec
      .given([received(), ...events])
      .when({ type: 'IdentifyContact', person, by: GUNILLA, at: later(90) })
      .then([]);
    spec
      .given([received(), ...events])
      .when({ type: 'IdentifyContact', person: { ...person, personRef: EERO }, by: GUNILLA, at: later(90) })
      .thenFails('ALREADY_IDENTIFIED');
  });

  it('keeps a contact id once', () => {
    spec.given([received()]).when(register()).then([]);
  });
});

describe('a contact: queue, answer and abandon', () => {
  it('is answered with its wait on the clock and inside opening hours, against Y', () => {
    spec
      .given([received()])
      .when(answer(later(25)))
      .then([
        {
          type: 'ContactAnswered',
          data: {
            contactId: C1,
            workerId: 'gunilla',
            answeredAt: later(25),
            waitSeconds: 25,
            countedWaitSeconds: 25,
            serviceLevelSeconds: 20,
            withinServiceLevel: false,
          },
        },
      ]);
  });

  it('counts only open-hours waiting: a call before Monday opening after Christmas is within the level', () => {
    const arrivedAt = '2027-12-27T05:45:00.000Z';
    expect(
      spec
        .given([received({ arrivedAt })])
        .when(answer('2027-12-27T06:00:12.000Z'))
        .events()[0]!.data,
    ).toMatchObject({
      waitSeconds: 912,
      countedWaitSeconds: 12,
      withinServiceLevel: true,
    });
  });

  it('is taken by one worker: assigned contacts are answered by their worker, a second answer is refused', () => {
    const assigned: ContactEvent = {
      type: 'ContactAssigned',
      data: { contactId: C1, workerId: 'gunilla', how: 'take-next', assignedAt: later(2) },
    };
    spec
      .given([received()])
      .when({ type: 'AssignContact', workerId: 'gunilla', how: 'take-next', at: later(2), by: GUNILLA })
      .then([assigned]);
    spec
      .given([received(), assigned])
      .when({ type: 'AssignContact', workerId: 'x', how: 'least-busy', at: later(3), by: GUNILLA })
      .thenFails('NOT_WAITING');
    spec
      .given([received(), assigned])
      .when(answer(later(5), { ...GUNILLA, id: 'other', label: 'guidance:other' }))
      .thenFails('ASSIGNED_TO_ANOTHER');
    spec
      .given(answered)
      .when(answer(later(30), { ...GUNILLA, id: 'other' }))
      .thenFails('ALREADY_ANSWERED');
    spec
      .given(answered)
      .when(answer(later(30)))
      .then([]);
  });

  it('is abandoned by the caller, short within the policy seconds, and only on live channels', () => {
    const abandon = (s: number) => ({
      type: 'AbandonContact' as const,
      at: later(s),
      hoursByQueue: { 'tampere-fi': EXAMPLE_OPENING_HOURS },
      policy: DEFAULT_POLICY,
      by: GUNILLA,
    });
    expect(spec.given([received()]).when(abandon(4)).events()[0]!.data).toMatchObject({
      short: true,
      withinServiceLevel: true,
      waitSeconds: 4,
    });
    expect(spec.given([received()]).when(abandon(6)).events()[0]!.data).toMatchObject({ short: false, withinServiceLevel: true });
    spec
      .given([received({ channel: 'email' })])
      .when(abandon(6))
      .thenFails('NOT_LIVE');
    spec.given(answered).when(abandon(60)).thenFails('ALREADY_ANSWERED');
    spec.given([received()]).when(answer('2027-03-10T06:00:00.000Z')).thenFails('BEFORE_ARRIVAL');
  });

  it('is acted on only by the holding organisation', () => {
    spec
      .given([received()])
      .when(answer(later(5), SVEN))
      .thenFails('CONTACT_NOT_HELD');
  });
});

describe('a contact: outcomes', () => {
  const close = (outcome: never, by = GUNILLA) => ({ type: 'CloseContact' as const, outcome, at: later(300), by });

  it('is resolved at first contact with an advice category, its handling time from answer to close', () => {
    spec
      .given(answered)
      .when(close({ kind: 'resolved', adviceCategory: 'housing-benefit' } as never))
      .then([
        {
          type: 'ContactClosed',
          data: {
            contactId: C1,
            outcome: { kind: 'resolved', adviceCategory: 'housing-benefit' },
            closedAt: later(300),
            handlingSeconds: 288,
            closedBy: 'guidance:gunilla',
            segment: null,
          },
        },
      ]);
    spec
      .given([received()])
      .when(close({ kind: 'resolved', adviceCategory: 'x' } as never))
      .thenFails('NOT_ANSWERED');
  });

  it('routes an identified contact and asks client plans for a plan; an anonymous one is identified first', () => {
    spec
      .given(answered)
      .when(close({ kind: 'routed', route: 'service-need-assessment', destination: null } as never))
      .thenFails('IDENTIFICATION_REQUIRED');
    spec
      .given([...answered, identified(AINO)])
      .when(close({ kind: 'routed', route: 'named-professional', destination: 'Sosiaalityöntekijä Virtanen' } as never))
      .then([
        {
          type: 'ContactClosed',
          data: {
            contactId: C1,
            outcome: { kind: 'routed', route: 'named-professional', destination: 'Sosiaalityöntekijä Virtanen', channelId: null },
            closedAt: later(300),
            handlingSeconds: 288,
            closedBy: 'guidance:gunilla',
            segment: null,
          },
        },
        {
          type: 'PlanRequested',
          data: {
            contactId: C1,
            personRef: AINO,
            municipality: '837',
            route: 'named-professional',
            destination: 'Sosiaalityöntekijä Virtanen',
            channelId: null,
            segment: null,
            requestedOn: '2027-03-10' as never,
          },
        },
      ]);
    spec
      .given([...answered, identified(AINO)])
      .when(close({ kind: 'routed', route: 'named-service', destination: null } as never))
      .thenFails('DESTINATION_REQUIRED');
    spec
      .given([...answered, identified(AINO)])
      .when(close({ kind: 'routed', route: 'named-service', destination: 'a\nnote' } as never))
      .thenFails('INVALID_DESTINATION');
  });

  it("routes to a named service only if intake's copy of the catalogue offers it, and to one of its channels", () => {
    const routed = [...answered, identified(AINO)];
    const toService = (channelId: string | null, service: { serviceId: string; channelIds: string[] } | null) => ({
      ...close({ kind: 'routed', route: 'named-service', destination: 'velkaneuvonta', channelId } as never),
      service,
    });
    const velkaneuvonta = { serviceId: 'velkaneuvonta', channelIds: ['velkaneuvonta-puhelin', 'velkaneuvonta-tampere'] };
    // Unknown, or withdrawn by the day (the service layer finds nothing in force): refused.
    spec.given(routed).when(toService(null, null)).thenFails('SERVICE_NOT_IN_CATALOGUE');
    spec
      .given(routed)
      .when(toService(null, { ...velkaneuvonta, serviceId: 'other' }))
      .thenFails('SERVICE_NOT_IN_CATALOGUE');
    spec.given(routed).when(toService('kela-chat', velkaneuvonta)).thenFails('CHANNEL_NOT_OF_SERVICE');
    // A channel is for a named service only.
    spec
      .given(routed)
      .when(close({ kind: 'routed', route: 'named-professional', destination: 'Virtanen', channelId: 'velkaneuvonta-puhelin' } as never))
      .thenFails('INVALID_OUTCOME');
    const events = contactDecider.decide(
      toService('velkaneuvonta-puhelin', velkaneuvonta),
      routed.reduce(contactDecider.evolve, contactDecider.initialState()),
    );
    expect(events.map((e) => e.type)).toEqual(['ContactClosed', 'PlanRequested']);
    expect(events[0]!.data).toMatchObject({
      outcome: { kind: 'routed', route: 'named-service', destination: 'velkaneuvonta', channelId: 'velkaneuvonta-puhelin' },
    });
    expect(events[1]!.data).toMatchObject({ route: 'named-service', destination: 'velkaneuvonta', channelId: 'velkaneuvonta-puhelin' });
  });

  it('lets an authority decide at the contact, but never a social guide', () => {
    spec
      .given(answered)
      .when(close({ kind: 'decided', decision: 'home-care-granted' } as never))
      .thenFails('GUIDE_NOT_AN_AUTHORITY');
    expect(
      spec
        .given(answered)
        .when(close({ kind: 'decided', decision: 'home-care-granted' } as never, PAULA))
        .events(),
    ).toHaveLength(1);
  });

  it('records a child-welfare notification (a guide files it too), once', () => {
    const notified: ContactEvent = {
      type: 'ChildWelfareNotificationRecorded',
      data: { contactId: C1, notifiedOn: '2027-03-10' as never, by: 'guidance:gunilla' },
    };
    spec
      .given(answered)
      .when({ type: 'RecordChildWelfareNotification', at: later(100), by: GUNILLA })
      .then([notified]);
    spec
      .given([...answered, notified])
      .when({ type: 'RecordChildWelfareNotification', at: later(200), by: GUNILLA })
      .then([]);
  });

  it('keeps notes private to the service, and refuses an empty one', () => {
    spec
      .given(answered)
      .when({ type: 'AddNote', text: 'called back', at: later(50), by: GUNILLA })
      .then([{ type: 'NoteAdded', data: { contactId: C1, text: 'called back', by: 'guidance:gunilla', at: later(50) } }]);
    spec
      .given(answered)
      .when({ type: 'AddNote', text: '  ', at: later(50), by: GUNILLA })
      .thenFails('INVALID_NOTE');
  });

  it('is closed once', () => {
    const closed: ContactEvent = {
      type: 'ContactClosed',
      data: {
        contactId: C1,
        outcome: { kind: 'resolved', adviceCategory: 'x' },
        closedAt: later(100),
        handlingSeconds: 88,
        closedBy: 'guidance:gunilla',
        segment: null,
      },
    };
    spec
      .given([...answered, closed])
      .when(close({ kind: 'resolved', adviceCategory: 'x' } as never))
      .thenFails('CONTACT_CLOSED');
  });
});

describe("a contact: transfer to another municipality's guidance", () => {
  const requested: ContactEvent = {
    type: 'TransferRequested',
    data: {
      contactId: C1,
      fromOrganisation: 'pirkanmaa',
      toOrganisation: 'raisio',
      toMunicipality: '680',
      requestedAt: later(60),
      by: 'guidance:gunilla',
    },
  };
  const request = { type: 'RequestTransfer' as const, toOrganisation: 'raisio', toMunicipality: '680', at: later(60), by: GUNILLA };

  it('is requested by the holder, once at a time, never to itself', () => {
    spec.given(answered).when(request).then([requested]);
    spec
      .given([...answered, requested])
      .when(request)
      .thenFails('TRANSFER_PENDING');
    spec
      .given(answered)
      .when({ ...request, toOrganisation: 'pirkanmaa' })
      .thenFails('TRANSFER_TO_SELF');
    spec
      .given(answered)
      .when({ ...request, by: SVEN })
      .thenFails('CONTACT_NOT_HELD');
  });

  it('accepted by the receiver: the receiver holds it and the sender loses access', () => {
    const accepted = spec
      .given([...answered, requested])
      .when({ type: 'AcceptTransfer', at: later(120), by: SVEN })
      .events();
    expect(accepted).toEqual([
      {
        type: 'TransferAccepted',
        data: { contactId: C1, fromOrganisation: 'pirkanmaa', toOrganisation: 'raisio', acceptedAt: later(120), by: 'guidance:sven' },
      },
    ]);
    spec
      .given([...answered, requested, ...accepted])
      .when({ type: 'AddNote', text: 'x', at: later(130), by: GUNILLA })
      .thenFails('CONTACT_NOT_HELD');
    expect(
      spec
        .given([...answered, requested, ...accepted])
        .when({ type: 'AddNote', text: 'x', at: later(130), by: SVEN })
        .events(),
    ).toHaveLength(1);
    spec
      .given([...answered, requested])
      .when({ type: 'AcceptTransfer', at: later(120), by: GUNILLA })
      .thenFails('NOT_TRANSFER_RECEIVER');
  });

  it('rejected with a reason code: the sender keeps it and may close it', () => {
    const rejected = spec
      .given([...answered, requested])
      .when({ type: 'RejectTransfer', reason: 'not-our-municipality', at: later(120), by: SVEN })
      .events();
    expect(rejected[0]).toMatchObject({
      type: 'TransferRejected',
      data: { reason: 'not-our-municipality', fromOrganisation: 'pirkanmaa' },
    });
    expect(
      spec
        .given([...answered, requested, ...rejected])
        .when({ type: 'AddNote', text: 'x', at: later(130), by: GUNILLA })
        .events(),
    ).toHaveLength(1);
    spec
      .given([...answered, requested])
      .when({ type: 'RejectTransfer', reason: 'because' as never, at: later(120), by: SVEN })
      .thenFails('INVALID_REJECTION_REASON');
    spec
      .given([...answered, requested])
      .when({ type: 'CloseContact', outcome: { kind: 'resolved', adviceCategory: 'x' }, at: later(130), by: GUNILLA })
      .thenFails('TRANSFER_PENDING');
    spec
      .given(answered)
      .when({ type: 'AcceptTransfer', at: later(120), by: SVEN })
      .thenFails('NO_TRANSFER_PENDING');
  });
});

describe('a contact: merge and unlink', () => {
  it('merges a duplicate into another contact of the same person, both recorded', () => {
    spec
      .given([received()])
      .when({ type: 'MergeInto', into: C2, intoPersonRef: null, by: GUNILLA })
      .then([{ type: 'ContactMerged', data: { contactId: C1, into: C2, by: 'guidance:gunilla' } }]);
    spec
      .given([received({ contactId: C2 })])
      .when({ type: 'Absorb', from: C1, fromPersonRef: null, by: GUNILLA })
      .then([{ type: 'ContactLinked', data: { contactId: C2, otherContactId: C1, how: 'merged' } }]);
    spec
      .given([received(), identified(AINO)])
      .when({ type: 'MergeInto', into: C2, intoPersonRef: EERO, by: GUNILLA })
      .thenFails('PERSONS_DIFFER');
    spec.given([received()]).when({ type: 'MergeInto', into: C1, intoPersonRef: null, by: GUNILLA }).thenFails('MERGE_WITH_ITSELF');
    const merged: ContactEvent = { type: 'ContactMerged', data: { contactId: C1, into: C2, by: 'guidance:gunilla' } };
    spec
      .given([received(), merged])
      .when(answer(later(5)))
      .thenFails('CONTACT_MERGED');
  });

  it('unlinks two linked contacts, and refuses two that are not', () => {
    const linked: ContactEvent = { type: 'ContactLinked', data: { contactId: C1, otherContactId: C2, how: 'same-person-within-window' } };
    spec
      .given([received(), linked])
      .when({ type: 'Unlink', other: C2, by: GUNILLA })
      .then([{ type: 'ContactUnlinked', data: { contactId: C1, otherContactId: C2, by: 'guidance:gunilla' } }]);
    spec.given([received()]).when({ type: 'Unlink', other: C2, by: GUNILLA }).thenFails('NOT_LINKED');
  });

  it('finds the contacts to link within the window and the one a contact repeats', () => {
    const earlier = [
      { contactId: 'a', reason: 'housing', arrivedAt: '2027-03-01T08:00:00Z' },
      { contactId: 'b', reason: 'housing', arrivedAt: '2027-03-05T08:00:00Z' },
      { contactId: 'c', reason: 'debt', arrivedAt: '2027-03-09T08:00:00Z' },
      { contactId: 'd', reason: 'housing', arrivedAt: '2027-01-01T08:00:00Z' },
    ];
    expect(linkCandidates(earlier, '2027-03-10T08:00:00Z', 30)).toEqual(['a', 'b', 'c']);
    expect(findRepeatOf(earlier, 'housing', '2027-03-10T08:00:00Z', 7)).toBe('b');
    expect(findRepeatOf(earlier, 'housing', '2027-03-13T08:00:00Z', 7)).toBeNull(); // 8 days after b
    expect(findRepeatOf(earlier, null, '2027-03-10T08:00:00Z', 7)).toBeNull();
  });
});
