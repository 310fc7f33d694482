import { DomainError, LocalDate } from '@luotsi/kernel';

/** One change from the population register, as a county receives it (NDJSON or CSV). */
export type PopulationRow =
  | { type: 'resident-registered'; identityCode: string; postalCode: string; municipalityCode: string; date: LocalDate }
  | { type: 'moved'; identityCode: string; postalCode: string; municipalityCode: string; date: LocalDate }
  | { type: 'died'; identityCode: string; date: LocalDate }
  /**
   * A guardian of a minor (`identityCode` the child's), from and to (the last day; absent while it
   * lasts); `feesJoin` says whether the child's client fees join this guardian's total, absent to
   * leave it to the configured default. Both codes stay in identity: only personRefs are recorded.
   */
  | {
      type: 'guardianship';
      identityCode: string;
      guardianIdentityCode: string;
      date: LocalDate;
      to: LocalDate | null;
      feesJoin: boolean | null;
    };

const TYPES = ['resident-registered', 'moved', 'died', 'guardianship'];
/** Columns in CSV order; a guardianship's start is `date` (or `from`), its columns come last so older files read as before. */
export const CSV_HEADER = ['type', 'identityCode', 'postalCode', 'municipalityCode', 'date', 'guardianIdentityCode', 'to', 'feesJoin'];

function invalid(message: string): DomainError {
  return new DomainError('INVALID_ROW', message, {}, 'validation');
}

/** The fields a row may have: CSV_HEADER and the per-type names of its date. */
const FIELDS = new Set([...CSV_HEADER, 'residentFrom', 'movedOn', 'diedOn', 'from']);

/**
 * Validates one parsed record; messages never repeat the identity code. A field the register
 * does not send is the line's error (a misspelt field would otherwise be dropped and the line
 * applied without it); a change dated after `today` has not happened and is the line's error too.
 */
export function toPopulationRow(raw: Record<string, unknown>, today: LocalDate): PopulationRow {
  // Own keys, `__proto__` and `constructor` included; the names are not echoed (they may hold anything).
  const unknown = Object.keys(raw).filter((k) => !FIELDS.has(k));
  if (unknown.length > 0)
    throw new DomainError(
      'UNKNOWN_FIELD',
      `unknown field${unknown.length > 1 ? 's' : ''} on the line (${unknown.length}); the fields are ${[...FIELDS].join(', ')}`,
      {},
      'validation',
    );
  const type = String(raw['type'] ?? '');
  if (!TYPES.includes(type)) throw invalid(`type must be one of ${TYPES.join(', ')}`);
  const identityCode = String(raw['identityCode'] ?? '').trim();
  if (!identityCode) throw invalid('identityCode is required');
  const dateValue = String(raw['date'] ?? raw['residentFrom'] ?? raw['movedOn'] ?? raw['diedOn'] ?? raw['from'] ?? '');
  const date = LocalDate.parse(dateValue);
  if (date > today)
    throw new DomainError(
      'FUTURE_DATE',
      `the change is dated ${date}, after today ${today}: send it when it has happened`,
      { date, today },
      'validation',
    );
  if (type === 'died') return { type, identityCode, date };
  if (type === 'guardianship') return guardianshipRow(raw, identityCode, date);
  const postalCode = String(raw['postalCode'] ?? '');
  const municipalityCode = String(raw['municipalityCode'] ?? '');
  if (!/^\d{5}$/.test(postalCode)) throw invalid('postalCode must be five digits');
  if (!/^\d{3}$/.test(municipalityCode)) throw invalid('municipalityCode must be three digits');
  return { type: type as 'resident-registered' | 'moved', identityCode, postalCode, municipalityCode, date };
}

/** A guardianship row's own fields; CSV gives every cell as text, so '' is absent and feesJoin is 'true' or 'false'. */
function guardianshipRow(raw: Record<string, unknown>, identityCode: string, date: LocalDate): PopulationRow {
  const guardianIdentityCode = String(raw['guardianIdentityCode'] ?? '').trim();
  if (!guardianIdentityCode) throw invalid('guardianIdentityCode is required on a guardianship row');
  const toValue = raw['to'];
  const to = toValue === undefined || toValue === null || toValue === '' ? null : LocalDate.parse(String(toValue));
  if (to !== null && to < date) throw new DomainError('INVALID_PERIOD', 'to is before the start date', { from: date, to }, 'validation');
  const fees = raw['feesJoin'];
  const feesJoin =
    fees === undefined || fees === null || fees === ''
      ? null
      : fees === true || fees === 'true'
        ? true
        : fees === false || fees === 'false'
          ? false
          : undefined;
  if (feesJoin === undefined) throw invalid('feesJoin must be true or false');
  return { type: 'guardianship', identityCode, guardianIdentityCode, date, to, feesJoin };
}

/** Parses one line: JSON for NDJSON, comma-separated in CSV_HEADER order for CSV. */
export function parseLine(line: string, format: 'ndjson' | 'csv'): Record<string, unknown> {
  if (format === 'ndjson') {
    try {
      const value = JSON.parse(line);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error();
      return value as Record<string, unknown>;
    } catch {
      throw invalid('not a JSON object');
    }
  }
  const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  return Object.fromEntries(CSV_HEADER.map((h, i) => [h, cells[i] ?? '']));
}
