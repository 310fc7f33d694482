export { ServiceCatalogueModule } from './service-catalogue.module';
export { serviceCatalogueContext } from './service-catalogue.context';
export { CatalogueCommands, partOf, type ImportResult } from './service-catalogue.commands';
export { CatalogueReadModel } from './read-model/catalogue-read-model';
export { serviceCatalogueProjection, SERVICE_CATALOGUE_PROJECTION_NAME } from './read-model/catalogue.projection';
export { COUNTED_UP_TO, runSearch, searchSql, tsquery, type SearchRequest, type SearchRow } from './read-model/catalogue-search';
export { SERVICE_CATALOGUE_MIGRATIONS, SERVICE_CATALOGUE_TABLES } from './read-model/migrations';
export { serviceFromSuomiFi, channelFromSuomiFi } from './import/suomi-fi';
export { contactIntakeRoutingsInbound, readContactIntakeRouting } from './consumer/contact-intake-routings';
