/** The channels a contact arrives by. `web-form` is the public "ask for help" form (no sign-in). */
export const CHANNELS = ['phone', 'chat', 'email', 'web-form', 'walk-in', 'referral'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Channels where the caller waits on the line: answer times, service level and abandonment are
 * about these only (an e-mail or a form is not "abandoned" by hanging up).
 */
export const LIVE_CHANNELS: readonly Channel[] = ['phone', 'chat'];

/** Who contacts: the person themself, a relative or close one, or an authority. */
export const CONTACTED_BY = ['person', 'relative', 'authority'] as const;
export type ContactedBy = (typeof CONTACTED_BY)[number];

/** The authority a referral comes from. */
export const REFERRERS = ['kela', 'police', 'hospital-district', 'municipality-guidance', 'other-authority'] as const;
export type Referrer = (typeof REFERRERS)[number];

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The seeds' client segments on two axes: coping in everyday life × health and wellbeing risk. */
export const SEGMENTS = ['self-reliant', 'supported', 'cared-for', 'collaborative'] as const;
export type Segment = (typeof SEGMENTS)[number];
export type Coping = 'easy' | 'hard';
export type Risk = 'low' | 'high';

/**
 * The segment of a pair of axis values: easy/low → self-reliant; hard/low → supported (needs help to
 * manage, little service need); easy/high → collaborative (large need, manages with the
 * professionals); hard/high → cared-for (large need, cannot manage alone).
 */
export function segmentOf(coping: Coping, risk: Risk): Segment {
  if (coping === 'easy') return risk === 'low' ? 'self-reliant' : 'collaborative';
  return risk === 'low' ? 'supported' : 'cared-for';
}

/** Where a routed contact goes; each asks client plans for a plan. */
export const ROUTES = ['service-need-assessment', 'named-professional', 'named-service'] as const;
export type Route = (typeof ROUTES)[number];

/** A recommendation may also be to resolve the contact with advice. */
export type RecommendedRoute = Route | 'advice';

/** Why a receiving guidance rejects a transfer: a code, never free text (the public event carries it). */
export const TRANSFER_REJECTIONS = ['not-our-municipality', 'no-capacity', 'wrong-service', 'other'] as const;
export type TransferRejection = (typeof TRANSFER_REJECTIONS)[number];

/** Codes the county chooses (advice categories, contact reasons, queue ids): short, lower-case, dashed. */
export const CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,59}$/;
export const isCode = (s: unknown): s is string => typeof s === 'string' && CODE_PATTERN.test(s);

/** Finnish municipality codes are three digits. */
export const isMunicipalityCode = (s: unknown): s is string => typeof s === 'string' && /^\d{3}$/.test(s);
