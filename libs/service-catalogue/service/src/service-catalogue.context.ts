import { defineContext } from '@luotsi/runtime';
import { serviceCatalogueContract } from '@luotsi/service-catalogue-contracts';
import { contactIntakeRoutingsInbound } from './consumer/contact-intake-routings';
import { providerStationsInbound } from './consumer/provider-choice-inbound';
import { CatalogueReadController } from './http/catalogue-read.controller';
import { CatalogueController } from './http/catalogue.controller';
import { CatalogueReadModel } from './read-model/catalogue-read-model';
import { serviceCatalogueProjection } from './read-model/catalogue.projection';
import { SERVICE_CATALOGUE_MIGRATIONS } from './read-model/migrations';
import { CatalogueCommands } from './service-catalogue.commands';
import { SERVICE_CATALOGUE_STREAMS } from './service-catalogue.streams';

/**
 * The service catalogue: the county's services and their channels (its own, the Suomi.fi
 * catalogue's, provider choice's stations), versioned by validity; search for residents and
 * guidance; the count of routings to each service.
 */
export const serviceCatalogueContext = defineContext({
  name: 'service-catalogue',
  streams: SERVICE_CATALOGUE_STREAMS,
  migrations: SERVICE_CATALOGUE_MIGRATIONS,
  projections: [serviceCatalogueProjection],
  publishes: { contract: serviceCatalogueContract },
  consumes: [providerStationsInbound, contactIntakeRoutingsInbound],
  // The public reads first: GET /services/search is matched before GET /services/:serviceId.
  controllers: [CatalogueReadController, CatalogueController],
  providers: [CatalogueReadModel, CatalogueCommands],
  exports: [CatalogueReadModel, CatalogueCommands],
});
