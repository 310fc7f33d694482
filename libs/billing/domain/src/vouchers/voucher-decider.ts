import { assertNever, DomainError, LocalDate, Municipalities, type Cents, type Decider, type PersonRef } from '@luotsi/kernel';
import { isCleanText } from '../services/service-rows';
import { visitSplit, voucherValueOf, type ProducerStatus, type VoucherService, type VoucherTypeVersion } from './voucher-types';

/** How a choice reached the county: the resident in the portal, or a worker for them by phone or in person. */
export const CHOICE_CHANNELS = ['portal', 'phone', 'in-person'] as const;
export type ChoiceChannel = (typeof CHOICE_CHANNELS)[number];

export type VoucherStatus = 'none' | 'granted' | 'refused' | 'chosen' | 'used-up';

export interface VoucherGrant {
  voucherId: string;
  personRef: PersonRef;
  voucherTypeId: string;
  service: VoucherService;
  municipality: string;
  valueCents: Cents;
  visits: number;
  validFrom: LocalDate;
  validUntil: LocalDate;
  reason: string;
  grantedBy: string;
}

/** A producer the person chose; `until`: the date its approval ended, when the person had to choose again. */
export interface ChosenProducer {
  producerId: string;
  priceCents: Cents;
  chosenOn: LocalDate;
  until: LocalDate | null;
}

export type VoucherCommand =
  | {
      type: 'GrantVoucher';
      voucherId: string;
      personRef: PersonRef;
      voucherTypeId: string;
      /** The version of the type valid on today, looked up by the caller. */
      version: VoucherTypeVersion;
      municipality: string;
      monthlyIncomeCents: number | null;
      reason: string;
      grantedBy: string;
      today: LocalDate;
    }
  | { type: 'RefuseVoucher'; voucherId: string; personRef: PersonRef; refusedBy: string; channel: ChoiceChannel; today: LocalDate }
  | {
      type: 'ChooseVoucherProducer';
      voucherId: string;
      personRef: PersonRef;
      producerId: string;
      channel: ChoiceChannel;
      chosenBy: string;
      today: LocalDate;
      /** The chosen producer's approval for the voucher's type on today, and its price (null: never approved). */
      producer: { status: ProducerStatus; priceCents: Cents } | null;
      /** When the producer chosen earlier stopped being approved (null: it still is, or none was chosen). */
      currentProducerEndedFrom: LocalDate | null;
    }
  | {
      type: 'RedeemVoucherVisit';
      voucherId: string;
      producerId: string;
      producerSideId: string;
      date: LocalDate;
      today: LocalDate;
      /** The producer's approval for the voucher's type on the visit's date. */
      producerStatusOnDate: ProducerStatus;
    };

export interface VisitRedeemedData {
  voucherId: string;
  personRef: PersonRef;
  voucherTypeId: string;
  municipality: string;
  producerId: string;
  producerSideId: string;
  date: LocalDate;
  visitNumber: number;
  valueCents: Cents;
  priceCents: Cents;
  paidCents: Cents;
  clientShareCents: Cents;
}

export type VoucherEvent =
  | { type: 'VoucherGranted'; data: VoucherGrant }
  | {
      type: 'VoucherRefused';
      data: { voucherId: string; personRef: PersonRef; refusedBy: string; channel: ChoiceChannel; refusedOn: LocalDate };
    }
  | {
      type: 'VoucherProducerChosen';
      data: {
        voucherId: string;
        personRef: PersonRef;
        voucherTypeId: string;
        producerId: string;
        priceCents: Cents;
        channel: ChoiceChannel;
        chosenBy: string;
        chosenOn: LocalDate;
        /** The producer chosen before, whose approval ended: the person chose again. */
        replacesProducerId: string | null;
        replacedFrom: LocalDate | null;
      };
    }
  | { type: 'VoucherVisitRedeemed'; data: VisitRedeemedData }
  | { type: 'VoucherUsedUp'; data: { voucherId: string; personRef: PersonRef; on: LocalDate } };

export interface VoucherState {
  status: VoucherStatus;
  grant: VoucherGrant | null;
  /** Every producer chosen, the current one last. */
  producers: ChosenProducer[];
  /** Visits given, by the producer's own id: a row sent again must name the same visit. */
  redeemed: ReadonlyMap<string, { producerId: string; date: LocalDate }>;
}

const initialState = (): VoucherState => ({ status: 'none', grant: null, producers: [], redeemed: new Map() });

const refuse = (
  code: string,
  message: string,
  details: Record<string, unknown> = {},
  kind: 'rule' | 'conflict' | 'not_found' | 'validation' = 'rule',
) => {
  throw new DomainError(code, message, details, kind);
};

/** The date the voucher can last be used: validityDays counted from the grant day as day 1. */
export const validUntilOf = (grantedOn: LocalDate, validityDays: number): LocalDate => LocalDate.addDays(grantedOn, validityDays - 1);

/**
 * The voucher's status as the person sees it on a date: expiry is the calendar's doing, not an
 * event, so a voucher past its last day with visits left is 'expired' without anyone recording it.
 */
export function voucherStatusOn(s: VoucherState, date: LocalDate): VoucherStatus | 'expired' {
  if ((s.status === 'granted' || s.status === 'chosen') && s.grant && date > s.grant.validUntil) return 'expired';
  return s.status;
}

/** A person's own voucher: another person's id answers as unknown, so ids reveal nothing. */
function requireOwn(s: VoucherState, voucherId: string, personRef: PersonRef): VoucherGrant {
  if (!s.grant || s.grant.personRef !== personRef)
    return refuse('VOUCHER_NOT_FOUND', `no voucher ${voucherId} of this person`, { voucherId }, 'not_found');
  return s.grant;
}

function requireOpen(s: VoucherState, grant: VoucherGrant, today: LocalDate): void {
  if (s.status === 'refused')
    refuse(
      'VOUCHER_REFUSED',
      'the person refused this voucher; the service is arranged otherwise',
      { voucherId: grant.voucherId },
      'conflict',
    );
  if (s.status === 'used-up')
    refuse(
      'VOUCHER_USED_UP',
      `every visit of voucher ${grant.voucherId} is used`,
      { voucherId: grant.voucherId, visits: grant.visits },
      'conflict',
    );
  if (today > grant.validUntil)
    refuse('VOUCHER_EXPIRED', `voucher ${grant.voucherId} was valid until ${grant.validUntil}`, { validUntil: grant.validUntil });
}

function decide(c: VoucherCommand, s: VoucherState): VoucherEvent[] {
  switch (c.type) {
    case 'GrantVoucher': {
      if (typeof c.reason !== 'string' || !c.reason.trim() || c.reason.length > 500 || !isCleanText(c.reason))
        refuse('INVALID_REASON', 'a grant states its reason: plain text of at most 500 characters', {}, 'validation');
      if (!Municipalities.isCode(c.municipality)) Municipalities.parse(c.municipality);
      // Checked even for a fixed value, which does not use it: a malformed income is a caller's
      // error to answer, not to store silently.
      if (c.monthlyIncomeCents !== null && (!Number.isSafeInteger(c.monthlyIncomeCents) || c.monthlyIncomeCents < 0))
        refuse('INVALID_INCOME', 'monthlyIncomeCents is whole non-negative cents', {}, 'validation');
      if (c.version.validFrom > c.today)
        refuse('NO_VOUCHER_TYPE', `the version of ${c.voucherTypeId} given is not valid yet on ${c.today}`, {
          voucherTypeId: c.voucherTypeId,
        });
      const grant: VoucherGrant = {
        voucherId: c.voucherId,
        personRef: c.personRef,
        voucherTypeId: c.voucherTypeId,
        service: c.version.service,
        municipality: c.municipality,
        valueCents: voucherValueOf(c.version.value, c.monthlyIncomeCents),
        visits: c.version.visits,
        validFrom: c.today,
        validUntil: validUntilOf(c.today, c.version.validityDays),
        reason: c.reason,
        grantedBy: c.grantedBy,
      };
      if (s.grant) {
        // The same grant again (a retried request) is no change; a voucher id is never reused.
        const same = s.grant.personRef === grant.personRef && s.grant.voucherTypeId === grant.voucherTypeId;
        if (same) return [];
        return refuse('VOUCHER_EXISTS', `voucher ${c.voucherId} exists`, { voucherId: c.voucherId }, 'conflict');
      }
      return [{ type: 'VoucherGranted', data: grant }];
    }
    case 'RefuseVoucher': {
      const grant = requireOwn(s, c.voucherId, c.personRef);
      if (s.status === 'refused') return [];
      requireOpen(s, grant, c.today);
      // Once a visit was given the service has begun: the person stops using it, they do not refuse it.
      if (s.redeemed.size > 0)
        refuse(
          'VOUCHER_IN_USE',
          'visits of this voucher were already given; it can no longer be refused',
          { voucherId: c.voucherId },
          'conflict',
        );
      return [
        {
          type: 'VoucherRefused',
          data: { voucherId: c.voucherId, personRef: c.personRef, refusedBy: c.refusedBy, channel: c.channel, refusedOn: c.today },
        },
      ];
    }
    case 'ChooseVoucherProducer': {
      const grant = requireOwn(s, c.voucherId, c.personRef);
      if (!(CHOICE_CHANNELS as readonly string[]).includes(c.channel))
        refuse('INVALID_CHANNEL', `channel is one of ${CHOICE_CHANNELS.join(', ')}`, {}, 'validation');
      const current = s.producers.at(-1);
      // A choice stands while the producer is approved; once its approval has ended the person
      // chooses again (the visits it gave before the end stay paid to it).
      const stands = !!current && (c.currentProducerEndedFrom === null || c.currentProducerEndedFrom > c.today);
      if (stands && current.producerId === c.producerId) return [];
      requireOpen(s, grant, c.today);
      if (stands)
        refuse(
          'VOUCHER_ALREADY_CHOSEN',
          `the person chose ${current.producerId} for this voucher; a new choice is possible only once its approval ends`,
          { producerId: current.producerId },
          'conflict',
        );
      if (!c.producer || c.producer.status !== 'approved')
        refuse('PRODUCER_NOT_APPROVED', `${c.producerId} is not an approved producer of ${grant.voucherTypeId} on ${c.today}`, {
          producerId: c.producerId,
          status: c.producer?.status ?? 'not-approved',
        });
      return [
        {
          type: 'VoucherProducerChosen',
          data: {
            voucherId: c.voucherId,
            personRef: c.personRef,
            voucherTypeId: grant.voucherTypeId,
            producerId: c.producerId,
            priceCents: c.producer!.priceCents,
            channel: c.channel,
            chosenBy: c.chosenBy,
            chosenOn: c.today,
            replacesProducerId: current?.producerId ?? null,
            replacedFrom: current ? c.currentProducerEndedFrom : null,
          },
        },
      ];
    }
    case 'RedeemVoucherVisit':
      return redeem(c, s);
    default:
      return assertNever(c);
  }
}

/**
 * One reported visit. The refusals are per row and their codes stable (producers' systems match
 * on them); the order makes the most telling one answer: an unknown voucher before its dates,
 * its dates before the producer, and the visits left last.
 */
function redeem(c: Extract<VoucherCommand, { type: 'RedeemVoucherVisit' }>, s: VoucherState): VoucherEvent[] {
  if (!c.producerSideId?.trim()) refuse('MISSING_PRODUCER_SIDE_ID', 'producerSideId is required', {}, 'validation');
  const earlier = s.redeemed.get(c.producerSideId);
  if (earlier) {
    if (earlier.producerId === c.producerId && earlier.date === c.date) return [];
    refuse(
      'REDEMPTION_ID_CONFLICT',
      `producerSideId ${c.producerSideId} is already a visit of ${earlier.date}; send a new id for a new visit`,
      { producerSideId: c.producerSideId, recordedDate: earlier.date },
      'conflict',
    );
  }
  const grant = s.grant;
  if (!grant) return refuse('VOUCHER_NOT_FOUND', `no voucher ${c.voucherId}`, { voucherId: c.voucherId }, 'not_found');
  if (s.status === 'refused') refuse('VOUCHER_REFUSED', 'the person refused this voucher', { voucherId: c.voucherId }, 'conflict');
  if (!LocalDate.isValid(c.date)) refuse('INVALID_DATE', 'date must be an existing calendar date as YYYY-MM-DD', {}, 'validation');
  if (c.date > c.today)
    refuse('FUTURE_DATE', `a visit cannot be reported before it happens (today is ${c.today})`, { today: c.today }, 'validation');
  if (c.date < grant.validFrom) refuse('BEFORE_VOUCHER', `the voucher was granted on ${grant.validFrom}`, { validFrom: grant.validFrom });
  if (c.date > grant.validUntil)
    refuse('VOUCHER_EXPIRED', `the voucher was valid until ${grant.validUntil}`, { validUntil: grant.validUntil });
  // The producer the person had chosen on the visit's date: the current one, or an earlier one
  // for the visits it gave before its approval ended.
  const chosen = s.producers.find((p) => p.producerId === c.producerId && p.chosenOn <= c.date && (p.until === null || c.date < p.until));
  if (s.producers.length === 0)
    refuse('VOUCHER_NOT_CHOSEN', 'the person has not chosen a producer for this voucher', { voucherId: c.voucherId });
  if (!chosen)
    refuse('NOT_CHOSEN_PRODUCER', `the person had not chosen ${c.producerId} for this voucher on ${c.date}`, { voucherId: c.voucherId });
  if (c.producerStatusOnDate === 'suspended')
    refuse('PRODUCER_SUSPENDED', `the approval of ${c.producerId} was suspended on ${c.date}`, { producerId: c.producerId });
  if (c.producerStatusOnDate !== 'approved')
    refuse('PRODUCER_NOT_APPROVED', `${c.producerId} was not an approved producer on ${c.date}`, { producerId: c.producerId });
  if (s.status === 'used-up' || s.redeemed.size >= grant.visits)
    refuse('VISITS_USED_UP', `the voucher covers ${grant.visits} visits and all are used`, { visits: grant.visits }, 'conflict');
  const visitNumber = s.redeemed.size + 1;
  const events: VoucherEvent[] = [
    {
      type: 'VoucherVisitRedeemed',
      data: {
        voucherId: grant.voucherId,
        personRef: grant.personRef,
        voucherTypeId: grant.voucherTypeId,
        municipality: grant.municipality,
        producerId: c.producerId,
        producerSideId: c.producerSideId,
        date: c.date,
        visitNumber,
        valueCents: grant.valueCents,
        priceCents: chosen!.priceCents,
        ...visitSplit(grant.valueCents, chosen!.priceCents),
      },
    },
  ];
  if (visitNumber === grant.visits)
    events.push({ type: 'VoucherUsedUp', data: { voucherId: grant.voucherId, personRef: grant.personRef, on: c.date } });
  return events;
}

function evolve(s: VoucherState, e: VoucherEvent): VoucherState {
  switch (e.type) {
    case 'VoucherGranted':
      return { ...s, status: 'granted', grant: e.data };
    case 'VoucherRefused':
      return { ...s, status: 'refused' };
    case 'VoucherProducerChosen': {
      const d = e.data;
      const closed = s.producers.map((p, i) =>
        i === s.producers.length - 1 && p.until === null ? { ...p, until: d.replacedFrom ?? d.chosenOn } : p,
      );
      return {
        ...s,
        status: 'chosen',
        producers: [...closed, { producerId: d.producerId, priceCents: d.priceCents, chosenOn: d.chosenOn, until: null }],
      };
    }
    case 'VoucherVisitRedeemed':
      return { ...s, redeemed: new Map([...s.redeemed, [e.data.producerSideId, { producerId: e.data.producerId, date: e.data.date }]]) };
    case 'VoucherUsedUp':
      return { ...s, status: 'used-up' };
    default:
      return assertNever(e);
  }
}

export const voucherDecider: Decider<VoucherCommand, VoucherEvent, VoucherState> = { decide, evolve, initialState };
/** One stream per voucher, category 'voucher'. */
export const voucherStream = (voucherId: string): string => `voucher-${voucherId}`;
