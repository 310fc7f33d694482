import { Injectable } from '@nestjs/common';
import { CommandPipeline, type CommandEnvelope } from '@luotsi/eventstore';
import { PLAN_CONFIG_STREAM, type PlanConfigCommand, type PlanConfiguration as Config } from '@luotsi/client-plans-domain';
import { planConfigStreams } from './client-plans.streams';

/**
 * The county's configuration of plans, read from its stream. Not cached: a changed rule about who
 * may read what must hold from the next read on, in every process.
 */
@Injectable()
export class PlanConfiguration {
  constructor(private readonly pipeline: CommandPipeline) {}

  async current(): Promise<Config & { configured: boolean }> {
    const { state } = await this.pipeline.load(planConfigStreams, PLAN_CONFIG_STREAM);
    return { ...state.config, configured: state.configured };
  }

  async configure(command: PlanConfigCommand, envelope: CommandEnvelope) {
    return this.pipeline.execute(planConfigStreams, command, envelope);
  }
}
