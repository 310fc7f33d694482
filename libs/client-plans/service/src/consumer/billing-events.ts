import { DomainError, LocalDate, PersonRef, hasIdentityCodeShape } from '@luotsi/kernel';
import type { VoucherProgress } from '@luotsi/client-plans-domain';

/**
 * Billing's public events that client plans reads, in client plans' own types (a tolerant reader):
 * only the fields a plan shows are checked and taken. Client plans imports no code of billing.
 */
export const BILLING_EVENT_TYPES = {
  voucherGranted: 'fi.luotsi.billing.voucher-granted.v1',
  voucherProducerChosen: 'fi.luotsi.billing.voucher-producer-chosen.v1',
  voucherRefused: 'fi.luotsi.billing.voucher-refused.v1',
  voucherUsedUp: 'fi.luotsi.billing.voucher-used-up.v1',
} as const;

/** A voucher's later facts: which one, and the field of its date in billing's event. */
const PROGRESS_EVENTS: Readonly<Record<string, { progress: VoucherProgress; dateField: string }>> = {
  [BILLING_EVENT_TYPES.voucherProducerChosen]: { progress: 'producer-chosen', dateField: 'chosenOn' },
  [BILLING_EVENT_TYPES.voucherRefused]: { progress: 'refused', dateField: 'refusedOn' },
  [BILLING_EVENT_TYPES.voucherUsedUp]: { progress: 'used-up', dateField: 'on' },
};

/** voucher-producer-chosen, -refused and -used-up v1, as far as a plan needs them. */
export interface VoucherProgressV1 {
  voucherId: string;
  personRef: string;
  progress: VoucherProgress;
  on: LocalDate;
}

/** voucher-granted v1, as far as a plan needs it. */
export interface VoucherGrantedV1 {
  voucherId: string;
  personRef: string;
  service: string;
  validFrom: LocalDate;
  validUntil: LocalDate;
  grantedBy: string;
}

type Data = Record<string, unknown>;

function invalid(type: string, field: string): never {
  throw new DomainError('INVALID_PUBLIC_EVENT', `${type}: ${field} is missing or malformed`, { type, field }, 'validation');
}
const id = (type: string, d: Data, field: string): string => {
  const v = d[field];
  return typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9:._-]{0,99}$/.test(v) && !hasIdentityCodeShape(v) ? v : invalid(type, field);
};
const text = (type: string, d: Data, field: string): string => {
  const v = d[field];
  return typeof v === 'string' && v.trim().length > 0 && v.length <= 200 && !hasIdentityCodeShape(v) ? v : invalid(type, field);
};
const date = (type: string, d: Data, field: string): LocalDate =>
  typeof d[field] === 'string' && LocalDate.isValid(d[field] as string) ? LocalDate.parse(d[field] as string) : invalid(type, field);

const dataOf = (event: { data: unknown }): Data => (event.data && typeof event.data === 'object' ? event.data : {}) as Data;
const personRefOf = (type: string, d: Data): string =>
  typeof d['personRef'] === 'string' && PersonRef.isValid(d['personRef']) ? d['personRef'] : invalid(type, 'personRef');

/** A CloudEvent of billing → the voucher it grants, or null for the events plans have no use for. */
export function readVoucherGranted(event: { type: string; data: unknown }): VoucherGrantedV1 | null {
  if (event.type !== BILLING_EVENT_TYPES.voucherGranted) return null;
  const d = dataOf(event);
  const personRef = personRefOf(event.type, d);
  const validFrom = date(event.type, d, 'validFrom');
  const validUntil = date(event.type, d, 'validUntil');
  if (validUntil < validFrom) invalid(event.type, 'validUntil');
  return {
    voucherId: id(event.type, d, 'voucherId'),
    personRef,
    service: id(event.type, d, 'service'),
    validFrom,
    validUntil,
    grantedBy: text(event.type, d, 'grantedBy'),
  };
}

/** A CloudEvent of billing → what became of a voucher after its grant, or null for the other events. */
export function readVoucherProgress(event: { type: string; data: unknown }): VoucherProgressV1 | null {
  const kind = PROGRESS_EVENTS[event.type];
  if (!kind) return null;
  const d = dataOf(event);
  return {
    voucherId: id(event.type, d, 'voucherId'),
    personRef: personRefOf(event.type, d),
    progress: kind.progress,
    on: date(event.type, d, kind.dateField),
  };
}
