import { Inject, Injectable } from '@nestjs/common';
import { CommandPipeline, type CommandEnvelope } from '@luotsi/eventstore';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@luotsi/runtime';
import { PLAN_CONFIG_STREAM, type PlanConfigCommand, type PlanConfiguration as Config } from '@luotsi/client-plans-domain';
import { planConfigStreams } from './client-plans.streams';

type Current = Config & { configured: boolean };

/**
 * The county's configuration of plans, read from its stream. Every plan read weighs it, so a
 * process reuses what it read for configCacheMs (ADR 0005, as provider choice does with its area):
 * a change made in this process holds from its next read on (the cache is dropped), one made in
 * another process at most configCacheMs later.
 */
@Injectable()
export class PlanConfiguration {
  private cache: { at: number; current: Promise<Current> } | null = null;

  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  current(): Promise<Current> {
    const at = Date.now();
    if (!this.cache || at - this.cache.at > this.config.configCacheMs) {
      const current = this.pipeline
        .load(planConfigStreams, PLAN_CONFIG_STREAM)
        .then(({ state }) => ({ ...state.config, configured: state.configured }));
      // A failed read is not kept: the next read tries again.
      current.catch(() => (this.cache = null));
      this.cache = { at, current };
    }
    return this.cache.current;
  }

  async configure(command: PlanConfigCommand, envelope: CommandEnvelope) {
    const result = await this.pipeline.execute(planConfigStreams, command, envelope);
    this.cache = null;
    return result;
  }
}
