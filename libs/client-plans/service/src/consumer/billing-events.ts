import { DomainError, LocalDate, PersonRef, hasIdentityCodeShape } from '@luotsi/kernel';

/**
 * Billing's public events that client plans reads, in client plans' own types (a tolerant reader):
 * only the fields a plan shows are checked and taken. Client plans imports no code of billing.
 */
export const BILLING_EVENT_TYPES = { voucherGranted: 'fi.luotsi.billing.voucher-granted.v1' } as const;

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

/** A CloudEvent of billing → the voucher it grants, or null for the events plans have no use for. */
export function readVoucherGranted(event: { type: string; data: unknown }): VoucherGrantedV1 | null {
  if (event.type !== BILLING_EVENT_TYPES.voucherGranted) return null;
  const d = (event.data && typeof event.data === 'object' ? event.data : {}) as Data;
  const personRef =
    typeof d['personRef'] === 'string' && PersonRef.isValid(d['personRef']) ? d['personRef'] : invalid(event.type, 'personRef');
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
