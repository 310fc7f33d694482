import type { AreaEvent } from '@luotsi/provider-choice-domain';

/** The schema version each stored event type is written at today (1 unless it changed shape). */
const CURRENT_VERSIONS: Readonly<Record<string, number>> = { ChoiceAreaConfigured: 2 };
export const storedSchemaVersion = (type: string): number => CURRENT_VERSIONS[type] ?? 1;

/** The stored shape that the fields of a stored event need for upcasting. */
export interface StoredShape {
  type: string;
  schemaVersion: number;
  data: unknown;
}

type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * Version 1 of ChoiceAreaConfigured spread the area into the data: the postal codes were the keys
 * of an object (`{ "33710": { defaultStationId } }`). Version 2 lists them.
 */
const choiceAreaV1toV2: Upcaster = (data) => {
  const { postalCodes, switchPeriodMonths, configuredBy } = data as { postalCodes: Record<string, { defaultStationId: string }>; switchPeriodMonths: number; configuredBy: string };
  const v2: AreaEvent['data'] = {
    postalCodes: Object.entries(postalCodes ?? {}).map(([postalCode, v]) => ({ postalCode, defaultStationId: v.defaultStationId })),
    switchPeriodMonths,
    configuredBy,
  };
  return v2;
};

/** Per event type, the step from each older version to the next. */
const UPCASTERS: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = {
  ChoiceAreaConfigured: { 1: choiceAreaV1toV2 },
};

/** A stored event in the shape its type has today, whatever version it was written at. */
export function upcastStored(event: StoredShape): { type: string; data: unknown } {
  let data = event.data as Record<string, unknown>;
  const steps = UPCASTERS[event.type];
  for (let version = event.schemaVersion || 1; steps && version < storedSchemaVersion(event.type); version++) {
    const step = steps[version];
    if (!step) throw new Error(`no upcaster for ${event.type} from version ${version}`);
    data = step(data);
  }
  return { type: event.type, data };
}
