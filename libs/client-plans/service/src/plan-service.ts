import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError, LocalDate, isDomainError } from '@luotsi/kernel';
import { CommandPipeline, todayOf, type CommandEnvelope } from '@luotsi/eventstore';
import { AccessLog, type Actor } from '@luotsi/runtime';
import {
  SECTIONS,
  decideRead,
  isOneOf,
  planStream,
  planTScore,
  visiblePlan,
  type PlanActor,
  type PlanCommand,
  type PlanState,
  type PlanVersion,
  type ReadDecision,
  type Section,
} from '@luotsi/client-plans-domain';
import { planStreams } from './client-plans.streams';
import { PlanConfiguration } from './plan-configuration';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A plan command as a controller sends it: who and when come from the request's envelope. */
export type PlanCommandInput = DistributiveOmit<PlanCommand, 'by' | 'today'>;

export const planActorOf = (actor: Actor): PlanActor => ({ subject: actor.id, role: actor.role, label: actor.label });

export interface ReadOptions {
  sections?: readonly Section[];
  version?: number;
  breakTheGlass?: string;
}

/** `If-Match: "3"` (or W/"3", or 3) → 3; absent or `*` → undefined; anything else is refused. */
export function expectedRevisionOf(header: string | string[] | undefined): number | undefined {
  if (header === undefined || header === '*') return undefined;
  const m = typeof header === 'string' ? /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim()) : null;
  if (!m) throw new DomainError('INVALID_IF_MATCH', 'If-Match is the plan\'s ETag, e.g. "3"', { header: 'If-Match' }, 'validation');
  return Number(m[1]);
}

export const etagOf = (revision: number): string => `"${revision}"`;

/** `sections=plan,goals` → the sections, refusing names that are not sections. */
export function sectionsOf(query: unknown): Section[] | undefined {
  if (query === undefined || query === '') return undefined;
  if (typeof query !== 'string')
    throw new DomainError('INVALID_QUERY', 'sections is given once, comma-separated', { parameter: 'sections' }, 'validation');
  const names = query.split(',').map((s) => s.trim());
  if (names.length > SECTIONS.length || names.some((n) => !isOneOf(SECTIONS, n)))
    throw new DomainError('INVALID_SECTIONS', `sections are some of ${SECTIONS.join(', ')}`, { allowed: SECTIONS }, 'validation');
  return [...new Set(names as Section[])];
}

/**
 * Reads and writes of plans, each with its one access-log entry: which sections, on what basis,
 * allowed or refused (the routes leave the allowed entry to this service, `recordedByHandler`).
 * Every write goes through the command pipeline; every read folds the plan's stream, so what is
 * shown and the ETag are never behind the log.
 */
@Injectable()
export class PlanService {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly configuration: PlanConfiguration,
    private readonly log: AccessLog,
  ) {}

  load(personRef: string): Promise<{ state: PlanState; revision: number | null }> {
    return this.pipeline.load(planStreams, planStream(personRef));
  }

  /** A command on a person's plan; its access-log entry names the sections it writes. */
  async write(req: Request, actor: Actor, input: PlanCommandInput, sections: readonly Section[], envelope: CommandEnvelope) {
    const command = { ...input, by: planActorOf(actor), today: todayOf(envelope) } as PlanCommand;
    try {
      const result = await this.pipeline.execute(planStreams, command, envelope);
      await this.log.recordOutcome(req, { personRef: input.personRef, outcome: 'allowed', code: null, sections });
      return result;
    } catch (error) {
      if (isDomainError(error))
        await this.log.recordOutcome(req, { personRef: input.personRef, outcome: 'refused', code: error.code, sections });
      throw error;
    }
  }

  /** Reads a person's plan as this actor may see it, recording what was read (or refused) and why. */
  async read(req: Request, actor: Actor, personRef: string, options: ReadOptions, now: Date) {
    const { state, revision } = await this.load(personRef);
    const today = LocalDate.ofInstant(now);
    const refuse = async (code: string, error: DomainError): Promise<never> => {
      await this.log.recordOutcome(req, {
        personRef,
        outcome: 'refused',
        code,
        breakGlass: options.breakTheGlass !== undefined,
        reason: options.breakTheGlass ?? null,
      });
      throw error;
    };
    if (!state.exists || !state.current || revision === null)
      return refuse('PLAN_NOT_FOUND', new DomainError('PLAN_NOT_FOUND', 'this person has no plan', {}, 'not_found'));
    const config = await this.configuration.current();
    const decision: ReadDecision = decideRead(
      state.current,
      {
        subject: actor.id,
        role: actor.role,
        ...(actor.personRef !== undefined ? { personRef: actor.personRef } : {}),
        ...(options.breakTheGlass !== undefined ? { breakTheGlass: options.breakTheGlass } : {}),
      },
      config,
      today,
      options.sections,
      state.personRef,
    );
    // The refusal names no section: which parts of a plan exist is itself the client's data.
    if (!decision.allowed)
      return refuse(
        decision.code,
        new DomainError(decision.code, decision.message, {}, decision.code === 'REASON_REQUIRED' ? 'validation' : 'forbidden'),
      );
    const version = this.versionOf(state, options.version);
    if (!version)
      return refuse(
        'VERSION_NOT_FOUND',
        new DomainError('VERSION_NOT_FOUND', 'the plan has no such version', { versions: state.current.version }, 'not_found'),
      );
    const purpose =
      decision.basis === 'own-data'
        ? 'own-data'
        : decision.basis === 'break-the-glass'
          ? 'client-planning:break-the-glass'
          : `client-planning:${decision.purposes.join('+')}`;
    await this.log.recordOutcome(req, {
      personRef,
      outcome: 'allowed',
      code: decision.basis === 'break-the-glass' ? 'BREAK_THE_GLASS' : null,
      sections: decision.sections,
      breakGlass: decision.basis === 'break-the-glass',
      reason: options.breakTheGlass ?? null,
      purpose,
    });
    return { revision, body: this.shape(state, version, decision, config.rho, today) };
  }

  /** The plan as seen, with the T-score beside the goals when the goals are seen. */
  shape(
    state: PlanState,
    version: PlanVersion,
    decision: Extract<ReadDecision, { allowed: true }>,
    rho: Parameters<typeof planTScore>[1],
    today: LocalDate,
  ) {
    const visible = visiblePlan(state, version, decision.sections);
    const sections = visible['sections'] as Record<string, unknown>;
    if (sections['goals'] !== undefined) sections['goals'] = { goals: version.goals, tScore: planTScore(version, rho, today) };
    return {
      ...visible,
      basis: decision.basis,
      withheldSections: decision.withheld,
      versions: [...state.previous.map((v) => v.version), state.current!.version],
    };
  }

  private versionOf(state: PlanState, version: number | undefined): PlanVersion | undefined {
    if (version === undefined || version === state.current!.version) return state.current!;
    return state.previous.find((v) => v.version === version);
  }
}
