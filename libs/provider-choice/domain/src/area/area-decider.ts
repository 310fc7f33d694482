import { assertNever, DomainError, type Decider } from '@luotsi/kernel';
import { refuseIdentityCodes } from '../no-identity-codes';
import { EMPTY_AREA, validateArea, type ChoiceArea } from './choice-area';

/** The choice area is configuration the county manages; each change is an event on `area-county`. */
export const AREA_STREAM = 'area-county';

/**
 * Stored as schema version 2: the postal codes as a list. Version 1 spread the area's postal codes
 * as the keys of an object, so a key was data that no fixed schema could check. The upcaster in the
 * contracts library reads version 1 in this shape.
 */
export type AreaEvent = {
  type: 'ChoiceAreaConfigured';
  data: { postalCodes: Array<{ postalCode: string; defaultStationId: string }>; switchPeriodMonths: number; configuredBy: string };
};

export type AreaCommand = {
  type: 'ConfigureArea';
  area: ChoiceArea;
  /** Which of the area's default station ids the handler found registered. */
  registeredStationIds: readonly string[];
  configuredBy: string;
};

export interface AreaState {
  area: ChoiceArea;
  configured: boolean;
}

const sameArea = (a: ChoiceArea, b: ChoiceArea): boolean =>
  a.switchPeriodMonths === b.switchPeriodMonths &&
  Object.keys(a.postalCodes).length === Object.keys(b.postalCodes).length &&
  Object.entries(a.postalCodes).every(([p, v]) => b.postalCodes[p]?.defaultStationId === v.defaultStationId);

function decide(command: AreaCommand, state: AreaState): AreaEvent[] {
  switch (command.type) {
    case 'ConfigureArea': {
      const entries = Object.entries(command.area.postalCodes);
      refuseIdentityCodes({
        configuredBy: command.configuredBy,
        ...Object.fromEntries(entries.map(([p, v]) => [`postalCodes.${p}.defaultStationId`, v.defaultStationId])),
      });
      validateArea(command.area);
      const unknown = entries
        .filter(([, v]) => !command.registeredStationIds.includes(v.defaultStationId))
        .map(([p, v]) => `${p}: ${v.defaultStationId}`);
      if (unknown.length > 0)
        throw new DomainError('STATION_NOT_FOUND', 'default stations must be registered stations', { unknown }, 'validation');
      if (state.configured && sameArea(state.area, command.area)) return [];
      return [
        {
          type: 'ChoiceAreaConfigured',
          data: {
            postalCodes: entries.map(([postalCode, v]) => ({ postalCode, defaultStationId: v.defaultStationId })),
            switchPeriodMonths: command.area.switchPeriodMonths,
            configuredBy: command.configuredBy,
          },
        },
      ];
    }
    default:
      return assertNever(command.type);
  }
}

function evolve(_state: AreaState, event: AreaEvent): AreaState {
  switch (event.type) {
    case 'ChoiceAreaConfigured':
      return {
        configured: true,
        area: {
          postalCodes: Object.fromEntries(event.data.postalCodes.map((p) => [p.postalCode, { defaultStationId: p.defaultStationId }])),
          switchPeriodMonths: event.data.switchPeriodMonths,
        },
      };
    default:
      return assertNever(event.type);
  }
}

export const areaDecider: Decider<AreaCommand, AreaEvent, AreaState> = {
  decide,
  evolve,
  initialState: () => ({ area: EMPTY_AREA, configured: false }),
};
