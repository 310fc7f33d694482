import type { CapitationRates, ServiceFees } from '@luotsi/billing-domain';

/**
 * The capitation and per-service fees the billing benches settle with (the seeds' order of
 * magnitude, in cents), valid from `validFrom`: one set, so the sections' settlements compare.
 */
export function benchRates(validFrom: string): { capitation: CapitationRates; fees: ServiceFees } {
  return {
    capitation: {
      validFrom: validFrom as never,
      annualCentsByAgeBand: { '0-6': 60_000, '7-17': 36_000, '18-64': 30_000, '65-74': 48_000, '75-84': 72_000, '85+': 96_000 },
      sexFactors: null,
      needCoefficients: {},
    },
    fees: {
      validFrom: validFrom as never,
      centsByServiceType: {
        'doctor-visit': 4_500,
        'nurse-visit': 2_500,
        'physiotherapy-session': 3_500,
        'mental-health-substance-visit': 4_000,
        'social-guidance-meeting': 3_000,
      },
    },
  };
}
