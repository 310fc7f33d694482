/** Services a provider reports, each with its own per-service fee and client fee. */
export const SERVICE_TYPES = ['doctor-visit', 'nurse-visit', 'physiotherapy-session', 'mental-health-substance-visit', 'social-guidance-meeting'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Capitation age bands (completed years on the month's first day). */
export const AGE_BANDS = ['0-6', '7-17', '18-64', '65-74', '75-84', '85+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

const LOWER_BOUNDS: Array<[AgeBand, number]> = [['85+', 85], ['75-84', 75], ['65-74', 65], ['18-64', 18], ['7-17', 7], ['0-6', 0]];

export function ageBandOf(age: number): AgeBand {
  return LOWER_BOUNDS.find(([, lower]) => age >= lower)?.[0] ?? '0-6';
}
