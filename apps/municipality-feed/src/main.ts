import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { billingContract } from '@luotsi/billing-contracts';
import { clientPlansContract } from '@luotsi/client-plans-contracts';
import { contactIntakeContract } from '@luotsi/contact-intake-contracts';
import { providerChoiceContract } from '@luotsi/provider-choice-contracts';
import { serviceCatalogueContract } from '@luotsi/service-catalogue-contracts';
import { MunicipalityFeedModule } from '@luotsi/municipality-feed-service';
import { PlatformModule, runService, type RuntimeConfig } from '@luotsi/runtime';

/**
 * The municipalities' feed alone (distributed topology): it reads provider choice's, billing's,
 * contact intake's, client plans' and the service catalogue's topics and writes one topic per
 * municipality.
 */
@Module({})
class MunicipalityFeedApp {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: MunicipalityFeedApp, imports: [PlatformModule.forRoot(config), MunicipalityFeedModule] };
  }
}

runService({
  service: 'municipality-feed',
  title: 'Luotsi municipalities’ feed',
  description:
    'Each municipality’s systems receive their own residents’ events and their own services, and nothing else; replay, delivery record, quarterly reports.',
  module: (config) => MunicipalityFeedApp.forRoot(config),
  consumes: [providerChoiceContract, billingContract, contactIntakeContract, clientPlansContract, serviceCatalogueContract],
}).catch((error) => {
  process.stderr.write(`municipality-feed failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
