import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import type { ContextContract } from '@luotsi/contracts';
import { ClientPlansModule } from '@luotsi/client-plans-service';
import { PlatformModule, runService, type RuntimeConfig } from '@luotsi/runtime';

/** The client plans service alone (distributed topology). */
@Module({})
class ClientPlansApp {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: ClientPlansApp, imports: [PlatformModule.forRoot(config), ClientPlansModule] };
  }
}

/**
 * The topic client plans consumes, so that it exists before contact intake first publishes. A
 * stand-in for contact intake's own contract (built in parallel): once it is merged, this is
 * `contactIntakeContract` from @luotsi/contact-intake-contracts.
 */
const contactIntakeTopic: ContextContract = { context: 'contact-intake', categories: [], partitions: 6, retentionMs: -1, events: [] };

runService({
  service: 'client-plans',
  title: 'Luotsi client plans',
  description: 'One plan per person across sectors; each actor reads only what their task justifies; goals followed with GAS.',
  module: (config) => ClientPlansApp.forRoot(config),
  consumes: [contactIntakeTopic],
}).catch((error) => {
  process.stderr.write(`client-plans failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
