import type { CloudEvent } from '@luotsi/contracts';

export interface OutboundMessage {
  topic: string;
  /** The stream id: Kafka keeps one aggregate's events in order on one partition. */
  key: string;
  value: CloudEvent;
  headers: Record<string, string>;
}

/** Where the relay and the dead-letter policy send messages: Kafka, or the in-process bus. */
export interface MessagePublisher {
  /** Resolves only when every message is acknowledged (by all in-sync replicas on Kafka). */
  publish(messages: readonly OutboundMessage[]): Promise<void>;
  close(): Promise<void>;
}
