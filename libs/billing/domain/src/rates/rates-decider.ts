import { assertNever, DomainError, sameJson, YearMonth, type Decider, type LocalDate } from '@luotsi/kernel';
import { EARLIEST_BILLING_DATE, latestRatesValidFrom, parseDateBetween } from '../date-ranges';
import {
  validateCapitation,
  validateClientFees,
  validateServiceFees,
  type CapitationRates,
  type ClientFees,
  type ServiceFees,
} from './rate-tables';

export type RatesCommand =
  | { type: 'SetCapitationRates'; rates: CapitationRates; setBy: string; lockedThrough: YearMonth | null; today: LocalDate }
  | { type: 'SetServiceFees'; fees: ServiceFees; setBy: string; lockedThrough: YearMonth | null; today: LocalDate }
  | { type: 'SetClientFees'; fees: ClientFees; setBy: string; lockedThrough: YearMonth | null; today: LocalDate };

export type RatesEvent =
  | { type: 'CapitationRatesSet'; data: CapitationRates & { setBy: string } }
  | { type: 'ServiceFeesSet'; data: ServiceFees & { setBy: string } }
  | { type: 'ClientFeesSet'; data: ClientFees & { setBy: string } };

export interface RatesState {
  capitation: CapitationRates[];
  serviceFees: ServiceFees[];
  clientFees: ClientFees[];
}

const initialState = (): RatesState => ({ capitation: [], serviceFees: [], clientFees: [] });

/** Approved months never change, so a rate version may not start inside one. */
function requireUnlocked(validFrom: string, lockedThrough: YearMonth | null): void {
  if (lockedThrough && validFrom <= YearMonth.lastDay(lockedThrough)) {
    throw new DomainError(
      'RATES_LOCKED',
      `settlements are approved through ${lockedThrough}; a new version may start from ${YearMonth.firstDay(YearMonth.next(lockedThrough))}`,
      { lockedThrough, earliestValidFrom: YearMonth.firstDay(YearMonth.next(lockedThrough)) },
      'rule',
    );
  }
}

const same = (a: object | undefined, b: object) => !!a && sameJson(a, b);
const withValidFrom = <T extends { validFrom: string }>(list: T[], v: T) =>
  [...list.filter((x) => x.validFrom !== v.validFrom), v].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
const strip = <T extends { setBy: string }>({ setBy: _s, ...rest }: T) => rest;

/** A version valid from 0001-01-01 or 9999-12-01 is a typing error that would price every month or none. */
const requireSensibleValidFrom = (validFrom: LocalDate, today: LocalDate) =>
  parseDateBetween('validFrom', validFrom, EARLIEST_BILLING_DATE, latestRatesValidFrom(today));

function decide(command: RatesCommand, state: RatesState): RatesEvent[] {
  switch (command.type) {
    case 'SetCapitationRates':
      validateCapitation(command.rates);
      requireSensibleValidFrom(command.rates.validFrom, command.today);
      if (
        same(
          state.capitation.find((v) => v.validFrom === command.rates.validFrom),
          command.rates,
        )
      )
        return [];
      requireUnlocked(command.rates.validFrom, command.lockedThrough);
      return [{ type: 'CapitationRatesSet', data: { ...command.rates, setBy: command.setBy } }];
    case 'SetServiceFees':
      validateServiceFees(command.fees);
      requireSensibleValidFrom(command.fees.validFrom, command.today);
      if (
        same(
          state.serviceFees.find((v) => v.validFrom === command.fees.validFrom),
          command.fees,
        )
      )
        return [];
      requireUnlocked(command.fees.validFrom, command.lockedThrough);
      return [{ type: 'ServiceFeesSet', data: { ...command.fees, setBy: command.setBy } }];
    case 'SetClientFees':
      validateClientFees(command.fees);
      requireSensibleValidFrom(command.fees.validFrom, command.today);
      if (
        same(
          state.clientFees.find((v) => v.validFrom === command.fees.validFrom),
          command.fees,
        )
      )
        return [];
      requireUnlocked(command.fees.validFrom, command.lockedThrough);
      return [{ type: 'ClientFeesSet', data: { ...command.fees, setBy: command.setBy } }];
    default:
      return assertNever(command);
  }
}

function evolve(state: RatesState, event: RatesEvent): RatesState {
  switch (event.type) {
    case 'CapitationRatesSet':
      return { ...state, capitation: withValidFrom(state.capitation, strip(event.data) as CapitationRates) };
    case 'ServiceFeesSet':
      return { ...state, serviceFees: withValidFrom(state.serviceFees, strip(event.data) as ServiceFees) };
    case 'ClientFeesSet':
      return { ...state, clientFees: withValidFrom(state.clientFees, strip(event.data) as ClientFees) };
    default:
      return assertNever(event);
  }
}

export const ratesDecider: Decider<RatesCommand, RatesEvent, RatesState> = { decide, evolve, initialState };
export const RATES_STREAM = 'rates-county';
