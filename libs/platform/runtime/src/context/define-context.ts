import type { ModuleMetadata, Provider, Type } from '@nestjs/common';
import type { ContextContract, CloudEvent } from '@luotsi/contracts';
import type { Migration } from '@luotsi/database';
import type { RecordedEvent, StreamDeclaration, Upcaster } from '@luotsi/eventstore';
import type { BatchOutcome, CommandRequest, ProjectionDeclaration } from '@luotsi/messaging';
import type { RuntimeConfig } from '../runtime-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Deps = any[];
/** Nest injection tokens whose instances are handed to a handler after its first argument. */
type Inject = readonly (string | symbol | Type<unknown>)[];

export interface ConsumesDeclaration {
  /** Unique within the context: the scope of the event ids derived from the message ids. */
  name: string;
  /** The topic consumed, e.g. topicOf('provider-choice'). */
  topic: string;
  inject?: Inject;
  /** The commands an inbound public event asks for; [] to ignore it. */
  handle(event: CloudEvent, ...deps: Deps): CommandRequest[] | Promise<CommandRequest[]>;
  handleBatch?: never;
}

/**
 * A topic consumed a batch at a time, for a consumer whose cost is per round trip rather than per
 * event (one query, one append, one transaction for up to 1 000 events). The handler writes the
 * events itself and must be idempotent by event id (a batch is redelivered whole after a crash or
 * a throw) and durable when it returns (the offsets are resolved then). It reports the events it
 * cannot read in `failed` (each dead-lettered with its error, consumption goes on); it throws only
 * for what a retry can mend (the database down): the batch is retried, then redelivered.
 */
export interface BatchConsumesDeclaration {
  name: string;
  topic: string;
  inject?: Inject;
  /** Consecutive events of the topic (one partition), in order: at most 1 000. */
  handleBatch(events: readonly CloudEvent[], ...deps: Deps): Promise<BatchOutcome>;
  handle?: never;
}

export interface ReactorDeclarationOf {
  name: string;
  /** Stream categories of the context's own log. */
  categories: readonly string[];
  inject?: Inject;
  react(event: RecordedEvent, ...deps: Deps): CommandRequest[] | Promise<CommandRequest[]>;
}

export interface TimerDeclaration {
  name: string;
  everyMs: number | ((config: RuntimeConfig) => number);
  inject?: Inject;
  /** What is due at `now`, as commands (or run them yourself and return nothing). */
  tick(now: Date, ...deps: Deps): Promise<CommandRequest[] | void>;
}

export interface PublishesDeclaration {
  /** The context's public contract: every event with its name, version, schema and explicit `toPublic`. */
  contract: ContextContract;
}

/** Everything the platform needs to run a bounded context. */
export interface ContextDeclaration {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  streams: readonly StreamDeclaration<any, any, any>[];
  projections?: readonly ProjectionDeclaration[];
  publishes?: PublishesDeclaration;
  consumes?: readonly (ConsumesDeclaration | BatchConsumesDeclaration)[];
  reactors?: readonly ReactorDeclarationOf[];
  timers?: readonly TimerDeclaration[];
  /** Run at module init under the component named after the context (read-model tables). */
  migrations?: readonly Migration[];
  upcasters?: readonly Upcaster[];
  /** TypeORM entities of the read models. */
  entities?: readonly Type<unknown>[];
  controllers?: readonly Type<unknown>[];
  providers?: readonly Provider[];
  imports?: ModuleMetadata['imports'];
  exports?: ModuleMetadata['exports'];
}

/** Checks a declaration once, where it is written, rather than when its first event arrives. */
export function defineContext<D extends ContextDeclaration>(declaration: D): D {
  const fail = (why: string) => {
    throw new Error(`context ${declaration.name}: ${why}`);
  };
  if (!/^[a-z][a-z0-9-]*$/.test(declaration.name)) fail('the name must be kebab-case');
  const categories = new Set<string>();
  for (const s of declaration.streams) {
    if (categories.has(s.category)) fail(`two streams of category ${s.category}`);
    categories.add(s.category);
  }
  const names = [
    ...(declaration.projections ?? []).map((p) => p.name),
    ...(declaration.reactors ?? []).map((r) => `reactor:${r.name}`),
    ...(declaration.timers ?? []).map((t) => `timer:${t.name}`),
    ...(declaration.consumes ?? []).map((c) => `inbound:${c.name}`),
  ];
  // Checked loosely: a declaration written in plain JavaScript (or cast) may have neither or both.
  for (const c of (declaration.consumes ?? []) as readonly { name: string; handle?: unknown; handleBatch?: unknown }[]) {
    if (typeof c.handle !== 'function' && typeof c.handleBatch !== 'function') fail(`inbound ${c.name} needs handle or handleBatch`);
    if (c.handle && c.handleBatch) fail(`inbound ${c.name} has both handle and handleBatch`);
  }
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated) fail(`${repeated} is declared twice`);
  const contract = declaration.publishes?.contract;
  if (contract) {
    for (const e of contract.events) {
      if (!e.toPublic) fail(`published event ${e.domainType} needs an explicit toPublic mapping`);
      if (!Number.isInteger(e.version) || e.version < 1) fail(`published event ${e.domainType} needs a version`);
    }
  }
  return declaration;
}
