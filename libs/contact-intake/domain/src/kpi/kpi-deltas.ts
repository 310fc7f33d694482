import { helsinkiDateOf } from '../calendar/opening-hours';
import type { ContactEvent } from '../contact/contact-events';
import type { Channel, Language } from '../vocabulary';
import { zeroCounters, type KpiCounters } from './kpi';

/** A cell of the KPI counters: the contact's municipality, channel, language and month of arrival. */
export interface KpiCell {
  municipality: string;
  channel: Channel;
  language: Language;
  month: string;
}

/** What the figures need to remember of one contact between its events. */
export interface ContactFacts extends KpiCell {
  contactId: string;
  personRef: string | null;
  reason: string | null;
  arrivedAt: string;
  /** Not a repeat of an earlier contact of the person for the same reason. */
  first: boolean;
  /** A later contact of the person for the same reason came within the window. */
  repeated: boolean;
  closedAs: 'resolved' | 'other' | null;
}

export interface KpiStep {
  /** The facts to keep, of this contact and, for a repeat, of the earlier contact. */
  facts: ContactFacts[];
  deltas: Array<{ cell: KpiCell; counters: Partial<KpiCounters> }>;
}

const cellOf = (f: ContactFacts): KpiCell => ({ municipality: f.municipality, channel: f.channel, language: f.language, month: f.month });

/**
 * One contact event's change to the counters (pure; the projection applies it once per event).
 * `self` is the contact's facts so far, `earlier` the facts of the contact it repeats (a
 * ContactIdentified with repeatOf). Counters are of the month the contact arrived in.
 */
export function kpiStep(e: ContactEvent, self: ContactFacts | null, earlier: ContactFacts | null): KpiStep {
  if (e.type === 'ContactReceived') {
    const d = e.data;
    const facts: ContactFacts = {
      contactId: d.contactId,
      municipality: d.municipality,
      channel: d.channel,
      language: d.language,
      month: helsinkiDateOf(d.arrivedAt).slice(0, 7),
      personRef: null,
      reason: d.reason,
      arrivedAt: d.arrivedAt,
      first: true,
      repeated: false,
      closedAs: null,
    };
    return { facts: [facts], deltas: [{ cell: cellOf(facts), counters: { offered: 1 } }] };
  }
  if (!self) return { facts: [], deltas: [] };
  const one = (counters: Partial<KpiCounters>, facts: ContactFacts = self): KpiStep => ({
    facts: [facts],
    deltas: [{ cell: cellOf(self), counters }],
  });
  switch (e.type) {
    case 'ContactIdentified': {
      const facts: ContactFacts = { ...self, personRef: e.data.personRef };
      const step: KpiStep = { facts: [facts], deltas: [] };
      if (e.data.repeatOf === null) return step;
      // This contact is a repeat: it was never a first contact (undo its count if it closed first).
      if (self.first && self.closedAs !== null)
        step.deltas.push({
          cell: cellOf(self),
          counters: { firstClosed: -1, firstResolved: self.closedAs === 'resolved' && !self.repeated ? -1 : 0 },
        });
      facts.first = false;
      if (earlier && !earlier.repeated) {
        // And the contact it repeats was not resolved after all.
        if (earlier.first && earlier.closedAs === 'resolved') step.deltas.push({ cell: cellOf(earlier), counters: { firstResolved: -1 } });
        step.facts.push({ ...earlier, repeated: true });
      }
      return step;
    }
    case 'ContactAnswered':
      return one({
        answered: 1,
        answeredWithin: e.data.withinServiceLevel ? 1 : 0,
        countedWaitSum: e.data.countedWaitSeconds,
        clockWaitSum: e.data.waitSeconds,
      });
    case 'ContactAbandoned':
      return one({
        abandoned: 1,
        abandonedShort: e.data.short ? 1 : 0,
        abandonedWithin: e.data.withinServiceLevel ? 1 : 0,
        abandonedShortWithin: e.data.short && e.data.withinServiceLevel ? 1 : 0,
      });
    case 'ContactClosed': {
      const o = e.data.outcome;
      const resolved = o.kind === 'resolved';
      const counters: Partial<KpiCounters> = {
        closed: 1,
        handled: e.data.handlingSeconds !== null ? 1 : 0,
        handleSum: e.data.handlingSeconds ?? 0,
        resolved: resolved ? 1 : 0,
        decided: o.kind === 'decided' ? 1 : 0,
        routedAssessment: o.kind === 'routed' && o.route === 'service-need-assessment' ? 1 : 0,
        routedProfessional: o.kind === 'routed' && o.route === 'named-professional' ? 1 : 0,
        routedService: o.kind === 'routed' && o.route === 'named-service' ? 1 : 0,
        firstClosed: self.first ? 1 : 0,
        firstResolved: self.first && resolved && !self.repeated ? 1 : 0,
      };
      return one(counters, { ...self, closedAs: resolved ? 'resolved' : 'other' });
    }
    case 'TransferRequested':
      return one({ transfersRequested: 1 });
    case 'TransferAccepted':
      return one({ transfersAccepted: 1 });
    case 'TransferRejected':
      return one({ transfersRejected: 1 });
    case 'ChildWelfareNotificationRecorded':
      return one({ childWelfareNotifications: 1 });
    case 'HeavyUserFlagged':
      return one({ heavyUserFlags: 1 });
    default:
      return { facts: [self], deltas: [] };
  }
}

/** Folds steps in memory: the figures of a list of events, as the projection would count them (tests, the bench's check). */
export function countEvents(events: readonly ContactEvent[]): Map<string, { cell: KpiCell; counters: KpiCounters }> {
  const facts = new Map<string, ContactFacts>();
  const cells = new Map<string, { cell: KpiCell; counters: KpiCounters }>();
  for (const e of events) {
    const self = facts.get(e.data.contactId) ?? null;
    const repeatOf = e.type === 'ContactIdentified' ? e.data.repeatOf : null;
    const step = kpiStep(e, self, repeatOf ? (facts.get(repeatOf) ?? null) : null);
    for (const f of step.facts) facts.set(f.contactId, f);
    for (const d of step.deltas) {
      const key = `${d.cell.municipality}|${d.cell.channel}|${d.cell.language}|${d.cell.month}`;
      const row = cells.get(key) ?? { cell: d.cell, counters: zeroCounters() };
      for (const [k, v] of Object.entries(d.counters)) row.counters[k as keyof KpiCounters] += v as number;
      cells.set(key, row);
    }
  }
  return cells;
}
