import { isObservable, lastValueFrom } from 'rxjs';
import type { MessageHandler } from '@nestjs/microservices';

/** The extras of an `@EventPattern` whose handler takes a `MessageBatch` rather than one message. */
export const BATCH_HANDLER_EXTRAS = { luotsiBatch: true } as const;

/**
 * Whether a transport should hand a topic's handler its messages in batches: only if every handler
 * Nest chained on the topic (two declarations consuming one topic in one process) is a batch
 * handler, since Nest hands them all the same payload. A mixed topic is consumed message by
 * message; a generated batch handler takes single messages too.
 */
export function isBatchHandler(handler: MessageHandler | null | undefined): boolean {
  if (!handler) return false;
  for (let h: MessageHandler | undefined = handler; h; h = h.next as MessageHandler | undefined) {
    if (h.extras?.['luotsiBatch'] !== true) return false;
  }
  return true;
}

/**
 * The payload a transport hands a batch handler: the deserialised values of consecutive messages
 * of one topic (one partition on Kafka), in order. A class, so a handler cannot mistake a single
 * message whose value happens to be a JSON array for a batch.
 */
export class MessageBatch {
  /**
   * What the handler threw, kept here because Nest's exception filter turns an event handler's
   * error into a generic one: the transport rethrows the original (and the broker retries the batch).
   */
  failure: unknown = undefined;

  constructor(readonly values: readonly unknown[]) {}
}

/**
 * Calls a batch handler through Nest (so its guards, pipes and interceptors apply) and waits for
 * it; a failure is thrown rather than logged and dropped, so the transport does not move past a
 * batch that did not become durable.
 */
export async function runBatchHandler(handler: MessageHandler, batch: MessageBatch, context: unknown): Promise<void> {
  try {
    const result = await handler(batch, context);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  } catch (error) {
    throw batch.failure ?? error;
  }
  if (batch.failure !== undefined) throw batch.failure;
}

/**
 * What a per-message handler threw, by the message it was handed: Nest's exception handler turns
 * an event handler's error into a generic `{ status: 'error' }`, and a single message has no
 * MessageBatch to carry the original, so the handler records it here for runMessageHandler.
 */
const messageFailures = new WeakMap<object, unknown>();

/** A message a failure can be kept by (a WeakMap key): a decoded CloudEvent is; a bare string is not. */
const isObject = (message: unknown): message is object => typeof message === 'object' && message !== null;

export function recordMessageFailure(message: unknown, error: unknown): void {
  if (isObject(message)) messageFailures.set(message, error);
}

/**
 * Calls a per-message handler through Nest and waits until it is done, as runBatchHandler does for
 * a batch. The base transport's `handleEvent` (which the in-process transport used) does not: when
 * a handler's result is an Observable (always when two handlers share a topic, Nest joining them;
 * and whenever one threw) it subscribes and returns at once, so the bus's publish resolved and the
 * relay checkpointed before the work was durable, the handlers ran on after shutdown had closed the
 * pool, and a failure was logged and dropped. Here a failure is thrown, with the handler's own
 * error where it recorded one.
 */
export async function runMessageHandler(handler: MessageHandler, message: unknown, context: unknown): Promise<void> {
  try {
    const result = await handler(message, context);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  } catch (error) {
    const recorded = isObject(message) ? messageFailures.get(message) : undefined;
    if (recorded !== undefined) {
      messageFailures.delete(message as object);
      throw recorded;
    }
    throw error instanceof Error ? error : new Error(`the message's handler failed: ${asText(error)}`);
  }
}

const asText = (error: unknown): string => {
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
};
