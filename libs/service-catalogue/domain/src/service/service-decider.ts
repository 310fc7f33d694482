import { assertNever, DomainError, sameJson, type Decider, type LocalDate } from '@luotsi/kernel';
import { checkNotInPast, versionOn, withdrawnFrom, withVersion, type Timeline } from '../validity';
import { checkId, checkText, type Source } from '../vocabulary';
import { checkServiceContent, type ServiceContent } from './service-content';

export const serviceStream = (serviceId: string) => `catservice-${serviceId}`;

export type ServiceCommand =
  | {
      type: 'PublishServiceVersion';
      serviceId: string;
      validFrom: LocalDate;
      /** Checked by the decider (checkServiceContent): every way in — HTTP, import, provider choice — meets the same rules. */
      content: unknown;
      source: Source;
      publishedBy: string;
      today: LocalDate;
    }
  | { type: 'WithdrawService'; serviceId: string; from: LocalDate; reason: string; withdrawnBy: string; source: Source; today: LocalDate };

export type ServiceEvent =
  | {
      type: 'ServiceVersionPublished';
      data: { serviceId: string; validFrom: LocalDate; content: ServiceContent; source: Source; publishedBy: string };
    }
  | { type: 'ServiceWithdrawn'; data: { serviceId: string; withdrawnFrom: LocalDate; reason: string; withdrawnBy: string } };

export interface ServiceState extends Timeline<ServiceContent> {
  serviceId: string | null;
  source: Source | null;
}

/**
 * A service of the catalogue, one stream each. Records fed by provider choice's events are kept by
 * them alone: the county edits its own and imported services, and provider choice's stations change
 * where they are registered.
 */
export const serviceDecider: Decider<ServiceCommand, ServiceEvent, ServiceState> = {
  initialState: () => ({ serviceId: null, source: null, versions: [], withdrawnFrom: null }),

  decide(command, state) {
    checkId('serviceId', command.serviceId);
    if (state.source === 'provider-choice' && command.source !== 'provider-choice')
      throw new DomainError(
        'MANAGED_BY_PROVIDER_CHOICE',
        `service ${command.serviceId} comes from provider choice's registered stations and changes there`,
        { serviceId: command.serviceId },
        'conflict',
      );
    switch (command.type) {
      case 'PublishServiceVersion': {
        const content = checkServiceContent(command.content);
        checkNotInPast('validFrom', command.validFrom, command.today);
        const current = versionOn(state, command.validFrom);
        const laterVersions = state.versions.some((v) => v.validFrom > command.validFrom);
        // The same content again (a retried request, a re-run import) changes nothing.
        if (current && sameJson(current.content, content) && !laterVersions && state.withdrawnFrom === null) return [];
        return [
          {
            type: 'ServiceVersionPublished',
            data: {
              serviceId: command.serviceId,
              validFrom: command.validFrom,
              content,
              source: command.source,
              publishedBy: command.publishedBy,
            },
          },
        ];
      }
      case 'WithdrawService': {
        if (state.serviceId === null)
          throw new DomainError(
            'SERVICE_NOT_FOUND',
            `the catalogue has no service ${command.serviceId}`,
            { serviceId: command.serviceId },
            'not_found',
          );
        if (state.withdrawnFrom !== null && state.withdrawnFrom <= command.from) return [];
        checkNotInPast('from', command.from, command.today);
        const reason = checkText('reason', command.reason, 500)!;
        return [
          {
            type: 'ServiceWithdrawn',
            data: { serviceId: command.serviceId, withdrawnFrom: command.from, reason, withdrawnBy: command.withdrawnBy },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ServiceVersionPublished':
        return {
          ...withVersion(state, { validFrom: event.data.validFrom, content: event.data.content }),
          serviceId: event.data.serviceId,
          source: event.data.source,
        };
      case 'ServiceWithdrawn':
        return { ...state, ...withdrawnFrom(state, event.data.withdrawnFrom) };
      default:
        return assertNever(event);
    }
  },
};
