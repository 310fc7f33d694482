import { assertNever, DomainError, sameJson, type Cents, type Decider, type LocalDate } from '@luotsi/kernel';
import { EARLIEST_BILLING_DATE, latestRatesValidFrom, parseDateBetween } from '../date-ranges';
import { isCleanText } from '../services/service-rows';
import {
  PRODUCER_OWNERSHIPS,
  validateVoucherType,
  type ProducerApproval,
  type ProducerOwnership,
  type VoucherTypeVersion,
} from './voucher-types';

/** The county's decisions on one voucher type: its versions and the producers approved for it. */
export type VoucherTypeCommand =
  | { type: 'SetVoucherType'; voucherTypeId: string; version: VoucherTypeVersion; setBy: string; today: LocalDate }
  | {
      type: 'ApproveVoucherProducer';
      voucherTypeId: string;
      producerId: string;
      priceCents: Cents;
      ownership: ProducerOwnership;
      approvedFrom: LocalDate;
      decidedBy: string;
      today: LocalDate;
    }
  | { type: 'SuspendVoucherProducer'; voucherTypeId: string; producerId: string; from: LocalDate; reason: string; decidedBy: string }
  | { type: 'ResumeVoucherProducer'; voucherTypeId: string; producerId: string; from: LocalDate; decidedBy: string }
  | { type: 'EndVoucherProducer'; voucherTypeId: string; producerId: string; from: LocalDate; reason: string; decidedBy: string };

export type VoucherTypeEvent =
  | { type: 'VoucherTypeSet'; data: VoucherTypeVersion & { voucherTypeId: string; setBy: string } }
  | {
      type: 'VoucherProducerApproved';
      data: {
        voucherTypeId: string;
        producerId: string;
        priceCents: Cents;
        ownership: ProducerOwnership;
        approvedFrom: LocalDate;
        decidedBy: string;
      };
    }
  | {
      type: 'VoucherProducerSuspended';
      data: { voucherTypeId: string; producerId: string; from: LocalDate; reason: string; decidedBy: string };
    }
  | { type: 'VoucherProducerResumed'; data: { voucherTypeId: string; producerId: string; from: LocalDate; decidedBy: string } }
  | {
      type: 'VoucherProducerEnded';
      data: { voucherTypeId: string; producerId: string; from: LocalDate; reason: string; decidedBy: string };
    };

export interface VoucherTypeState {
  voucherTypeId: string | null;
  versions: VoucherTypeVersion[];
  producers: ReadonlyMap<string, ProducerApproval>;
}

const initialState = (): VoucherTypeState => ({ voucherTypeId: null, versions: [], producers: new Map() });

/** Ids name streams and read-model keys: short, plain, lower-case. */
const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const isVoucherTypeId = (id: unknown): id is string => typeof id === 'string' && ID.test(id);

function requireReason(reason: string): void {
  if (typeof reason !== 'string' || !reason.trim() || reason.length > 500 || !isCleanText(reason))
    throw new DomainError('INVALID_REASON', 'reason is required: plain text of at most 500 characters', {}, 'validation');
}

function requireApproval(s: VoucherTypeState, producerId: string): ProducerApproval {
  const approval = s.producers.get(producerId);
  if (!approval)
    throw new DomainError(
      'PRODUCER_NOT_APPROVED',
      `${producerId} is not approved for voucher type ${s.voucherTypeId}`,
      { producerId, voucherTypeId: s.voucherTypeId },
      'not_found',
    );
  return approval;
}

function requireType(s: VoucherTypeState, voucherTypeId: string): void {
  if (s.voucherTypeId === null)
    throw new DomainError('VOUCHER_TYPE_NOT_FOUND', `no voucher type ${voucherTypeId}`, { voucherTypeId }, 'not_found');
}

function decide(c: VoucherTypeCommand, s: VoucherTypeState): VoucherTypeEvent[] {
  switch (c.type) {
    case 'SetVoucherType': {
      if (!isVoucherTypeId(c.voucherTypeId))
        throw new DomainError('INVALID_VOUCHER_TYPE', 'voucherTypeId is lower-case letters, digits and dashes', {}, 'validation');
      validateVoucherType(c.version);
      parseDateBetween('validFrom', c.version.validFrom, EARLIEST_BILLING_DATE, latestRatesValidFrom(c.today));
      // A grant keeps the value, visits and validity of the version it was granted under, so a new
      // version changes only later grants and needs no lock like the rate tables' approved months.
      const existing = s.versions.find((v) => v.validFrom === c.version.validFrom);
      if (existing && sameJson(existing, c.version)) return [];
      return [{ type: 'VoucherTypeSet', data: { ...c.version, voucherTypeId: c.voucherTypeId, setBy: c.setBy } }];
    }
    case 'ApproveVoucherProducer': {
      requireType(s, c.voucherTypeId);
      if (!isVoucherTypeId(c.producerId))
        throw new DomainError('INVALID_PRODUCER', 'producerId is lower-case letters, digits and dashes', {}, 'validation');
      if (!Number.isSafeInteger(c.priceCents) || c.priceCents <= 0)
        throw new DomainError('INVALID_PRICE', 'priceCents must be positive whole cents', {}, 'validation');
      if (!(PRODUCER_OWNERSHIPS as readonly string[]).includes(c.ownership))
        throw new DomainError('INVALID_OWNERSHIP', 'ownership is public or private', {}, 'validation');
      const approvedFrom = parseDateBetween('approvedFrom', c.approvedFrom, EARLIEST_BILLING_DATE, latestRatesValidFrom(c.today));
      const current = s.producers.get(c.producerId);
      if (
        current &&
        current.endedFrom === null &&
        current.priceCents === c.priceCents &&
        current.ownership === c.ownership &&
        current.approvedFrom === approvedFrom
      )
        return [];
      return [
        {
          type: 'VoucherProducerApproved',
          data: {
            voucherTypeId: c.voucherTypeId,
            producerId: c.producerId,
            priceCents: c.priceCents,
            ownership: c.ownership,
            approvedFrom,
            decidedBy: c.decidedBy,
          },
        },
      ];
    }
    case 'SuspendVoucherProducer': {
      requireType(s, c.voucherTypeId);
      const approval = requireApproval(s, c.producerId);
      requireReason(c.reason);
      // Suspending what is already suspended or ended from that date on changes nothing (a
      // redelivered provider event, a double click).
      if (approval.endedFrom !== null && approval.endedFrom <= c.from) return [];
      if (approval.suspensions.some((p) => p.to === null && p.from <= c.from)) return [];
      return [{ type: 'VoucherProducerSuspended', data: { ...pick(c), reason: c.reason } }];
    }
    case 'ResumeVoucherProducer': {
      requireType(s, c.voucherTypeId);
      const approval = requireApproval(s, c.producerId);
      const open = approval.suspensions.find((p) => p.to === null);
      if (!open || approval.endedFrom !== null) return [];
      if (c.from < open.from)
        throw new DomainError(
          'INVALID_DATE',
          `a suspension from ${open.from} cannot end before it began`,
          { suspendedFrom: open.from },
          'validation',
        );
      return [{ type: 'VoucherProducerResumed', data: pick(c) }];
    }
    case 'EndVoucherProducer': {
      requireType(s, c.voucherTypeId);
      const approval = requireApproval(s, c.producerId);
      requireReason(c.reason);
      if (approval.endedFrom !== null && approval.endedFrom <= c.from) return [];
      return [{ type: 'VoucherProducerEnded', data: { ...pick(c), reason: c.reason } }];
    }
    default:
      return assertNever(c);
  }
}

const pick = (c: { voucherTypeId: string; producerId: string; from: LocalDate; decidedBy: string }) => ({
  voucherTypeId: c.voucherTypeId,
  producerId: c.producerId,
  from: c.from,
  decidedBy: c.decidedBy,
});

function withProducer(s: VoucherTypeState, producerId: string, change: (a: ProducerApproval) => ProducerApproval): VoucherTypeState {
  const current = s.producers.get(producerId);
  if (!current) return s;
  return { ...s, producers: new Map([...s.producers, [producerId, change(current)]]) };
}

function evolve(s: VoucherTypeState, e: VoucherTypeEvent): VoucherTypeState {
  switch (e.type) {
    case 'VoucherTypeSet': {
      const { voucherTypeId, setBy: _s, ...version } = e.data;
      const versions = [...s.versions.filter((v) => v.validFrom !== version.validFrom), version].sort((a, b) =>
        a.validFrom < b.validFrom ? -1 : 1,
      );
      return { ...s, voucherTypeId, versions };
    }
    case 'VoucherProducerApproved': {
      const d = e.data;
      // A new price keeps the suspensions of the approval in force; approval again after an end
      // starts a clean record.
      const current = s.producers.get(d.producerId);
      const approval: ProducerApproval = {
        producerId: d.producerId,
        priceCents: d.priceCents,
        ownership: d.ownership,
        approvedFrom: d.approvedFrom,
        suspensions: current && current.endedFrom === null ? current.suspensions : [],
        endedFrom: null,
      };
      return { ...s, producers: new Map([...s.producers, [d.producerId, approval]]) };
    }
    case 'VoucherProducerSuspended':
      return withProducer(s, e.data.producerId, (a) => ({ ...a, suspensions: [...a.suspensions, { from: e.data.from, to: null }] }));
    case 'VoucherProducerResumed':
      return withProducer(s, e.data.producerId, (a) => ({
        ...a,
        suspensions: a.suspensions.map((p) => (p.to === null ? { ...p, to: e.data.from } : p)),
      }));
    case 'VoucherProducerEnded':
      return withProducer(s, e.data.producerId, (a) => ({ ...a, endedFrom: e.data.from }));
    default:
      return assertNever(e);
  }
}

export const voucherTypeDecider: Decider<VoucherTypeCommand, VoucherTypeEvent, VoucherTypeState> = { decide, evolve, initialState };
/** One stream per voucher type: its versions and its producers, category 'vouchertype'. */
export const voucherTypeStream = (voucherTypeId: string): string => `vouchertype-${voucherTypeId}`;
