import type { AreaEvent } from '@luotsi/provider-choice-domain';

/** The schema version each stored event type is written at today (1 unless it changed shape). */
export const PROVIDER_CHOICE_SCHEMA_VERSIONS: Readonly<Record<string, number>> = { ChoiceAreaConfigured: 2 };

/**
 * Version 1 of ChoiceAreaConfigured spread the area into the data: the postal codes were the keys
 * of an object (`{ "33710": { defaultStationId } }`). Version 2 lists them. Shaped as the event
 * store's `Upcaster` (which this library may not import), and declared by the service's context.
 */
export const choiceAreaV1toV2 = {
  type: 'ChoiceAreaConfigured',
  fromVersion: 1,
  upcast(data: unknown): AreaEvent['data'] {
    const { postalCodes, switchPeriodMonths, configuredBy } = data as {
      postalCodes: Record<string, { defaultStationId: string }>;
      switchPeriodMonths: number;
      configuredBy: string;
    };
    return {
      postalCodes: Object.entries(postalCodes ?? {}).map(([postalCode, v]) => ({ postalCode, defaultStationId: v.defaultStationId })),
      switchPeriodMonths,
      configuredBy,
    };
  },
};

export const PROVIDER_CHOICE_UPCASTERS = [choiceAreaV1toV2] as const;
