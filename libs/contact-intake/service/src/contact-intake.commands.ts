import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ID_GENERATOR, isDomainError, type IdGenerator, type LocalDate, type PersonRef } from '@luotsi/kernel';
import { CommandPipeline, type CommandEnvelope } from '@luotsi/eventstore';
import { PersonRegistry } from '@luotsi/identity';
import { RUNTIME_CONFIG, type Actor, type RuntimeConfig } from '@luotsi/runtime';
import {
  catalogueCopyStream,
  CONFIG_STREAM,
  contactStream,
  currentScreening,
  DEFAULT_POLICY,
  findRepeatOf,
  helsinkiDateOf,
  linkCandidates,
  pickLeastBusy,
  queueFor,
  serviceInForce,
  type Answer,
  type ByWorker,
  type CatalogueServiceFacts,
  type Channel,
  type ConfigCommand,
  type ConfigState,
  type ContactCommand,
  type ContactState,
  type ContactedBy,
  type IntakePolicy,
  type Language,
  type OpeningHours,
  type Outcome,
  type PersonFacts,
  type Referrer,
  type TransferRejection,
} from '@luotsi/contact-intake-domain';
import {
  catalogueCopyStreamDeclaration,
  configStream,
  contactsStream,
  heavyUseStreamDeclaration,
  withContact,
  workersStream,
} from './contact-intake.streams';
import { ContactIntakeReadModel } from './read-model/contact-intake-read-model';

/** The envelope of one of a request's several commands, with event ids of its own under an Idempotency-Key. */
export function partOf(envelope: CommandEnvelope, part: string): CommandEnvelope {
  return envelope.idempotency
    ? { ...envelope, idempotency: { scope: envelope.idempotency.scope, key: `${envelope.idempotency.key}#${part}` } }
    : envelope;
}

/** The worker a token is: its subject, role and organisation claim. */
export const workerOf = (actor: Actor): ByWorker => ({
  id: actor.id,
  label: actor.label,
  role: actor.role,
  organisation: actor.organisation ?? null,
});

/** The public form's sender: nobody signed in. */
export const PUBLIC_SENDER: ByWorker = { id: 'web-form', label: 'public:web-form', role: 'public', organisation: null };

export interface NewContact {
  channel: Channel;
  contactedBy: ContactedBy;
  referrer: Referrer | null;
  language: Language;
  municipality: string;
  reason: string | null;
  identityCode: string | null;
  privacyNoticeVersion: number | null;
}

/** Contact intake's commands: each looks up what its decider needs, then runs it through the pipeline. */
@Injectable()
export class ContactIntakeCommands {
  private cached: { state: ConfigState; at: number } | null = null;

  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly readModel: ContactIntakeReadModel,
    private readonly registry: PersonRegistry,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  /** The county's configuration, reused for configCacheMs (a change is seen by every replica within it). */
  async configuration(): Promise<ConfigState> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.config.configCacheMs) return this.cached.state;
    const { state } = await this.pipeline.load(configStream, CONFIG_STREAM);
    this.cached = { state, at: now };
    return state;
  }

  async policy(): Promise<IntakePolicy> {
    return (await this.configuration()).policy ?? DEFAULT_POLICY;
  }

  async configure(command: ConfigCommand, envelope: CommandEnvelope) {
    const outcome = await this.pipeline.execute(configStream, command, envelope);
    this.cached = null;
    return outcome;
  }

  async setAvailability(actor: Actor, languages: Language[], available: boolean, envelope: CommandEnvelope) {
    return this.pipeline.execute(
      workersStream,
      {
        type: 'SetAvailability',
        availability: { workerId: actor.id, organisation: actor.organisation ?? '', languages, available },
        at: envelope.now.toISOString(),
      },
      envelope,
    );
  }

  /** A contact's state, or 404 CONTACT_NOT_FOUND. */
  async contact(contactId: string): Promise<{ state: ContactState; revision: number | null }> {
    const loaded = await this.pipeline.load(contactsStream, contactStream(contactId));
    if (loaded.state.status === 'none') throw new DomainError('CONTACT_NOT_FOUND', 'no such contact', { contactId }, 'not_found');
    return loaded;
  }

  /** What the decider needs to know of a person: their earlier contacts (links, repeats) and pending heavy-use flags. */
  private async personFacts(personRef: PersonRef, reason: string | null, at: string, self: string): Promise<PersonFacts> {
    const policy = await this.policy();
    await this.readModel.caughtUp();
    const earlier = await this.readModel.earlierContacts(personRef);
    return {
      personRef,
      linkTo: linkCandidates(earlier, at, policy.linkWindowDays, self),
      repeatOf: findRepeatOf(earlier, reason, at, policy.repeatWindowDays, self),
      flags: await this.readModel.pendingFlags(personRef),
    };
  }

  /** The identity code goes to the registry and no further: only the personRef is kept. */
  private async personRefOf(identityCode: string): Promise<PersonRef> {
    return (await this.registry.require(identityCode)).personRef as PersonRef;
  }

  async register(
    input: NewContact,
    by: ByWorker,
    envelope: CommandEnvelope,
  ): Promise<{ contactId: string; queueId: string; state: ContactState; events: ReadonlyArray<{ type: string; data: unknown }> }> {
    const config = await this.configuration();
    const queue = queueFor(config.queues.values(), input.municipality, input.language);
    if (!queue)
      throw new DomainError(
        'NO_QUEUE',
        `no queue takes contacts of municipality ${input.municipality} in ${input.language}`,
        { municipality: input.municipality, language: input.language },
        'rule',
      );
    const contactId = this.ids.uuid();
    const at = envelope.now.toISOString();
    const person = input.identityCode
      ? await this.personFacts(await this.personRefOf(input.identityCode), input.reason, at, contactId)
      : null;
    const outcome = await this.pipeline.execute(
      contactsStream,
      withContact(contactId, {
        type: 'RegisterContact',
        contactId,
        channel: input.channel,
        contactedBy: input.contactedBy,
        referrer: input.referrer,
        language: input.language,
        municipality: input.municipality,
        queue: { queueId: queue.queueId, organisation: queue.organisation },
        reason: input.reason,
        at,
        person,
        privacyNoticeVersion: input.privacyNoticeVersion,
        by,
      }),
      partOf(envelope, 'contact'),
      // The id was made just now: nothing to read (if it existed after all, the pipeline reads it).
      { newStream: true },
    );
    await this.markShown(outcome.events, contactId, envelope);
    return { contactId, queueId: queue.queueId, state: outcome.state, events: outcome.events };
  }

  /** Flags shown on a contact are marked in the person's heavy-use stream, so the next contact does not show them again. */
  private async markShown(
    events: ReadonlyArray<{ type: string; data: unknown }>,
    contactId: string,
    envelope: CommandEnvelope,
  ): Promise<void> {
    const shown = events.filter((e) => e.type === 'HeavyUserFlagged').map((e) => e.data as { personRef: PersonRef; triggerId: string });
    if (shown.length === 0) return;
    await this.pipeline.execute(
      heavyUseStreamDeclaration,
      { type: 'MarkShown', personRef: shown[0]!.personRef, triggerIds: shown.map((s) => s.triggerId), contactId },
      partOf(envelope, 'flags-shown'),
    );
  }

  async identify(contactId: string, identityCode: string, by: ByWorker, envelope: CommandEnvelope) {
    const { state } = await this.contact(contactId);
    const at = envelope.now.toISOString();
    // Repeats are measured from the contact's own arrival, not from when it was identified.
    const person = await this.personFacts(await this.personRefOf(identityCode), state.reason, state.arrivedAt ?? at, contactId);
    const outcome = await this.execute(contactId, { type: 'IdentifyContact', person, by, at }, partOf(envelope, 'identify'));
    await this.markShown(outcome.events, contactId, envelope);
    return outcome;
  }

  execute(contactId: string, command: Exclude<ContactCommand, { type: 'RegisterContact' }>, envelope: CommandEnvelope) {
    return this.pipeline.execute(contactsStream, withContact(contactId, command), envelope);
  }

  /** Every queue's opening hours, for the decider to pick the contact's own. */
  private async hoursByQueue(): Promise<Record<string, OpeningHours>> {
    return Object.fromEntries([...(await this.configuration()).queues.values()].map((q) => [q.queueId, q.openingHours]));
  }

  async answer(contactId: string, by: ByWorker, envelope: CommandEnvelope) {
    const policy = await this.policy();
    return this.execute(
      contactId,
      { type: 'AnswerContact', at: envelope.now.toISOString(), hoursByQueue: await this.hoursByQueue(), policy, by },
      envelope,
    );
  }

  async abandon(contactId: string, by: ByWorker, envelope: CommandEnvelope) {
    const policy = await this.policy();
    return this.execute(
      contactId,
      { type: 'AbandonContact', at: envelope.now.toISOString(), hoursByQueue: await this.hoursByQueue(), policy, by },
      envelope,
    );
  }

  async screen(contactId: string, answers: Record<string, Answer>, by: ByWorker, envelope: CommandEnvelope) {
    await this.contact(contactId);
    const screening = currentScreening(await this.configuration());
    if (!screening) throw new DomainError('NO_SCREENING_RULES', 'the county has published no screening form and rule set', {}, 'rule');
    return this.execute(contactId, { type: 'RecordScreening', form: screening.form, ruleSet: screening.ruleSet, answers, by }, envelope);
  }

  // The decider refuses an unknown contact (CONTACT_NOT_FOUND) itself: no load beforehand.
  async close(contactId: string, outcome: Outcome, by: ByWorker, envelope: CommandEnvelope) {
    const at = envelope.now.toISOString();
    // A named service is looked up in intake's own copy of the catalogue, in force on the day.
    const service =
      outcome.kind === 'routed' && outcome.route === 'named-service' && typeof outcome.destination === 'string'
        ? await this.catalogueService(outcome.destination, helsinkiDateOf(at))
        : null;
    return this.execute(contactId, { type: 'CloseContact', outcome, at, by, service }, envelope);
  }

  /** The catalogue service in force on a day, as intake learned it from the catalogue's events (null: none). */
  async catalogueService(serviceId: string, on: LocalDate): Promise<CatalogueServiceFacts | null> {
    if (!/^[a-z0-9][a-z0-9._-]{0,99}$/.test(serviceId)) return null;
    const { state } = await this.pipeline.load(catalogueCopyStreamDeclaration, catalogueCopyStream(serviceId));
    const version = serviceInForce(state, on);
    return version ? { serviceId, channelIds: version.channelIds } : null;
  }

  async transfer(contactId: string, toOrganisation: string, toMunicipality: string, by: ByWorker, envelope: CommandEnvelope) {
    return this.execute(
      contactId,
      { type: 'RequestTransfer', toOrganisation, toMunicipality, at: envelope.now.toISOString(), by },
      envelope,
    );
  }

  async answerTransfer(
    contactId: string,
    answer: { accept: true } | { accept: false; reason: TransferRejection },
    by: ByWorker,
    envelope: CommandEnvelope,
  ) {
    const at = envelope.now.toISOString();
    return this.execute(
      contactId,
      answer.accept ? { type: 'AcceptTransfer', at, by } : { type: 'RejectTransfer', reason: answer.reason, at, by },
      envelope,
    );
  }

  /** The queue the worker's organisation handles (QUEUE_NOT_FOUND, QUEUE_NOT_HELD otherwise). */
  private async heldQueue(queueId: string, by: ByWorker) {
    const queue = (await this.configuration()).queues.get(queueId);
    if (!queue) throw new DomainError('QUEUE_NOT_FOUND', 'no such queue', { queueId }, 'not_found');
    if (by.organisation !== queue.organisation)
      throw new DomainError(
        'QUEUE_NOT_HELD',
        'this queue is handled by another guidance organisation',
        { organisation: queue.organisation },
        'forbidden',
      );
    return queue;
  }

  /** The queue's waiting contacts, oldest first, as the read model has them once caught up. */
  async waiting(queueId: string, by: ByWorker, limit: number) {
    const queue = await this.heldQueue(queueId, by);
    await this.readModel.caughtUp();
    return this.readModel.waiting(queueId, queue.organisation, limit);
  }

  /** Takes the oldest waiting contact of the queue for the worker; a contact another worker took meanwhile is passed over. */
  async takeNext(queueId: string, by: ByWorker, envelope: CommandEnvelope) {
    const queue = await this.heldQueue(queueId, by);
    await this.readModel.caughtUp();
    for (const candidate of await this.readModel.waiting(queueId, queue.organisation, 5)) {
      try {
        await this.execute(
          candidate.contactId,
          { type: 'AssignContact', workerId: by.id, how: 'take-next', at: envelope.now.toISOString(), by },
          partOf(envelope, candidate.contactId),
        );
        return {
          contactId: candidate.contactId,
          queueId,
          arrivedAt: candidate.arrivedAt,
          channel: candidate.channel,
          language: candidate.language,
        };
      } catch (error) {
        if (!(isDomainError(error) && error.code === 'NOT_WAITING')) throw error;
      }
    }
    throw new DomainError('QUEUE_EMPTY', 'no contact is waiting in this queue', { queueId }, 'not_found');
  }

  /** Assigns a waiting contact to the least-busy available worker of its organisation who serves in its language. */
  async assignLeastBusy(contactId: string, by: ByWorker, envelope: CommandEnvelope) {
    const { state } = await this.contact(contactId);
    await this.readModel.caughtUp();
    const organisation = state.organisation!;
    const worker = pickLeastBusy(
      await this.readModel.workers(organisation),
      { language: state.language!, organisation },
      await this.readModel.loads(organisation),
    );
    if (!worker)
      throw new DomainError(
        'NO_WORKER_AVAILABLE',
        `no available worker of ${organisation} serves in ${state.language}`,
        { language: state.language },
        'rule',
      );
    await this.execute(
      contactId,
      { type: 'AssignContact', workerId: worker.workerId, how: 'least-busy', at: envelope.now.toISOString(), by },
      envelope,
    );
    return { contactId, workerId: worker.workerId };
  }

  /** Merges `duplicate` into `kept`: both contacts record it (the duplicate is merged, the kept one linked). */
  async merge(kept: string, duplicate: string, by: ByWorker, envelope: CommandEnvelope) {
    const [a, b] = [await this.contact(kept), await this.contact(duplicate)];
    await this.execute(duplicate, { type: 'MergeInto', into: kept, intoPersonRef: a.state.personRef, by }, partOf(envelope, 'merged'));
    await this.execute(kept, { type: 'Absorb', from: duplicate, fromPersonRef: b.state.personRef, by }, partOf(envelope, 'kept'));
    return { contactId: kept, merged: duplicate, persons: [a.state.personRef, b.state.personRef] };
  }

  /** Unlinks two contacts on both sides (each records it). */
  async unlink(contactId: string, other: string, by: ByWorker, envelope: CommandEnvelope) {
    const [a, b] = [await this.contact(contactId), await this.contact(other)];
    if (!a.state.links.has(other) && !b.state.links.has(contactId))
      throw new DomainError('NOT_LINKED', 'the two contacts are not linked', {}, 'conflict');
    if (a.state.links.has(other)) await this.execute(contactId, { type: 'Unlink', other, by }, partOf(envelope, 'a'));
    if (b.state.links.has(contactId)) await this.execute(other, { type: 'Unlink', other: contactId, by }, partOf(envelope, 'b'));
    return { contactId, unlinked: other, persons: [a.state.personRef, b.state.personRef] };
  }
}
