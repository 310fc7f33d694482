import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { contactIntakeContract } from '@luotsi/contact-intake-contracts';
import { providerChoiceContract } from '@luotsi/provider-choice-contracts';
import { ServiceCatalogueModule } from '@luotsi/service-catalogue-service';
import { PlatformModule, runService, type RuntimeConfig } from '@luotsi/runtime';

/** The service catalogue alone (distributed topology): provider choice's stations arrive on its topic. */
@Module({})
class ServiceCatalogueApp {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: ServiceCatalogueApp, imports: [PlatformModule.forRoot(config), ServiceCatalogueModule] };
  }
}

runService({
  service: 'service-catalogue',
  title: 'Luotsi service catalogue',
  description: "The county's services and their channels in fi/sv/en, versioned by validity; search for residents and guidance.",
  module: (config) => ServiceCatalogueApp.forRoot(config),
  consumes: [providerChoiceContract, contactIntakeContract],
}).catch((error) => {
  process.stderr.write(`service catalogue failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
