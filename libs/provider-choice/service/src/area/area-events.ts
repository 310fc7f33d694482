import type { ChoiceArea } from '@luotsi/provider-choice-domain';

/** The choice area is configuration the county manages; each change is an event on `area-county`. */
export const AREA_STREAM = 'area-county';
export type AreaEvent = { type: 'ChoiceAreaConfigured'; data: ChoiceArea & { configuredBy: string } };
