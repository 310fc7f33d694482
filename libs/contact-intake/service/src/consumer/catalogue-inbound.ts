import { topicOf, type CloudEvent } from '@luotsi/contracts';
import { DomainError, LocalDate } from '@luotsi/kernel';
import type { CommandRequest } from '@luotsi/messaging';
import type { ConsumesDeclaration } from '@luotsi/runtime';
import type { CatalogueCopyCommand } from '@luotsi/contact-intake-domain';
import { catalogueCopyStreamDeclaration } from '../contact-intake.streams';

/** The catalogue's events contact intake reads (a tolerant reader: only these fields, checked here). */
export const SERVICE_PUBLISHED_V1 = 'fi.luotsi.service-catalogue.service-published.v1';
export const SERVICE_WITHDRAWN_V1 = 'fi.luotsi.service-catalogue.service-withdrawn.v1';

type Data = Record<string, unknown>;
// The catalogue's id pattern (its contract): ids are lower-case codes.
const ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const MUNICIPALITY = /^\d{3}$/;

/** A catalogue CloudEvent → the copy's command, or null for other events (channels, routings). */
export function readCatalogueEvent(event: { type: string; data: unknown }): CatalogueCopyCommand | null {
  if (event.type !== SERVICE_PUBLISHED_V1 && event.type !== SERVICE_WITHDRAWN_V1) return null;
  const d = (event.data && typeof event.data === 'object' ? event.data : {}) as Data;
  const invalid = (field: string): never => {
    throw new DomainError(
      'INVALID_PUBLIC_EVENT',
      `${event.type}: ${field} is missing or malformed`,
      { type: event.type, field },
      'validation',
    );
  };
  const id = (v: unknown, field: string) => (typeof v === 'string' && ID.test(v) ? v : invalid(field));
  const date = (field: string) => (LocalDate.isValid(d[field] as string) ? LocalDate.parse(d[field] as string) : invalid(field));
  const serviceId = id(d['serviceId'], 'serviceId');
  if (event.type === SERVICE_WITHDRAWN_V1) return { type: 'LearnServiceWithdrawal', serviceId, withdrawnFrom: date('withdrawnFrom') };
  const list = (field: string, ok: (v: unknown) => boolean): string[] => {
    const v = d[field];
    return Array.isArray(v) && v.every(ok) ? (v as string[]) : invalid(field);
  };
  const names = (d['names'] && typeof d['names'] === 'object' ? d['names'] : invalid('names')) as Data;
  const name = (lang: string) => (typeof names[lang] === 'string' ? (names[lang] as string) : null);
  const arranger = d['arrangingOrganisation'];
  return {
    type: 'LearnServiceVersion',
    version: {
      serviceId,
      validFrom: date('validFrom'),
      names: { fi: name('fi'), sv: name('sv'), en: name('en') },
      // The arranger is an organisation object in the catalogue; intake keeps its id or name only.
      arrangingOrganisation: organisationOf(arranger),
      municipalities: list('municipalities', (m) => typeof m === 'string' && MUNICIPALITY.test(m)),
      channelIds: list('channelIds', (c) => typeof c === 'string' && ID.test(c)),
    },
  };
}

function organisationOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as Data;
    for (const k of ['id', 'businessId', 'name']) if (typeof o[k] === 'string') return o[k] as string;
  }
  return null;
}

/**
 * Intake's copy of the catalogue's services, from the catalogue's public events only: a routing
 * to a named service names one the catalogue offers on the day, and one of its channels. The
 * platform derives event ids from the public event's id (a redelivery appends nothing) and sends a
 * malformed event to the dead-letter topic.
 */
export const catalogueInbound: ConsumesDeclaration = {
  name: 'catalogue-services',
  topic: topicOf('service-catalogue'),
  handle(event: CloudEvent): CommandRequest[] {
    const command = readCatalogueEvent(event);
    return command ? [{ stream: catalogueCopyStreamDeclaration, command }] : [];
  },
};
