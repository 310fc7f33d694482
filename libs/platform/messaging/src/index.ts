export * from './publisher';
export * from './kafka/kafka-client';
export { KafkaPublisher } from './kafka/kafka-publisher';
export { PrefixedKafkaServer } from './kafka/kafka-transport';
export { InProcessBus, type BusHandler } from './in-process/in-process-bus';
export { InProcessTransport, InProcessContext } from './in-process/in-process-transport';
export * from './relay/checkpoint-store';
export { Relay, type RelayOptions, type RelayLogger } from './relay/relay';
export { AdvisoryLockLeadership, soleLeader, type Leadership, type LeaderHandle } from './relay/leadership';
export { PROCESSED_EVENTS_MIGRATIONS } from './consumer/processed-events';
export { ReliableConsumer, type ConsumeOutcome, type ReliableConsumerOptions } from './consumer/reliable-consumer';
export { SubscriptionCheckpoints, SUBSCRIPTION_CHECKPOINT_MIGRATIONS } from './engine/subscription-checkpoints';
export { SubscriptionEngine, Subscription, type EngineOptions, type SubscriptionStatus } from './engine/subscription-engine';
export {
  GatewayHandler,
  ProjectionHandler,
  ReactorHandler,
  CheckpointMoved,
  envelopeCausedBy,
  runCommands,
  type GatewayOptions,
  type ProjectionDeclaration,
  type ReactorDeclaration,
  type CommandRequest,
  type SubscriptionHandler,
  type BatchContext,
  type EngineLogger,
} from './engine/handlers';
export {
  InboundConsumer,
  type InboundDeclaration,
  type MessageInboundDeclaration,
  type BatchInboundDeclaration,
  type BatchOutcome,
  type BatchConsumeOutcome,
  type InboundOptions,
} from './engine/inbound-consumer';
export {
  MessageBatch,
  BATCH_HANDLER_EXTRAS,
  isBatchHandler,
  recordMessageFailure,
  runBatchHandler,
  runMessageHandler,
} from './consumer/message-batch';
export { MAX_HANDLER_BATCH } from './kafka/kafka-transport';
export { subscriptionLag, deadLetters } from './engine/metrics';
