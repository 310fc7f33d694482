import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { billingContract } from '@luotsi/billing-contracts';
import { ClientPlansModule } from '@luotsi/client-plans-service';
import { contactIntakeContract } from '@luotsi/contact-intake-contracts';
import { PlatformModule, runService, type RuntimeConfig } from '@luotsi/runtime';

/** The client plans service alone (distributed topology): plan requests come from contact intake's topic, granted vouchers from billing's. */
@Module({})
class ClientPlansApp {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: ClientPlansApp, imports: [PlatformModule.forRoot(config), ClientPlansModule] };
  }
}

runService({
  service: 'client-plans',
  title: 'Luotsi client plans',
  description: 'One plan per person across sectors; each actor reads only what their task justifies; goals followed with GAS.',
  module: (config) => ClientPlansApp.forRoot(config),
  consumes: [contactIntakeContract, billingContract],
}).catch((error) => {
  process.stderr.write(`client-plans failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
