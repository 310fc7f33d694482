import { assertNever, DomainError, type Decider, type LocalDate } from '@luotsi/kernel';
import { checkId, invalid } from '../vocabulary';

export const routingStream = (routingId: string) => `catrouting-${routingId}`;

/**
 * A contact routed to a named service, counted for the county's planners. The routing id is the
 * router's own (contact intake's contactId): the same routing told twice is counted once. Nothing
 * about the person is kept, only the service, the channel, the municipality and the date.
 */
export type RoutingCommand = {
  type: 'RecordRouting';
  routingId: string;
  serviceId: string;
  channelId: string | null;
  municipality: string;
  routedOn: LocalDate;
  /** Looked up by the service first: whether the service is in the catalogue on routedOn, and the channel one of its channels. */
  serviceInForce: boolean;
  channelOfService: boolean;
  today: LocalDate;
};

export type RoutingEvent = {
  type: 'ServiceRouted';
  data: { routingId: string; serviceId: string; channelId: string | null; municipality: string; routedOn: LocalDate };
};

export interface RoutingState {
  recorded: RoutingEvent['data'] | null;
}

export const routingDecider: Decider<RoutingCommand, RoutingEvent, RoutingState> = {
  initialState: () => ({ recorded: null }),

  decide(command, state) {
    checkId('routingId', command.routingId);
    if (!/^\d{3}$/.test(command.municipality))
      throw invalid('INVALID_MUNICIPALITY', 'municipality is a three-digit code', { field: 'municipality' });
    if (command.routedOn > command.today)
      throw new DomainError(
        'FUTURE_DATE',
        `a routing cannot be counted before it happens (today is ${command.today})`,
        { today: command.today },
        'validation',
      );
    const data = {
      routingId: command.routingId,
      serviceId: command.serviceId,
      channelId: command.channelId,
      municipality: command.municipality,
      routedOn: command.routedOn,
    };
    if (state.recorded) {
      const same = (Object.keys(data) as Array<keyof typeof data>).every((k) => state.recorded![k] === data[k]);
      if (same) return [];
      throw new DomainError(
        'ROUTING_CONFLICT',
        `routing ${command.routingId} was counted for another service, channel or date`,
        { routingId: command.routingId },
        'conflict',
      );
    }
    if (!command.serviceInForce)
      throw new DomainError(
        'SERVICE_NOT_FOUND',
        `the catalogue has no service ${command.serviceId} on ${command.routedOn}`,
        { serviceId: command.serviceId },
        'not_found',
      );
    if (command.channelId !== null && !command.channelOfService)
      throw new DomainError(
        'CHANNEL_NOT_OF_SERVICE',
        `channel ${command.channelId} is not a channel of service ${command.serviceId}`,
        { channelId: command.channelId },
        'rule',
      );
    return [{ type: 'ServiceRouted', data }];
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'ServiceRouted':
        return { recorded: event.data };
      default:
        return assertNever(event as never);
    }
  },
};
