import { assertNever, DomainError, sameJson, type Decider, type LocalDate } from '@luotsi/kernel';
import { checkNotInPast, versionOn, withdrawnFrom, withVersion, type Timeline } from '../validity';
import { checkId, checkText, type Source } from '../vocabulary';
import { checkChannelContent, type ChannelContent } from './channel-content';

export const channelStream = (channelId: string) => `catchannel-${channelId}`;

export type ChannelCommand =
  | {
      type: 'PublishChannelVersion';
      channelId: string;
      validFrom: LocalDate;
      content: unknown;
      source: Source;
      publishedBy: string;
      today: LocalDate;
    }
  | { type: 'WithdrawChannel'; channelId: string; from: LocalDate; reason: string; withdrawnBy: string; source: Source; today: LocalDate };

export type ChannelEvent =
  | {
      type: 'ChannelVersionPublished';
      data: { channelId: string; validFrom: LocalDate; content: ChannelContent; source: Source; publishedBy: string };
    }
  | { type: 'ChannelWithdrawn'; data: { channelId: string; withdrawnFrom: LocalDate; reason: string; withdrawnBy: string } };

export interface ChannelState extends Timeline<ChannelContent> {
  channelId: string | null;
  source: Source | null;
  kind: ChannelContent['kind'] | null;
}

/** A service channel, one stream each (per service point, phone line, e-service, chat). */
export const channelDecider: Decider<ChannelCommand, ChannelEvent, ChannelState> = {
  initialState: () => ({ channelId: null, source: null, kind: null, versions: [], withdrawnFrom: null }),

  decide(command, state) {
    checkId('channelId', command.channelId);
    if (state.source === 'provider-choice' && command.source !== 'provider-choice')
      throw new DomainError(
        'MANAGED_BY_PROVIDER_CHOICE',
        `channel ${command.channelId} is a station registered in provider choice and changes there`,
        { channelId: command.channelId },
        'conflict',
      );
    switch (command.type) {
      case 'PublishChannelVersion': {
        const content = checkChannelContent(command.content);
        // A link from a service names a channel by its id: a phone line does not turn into a service point under it.
        if (state.kind !== null && state.kind !== content.kind)
          throw new DomainError(
            'CHANNEL_KIND_CHANGED',
            `channel ${command.channelId} is a ${state.kind}; a ${content.kind} is a new channel with an id of its own`,
            { channelId: command.channelId, kind: state.kind },
            'conflict',
          );
        checkNotInPast('validFrom', command.validFrom, command.today);
        const current = versionOn(state, command.validFrom);
        const laterVersions = state.versions.some((v) => v.validFrom > command.validFrom);
        if (current && sameJson(current.content, content) && !laterVersions && state.withdrawnFrom === null) return [];
        return [
          {
            type: 'ChannelVersionPublished',
            data: {
              channelId: command.channelId,
              validFrom: command.validFrom,
              content,
              source: command.source,
              publishedBy: command.publishedBy,
            },
          },
        ];
      }
      case 'WithdrawChannel': {
        if (state.channelId === null)
          throw new DomainError(
            'CHANNEL_NOT_FOUND',
            `the catalogue has no channel ${command.channelId}`,
            { channelId: command.channelId },
            'not_found',
          );
        if (state.withdrawnFrom !== null && state.withdrawnFrom <= command.from) return [];
        checkNotInPast('from', command.from, command.today);
        const reason = checkText('reason', command.reason, 500)!;
        return [
          {
            type: 'ChannelWithdrawn',
            data: { channelId: command.channelId, withdrawnFrom: command.from, reason, withdrawnBy: command.withdrawnBy },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ChannelVersionPublished':
        return {
          ...withVersion(state, { validFrom: event.data.validFrom, content: event.data.content }),
          channelId: event.data.channelId,
          source: event.data.source,
          kind: event.data.content.kind,
        };
      case 'ChannelWithdrawn':
        return { ...state, ...withdrawnFrom(state, event.data.withdrawnFrom) };
      default:
        return assertNever(event);
    }
  },
};
