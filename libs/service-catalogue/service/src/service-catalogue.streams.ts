import type { StreamDeclaration } from '@luotsi/eventstore';
import {
  channelDecider,
  channelStream,
  routingDecider,
  routingStream,
  serviceDecider,
  serviceStream,
  type ChannelCommand,
  type ChannelEvent,
  type ChannelState,
  type RoutingCommand,
  type RoutingEvent,
  type RoutingState,
  type ServiceCommand,
  type ServiceEvent,
  type ServiceState,
} from '@luotsi/service-catalogue-domain';

/** One stream per service: every version and the withdrawal. */
export const servicesStream: StreamDeclaration<ServiceCommand, ServiceEvent, ServiceState> = {
  category: 'catservice',
  decider: serviceDecider,
  streamId: (c) => serviceStream(c.serviceId),
};

/** One stream per channel: each service point, phone line, e-service and chat. */
export const channelsStream: StreamDeclaration<ChannelCommand, ChannelEvent, ChannelState> = {
  category: 'catchannel',
  decider: channelDecider,
  streamId: (c) => channelStream(c.channelId),
};

/** One stream per routing (the router's id), so a routing told twice is counted once. */
export const routingsStream: StreamDeclaration<RoutingCommand, RoutingEvent, RoutingState> = {
  category: 'catrouting',
  decider: routingDecider,
  streamId: (c) => routingStream(c.routingId),
};

export const SERVICE_CATALOGUE_STREAMS = [servicesStream, channelsStream, routingsStream];
