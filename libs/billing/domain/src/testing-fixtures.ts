import { LocalDate, YearMonth } from '@luotsi/kernel';
import type { CapitationRates, ClientFees, ServiceFees } from './rates/rate-tables';

/**
 * A test date. Calendar-checked but not range-checked, so that specs can hand a decider the absurd
 * dates (0001-01-01) its own range rules must refuse; LocalDate.parse refuses them earlier.
 */
export const d = (s: string): LocalDate => {
  if (!LocalDate.isValid(s)) return LocalDate.parse(s);
  return s as LocalDate;
};
export const m = YearMonth.parse;

/** Example rates (not Tampere's: those were not published). */
export const capitation = (validFrom = '2026-01-01', overrides: Partial<CapitationRates> = {}): CapitationRates => ({
  validFrom: d(validFrom),
  annualCentsByAgeBand: { '0-6': 60_000, '7-17': 36_000, '18-64': 30_000, '65-74': 48_000, '75-84': 72_000, '85+': 96_000 },
  sexFactors: null,
  needCoefficients: {},
  ...overrides,
});

export const serviceFees = (validFrom = '2026-01-01', doctor = 4_500): ServiceFees => ({
  validFrom: d(validFrom),
  centsByServiceType: {
    'doctor-visit': doctor,
    'nurse-visit': 2_500,
    'physiotherapy-session': 3_500,
    'mental-health-substance-visit': 4_000,
    'social-guidance-meeting': 3_000,
  },
});

export const clientFees = (validFrom = '2026-01-01', cap = 81_500): ClientFees => ({
  validFrom: d(validFrom),
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
  annualCapCents: cap,
});
