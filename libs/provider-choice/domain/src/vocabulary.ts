/** The pilot's four services (Tampere freedom-of-choice pilot). */
export const SERVICE_LINES = ['primary-care-reception', 'mental-health-and-substance-work', 'physiotherapy', 'social-guidance'] as const;
export type ServiceLine = (typeof SERVICE_LINES)[number];

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** How a switch reached us: the choice portal, or a guidance worker by phone or in person. */
export const CHANNELS = ['portal', 'phone', 'in-person'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The reasons offered on the pilot's switching form; `other` carries free text. */
export const SWITCH_REASONS = [
  'good-location',
  'good-public-transport',
  'good-parking',
  'doctor-appointment-availability',
  'nurse-appointment-availability',
  'opening-hours',
  'quality-of-care',
  'special-expertise',
  'long-term-care-relationship',
  'pleasant-premises',
  'accessibility',
  'occupational-health-same-place',
  'other',
] as const;
export type SwitchReason = (typeof SWITCH_REASONS)[number];

/** The resident's previous main use of health services (the pilot's follow-up, n = 1607). */
export const PREVIOUS_MAIN_USES = ['health-centre', 'occupational-health', 'private-clinic'] as const;
export type PreviousMainUse = (typeof PREVIOUS_MAIN_USES)[number];

/** Why a listing began: nobody chose (default), the resident chose, their provider ended, they moved. */
export const LISTING_REASONS = ['default', 'choice', 'provider-terminated', 'moved'] as const;
export type ListingReason = (typeof LISTING_REASONS)[number];

export const LISTING_END_REASONS = ['switched', 'moved-out', 'moved', 'died', 'provider-terminated', 'erased'] as const;
export type ListingEndReason = (typeof LISTING_END_REASONS)[number];

export const PROVIDER_KINDS = ['public', 'private'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
