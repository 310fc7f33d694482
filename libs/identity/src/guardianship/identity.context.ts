import type { StreamDeclaration } from '@luotsi/eventstore';
import { ContextModule, defineContext } from '@luotsi/runtime';
import {
  guardianshipDecider,
  guardianshipStream,
  type GuardianshipCommand,
  type GuardianshipEvent,
  type GuardianshipState,
} from './guardianship';
import { identityContract } from './identity-contract';

/** A child's guardianship links: `guardianship-<childRef>`. */
export const guardianshipStreams: StreamDeclaration<GuardianshipCommand, GuardianshipEvent, GuardianshipState> = {
  category: 'guardianship',
  decider: guardianshipDecider,
  streamId: (c) => guardianshipStream(c.childRef),
};

/**
 * Identity as a context: the person registry is a library every service opens, and the links the
 * register gives between people (guardianship) are identity's own log, published by personRef on
 * `luotsi.identity.v1`. Provider choice's population import records them; billing reads the topic.
 */
export const identityContext = defineContext({
  name: 'identity',
  streams: [guardianshipStreams],
  publishes: { contract: identityContract },
});

/** The identity context as a Nest module: where the population import runs and in the all-in-one app. */
export const IdentityModule = ContextModule.register(identityContext);
