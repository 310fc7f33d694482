import { DomainError } from '@luotsi/kernel';

/**
 * The county's configuration of the choice area: which postal codes are eligible, the default
 * (address-based) station of each, and the switching period. The seed pilot: 33710 and 33530.
 */
export interface ChoiceArea {
  postalCodes: Record<string, { defaultStationId: string }>;
  /** Months between chosen listings' effective dates; three in the Tampere pilot. */
  switchPeriodMonths: number;
}

export const EMPTY_AREA: ChoiceArea = { postalCodes: {}, switchPeriodMonths: 3 };

export const isEligiblePostalCode = (area: ChoiceArea, postalCode: string): boolean => postalCode in area.postalCodes;

export const defaultStationOf = (area: ChoiceArea, postalCode: string): string | undefined =>
  area.postalCodes[postalCode]?.defaultStationId;

export function validateArea(area: ChoiceArea): ChoiceArea {
  const bad = Object.keys(area.postalCodes).filter((p) => !/^\d{5}$/.test(p));
  if (bad.length > 0) throw new DomainError('INVALID_POSTAL_CODE', 'postal codes are five digits', { postalCodes: bad }, 'validation');
  if (!Number.isInteger(area.switchPeriodMonths) || area.switchPeriodMonths < 1 || area.switchPeriodMonths > 24) {
    throw new DomainError(
      'INVALID_SWITCH_PERIOD',
      'the switching period is 1–24 whole months',
      { switchPeriodMonths: area.switchPeriodMonths },
      'validation',
    );
  }
  return area;
}
