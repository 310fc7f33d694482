import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { billingContract } from '@luotsi/billing-contracts';
import { ContactIntakeModule } from '@luotsi/contact-intake-service';
import { serviceCatalogueContract } from '@luotsi/service-catalogue-contracts';
import { PlatformModule, runService, type RuntimeConfig } from '@luotsi/runtime';

/**
 * The contact intake service alone (distributed topology): it learns recorded services from billing's
 * topic and the catalogue's services (what a routing may name) from the catalogue's.
 */
@Module({})
class ContactIntakeApp {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: ContactIntakeApp, imports: [PlatformModule.forRoot(config), ContactIntakeModule] };
  }
}

runService({
  service: 'contact-intake',
  title: 'Luotsi contact intake',
  description: 'Every contact from any channel, screened, resolved at first contact or routed; live KPIs with their definitions.',
  module: (config) => ContactIntakeApp.forRoot(config),
  consumes: [billingContract, serviceCatalogueContract],
}).catch((error) => {
  process.stderr.write(`contact-intake failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
