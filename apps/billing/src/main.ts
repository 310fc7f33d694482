import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { providerChoiceContract } from '@luotsi/provider-choice-contracts';
import { BillingModule } from '@luotsi/billing-service';
import { identityContract } from '@luotsi/identity';
import { PlatformModule, runService, type RuntimeConfig } from '@luotsi/runtime';

/** The billing service alone (distributed topology): it learns listings from provider choice's topic and guardianships from identity's. */
@Module({})
class BillingApp {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: BillingApp, imports: [PlatformModule.forRoot(config), BillingModule] };
  }
}

runService({
  service: 'billing',
  title: 'Luotsi billing',
  description: 'Capitation plus per-service fees settled monthly per provider; client fees with the annual cap (a minor with a guardian).',
  module: (config) => BillingApp.forRoot(config),
  consumes: [providerChoiceContract, identityContract],
}).catch((error) => {
  process.stderr.write(`billing failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
