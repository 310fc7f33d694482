import { DomainError, LocalDate, type Cents } from '@luotsi/kernel';
import { FEE_CAP_BY_YEAR, type CapitationRates, type ClientFees, type ServiceFees } from './rate-tables';

/*
 * EXAMPLE VALUES — NOT ANY COUNTY'S REAL PRICES. The capitation and fee amounts the Tampere pilot paid
 * were not published in a usable form (DOMAIN.md), so rate tables are configuration; these examples
 * exist for demos, fixtures and first-run setups and must be replaced by the county's own tables.
 * Only the annual client-fee cap is real: it comes from FEE_CAP_BY_YEAR (client-fees act 734/1992).
 */

/** The statutory cap of a calendar year, or a refusal for a year the table does not know. */
export function feeCapOf(year: number): Cents {
  const cap = FEE_CAP_BY_YEAR[year];
  if (cap === undefined)
    throw new DomainError(
      'NO_FEE_CAP',
      `no statutory client-fee cap is recorded for ${year}`,
      { year, knownYears: Object.keys(FEE_CAP_BY_YEAR).map(Number) },
      'rule',
    );
  return cap;
}

/** EXAMPLE annual capitation per age band: young children and the oldest weigh most. */
export const exampleCapitationRates = (validFrom: LocalDate): CapitationRates => ({
  validFrom,
  annualCentsByAgeBand: { '0-6': 60_000, '7-17': 36_000, '18-64': 30_000, '65-74': 48_000, '75-84': 72_000, '85+': 96_000 },
  sexFactors: null,
  needCoefficients: {},
});

/** EXAMPLE per-service (performance-based) fees paid to the provider. */
export const exampleServiceFees = (validFrom: LocalDate): ServiceFees => ({
  validFrom,
  centsByServiceType: {
    'doctor-visit': 4_500,
    'nurse-visit': 2_500,
    'physiotherapy-session': 3_500,
    'mental-health-substance-visit': 4_000,
    'social-guidance-meeting': 3_000,
  },
});

/**
 * EXAMPLE client fees (what the county charges the client) with the REAL statutory cap of
 * validFrom's year. Social guidance is free and, like most social-welfare fees, does not count.
 */
export const exampleClientFees = (validFrom: LocalDate): ClientFees => ({
  validFrom,
  centsByServiceType: {
    'doctor-visit': 2_390,
    'nurse-visit': 1_450,
    'physiotherapy-session': 1_640,
    'mental-health-substance-visit': 0,
    'social-guidance-meeting': 0,
  },
  countsTowardCap: {
    'doctor-visit': true,
    'nurse-visit': true,
    'physiotherapy-session': true,
    'mental-health-substance-visit': true,
    'social-guidance-meeting': false,
  },
  annualCapCents: feeCapOf(LocalDate.parts(LocalDate.parse(validFrom)).year),
});
