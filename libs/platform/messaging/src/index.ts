export * from './publisher';
export * from './kafka/kafka-client';
export { KafkaPublisher } from './kafka/kafka-publisher';
export { InProcessBus, type BusHandler } from './in-process/in-process-bus';
export { InProcessTransport, InProcessContext } from './in-process/in-process-transport';
export * from './relay/checkpoint-store';
export { Relay, type RelayOptions, type RelayLogger } from './relay/relay';
export { PROCESSED_EVENTS_MIGRATIONS } from './consumer/processed-events';
export { ReliableConsumer, type ConsumeOutcome, type ReliableConsumerOptions } from './consumer/reliable-consumer';
