import type { LocalDate, PersonRef } from '@luotsi/kernel';
import type { ScreeningResult, Answer } from '../screening/screening';
import type { Channel, ContactedBy, Language, Referrer, Route, Segment, TransferRejection } from '../vocabulary';

/** How a contact ended. A routing is never "resolved": it asks for an assessment or another service. */
export type Outcome =
  | { kind: 'resolved'; adviceCategory: string }
  /**
   * `channelId`: for a named service, the catalogue's channel the person was sent to (absent in
   * events from before intake knew the catalogue; read as null).
   */
  | { kind: 'routed'; route: Route; destination: string | null; channelId?: string | null }
  /** An assessment or decision made at the contact by an authority (a social worker), never by a guide. */
  | { kind: 'decided'; decision: string };

export type HeavyUseTrigger = 'frequent-visits' | 'missed-appointments';

/** A heavy-use trigger of a person, with its figures, shown on their next contact. */
export interface HeavyUseFlag {
  trigger: HeavyUseTrigger;
  count: number;
  windowFrom: LocalDate;
  windowTo: LocalDate;
  /** The trigger's id in the person's heavy-use stream, so it is shown once. */
  triggerId: string;
}

export type ContactEvent =
  | {
      type: 'ContactReceived';
      data: {
        contactId: string;
        channel: Channel;
        contactedBy: ContactedBy;
        referrer: Referrer | null;
        language: Language;
        municipality: string;
        queueId: string;
        organisation: string;
        reason: string | null;
        arrivedAt: string;
        /** The web form's privacy notice the sender acknowledged (null for other channels). */
        privacyNoticeVersion: number | null;
        recordedBy: string;
      };
    }
  | { type: 'ContactIdentified'; data: { contactId: string; personRef: PersonRef; repeatOf: string | null; identifiedBy: string } }
  | { type: 'ContactLinked'; data: { contactId: string; otherContactId: string; how: 'same-person-within-window' | 'merged' } }
  | { type: 'ContactUnlinked'; data: { contactId: string; otherContactId: string; by: string } }
  | { type: 'ContactMerged'; data: { contactId: string; into: string; by: string } }
  | {
      type: 'HeavyUserFlagged';
      data: { contactId: string; personRef: PersonRef } & Omit<HeavyUseFlag, 'triggerId'> & { triggerId: string; flaggedOn: LocalDate };
    }
  | { type: 'ContactAssigned'; data: { contactId: string; workerId: string; how: 'take-next' | 'least-busy'; assignedAt: string } }
  | {
      type: 'ContactAnswered';
      data: {
        contactId: string;
        workerId: string;
        answeredAt: string;
        /** Seconds from arrival to answer, on the clock. */
        waitSeconds: number;
        /** Seconds of that wait inside the queue's opening hours: what the service level counts. */
        countedWaitSeconds: number;
        /** Y of the policy in force, and whether the counted wait was within it. */
        serviceLevelSeconds: number;
        withinServiceLevel: boolean;
      };
    }
  | {
      type: 'ContactAbandoned';
      data: {
        contactId: string;
        abandonedAt: string;
        waitSeconds: number;
        countedWaitSeconds: number;
        /** The caller left within the policy's short-abandon seconds (on the clock). */
        short: boolean;
        serviceLevelSeconds: number;
        withinServiceLevel: boolean;
      };
    }
  | { type: 'ScreeningRecorded'; data: { contactId: string; answers: Record<string, Answer>; result: ScreeningResult; by: string } }
  /** A worker's free-text note: private to the service, never published. */
  | { type: 'NoteAdded'; data: { contactId: string; text: string; by: string; at: string } }
  | {
      type: 'ContactClosed';
      data: {
        contactId: string;
        outcome: Outcome;
        closedAt: string;
        handlingSeconds: number | null;
        closedBy: string;
        segment: Segment | null;
      };
    }
  | {
      type: 'PlanRequested';
      data: {
        contactId: string;
        personRef: PersonRef;
        municipality: string;
        route: Route;
        destination: string | null;
        /** The catalogue's channel of a named service (absent in older events: null). */
        channelId?: string | null;
        segment: Segment | null;
        requestedOn: LocalDate;
      };
    }
  | {
      type: 'TransferRequested';
      data: {
        contactId: string;
        fromOrganisation: string;
        toOrganisation: string;
        toMunicipality: string;
        requestedAt: string;
        by: string;
      };
    }
  | {
      type: 'TransferAccepted';
      data: { contactId: string; fromOrganisation: string; toOrganisation: string; acceptedAt: string; by: string };
    }
  | {
      type: 'TransferRejected';
      data: {
        contactId: string;
        fromOrganisation: string;
        toOrganisation: string;
        reason: TransferRejection;
        rejectedAt: string;
        by: string;
      };
    }
  | { type: 'ChildWelfareNotificationRecorded'; data: { contactId: string; notifiedOn: LocalDate; by: string } };
