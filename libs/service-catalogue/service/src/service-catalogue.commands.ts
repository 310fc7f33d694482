import { Injectable } from '@nestjs/common';
import { DomainError, isDomainError, LocalDate } from '@luotsi/kernel';
import { CommandPipeline, todayOf, type CommandEnvelope } from '@luotsi/eventstore';
import { ID_PATTERN, type Source } from '@luotsi/service-catalogue-domain';
import { channelFromSuomiFi, serviceFromSuomiFi } from './import/suomi-fi';
import { CatalogueReadModel } from './read-model/catalogue-read-model';
import { channelsStream, routingsStream, servicesStream } from './service-catalogue.streams';

/** The envelope of one of a request's several commands: under an Idempotency-Key each gets event ids of its own. */
export function partOf(envelope: CommandEnvelope, part: string): CommandEnvelope {
  return envelope.idempotency
    ? { ...envelope, idempotency: { scope: envelope.idempotency.scope, key: `${envelope.idempotency.key}#${part}` } }
    : envelope;
}

export interface ImportResult {
  rows: number;
  /** Rows whose version or withdrawal was recorded. */
  recorded: number;
  /** Rows that said what the catalogue already holds (a re-run import). */
  unchanged: number;
  errors: Array<{ row: number; id: string | null; code: string; message: string }>;
}

export interface RoutingRequest {
  routingId: string;
  serviceId: string;
  channelId: string | null;
  municipality: string;
  routedOn: LocalDate;
}

const SOURCE: Source = 'county';

/** The catalogue's commands: versions and withdrawals of services and channels, the Suomi.fi import, routings. */
@Injectable()
export class CatalogueCommands {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly readModel: CatalogueReadModel,
  ) {}

  async publishService(
    serviceId: string,
    validFrom: LocalDate | null,
    content: unknown,
    envelope: CommandEnvelope,
    source: Source = SOURCE,
  ) {
    const today = todayOf(envelope);
    const outcome = await this.pipeline.execute(
      servicesStream,
      { type: 'PublishServiceVersion', serviceId, validFrom: validFrom ?? today, content, source, publishedBy: envelope.actor, today },
      envelope,
    );
    return { serviceId, validFrom: validFrom ?? today, changed: outcome.events.length > 0 };
  }

  async withdrawService(serviceId: string, from: LocalDate, reason: string, envelope: CommandEnvelope, source: Source = SOURCE) {
    const outcome = await this.pipeline.execute(
      servicesStream,
      { type: 'WithdrawService', serviceId, from, reason, withdrawnBy: envelope.actor, source, today: todayOf(envelope) },
      envelope,
    );
    return { serviceId, withdrawnFrom: from, changed: outcome.events.length > 0 };
  }

  async publishChannel(
    channelId: string,
    validFrom: LocalDate | null,
    content: unknown,
    envelope: CommandEnvelope,
    source: Source = SOURCE,
  ) {
    const today = todayOf(envelope);
    const outcome = await this.pipeline.execute(
      channelsStream,
      { type: 'PublishChannelVersion', channelId, validFrom: validFrom ?? today, content, source, publishedBy: envelope.actor, today },
      envelope,
    );
    return { channelId, validFrom: validFrom ?? today, changed: outcome.events.length > 0 };
  }

  async withdrawChannel(channelId: string, from: LocalDate, reason: string, envelope: CommandEnvelope, source: Source = SOURCE) {
    const outcome = await this.pipeline.execute(
      channelsStream,
      { type: 'WithdrawChannel', channelId, from, reason, withdrawnBy: envelope.actor, source, today: todayOf(envelope) },
      envelope,
    );
    return { channelId, withdrawnFrom: from, changed: outcome.events.length > 0 };
  }

  /**
   * A routing to a named service, counted once per routing id. The service and channel are looked
   * up on the routing's date first, so the decider can refuse a service the catalogue did not offer then.
   */
  async recordRouting(r: RoutingRequest, envelope: CommandEnvelope) {
    await this.readModel.caughtUp();
    const version = await this.readModel.serviceOn(r.serviceId, r.routedOn);
    const outcome = await this.pipeline.execute(
      routingsStream,
      {
        type: 'RecordRouting',
        ...r,
        serviceInForce: version !== null,
        channelOfService: r.channelId !== null && !!version?.content.channelIds.includes(r.channelId),
        today: todayOf(envelope),
      },
      envelope,
    );
    return { routingId: r.routingId, counted: outcome.events.length > 0 };
  }

  /**
   * One page of the Suomi.fi catalogue's services or channels, row by row: a published item is a
   * version from today (the same content again changes nothing, so the import can be re-run), an
   * item no longer published is withdrawn from today, and each bad row comes back with its code
   * while the good ones are recorded.
   */
  async importPage(kind: 'services' | 'channels', items: readonly unknown[], envelope: CommandEnvelope): Promise<ImportResult> {
    const result: ImportResult = { rows: items.length, recorded: 0, unchanged: 0, errors: [] };
    const today = todayOf(envelope);
    for (const [index, item] of items.entries()) {
      const rawId = item && typeof item === 'object' ? (item as Record<string, unknown>)['id'] : null;
      try {
        const part = partOf(envelope, `row-${index}`);
        let changed: boolean;
        if (kind === 'services') {
          const s = serviceFromSuomiFi(item);
          changed = s.published
            ? (await this.publishService(s.serviceId, today, s.content, part, 'suomi-fi-import')).changed
            : await this.withdrawIfKnown(() =>
                this.withdrawService(s.serviceId, today, 'no longer published in the Suomi.fi catalogue', part, 'suomi-fi-import'),
              );
        } else {
          const c = channelFromSuomiFi(item);
          changed = c.published
            ? (await this.publishChannel(c.channelId, today, c.content, part, 'suomi-fi-import')).changed
            : await this.withdrawIfKnown(() =>
                this.withdrawChannel(c.channelId, today, 'no longer published in the Suomi.fi catalogue', part, 'suomi-fi-import'),
              );
        }
        if (changed) result.recorded += 1;
        else result.unchanged += 1;
      } catch (error) {
        if (!isDomainError(error)) throw error;
        result.errors.push({
          row: index + 1,
          // Only an id that is one echoes back: a bad row may carry anything.
          id: typeof rawId === 'string' && ID_PATTERN.test(rawId) ? rawId : null,
          code: error.code,
          message: error.message,
        });
      }
    }
    return result;
  }

  /** An item withdrawn in the national catalogue that this one never had is nothing to do. */
  private async withdrawIfKnown(withdraw: () => Promise<{ changed: boolean }>): Promise<boolean> {
    try {
      return (await withdraw()).changed;
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'SERVICE_NOT_FOUND' || error.code === 'CHANNEL_NOT_FOUND')) return false;
      throw error;
    }
  }
}
