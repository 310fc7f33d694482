import type { StreamDeclaration } from '@luotsi/eventstore';
import {
  catalogueCopyDecider,
  catalogueCopyStream,
  CONFIG_STREAM,
  configDecider,
  contactDecider,
  contactStream,
  heavyUseDecider,
  heavyUseStream,
  workerDecider,
  workerStream,
  type CatalogueCopyCommand,
  type CatalogueCopyEvent,
  type CatalogueCopyState,
  type ConfigCommand,
  type ConfigEvent,
  type ConfigState,
  type ContactCommand,
  type ContactEvent,
  type ContactState,
  type HeavyUseCommand,
  type HeavyUseEvent,
  type HeavyUseState,
  type WorkerCommand,
  type WorkerEvent,
  type WorkerState,
} from '@luotsi/contact-intake-domain';

/**
 * A contact's stream is named when it is registered; later commands name it through the service
 * (`withContact`), since most of them carry no id of their own.
 */
type Addressed<C> = C & { contactId: string };

export const contactsStream: StreamDeclaration<Addressed<ContactCommand>, ContactEvent, ContactState> = {
  category: 'contact',
  decider: contactDecider as StreamDeclaration<Addressed<ContactCommand>, ContactEvent, ContactState>['decider'],
  streamId: (c) => contactStream(c.contactId),
  // A contact's evolve returns new states (its sets are copied): the answer and the close after a
  // contact's registration are decided without reading its stream again.
  keepStates: true,
};

/** The county's configuration: policy, queues, screening forms and rule sets, in one stream. */
export const configStream: StreamDeclaration<ConfigCommand, ConfigEvent, ConfigState> = {
  category: 'ciconfig',
  decider: configDecider,
  streamId: () => CONFIG_STREAM,
};

/** A worker's availability for assignment. */
export const workersStream: StreamDeclaration<WorkerCommand, WorkerEvent, WorkerState> = {
  category: 'ciworker',
  decider: workerDecider,
  streamId: (c) => workerStream(c.availability.workerId),
};

/** What contact intake observed of a person's services (billing's public events), and the triggers. */
export const heavyUseStreamDeclaration: StreamDeclaration<HeavyUseCommand, HeavyUseEvent, HeavyUseState> = {
  category: 'ciheavy',
  decider: heavyUseDecider,
  streamId: (c) => heavyUseStream(c.personRef),
};

/** Intake's own copy of a catalogue service (from the catalogue's public events): what a routing may name. */
export const catalogueCopyStreamDeclaration: StreamDeclaration<CatalogueCopyCommand, CatalogueCopyEvent, CatalogueCopyState> = {
  category: 'ciservice',
  decider: catalogueCopyDecider,
  streamId: (c) => catalogueCopyStream(c.type === 'LearnServiceVersion' ? c.version.serviceId : c.serviceId),
};

export const CONTACT_INTAKE_STREAMS = [
  contactsStream,
  configStream,
  workersStream,
  heavyUseStreamDeclaration,
  catalogueCopyStreamDeclaration,
];

export const withContact = <C extends ContactCommand>(contactId: string, command: C): Addressed<C> => ({ ...command, contactId });
